/**
 * A cluster's services in the offline plan, per cloud: the ingress controller, cert-manager and its issuer,
 * external-dns where the cloud's DNS is written to, the cluster autoscaler where the node pools have none,
 * the admission policy that holds tenants to their host names, the backups' object store and each
 * Postgres's schedule; and in each tenant namespace, egress as its tier says and to its own stores.
 * Expected values are written out as the documents give them, not read from the code.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { StackConfigInput } from "../../domain/stack-config.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { input, ofType, oneOfType, planRequests } from "../support/plan.js";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const CNPG = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const SCHEDULE = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

/** The one object of a type with a name. */
function theOne(plan: RecordedPlan, type: string, name: string): PlannedResource {
  const found = named(plan, type, name);
  assert.equal(found.length, 1, `${plan.stack}: one ${type} named ${name}`);
  return found[0];
}

const tenants = [
  {
    id: "alpha",
    tier: "team" as const,
    postgres: true,
    redis: true,
    members: [{ email: "a@example.com", role: "owner" as const }],
  },
  { id: "beta", tier: "community" as const },
  { id: "gamma", tier: "developer" as const },
];

const INGRESS = {
  domain: "apps.example.com",
  acme: { email: "ops@example.com" },
  dns: { zone: "example.com", gcpManagedZone: "example-com", azureResourceGroup: "dns-rg" },
};
const EGRESS = { allowlist: { cidrs: ["203.0.113.0/24"], fqdns: ["api.example.com"] } };

const CLOUDS = {
  aws: "aws:eu-west-1",
  gcp: "gcp:europe-west1",
  azure: "azure:westeurope",
  scaleway: "scaleway:fr-par",
  digitalocean: "digitalocean:nyc3",
  kubeconfig: "kubeconfig:local",
} as const;
type Cloud = keyof typeof CLOUDS;

const platformConfig = (region: string): StackConfigInput => ({ kind: "platform", region, tenants });

const named = (plan: RecordedPlan, type: string, name: string, namespace?: string): PlannedResource[] =>
  ofType(plan, type).filter(
    (r) =>
      input(r, "metadata.name") === name &&
      (namespace === undefined || input(r, "metadata.namespace") === namespace),
  );

const releases = (plan: RecordedPlan) =>
  Object.fromEntries(ofType(plan, RELEASE).map((r) => [input<string>(r, "chart"), r]));

