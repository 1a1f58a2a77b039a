import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { NODE_SERVICE_ACCOUNT_ROLES } from "../../clouds/gcp/iam.js";
import { gcpClusterLayout } from "../../clouds/gcp/layout.js";
import { GCP_NAME_LIMITS, SERVICE_ACCOUNT_ID_PATTERN, nodeServiceAccountId } from "../../clouds/gcp/names.js";
import { OFFLINE_PROVIDER_CONFIG } from "../../planner/provider-config.js";
import type { ClusterArgs } from "../../components/cluster/types.js";
import { meteringCloudLabels } from "../../components/labels.js";
import { InputError } from "../../domain/errors.js";
import { environmentNetwork, platformNetwork } from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { GCP_LABEL_FIELDS, gcpMetering } from "../../clouds/gcp/metering.js";
import { meteringOf, providerUrn } from "../../analysis/metering/index.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { CATALOG, type RegionRef } from "../../regions/index.js";
import { input, ofType, oneOfType, planCustomer, planRequests } from "../support/plan.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const REF: RegionRef = { cloud: "gcp", region: "europe-west1" };
const SPEC = CATALOG.gcp.regions["europe-west1"];
const CIDR = "203.0.113.0/24";
const PROJECT = OFFLINE_PROVIDER_CONFIG["gcp:project"];

/** The body of an interface in a declaration file of @pulumi/gcp. */
function sdkInterface(file: string, declaration: string): string {
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(declaration);
  assert.ok(start >= 0, `no ${declaration} in ${file}`);
  return text.slice(start, text.indexOf("\n    }", start) + 1 || undefined);
}

/** Whether the SDK declares the labels field a reader looks at (top-level `<Type>Args`, or nested). */
function sdkHasLabelField(token: string, path: string): boolean {
  const [, mod, type] = token.split(":");
  const dir = join(ROOT, "node_modules", "@pulumi", "gcp", dirname(mod));
  const file = readdirSync(dir).find((f) => f.toLowerCase() === `${mod.split("/")[1]}.d.ts`.toLowerCase());
  assert.ok(file, `no declaration file for ${token}`);
  const text = readFileSync(join(dir, file), "utf8");
  const start = text.indexOf(`export interface ${type}Args {`);
  assert.ok(start >= 0, `no ${type}Args for ${token}`);
  const args = text.slice(start, text.indexOf("\n}", start));
  const [first, second] = path.split(".");
  if (!second) return new RegExp(`^ {4}${first}\\??:`, "m").test(args);
  // Nested: `nodeConfig.resourceLabels` lives in the input type `<Type><First>` of the module's namespace.
  const nested = `${type}${first[0].toUpperCase()}${first.slice(1)}`;
  const body = sdkInterface(
    join(ROOT, "node_modules/@pulumi/gcp/types/input.d.ts"),
    `    interface ${nested} {`,
  );
  return new RegExp(`^ {8}${second}\\??:`, "m").test(body);
}

/** Whether the SDK's `<Type>Args` takes any of the label fields GCP resources use. */
function sdkTakesLabels(token: string): boolean {
  return ["labels", "resourceLabels", "userLabels"].some((field) => sdkHasLabelField(token, field));
}

function component(plan: RecordedPlan): PlannedResource {
  return oneOfType(plan, "cloudtier:cluster:GcpCluster");
}

function byName(plan: RecordedPlan, type: string, name: string): PlannedResource {
  const found = ofType(plan, type).find((r) => r.name === name);
  assert.ok(found, `${plan.stack}: no ${type} named ${name}`);
  return found;
}

/** The resources the cluster component itself creates. */
function childrenOf(plan: RecordedPlan): PlannedResource[] {
  const urn = component(plan).urn;
  return plan.resources.filter((r) => r.parent === urn);
}

/** The cluster's own gcp provider, `<component>-gcp`. */
function gcpProviderOf(plan: RecordedPlan): PlannedResource {
  return byName(plan, "pulumi:providers:gcp", `${component(plan).name}-gcp`);
}

/** The customer's namespace (other components may add namespaces of their own). */
function tenantNamespace(plan: RecordedPlan): PlannedResource {
  const found = ofType(plan, "kubernetes:core/v1:Namespace").filter(
    (n) => input(n, "metadata.name") === "acme",
  );
  assert.equal(found.length, 1, `${plan.stack}: one namespace named acme`);
  return found[0];
}

/**
 * Asserts the cluster's gcp resources sit under the component and use its explicit provider, and that no
 * resource anywhere in the stack uses a default provider.
 */
