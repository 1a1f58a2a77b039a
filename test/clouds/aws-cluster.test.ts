import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";

import { EKS_OIDC_ROOT_CA_THUMBPRINT, NODE_ROLE_POLICIES } from "../../clouds/aws/iam.js";
import { amiTypeFor, awsClusterLayout } from "../../clouds/aws/layout.js";
import { awsNodeGroupName } from "../../clouds/aws/names.js";
import { apiAllowedCidrProblems } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";
import { meteringTags } from "../../components/labels.js";
import { InputError } from "../../domain/errors.js";
import { environmentNetwork, platformNetwork } from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { AWS_TAGGABLE_TYPES, awsMetering } from "../../clouds/aws/metering.js";
import { meteringOf, providerUrn } from "../../analysis/metering/index.js";
import { planStacks } from "../../planner/plan.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { CATALOG, type RegionRef } from "../../regions/index.js";
import { input, ofType, oneOfType, planCustomer, planRequests } from "../support/plan.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const REF: RegionRef = { cloud: "aws", region: "eu-west-1" };
const SPEC = CATALOG.aws.regions["eu-west-1"];
const CIDR = "203.0.113.0/24";
const ALL_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Whether the SDK's `<Type>Args` for a type token declares a top-level input `field`. */
function sdkArgsHave(token: string, field: string): boolean {
  const [pkg, mod, type] = token.split(":");
  const dir = join(ROOT, "node_modules", "@pulumi", pkg, dirname(mod));
  const file = readdirSync(dir).find((f) => f.toLowerCase() === `${mod.split("/")[1]}.d.ts`.toLowerCase());
  assert.ok(file, `no declaration file for ${token}`);
  const text = readFileSync(join(dir, file), "utf8");
  const start = text.indexOf(`export interface ${type}Args {`);
  assert.ok(start >= 0, `no ${type}Args in ${file}`);
  const body = text.slice(start, text.indexOf("\n}", start));
  return new RegExp(`^ {4}${field}\\??:`, "m").test(body);
}