describe("a platform cluster's services on every cloud", () => {
  const plans = {} as Record<Cloud, RecordedPlan>;
  before(async () => {
    const names = Object.keys(CLOUDS) as Cloud[];
    const planned = await planRequests(
      names.map((cloud) => ({
        name: `platform-${CLOUDS[cloud].replace(":", "-")}`,
        config: platformConfig(CLOUDS[cloud]),
        otherConfig: {
          "cloudtier:ingress": INGRESS,
          "cloudtier:egress": EGRESS,
          ...(cloud === "kubeconfig"
            ? { "cloudtier:backups": { endpoint: "https://minio.example.com:9000", bucket: "backups" } }
            : {}),
        },
      })),
    );
    names.forEach((cloud, i) => (plans[cloud] = planned[i]));
  });

  it("installs Traefik and cert-manager in their namespaces, and external-dns where the cloud's DNS is written to", () => {
    for (const cloud of Object.keys(CLOUDS) as Cloud[]) {
      const r = releases(plans[cloud]);
      assert.equal(input(r["traefik"], "namespace"), "cloudtier-ingress", cloud);
      assert.equal(input(r["traefik"], "values.ingressClass.name"), "cloudtier", cloud);
      assert.equal(input(r["traefik"], "values.service.spec.type"), "LoadBalancer", cloud);
      assert.equal(input(r["cert-manager"], "namespace"), "cert-manager", cloud);
      const dns = ["aws", "gcp", "azure", "scaleway"].includes(cloud);
      assert.equal(r["external-dns"] !== undefined, dns, `${cloud}: external-dns`);
      if (dns) {
        assert.equal(input(r["external-dns"], "namespace"), "cloudtier-dns");
        assert.deepEqual(input(r["external-dns"], "values.domainFilters"), ["example.com"], cloud);
        assert.deepEqual(input(r["external-dns"], "values.sources"), ["ingress"], cloud);
      }
    }
    const provider = (cloud: Cloud) => input(releases(plans[cloud])["external-dns"], "values.provider.name");
    assert.equal(provider("aws"), "aws");
    assert.equal(provider("gcp"), "google");
    assert.equal(provider("azure"), "azure");
    assert.equal(provider("scaleway"), "scaleway");
    // external-dns's identities: an IRSA role, a zone IAM member, a federated identity, an IAM application.
    assert.equal(
      ofType(plans.aws, "aws:iam/role:Role").filter((r) => input(r, "name") === "ctp-eu-west-1-dns").length,
      1,
    );
    assert.equal(
      input(oneOfType(plans.gcp, "gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember"), "managedZone"),
      "example-com",
    );
    assert.equal(
      ofType(plans.azure, "azure-native:managedidentity:FederatedIdentityCredential").length >= 1,
      true,
    );
    assert.equal(
      input(oneOfType(plans.scaleway, "scaleway:iam/policy:Policy"), "rules.0.permissionSetNames.0"),
      "DomainsDNSFullAccess",
    );
  });

  it("issues certificates from Let's Encrypt on the clouds and from the private CA on an existing cluster", () => {
    for (const cloud of ["aws", "gcp", "azure", "scaleway", "digitalocean"] as const) {
      const [issuer] = named(plans[cloud], ISSUER, "cloudtier");
      assert.equal(
        input(issuer, "spec.acme.server"),
        "https://acme-v02.api.letsencrypt.org/directory",
        cloud,
      );
      assert.equal(input(issuer, "spec.acme.email"), "ops@example.com", cloud);
    }
    const [ca] = named(plans.kubeconfig, ISSUER, "cloudtier");
    assert.deepEqual(input(ca, "spec.ca"), { secretName: "cloudtier-root-ca" });
    assert.equal(
      named(plans.kubeconfig, "kubernetes:cert-manager.io/v1:Certificate", "cloudtier-root-ca").length,
      1,
    );
  });

  it("holds each tenant's Ingresses to <tenant>.<cloud>-<region>.apps.example.com", () => {
    const suffixes: Record<Cloud, string> = {
      aws: "aws-eu-west-1.apps.example.com",
      gcp: "gcp-europe-west1.apps.example.com",
      azure: "azure-westeurope.apps.example.com",
      scaleway: "scaleway-fr-par.apps.example.com",
      digitalocean: "digitalocean-nyc3.apps.example.com",
      kubeconfig: "kubeconfig-local.apps.example.com",
    };
    for (const cloud of Object.keys(CLOUDS) as Cloud[]) {
      const policy = theOne(plans[cloud], VAP, "cloudtier-tenant-hosts");
      assert.equal(input(policy, "spec.failurePolicy"), "Fail");
      const expression = input<string>(policy, "spec.validations.0.expression");
      assert.ok(expression.includes(`'.${suffixes[cloud]}'`), `${cloud}: ${expression}`);
      const binding = theOne(plans[cloud], BINDING, "cloudtier-tenant-hosts");
      assert.deepEqual(input(binding, "spec.validationActions"), ["Deny"]);
      assert.equal(input(binding, "spec.policyName"), "cloudtier-tenant-hosts");
    }
  });

  it("refuses tenants the data stores' pod label, cloudtier.io/datastore, but not their operators", () => {
    for (const cloud of Object.keys(CLOUDS) as Cloud[]) {
      const policy = theOne(plans[cloud], VAP, "cloudtier-reserved-pod-labels");
      assert.equal(input(policy, "spec.failurePolicy"), "Fail");
      const resources = input<{ resources: string[] }[]>(
        policy,
        "spec.matchConstraints.resourceRules",
      ).flatMap((r) => r.resources);
      for (const resource of ["pods", "deployments", "statefulsets", "jobs", "cronjobs"]) {
        assert.ok(resources.includes(resource), `${cloud}: ${resource}`);
      }
      const variables = JSON.stringify(input(policy, "spec.variables"));
      assert.ok(variables.includes("cloudtier.io/datastore"), cloud);
      assert.ok(variables.includes("system:serviceaccount:cnpg-system:cnpg-cloudnative-pg"), cloud);
      assert.ok(variables.includes("system:serviceaccount:redis-operator:redis-operator"), cloud);
      const binding = theOne(plans[cloud], BINDING, "cloudtier-reserved-pod-labels");
      assert.deepEqual(input(binding, "spec.validationActions"), ["Deny"]);
    }
    // The operators run as the service accounts the policy admits.
    const operators = releases(plans.kubeconfig);
    assert.equal(input(operators["cloudnative-pg"], "values.serviceAccount.name"), "cnpg-cloudnative-pg");
    assert.equal(input(operators["redis-operator"], "values.serviceAccountName"), "redis-operator");
  });

  it("scales EKS with the cluster autoscaler as its own IRSA role, and the other clouds' pools by themselves", () => {
    const autoscaler = releases(plans.aws)["cluster-autoscaler"];
    assert.equal(input(autoscaler, "namespace"), "kube-system");
    assert.equal(input(autoscaler, "values.cloudProvider"), "aws");
    assert.equal(input(autoscaler, "values.awsRegion"), "eu-west-1");
    assert.ok(input(autoscaler, "values.autoDiscovery.clusterName"));
    const annotations = input<Record<string, string>>(autoscaler, "values.rbac.serviceAccount.annotations");
    assert.match(annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::/);
    for (const cloud of ["gcp", "azure", "scaleway", "digitalocean", "kubeconfig"] as const) {
      assert.equal(releases(plans[cloud])["cluster-autoscaler"], undefined, cloud);
    }
    for (const pool of ofType(plans.gcp, "gcp:container/nodePool:NodePool")) {
      assert.ok(
        input<number>(pool, "autoscaling.maxNodeCount") > input<number>(pool, "autoscaling.minNodeCount"),
      );
    }
    for (const pool of ofType(plans.scaleway, "scaleway:kubernetes/pool:Pool")) {
      assert.equal(input(pool, "autoscaling"), true);
    }
  });

  it("backs Postgres up daily to a private, encrypted object store under the tenant's own prefix", () => {
    const bucketTypes: Record<Exclude<Cloud, "kubeconfig">, string> = {
      aws: "aws:s3/bucket:Bucket",
      gcp: "gcp:storage/bucket:Bucket",
      azure: "azure-native:storage:StorageAccount",
      scaleway: "scaleway:object/bucket:Bucket",
      digitalocean: "digitalocean:index/spacesBucket:SpacesBucket",
    };
    for (const [cloud, type] of Object.entries(bucketTypes) as [Exclude<Cloud, "kubeconfig">, string][]) {
      const stores = ofType(plans[cloud], type);
      assert.equal(stores.length, 1, `${cloud}: one store (DigitalOcean: the one Postgres tenant's)`);
      assert.equal(stores[0].protect, true, `${cloud}: protected`);
    }
    const prefixes: Record<Cloud, RegExp> = {
      aws: /^s3:\/\/ctp-eu-west-1-backups-[0-9a-f]+\/alpha\/$/,
      gcp: /^gs:\/\/[^/]+\/alpha\/$/,
      azure: /^https:\/\/ctb[0-9a-f]{21}\.blob\.core\.windows\.net\/t-alpha\/$/,
      scaleway: /^s3:\/\/[^/]+\/alpha\/$/,
      digitalocean: /^s3:\/\/[^/]+\/alpha\/$/,
      kubeconfig: /^s3:\/\/backups\/alpha\/$/,
    };
    for (const cloud of Object.keys(CLOUDS) as Cloud[]) {
      const cluster = oneOfType(plans[cloud], CNPG);
      assert.match(
        input<string>(cluster, "spec.backup.barmanObjectStore.destinationPath"),
        prefixes[cloud],
        cloud,
      );
      // The team tier keeps 14 days.
      assert.equal(input(cluster, "spec.backup.retentionPolicy"), "14d", cloud);
      const schedule = oneOfType(plans[cloud], SCHEDULE);
      // Six fields, seconds first: the team tier's window, 02:00 UTC.
      assert.equal(input(schedule, "spec.schedule"), "0 0 2 * * *", cloud);
      assert.deepEqual(input(schedule, "spec.cluster"), { name: "postgres" }, cloud);
    }
    assert.equal(
      input(oneOfType(plans.kubeconfig, CNPG), "spec.backup.barmanObjectStore.endpointURL"),
      "https://minio.example.com:9000",
    );
    // S3: public access blocked, encrypted, expiring, TLS only.
    const pab = oneOfType(plans.aws, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    for (const key of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
      assert.equal(input(pab, key), true, key);
    }
    assert.equal(
      input(
        oneOfType(
          plans.aws,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ),
        "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm",
      ),
      "AES256",
    );
    assert.match(
      input<string>(oneOfType(plans.aws, "aws:s3/bucketPolicy:BucketPolicy"), "policy"),
      /aws:SecureTransport/,
    );
    assert.equal(
      input(oneOfType(plans.gcp, "gcp:storage/bucket:Bucket"), "publicAccessPrevention"),
      "enforced",
    );
    assert.equal(
      input(oneOfType(plans.azure, "azure-native:storage:StorageAccount"), "allowBlobPublicAccess"),
      false,
    );
    // Only the Postgres tenant's service accounts reach its prefix (EKS Pod Identity, GCS IAM, Entra ID).
    assert.deepEqual(
      ofType(plans.aws, "aws:eks/podIdentityAssociation:PodIdentityAssociation")
        .map((r) => [input(r, "namespace"), input(r, "serviceAccount")])
        .sort(),
      [
        ["alpha", "postgres"],
        ["alpha", "postgres-restore"],
      ],
    );
    for (const grant of ofType(plans.gcp, "gcp:storage/bucketIAMMember:BucketIAMMember")) {
      assert.match(input<string>(grant, "member"), /\/subject\/ns\/alpha\/sa\/postgres(-restore)?$/);
      assert.match(input<string>(grant, "condition.expression"), /objects\/alpha\//);
    }
  });

  it("gives each tenant namespace the internet egress of its tier: none, the allowlist", () => {
    for (const cloud of Object.keys(CLOUDS) as Cloud[]) {
      const policies = (ns: string) =>
        ofType(plans[cloud], NP)
          .filter((r) => input(r, "metadata.namespace") === ns)
          .map((r) => input<string>(r, "metadata.name"));
      assert.ok(
        !policies("beta").some((n) => n.startsWith("allow-egress-")),
        `${cloud}: community reaches nothing`,
      );
      for (const ns of ["alpha", "gamma"]) {
        const [allowlist] = named(plans[cloud], NP, "allow-egress-allowlist", ns);
        assert.deepEqual(
          input(allowlist, "spec.egress"),
          [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] }],
          cloud,
        );
      }
      // Names are filtered by Cilium's DNS proxy where the cluster runs it (Kapsule, DOKS).
      const names = ofType(plans[cloud], "kubernetes:cilium.io/v2:CiliumNetworkPolicy");
      assert.equal(names.length, ["scaleway", "digitalocean"].includes(cloud) ? 2 : 0, cloud);
    }
  });
});