function assertExplicitProviders(plan: RecordedPlan): void {
  const cluster = component(plan);
  const provider = gcpProviderOf(plan);
  assert.equal(provider.parent, cluster.urn, "the gcp provider is a child of the cluster");
  const own = childrenOf(plan).filter((r) => r.type.startsWith("gcp:"));
  assert.ok(own.length >= 12, `${own.length} gcp resources under the cluster`);
  for (const r of own) {
    assert.equal(providerUrn(r.provider), provider.urn, `${r.urn} uses the cluster's gcp provider`);
  }
  for (const type of [
    "gcp:container/cluster:Cluster",
    "gcp:container/nodePool:NodePool",
    "gcp:compute/network:Network",
  ]) {
    for (const r of ofType(plan, type))
      assert.equal(r.parent, cluster.urn, `${r.urn} is a child of the cluster`);
  }
  const explicit = new Set(ofType(plan, "pulumi:providers:gcp").map((p) => p.urn));
  for (const r of plan.resources) {
    assert.ok(!(r.provider ?? "").includes("::default"), `${r.urn} uses a default provider: ${r.provider}`);
    if (r.type.startsWith("gcp:")) assert.ok(explicit.has(providerUrn(r.provider) ?? ""), `${r.urn}`);
  }
}

describe("GcpCluster", () => {
  let env: RecordedPlan;
  let platform: RecordedPlan;
  let open: RecordedPlan;

  before(async () => {
    [[env], [platform], [open]] = await Promise.all([
      planCustomer({ tier: "cloud", regions: ["gcp:europe-west1"], members: ["ann@example.com:owner"] }),
      planCustomer({ tier: "team", regions: ["gcp:europe-west1"] }),
      planRequests([
        {
          name: "acme-gcp-europe-west1",
          config: {
            kind: "environment",
            region: "gcp:europe-west1",
            cluster: { apiAllowedCidrs: [CIDR] },
            customer: { id: "acme", tier: "cloud" },
          },
        },
      ]),
    ]);
  });

  describe("cloud-tier environment in gcp:europe-west1", () => {
    it("is one GcpCluster with an explicit provider for the project and region, labelling for metering", () => {
      assert.equal(component(env).name, "acme-europe-west1");
      const provider = gcpProviderOf(env);
      assert.equal(input(provider, "region"), SPEC.id);
      assert.equal(input(provider, "project"), PROJECT);
      assert.deepEqual(
        JSON.parse(input<string>(provider, "defaultLabels")),
        meteringCloudLabels({ customer: "acme", tier: "cloud", region: REF }),
      );
    });

    it("puts every gcp resource under the cluster, through the explicit provider; no default provider", () => {
      assertExplicitProviders(env);
    });

    it("builds a custom-mode network with the plan's node, pod and service ranges, and Cloud NAT", () => {
      const plan = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
      const network = oneOfType(env, "gcp:compute/network:Network");
      assert.equal(input(network, "autoCreateSubnetworks"), false);
      assert.equal(input(network, "name"), "acme-europe-west1-net");
      const subnet = oneOfType(env, "gcp:compute/subnetwork:Subnetwork");
      assert.equal(input(subnet, "ipCidrRange"), plan.privateSubnets[0]);
      assert.equal(input(subnet, "privateIpGoogleAccess"), true);
      assert.equal(input(subnet, "region"), SPEC.id);
      assert.deepEqual(input(subnet, "secondaryIpRanges"), [
        { rangeName: "pods", ipCidrRange: plan.pods },
        { rangeName: "services", ipCidrRange: plan.services },
      ]);
      assert.equal(input(subnet, "network"), `projects/${PROJECT}/global/networks/acme-europe-west1-net`);

      const router = oneOfType(env, "gcp:compute/router:Router");
      const nat = oneOfType(env, "gcp:compute/routerNat:RouterNat");
      assert.equal(input(nat, "router"), input(router, "name"));
      assert.equal(input(nat, "sourceSubnetworkIpRangesToNat"), "LIST_OF_SUBNETWORKS");
      assert.deepEqual(input(nat, "subnetworks"), [
        {
          name: `projects/${PROJECT}/regions/${SPEC.id}/subnetworks/acme-europe-west1-nodes`,
          sourceIpRangesToNats: ["ALL_IP_RANGES"],
        },
      ]);
    });

    it("creates a regional, private GKE cluster with the hardening settings", () => {
      const gke = oneOfType(env, "gcp:container/cluster:Cluster");
      assert.equal(input(gke, "name"), "acme-europe-west1");
      assert.equal(input(gke, "location"), SPEC.id, "regional: the cloud tier has a control-plane SLA");
      assert.deepEqual(input(gke, "nodeLocations"), SPEC.zones.slice(0, 3));
      assert.equal(input(gke, "privateClusterConfig.enablePrivateNodes"), true);
      assert.equal(input(gke, "privateClusterConfig.enablePrivateEndpoint"), true);
      assert.deepEqual(input(gke, "masterAuthorizedNetworksConfig.cidrBlocks"), []);
      assert.equal(input(gke, "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled"), false);
      assert.equal(input(gke, "workloadIdentityConfig.workloadPool"), `${PROJECT}.svc.id.goog`);
      assert.equal(input(gke, "releaseChannel.channel"), "REGULAR");
      assert.equal(input(gke, "enableShieldedNodes"), true);
      assert.equal(input(gke, "datapathProvider"), "ADVANCED_DATAPATH");
      assert.equal(
        input(gke, "networkPolicy"),
        undefined,
        "Dataplane V2 enforces policies; no Calico add-on",
      );
      assert.equal(input(gke, "enableLegacyAbac"), false);
      assert.equal(input(gke, "masterAuth.clientCertificateConfig.issueClientCertificate"), false);
      assert.equal(input(gke, "removeDefaultNodePool"), true);
      assert.equal(input(gke, "initialNodeCount"), 1);
      assert.equal(input(gke, "deletionProtection"), true);
      assert.equal(input(gke, "minMasterVersion"), SPEC.kubernetesVersion);
      assert.deepEqual(
        input(gke, "resourceLabels"),
        meteringCloudLabels({ customer: "acme", tier: "cloud", region: REF }),
      );
      assert.equal(input(gke, "ipAllocationPolicy.clusterSecondaryRangeName"), "pods");
      assert.equal(input(gke, "ipAllocationPolicy.servicesSecondaryRangeName"), "services");
      assert.equal(
        input(gke, "subnetwork"),
        `projects/${PROJECT}/regions/${SPEC.id}/subnetworks/acme-europe-west1-nodes`,
      );
    });

    it("encrypts Secrets with a rotated Cloud KMS key that GKE's service agent may use", () => {
      const gke = oneOfType(env, "gcp:container/cluster:Cluster");
      const key = oneOfType(env, "gcp:kms/cryptoKey:CryptoKey");
      const ring = oneOfType(env, "gcp:kms/keyRing:KeyRing");
      assert.equal(input(ring, "location"), SPEC.id);
      assert.equal(input(key, "rotationPeriod"), "7776000s");
      assert.equal(input(gke, "databaseEncryption.state"), "ENCRYPTED");
      assert.match(
        input<string>(gke, "databaseEncryption.keyName"),
        new RegExp(
          `^projects/${PROJECT}/locations/${SPEC.id}/keyRings/[-a-z0-9]+/cryptoKeys/kubernetes-secrets$`,
        ),
      );
      const grant = oneOfType(env, "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember");
      assert.equal(input(grant, "cryptoKeyId"), input(gke, "databaseEncryption.keyName"));
      assert.match(
        input<string>(grant, "member"),
        /^serviceAccount:service-\d{12}@container-engine-robot\.iam\.gserviceaccount\.com$/,
      );
    });

    it("runs nodes as a dedicated service account with logging and monitoring roles only", () => {
      const account = oneOfType(env, "gcp:serviceaccount/account:Account");
      const id = input<string>(account, "accountId");
      assert.ok(id.length <= 30 && SERVICE_ACCOUNT_ID_PATTERN.test(id), id);
      const email = `${id}@${PROJECT}.iam.gserviceaccount.com`;
      const bindings = ofType(env, "gcp:projects/iAMMember:IAMMember");
      assert.deepEqual(
        bindings.map((b) => input<string>(b, "role")).sort(),
        [...NODE_SERVICE_ACCOUNT_ROLES].sort(),
      );
      for (const role of NODE_SERVICE_ACCOUNT_ROLES) assert.match(role, /^roles\/(logging|monitoring)\./);
      for (const b of bindings) {
        assert.equal(input(b, "member"), `serviceAccount:${email}`);
        assert.equal(input(b, "project"), PROJECT);
      }
      const pool = oneOfType(env, "gcp:container/nodePool:NodePool");
      assert.equal(input(pool, "nodeConfig.serviceAccount"), email);
    });

    it("runs an autoscaled, auto-repaired, shielded node pool on the catalog's machine type", () => {
      const pool = oneOfType(env, "gcp:container/nodePool:NodePool");
      const tier = TIER_SPECS.cloud.nodePool;
      assert.equal(input(pool, "cluster"), "acme-europe-west1");
      assert.equal(input(pool, "location"), SPEC.id);
      assert.deepEqual(input(pool, "nodeLocations"), SPEC.zones.slice(0, 3));
      assert.equal(input(pool, "autoscaling.minNodeCount"), tier.minNodesPerZone);
      assert.equal(input(pool, "autoscaling.maxNodeCount"), tier.maxNodesPerZone);
      assert.equal(input(pool, "management.autoUpgrade"), true);
      assert.equal(input(pool, "management.autoRepair"), true);
      assert.equal(input(pool, "nodeConfig.machineType"), SPEC.machines[tier.sizeClass].instanceType);
      assert.equal(input(pool, "nodeConfig.shieldedInstanceConfig.enableSecureBoot"), true);
      assert.equal(input(pool, "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring"), true);
      assert.equal(input(pool, "nodeConfig.workloadMetadataConfig.mode"), "GKE_METADATA");
      assert.ok(`${input<string>(pool, "namePrefix")}${"0".repeat(26)}`.length <= GCP_NAME_LIMITS.nodePool);
    });

    it("reaches the cluster through a k8s provider built from a secret kubeconfig", () => {
      const k8s = byName(env, "pulumi:providers:kubernetes", "acme-europe-west1-k8s");
      assert.equal(k8s.parent, component(env).urn);
      assert.equal(input(k8s, "kubeconfig"), "[secret]");
      assert.equal(providerUrn(tenantNamespace(env).provider), k8s.urn);
      for (const r of env.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
        assert.equal(providerUrn(r.provider), k8s.urn, `${r.urn} deploys through the cluster's provider`);
      }
      const text = JSON.stringify(env);
      assert.ok(!text.includes("LS0tLS1CRUdJTi"), "no kubeconfig or CA in plain text anywhere in the plan");
      assert.ok(!text.includes("gke-gcloud-auth-plugin"), "no kubeconfig in plain text anywhere in the plan");
    });

    it("meters the labelled gcp resources through the provider's default labels and node labels", () => {
      const labelled = childrenOf(env).filter((r) => r.type.startsWith("gcp:") && gcpMetering.isTaggable(r));
      assert.deepEqual(labelled.map((r) => r.type).sort(), [
        "gcp:container/cluster:Cluster",
        "gcp:container/nodePool:NodePool",
        "gcp:kms/cryptoKey:CryptoKey",
      ]);
      const providers = new Map(ofType(env, "pulumi:providers:gcp").map((p) => [p.urn, p]));
      const key = oneOfType(env, "gcp:kms/cryptoKey:CryptoKey");
      assert.equal(gcpMetering.tagsOf(key, providers)["cloudtier-customer"], "acme");

      // Without the provider's default labels, the key (labelled by them alone) must fail the check.
      const unlabelled: RecordedPlan = {
        ...env,
        resources: env.resources.map((r) =>
          r.type === "pulumi:providers:gcp" ? { ...r, inputs: { ...r.inputs, defaultLabels: "{}" } } : r,
        ),
      };
      const problems = meteringOf(unlabelled).problems;
      assert.deepEqual(
        labelled.filter((r) => problems.some((p) => p.startsWith(`${r.urn}:`))).map((r) => r.type),
        ["gcp:kms/cryptoKey:CryptoKey"],
      );
    });

    it("treats exactly the planned gcp types whose SDK arguments take labels as labelled", () => {
      const types = [
        ...new Set(
          childrenOf(env)
            .filter((r) => r.type.startsWith("gcp:"))
            .map((r) => r.type),
        ),
      ];
      for (const type of types) {
        const resource = ofType(env, type)[0];
        const field = GCP_LABEL_FIELDS[type];
        if (field) {
          assert.ok(sdkHasLabelField(type, field.path), `${type} declares ${field.path}`);
          assert.ok(gcpMetering.isTaggable(resource), type);
        } else {
          assert.equal(sdkTakesLabels(type), false, `${type} takes labels but the reader ignores them`);
        }
      }
      for (const [type, field] of Object.entries(GCP_LABEL_FIELDS)) {
        assert.ok(sdkHasLabelField(type, field.path), `${type} declares ${field.path}`);
      }
    });
  });

  describe("apiAllowedCidrs", () => {
    it("opens the public endpoint to exactly the listed CIDRs; nodes stay private", () => {
      const gke = oneOfType(open, "gcp:container/cluster:Cluster");
      assert.equal(input(gke, "privateClusterConfig.enablePrivateEndpoint"), false);
      assert.equal(input(gke, "privateClusterConfig.enablePrivateNodes"), true);
      const blocks = input<{ cidrBlock: string }[]>(gke, "masterAuthorizedNetworksConfig.cidrBlocks");
      assert.deepEqual(
        blocks.map((b) => b.cidrBlock),
        [CIDR],
      );
      assert.equal(input(gke, "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled"), false);
    });
  });

  describe("platform stack (team tier) in gcp:europe-west1", () => {
    it("plans the shared cluster on the platform network, metered to the platform", () => {
      assert.equal(platform.kind, "platform");
      assert.equal(component(platform).name, "ctp-europe-west1");
      assertExplicitProviders(platform);
      const subnet = oneOfType(platform, "gcp:compute/subnetwork:Subnetwork");
      const plan = platformNetwork(REF, PLATFORM_CLUSTER.sla.zones);
      assert.equal(input(subnet, "ipCidrRange"), plan.privateSubnets[0]);
      assert.deepEqual(
        input<{ ipCidrRange: string }[]>(subnet, "secondaryIpRanges").map((r) => r.ipCidrRange),
        [plan.pods, plan.services],
      );
      const gke = oneOfType(platform, "gcp:container/cluster:Cluster");
      assert.equal(input<Record<string, string>>(gke, "resourceLabels")["cloudtier-customer"], "platform");
      const pool = oneOfType(platform, "gcp:container/nodePool:NodePool");
      assert.equal(input(pool, "autoscaling.maxNodeCount"), PLATFORM_CLUSTER.nodePool.maxNodesPerZone);
    });

    it("puts the tenant's namespace inside the shared cluster, through the cluster's k8s provider", () => {
      const k8s = byName(platform, "pulumi:providers:kubernetes", "ctp-europe-west1-k8s");
      assert.equal(k8s.parent, component(platform).urn);
      assert.equal(oneOfType(platform, "cloudtier:tenancy:TenantNamespace").name, "acme");
      const namespace = tenantNamespace(platform);
      assert.equal(providerUrn(namespace.provider), k8s.urn);
    });
  });

  describe("layout and names", () => {
    const args = (controlPlaneSla: boolean, zones: number): ClusterArgs => ({
      region: REF,
      baseName: "acme-europe-west1",
      network: environmentNetwork(REF, zones),
      sla: { ...TIER_SPECS.developer.sla, controlPlaneSla, zones },
      nodePool: TIER_SPECS.developer.nodePool,
      metering: { customer: "acme", tier: "developer", region: REF },
    });

    it("is zonal without a control-plane SLA, and then lists only the other node zones on the cluster", () => {
      const zonal = gcpClusterLayout(args(false, 2));
      assert.equal(zonal.regional, false);
      assert.equal(zonal.location, SPEC.zones[0]);
      assert.deepEqual(zonal.zones, SPEC.zones.slice(0, 2));
      assert.deepEqual(zonal.clusterNodeLocations, [SPEC.zones[1]]);
      const regional = gcpClusterLayout(args(true, 3));
      assert.equal(regional.location, SPEC.id);
      assert.deepEqual(regional.clusterNodeLocations, SPEC.zones.slice(0, 3));
    });

    it("rejects API ranges wider than a /8 as bad input", () => {
      assert.deepEqual(gcpClusterLayout({ ...args(true, 3), apiAllowedCidrs: [CIDR] }).authorizedCidrs, [
        CIDR,
      ]);
      assert.throws(() => gcpClusterLayout({ ...args(true, 3), apiAllowedCidrs: ["0.0.0.0/0"] }), InputError);
    });

    it("derives a short, stable, distinct node service account id from any base name", () => {
      assert.equal(nodeServiceAccountId("acme-europe-west1"), "acme-europe-west1-nodes");
      const long = `${"a".repeat(27)}-australia-southeast1`;
      const id = nodeServiceAccountId(long);
      assert.ok(id.length <= 30 && SERVICE_ACCOUNT_ID_PATTERN.test(id), id);
      assert.equal(nodeServiceAccountId(long), id);
      assert.notEqual(nodeServiceAccountId(`${"a".repeat(27)}-australia-southeast2`), id);
      // The cut falls on a hyphen: it is dropped rather than doubled.
      assert.ok(!nodeServiceAccountId(`${"b".repeat(22)}-x-europe-west1`).includes("--"));
    });
  });
});