function component(plan: RecordedPlan): PlannedResource {
  return oneOfType(plan, "cloudtier:cluster:AwsCluster");
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

/** The cluster's own aws provider, `<component>-aws`. */
function awsProviderOf(plan: RecordedPlan): PlannedResource {
  return byName(plan, "pulumi:providers:aws", `${component(plan).name}-aws`);
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
 * Asserts the cluster's aws resources sit under the component and use its explicit provider, and that no
 * resource anywhere in the stack uses a default provider.
 */
function assertExplicitProviders(plan: RecordedPlan): void {
  const cluster = component(plan);
  const provider = awsProviderOf(plan);
  assert.equal(provider.parent, cluster.urn, "the aws provider is a child of the cluster");
  const own = childrenOf(plan).filter((r) => r.type.startsWith("aws:"));
  assert.ok(own.length > 30, `${own.length} aws resources under the cluster`);
  for (const r of own) {
    assert.equal(providerUrn(r.provider), provider.urn, `${r.urn} uses the cluster's aws provider`);
  }
  // Every resource of a type the cluster creates is the cluster's own, or its services' (the autoscaler's
  // and external-dns's roles, the backups' bucket): none escaped to the stack root.
  const services = plan.resources.find((r) => r.type === "cloudtier:platform:Services");
  const ownTypes = new Set(own.map((r) => r.type));
  for (const r of plan.resources.filter((x) => ownTypes.has(x.type))) {
    assert.ok(
      r.parent === cluster.urn || (services !== undefined && r.parent === services.urn),
      `${r.urn} is a child of the cluster or of its services`,
    );
  }
  const explicit = new Set(ofType(plan, "pulumi:providers:aws").map((p) => p.urn));
  for (const r of plan.resources) {
    assert.ok(!(r.provider ?? "").includes("::default"), `${r.urn} uses a default provider: ${r.provider}`);
    if (r.type.startsWith("aws:")) assert.ok(explicit.has(providerUrn(r.provider) ?? ""), `${r.urn}`);
  }
}

describe("AwsCluster", () => {
  let env: RecordedPlan;
  let platform: RecordedPlan;
  let open: RecordedPlan;

  before(async () => {
    [[env], [platform], [open]] = await Promise.all([
      planCustomer({ tier: "cloud", regions: ["aws:eu-west-1"], members: ["ann@example.com:owner"] }),
      planCustomer({ tier: "team", regions: ["aws:eu-west-1"] }),
      planRequests([
        {
          name: "acme-aws-eu-west-1",
          config: {
            kind: "environment",
            region: "aws:eu-west-1",
            cluster: { apiAllowedCidrs: [CIDR] },
            customer: { id: "acme", tier: "cloud" },
          },
        },
      ]),
    ]);
  });

  describe("cloud-tier environment in aws:eu-west-1", () => {
    it("is one AwsCluster named after the base name, with an explicit aws provider for the region", () => {
      assert.equal(env.kind, "environment");
      assert.equal(component(env).name, "acme-eu-west-1");
      const provider = awsProviderOf(env);
      assert.equal(input(provider, "region"), SPEC.id);
      const defaults = JSON.parse(input<string>(provider, "defaultTags")) as { tags: Record<string, string> };
      assert.deepEqual(defaults.tags, meteringTags({ customer: "acme", tier: "cloud", region: REF }));
    });

    it("puts every aws resource under the cluster, through the explicit provider; no default provider", () => {
      assertExplicitProviders(env);
    });

    it("builds the VPC from the network plan with private and public subnets in three zones", () => {
      const plan = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
      const vpc = oneOfType(env, "aws:ec2/vpc:Vpc");
      assert.equal(input(vpc, "cidrBlock"), plan.network);
      assert.equal(input(vpc, "enableDnsSupport"), true);
      assert.equal(input(vpc, "enableDnsHostnames"), true);

      const subnets = ofType(env, "aws:ec2/subnet:Subnet");
      const privates = subnets.filter((s) => s.name.includes("-private-"));
      const publics = subnets.filter((s) => s.name.includes("-public-"));
      assert.deepEqual(privates.map((s) => input(s, "cidrBlock")).sort(), [...plan.privateSubnets].sort());
      assert.deepEqual(publics.map((s) => input(s, "cidrBlock")).sort(), [...plan.publicSubnets].sort());
      const zones = new Set(privates.map((s) => input<string>(s, "availabilityZone")));
      assert.ok(zones.size >= 3, `private subnets span ${zones.size} zones`);
      assert.deepEqual([...zones].sort(), SPEC.zones.slice(0, 3));
      for (const s of subnets) assert.equal(input(s, "mapPublicIpOnLaunch"), false, s.name);
      for (const s of privates)
        assert.equal(input<Record<string, string>>(s, "tags")["kubernetes.io/role/internal-elb"], "1");
      for (const s of publics)
        assert.equal(input<Record<string, string>>(s, "tags")["kubernetes.io/role/elb"], "1");

      const sg = oneOfType(env, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.deepEqual(input(sg, "ingress"), []);
      assert.deepEqual(input(sg, "egress"), []);
      const flowLog = oneOfType(env, "aws:ec2/flowLog:FlowLog");
      assert.equal(input(flowLog, "trafficType"), "ALL");
    });

    it("routes public subnets to the internet gateway and each zone's private subnet to its own NAT", () => {
      const igw = oneOfType(env, "aws:ec2/internetGateway:InternetGateway");
      assert.match(igw.urn, /-igw$/);
      const nats = ofType(env, "aws:ec2/natGateway:NatGateway");
      assert.equal(nats.length, 3, "one NAT gateway per zone on the cloud tier");
      assert.equal(ofType(env, "aws:ec2/eip:Eip").length, 3);
      for (const nat of nats) assert.match(input<string>(nat, "allocationId"), /^eipalloc-[0-9a-f]{17}$/);
      const routes = ofType(env, "aws:ec2/route:Route");
      const toNat = routes.filter((r) => input(r, "natGatewayId") !== undefined);
      const toIgw = routes.filter((r) => input(r, "gatewayId") !== undefined);
      assert.equal(toIgw.length, 1);
      assert.match(input<string>(toIgw[0], "gatewayId"), /^igw-[0-9a-f]{17}$/);
      assert.equal(toNat.length, 3);
      assert.equal(new Set(toNat.map((r) => input(r, "natGatewayId"))).size, 3, "each zone has its own NAT");
      for (const r of routes) assert.equal(input(r, "destinationCidrBlock"), "0.0.0.0/0");
      assert.equal(ofType(env, "aws:ec2/routeTableAssociation:RouteTableAssociation").length, 6);
    });

    it("creates EKS with a KMS-encrypted secrets store, all control-plane logs and a private endpoint only", () => {
      const eks = oneOfType(env, "aws:eks/cluster:Cluster");
      assert.equal(input(eks, "name"), "acme-eu-west-1");
      assert.equal(input(eks, "version"), SPEC.kubernetesVersion);
      assert.deepEqual(input(eks, "encryptionConfig.resources"), ["secrets"]);
      assert.match(
        input<string>(eks, "encryptionConfig.provider.keyArn"),
        /^arn:aws:kms:eu-west-1:\d{12}:key\//,
      );
      assert.deepEqual([...input<string[]>(eks, "enabledClusterLogTypes")].sort(), [...ALL_LOG_TYPES].sort());
      assert.equal(input(eks, "vpcConfig.endpointPrivateAccess"), true);
      assert.equal(input(eks, "vpcConfig.endpointPublicAccess"), false);
      assert.equal(input(eks, "vpcConfig.publicAccessCidrs"), undefined);
      assert.equal(input(eks, "accessConfig.authenticationMode"), "API");
      assert.equal(
        input(eks, "kubernetesNetworkConfig.serviceIpv4Cidr"),
        environmentNetwork(REF, 3).services,
      );
      assert.match(input<string>(eks, "roleArn"), /^arn:aws:iam::\d{12}:role\/acme-eu-west-1-eks$/);
      const subnetIds = input<string[]>(eks, "vpcConfig.subnetIds");
      assert.equal(subnetIds.length, 3);
      for (const id of subnetIds) assert.match(id, /^subnet-[0-9a-f]{17}$/);

      const key = oneOfType(env, "aws:kms/key:Key");
      assert.equal(input(key, "enableKeyRotation"), true);
      const keyPolicy = ofType(env, "aws:iam/rolePolicy:RolePolicy").find((p) =>
        p.name.endsWith("-secrets-key"),
      );
      assert.ok(keyPolicy);
      const statement = (
        JSON.parse(input<string>(keyPolicy, "policy")) as { Statement: { Resource: string }[] }
      ).Statement[0];
      assert.equal(statement.Resource, input(eks, "encryptionConfig.provider.keyArn"));
      const logGroup = byName(env, "aws:cloudwatch/logGroup:LogGroup", "acme-eu-west-1-control-plane-logs");
      assert.equal(input(logGroup, "name"), "/aws/eks/acme-eu-west-1/cluster");
    });

    it("federates workload identity through an IAM OIDC provider for the cluster's issuer", () => {
      const oidc = oneOfType(env, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
      assert.match(
        input<string>(oidc, "url"),
        /^https:\/\/oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/,
      );
      assert.deepEqual(input(oidc, "clientIdLists"), ["sts.amazonaws.com"]);
      assert.deepEqual(input(oidc, "thumbprintLists"), [EKS_OIDC_ROOT_CA_THUMBPRINT]);
      assert.match(EKS_OIDC_ROOT_CA_THUMBPRINT, /^[0-9a-f]{40}$/);
    });

    it("gives the cluster and node roles only the AWS managed policies they need", () => {
      const attachments = ofType(env, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
      const policiesOf = (role: string) =>
        attachments
          .filter((a) => input(a, "role") === role)
          .map((a) => input<string>(a, "policyArn"))
          .sort();
      assert.deepEqual(policiesOf("acme-eu-west-1-eks"), ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
      assert.deepEqual(policiesOf("acme-eu-west-1-node"), [...NODE_ROLE_POLICIES].sort());
      assert.ok(!policiesOf("acme-eu-west-1-node").some((p) => p.endsWith("/AmazonEKS_CNI_Policy")));
      assert.deepEqual(policiesOf("acme-eu-west-1-cni"), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
      assert.equal(attachments.length, 4);
      const trusted = (name: string) =>
        (
          JSON.parse(input<string>(byName(env, "aws:iam/role:Role", name), "assumeRolePolicy")) as {
            Statement: { Principal: { Service: string } }[];
          }
        ).Statement.map((s) => s.Principal.Service);
      assert.deepEqual(trusted("acme-eu-west-1-cluster-role"), ["eks.amazonaws.com"]);
      assert.deepEqual(trusted("acme-eu-west-1-node-role"), ["ec2.amazonaws.com"]);
    });

    it("runs the VPC CNI as a managed add-on that enforces NetworkPolicies, with its own IRSA role", () => {
      const addon = oneOfType(env, "aws:eks/addon:Addon");
      assert.equal(input(addon, "addonName"), "vpc-cni");
      assert.equal(input(addon, "clusterName"), "acme-eu-west-1");
      assert.deepEqual(JSON.parse(input<string>(addon, "configurationValues")), {
        enableNetworkPolicy: "true",
      });
      assert.match(input<string>(addon, "serviceAccountRoleArn"), /:role\/acme-eu-west-1-cni$/);
      const oidc = oneOfType(env, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
      const issuer = input<string>(oidc, "url").replace("https://", "");
      const trust = JSON.parse(
        input<string>(byName(env, "aws:iam/role:Role", "acme-eu-west-1-cni-role"), "assumeRolePolicy"),
      ) as {
        Statement: {
          Principal: { Federated: string };
          Action: string;
          Condition: { StringEquals: Record<string, string> };
        }[];
      };
      assert.equal(trust.Statement.length, 1);
      const [statement] = trust.Statement;
      assert.match(statement.Principal.Federated, /^arn:aws:iam::\d{12}:oidc-provider\/oidc\.eks\./);
      assert.ok(statement.Principal.Federated.endsWith(issuer));
      assert.equal(statement.Action, "sts:AssumeRoleWithWebIdentity");
      assert.deepEqual(statement.Condition.StringEquals, {
        [`${issuer}:sub`]: "system:serviceaccount:kube-system:aws-node",
        [`${issuer}:aud`]: "sts.amazonaws.com",
      });
    });

    it("runs one managed node group per zone in the private subnets, sized from the tier", () => {
      const eks = oneOfType(env, "aws:eks/cluster:Cluster");
      const groups = ofType(env, "aws:eks/nodeGroup:NodeGroup");
      assert.equal(groups.length, 3);
      const privateSubnets = new Set(input<string[]>(eks, "vpcConfig.subnetIds"));
      const used = groups.flatMap((g) => input<string[]>(g, "subnetIds"));
      assert.equal(new Set(used).size, 3, "each group in its own subnet");
      for (const id of used) assert.ok(privateSubnets.has(id), `${id} is a private subnet`);
      const pool = TIER_SPECS.cloud.nodePool;
      const sum = (field: string) =>
        groups.reduce((n, g) => n + input<number>(g, `scalingConfig.${field}`), 0);
      assert.equal(sum("minSize"), pool.minNodesPerZone * 3);
      assert.equal(sum("maxSize"), pool.maxNodesPerZone * 3);
      for (const g of groups) {
        assert.equal(input(g, "clusterName"), "acme-eu-west-1");
        assert.deepEqual(input(g, "instanceTypes"), [SPEC.machines[pool.sizeClass].instanceType]);
        assert.equal(input(g, "amiType"), "AL2023_x86_64_STANDARD");
        assert.match(input<string>(g, "launchTemplate.id"), /^lt-[0-9a-f]{17}$/);
        assert.equal(input(g, "launchTemplate.version"), "1");
        assert.ok(input<string>(g, "nodeGroupName").length <= 63);
      }
    });

    it("requires IMDSv2 with a hop limit of 1 and encrypts node volumes", () => {
      const lt = oneOfType(env, "aws:ec2/launchTemplate:LaunchTemplate");
      assert.equal(input(lt, "metadataOptions.httpTokens"), "required");
      assert.equal(input(lt, "metadataOptions.httpPutResponseHopLimit"), 1);
      const [disk] = input<{ ebs: { encrypted: string } }[]>(lt, "blockDeviceMappings");
      assert.equal(disk.ebs.encrypted, "true");
      const specs = input<{ resourceType: string; tags: Record<string, string> }[]>(lt, "tagSpecifications");
      assert.deepEqual(specs.map((s) => s.resourceType).sort(), ["instance", "network-interface", "volume"]);
      for (const s of specs) assert.equal(s.tags["cloudtier-customer"], "acme");
    });

    it("reaches the cluster through a k8s provider built from a secret kubeconfig", () => {
      const cluster = component(env);
      const k8s = byName(env, "pulumi:providers:kubernetes", "acme-eu-west-1-k8s");
      assert.equal(k8s.parent, cluster.urn);
      assert.equal(input(k8s, "kubeconfig"), "[secret]");
      const namespace = tenantNamespace(env);
      assert.equal(providerUrn(namespace.provider), k8s.urn);
      for (const r of env.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
        assert.equal(providerUrn(r.provider), k8s.urn, `${r.urn} deploys through the cluster's provider`);
      }
      const text = JSON.stringify(env);
      // Base64 of "-----BEGIN": the cluster CA would appear in a leaked kubeconfig.
      assert.ok(!text.includes("LS0tLS1CRUdJTi"), "no kubeconfig or CA in plain text anywhere in the plan");
      assert.ok(!text.includes("eks get-token"), "no kubeconfig in plain text anywhere in the plan");
    });

    it("meters every taggable aws resource through the provider's default tags", () => {
      const taggable = childrenOf(env).filter((r) => r.type.startsWith("aws:") && awsMetering.isTaggable(r));
      assert.ok(taggable.length >= 25, `${taggable.length} taggable aws resources`);
      const providers = new Map(ofType(env, "pulumi:providers:aws").map((p) => [p.urn, p]));
      const eks = oneOfType(env, "aws:eks/cluster:Cluster");
      assert.equal(awsMetering.tagsOf(eks, providers)["cloudtier-customer"], "acme");
      assert.equal(awsMetering.tagsOf(eks, providers)["cloudtier-region"], "aws-eu-west-1");

      // Without the provider's default tags, the check must find the resources untagged.
      const untagged: RecordedPlan = {
        ...env,
        resources: env.resources.map((r) =>
          r.type === "pulumi:providers:aws" ? { ...r, inputs: { ...r.inputs, defaultTags: "{}" } } : r,
        ),
      };
      const problems = meteringOf(untagged).problems;
      for (const r of taggable)
        assert.ok(
          problems.some((p) => p.startsWith(`${r.urn}:`)),
          `${r.urn} is reported`,
        );
    });

    it("treats exactly the cluster's aws types whose SDK arguments take tags as taggable", () => {
      const own = childrenOf(env).filter((r) => r.type.startsWith("aws:"));
      for (const type of new Set(own.map((r) => r.type))) {
        const resource = ofType(env, type)[0];
        assert.equal(awsMetering.isTaggable(resource), sdkArgsHave(type, "tags"), type);
      }
      for (const type of AWS_TAGGABLE_TYPES) assert.ok(sdkArgsHave(type, "tags"), `${type} takes tags`);
    });
  });

  describe("apiAllowedCidrs", () => {
    it("opens the public endpoint to exactly the listed CIDRs, keeping the private one", () => {
      const eks = oneOfType(open, "aws:eks/cluster:Cluster");
      assert.equal(input(eks, "vpcConfig.endpointPublicAccess"), true);
      assert.deepEqual(input(eks, "vpcConfig.publicAccessCidrs"), [CIDR]);
      assert.equal(input(eks, "vpcConfig.endpointPrivateAccess"), true);
    });

    it("rejects a CIDR that opens the API to the internet as bad input", async () => {
      const outcome = await planStacks([
        {
          name: "acme-aws-eu-west-1",
          config: {
            kind: "environment",
            region: "aws:eu-west-1",
            cluster: { apiAllowedCidrs: ["0.0.0.0/0"] },
            customer: { id: "acme", tier: "cloud" },
          },
        },
      ]);
      assert.equal(outcome.plans.length, 0);
      assert.equal(outcome.errors.length, 1);
      assert.equal(outcome.errors[0].kind, "input");
      assert.match(outcome.errors[0].message, /apiAllowedCidrs\[0\]/);
    });

    it("rejects a range wider than a /8 before anything is created", () => {
      const args: ClusterArgs = {
        region: REF,
        baseName: "acme-eu-west-1",
        network: environmentNetwork(REF, 3),
        sla: TIER_SPECS.cloud.sla,
        nodePool: TIER_SPECS.cloud.nodePool,
        metering: { customer: "acme", tier: "cloud", region: REF },
      };
      assert.equal(
        awsClusterLayout({ ...args, apiAllowedCidrs: [CIDR, "10.0.0.0/8"] }).publicAccessCidrs.length,
        2,
      );
      assert.throws(
        () => awsClusterLayout({ ...args, apiAllowedCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }),
        InputError,
      );
      assert.throws(
        () => awsClusterLayout({ ...args, apiAllowedCidrs: ["203.0.113.7/24"] }),
        /203\.0\.113\.0\/24/,
      );
      assert.equal(apiAllowedCidrProblems(["not-a-cidr"], { cloud: "EKS" })[0].rule, "must be an IPv4 CIDR");
    });
  });

  describe("platform stack (team tier) in aws:eu-west-1", () => {
    it("plans the shared cluster on the platform network, metered to the platform", () => {
      assert.equal(platform.kind, "platform");
      assert.equal(component(platform).name, "ctp-eu-west-1");
      assertExplicitProviders(platform);
      const vpc = oneOfType(platform, "aws:ec2/vpc:Vpc");
      assert.equal(input(vpc, "cidrBlock"), platformNetwork(REF, PLATFORM_CLUSTER.sla.zones).network);
      const provider = awsProviderOf(platform);
      const defaults = JSON.parse(input<string>(provider, "defaultTags")) as { tags: Record<string, string> };
      assert.equal(defaults.tags["cloudtier-customer"], "platform");
      assert.equal(defaults.tags["cloudtier-tier"], "shared");
      const groups = ofType(platform, "aws:eks/nodeGroup:NodeGroup");
      assert.equal(
        groups.reduce((n, g) => n + input<number>(g, "scalingConfig.maxSize"), 0),
        PLATFORM_CLUSTER.nodePool.maxNodesPerZone * 3,
      );
    });

    it("puts the tenant's namespace inside the shared cluster, through the cluster's k8s provider", () => {
      const k8s = byName(platform, "pulumi:providers:kubernetes", "ctp-eu-west-1-k8s");
      assert.equal(k8s.parent, component(platform).urn);
      const tenant = oneOfType(platform, "cloudtier:tenancy:TenantNamespace");
      assert.equal(tenant.name, "acme");
      const namespace = tenantNamespace(platform);
      assert.equal(namespace.parent, tenant.urn);
      assert.equal(input<Record<string, string>>(namespace, "metadata.labels")["cloudtier.io/tier"], "team");
      assert.equal(providerUrn(namespace.provider), k8s.urn);
    });
  });

  describe("layout", () => {
    const args = (zones: number): ClusterArgs => ({
      region: REF,
      baseName: "acme-eu-west-1",
      network: environmentNetwork(REF, zones),
      sla: { ...TIER_SPECS.developer.sla, zones },
      nodePool: TIER_SPECS.developer.nodePool,
      metering: { customer: "acme", tier: "developer", region: REF },
    });

    it("uses one NAT gateway below three zones and at least two zones for EKS", () => {
      const layout = awsClusterLayout(args(2));
      assert.deepEqual(
        layout.zones.map((z) => z.zone),
        SPEC.zones.slice(0, 2),
      );
      assert.deepEqual(
        layout.zones.map((z) => [z.hasNat, z.natZone]),
        [
          [true, 0],
          [false, 0],
        ],
      );
      assert.throws(() => awsClusterLayout(args(1)), /needs one of each per zone/);
      assert.equal(awsClusterLayout({ ...args(2), sla: { ...args(2).sla, zones: 1 } }).zones.length, 2);
    });

    it("derives the AMI architecture from the instance type", () => {
      assert.equal(amiTypeFor("m7i.2xlarge"), "AL2023_x86_64_STANDARD");
      assert.equal(amiTypeFor("g5.xlarge"), "AL2023_x86_64_STANDARD");
      for (const arm of ["m7g.large", "c7gn.xlarge", "t4g.small", "x2gd.large"]) {
        assert.equal(amiTypeFor(arm), "AL2023_ARM_64_STANDARD", arm);
      }
    });

    it("renames a node group only when EKS would have to replace it", () => {
      const key = { instanceType: "m7i.2xlarge", amiType: "AL2023_x86_64_STANDARD" };
      const name = awsNodeGroupName("acme-eu-west-1", "eu-west-1a", "eu-west-1", key);
      assert.match(name, /^acme-eu-west-1-a-[0-9a-f]{4}$/);
      assert.equal(awsNodeGroupName("acme-eu-west-1", "eu-west-1a", "eu-west-1", { ...key }), name);
      assert.notEqual(
        awsNodeGroupName("acme-eu-west-1", "eu-west-1a", "eu-west-1", { ...key, instanceType: "m7i.xlarge" }),
        name,
      );
    });
  });
});