describe("a Cloud-tier environment's services and egress", () => {
  let plans: RecordedPlan[];
  before(async () => {
    const customer = {
      id: "globex",
      tier: "cloud" as const,
      postgres: true,
      redis: true,
      members: Array.from({ length: 10 }, (_, i) => ({
        email: `m${i}@globex.example`,
        role: "owner" as const,
      })),
    };
    plans = await planRequests(
      (["aws:eu-west-1", "gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"] as const).map(
        (region) => ({
          name: `globex-${region.replace(":", "-")}`,
          config: { kind: "environment", region, customer },
          otherConfig: { "cloudtier:ingress": INGRESS },
        }),
      ),
    );
  });

  it("installs the ingress controller and issuer in the customer's own cluster, without a backups store", () => {
    for (const plan of plans) {
      const r = releases(plan);
      assert.ok(r["traefik"] && r["cert-manager"] && r["external-dns"], plan.stack);
      assert.equal(named(plan, ISSUER, "cloudtier").length, 1, plan.stack);
      assert.equal(ofType(plan, SCHEDULE).length, 0, plan.stack);
    }
  });

  it("lets the namespace reach each managed store on its private range and its port alone, and the internet", () => {
    for (const plan of plans) {
      for (const kind of ["postgres", "redis"]) {
        const [policy] = named(plan, NP, `allow-${kind}-egress`, "globex");
        assert.ok(policy, `${plan.stack}: allow-${kind}-egress`);
        const rules = input<{ to: { ipBlock: { cidr: string } }[]; ports: { port: number }[] }[]>(
          policy,
          "spec.egress",
        );
        assert.equal(rules.length, 1);
        assert.equal(rules[0].ports.length, 1, `${plan.stack} ${kind}: one port`);
        for (const { ipBlock } of rules[0].to) {
          const [base, prefix] = ipBlock.cidr.split("/");
          assert.ok(Number(prefix) >= 16, `${plan.stack} ${kind}: ${ipBlock.cidr} is a subnet`);
          assert.match(base, /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/, `${plan.stack}: private`);
        }
      }
      const [internet] = named(plan, NP, "allow-egress-internet", "globex");
      assert.equal(input(internet, "spec.egress.0.to.0.ipBlock.cidr"), "0.0.0.0/0", plan.stack);
      assert.ok(
        input<string[]>(internet, "spec.egress.0.to.0.ipBlock.except").includes("169.254.0.0/16"),
        "never the metadata service",
      );
    }
  });
});
