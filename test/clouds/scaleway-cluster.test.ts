import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  KAPSULE_DEDICATED_TYPE,
  KAPSULE_SHARED_TYPE,
  SCW_GATEWAY_TYPE,
  kapsuleLayout,
  privateNetworkCidr,
  scalewayTags,
} from "../../clouds/scaleway/layout.js";
import { MAINTENANCE_WINDOW } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";
import { InputError } from "../../domain/errors.js";
import { cidrContains, environmentNetwork, parseCidr, platformNetwork } from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { SCALEWAY_TAGGABLE, parseScalewayTags } from "../../clouds/scaleway/metering.js";
import { PlanMocks } from "../../planner/mocks/index.js";
import { scalewayMocks } from "../../clouds/scaleway/mocks.js";
import { planStacks } from "../../planner/plan.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { evaluatePolicies, mandatoryViolations } from "../../policy/evaluate.js";
import { CATALOG } from "../../regions/index.js";
import { input, ofType, oneOfType, planCustomer, planRequests } from "../support/plan.js";
import {
  assertClusterOwnsCloudResources,
  assertExplicitProviders,
  assertKubernetesThroughCluster,
  tenantNamespace,
} from "./managed-cluster-checks.js";

const REF = { cloud: "scaleway", region: "fr-par" } as const;
const FR_PAR = CATALOG.scaleway.regions["fr-par"];
const KAPSULE = "scaleway:kubernetes/cluster:Cluster";
const POOL = "scaleway:kubernetes/pool:Pool";
const PRIVATE_NETWORK = "scaleway:network/privateNetwork:PrivateNetwork";
const GATEWAY_NETWORK = "scaleway:network/gatewayNetwork:GatewayNetwork";
const ACL = "scaleway:kubernetes/acl:Acl";
/** Every Scaleway resource type the cluster component creates. */
const SCALEWAY_CLUSTER_TYPES = [
  "scaleway:network/vpc:Vpc",
  PRIVATE_NETWORK,
  "scaleway:network/publicGatewayIp:PublicGatewayIp",
  "scaleway:network/publicGateway:PublicGateway",
  GATEWAY_NETWORK,
  KAPSULE,
  ACL,
  POOL,
] as const;
const METERING_TAGS = [
  "cloudtier-customer=acme",
  "cloudtier-tier=cloud",
  "cloudtier-region=scaleway-fr-par",
  "managed-by=cloudtier",
];

function clusterArgs(overrides: Partial<ClusterArgs> = {}): ClusterArgs {
  const tier = TIER_SPECS.cloud;
  return {
    region: REF,
    baseName: "acme-fr-par",
    network: environmentNetwork(REF, tier.sla.zones),
    sla: tier.sla,
    nodePool: tier.nodePool,
    metering: { customer: "acme", tier: "cloud", region: REF },
    apiAllowedCidrs: [],
    ...overrides,
  };
}

describe("Kapsule layout (pure)", () => {
  it("gives the private network a /20 inside the plan's first private subnet", () => {
    for (const network of [environmentNetwork(REF, 3), platformNetwork(REF, 3)]) {
      const cidr = privateNetworkCidr({ region: REF, network });
      assert.equal(parseCidr(cidr).prefix, 20, "Scaleway private networks are /20 at most");
      assert.ok(cidrContains(network.privateSubnets[0], cidr), `${cidr} in ${network.privateSubnets[0]}`);
      assert.ok(cidrContains(network.network, cidr), `${cidr} in ${network.network}`);
    }
  });

  it("takes version, zones and node type from the catalog, one pool per zone", () => {
    const layout = kapsuleLayout(clusterArgs());
    assert.equal(layout.region, FR_PAR.id);
    assert.equal(layout.kubernetesVersion, FR_PAR.kubernetesVersion);
    assert.deepEqual(
      layout.pools.map((p) => p.zone),
      FR_PAR.zones.slice(0, TIER_SPECS.cloud.sla.zones),
    );
    for (const pool of layout.pools) {
      assert.equal(pool.nodeType, FR_PAR.machines[TIER_SPECS.cloud.nodePool.sizeClass].instanceType);
      assert.equal(pool.minSize, TIER_SPECS.cloud.nodePool.minNodesPerZone);
      assert.equal(pool.maxSize, TIER_SPECS.cloud.nodePool.maxNodesPerZone);
    }
    const single = kapsuleLayout(clusterArgs({ sla: TIER_SPECS.community.sla }));
    assert.deepEqual(
      single.pools.map((p) => p.zone),
      [FR_PAR.zones[0]],
    );
  });

  it("uses the dedicated control plane only when the SLA asks for one", () => {
    assert.equal(kapsuleLayout(clusterArgs()).clusterType, KAPSULE_DEDICATED_TYPE);
    assert.equal(
      kapsuleLayout(clusterArgs({ sla: TIER_SPECS.developer.sla })).clusterType,
      KAPSULE_SHARED_TYPE,
    );
  });

  it("closes the API without CIDRs, allows exactly the given ones otherwise, and rejects 0.0.0.0/0", () => {
    assert.deepEqual(kapsuleLayout(clusterArgs()).apiAccess, { kind: "none" });
    assert.deepEqual(kapsuleLayout(clusterArgs({ apiAllowedCidrs: ["203.0.113.0/24"] })).apiAccess, {
      kind: "cidrs",
      cidrs: ["203.0.113.0/24"],
    });
    assert.throws(
      () => kapsuleLayout(clusterArgs({ apiAllowedCidrs: ["0.0.0.0/0"] })),
      (err: unknown) =>
        err instanceof InputError && err.problems[0].field === "cloudtier:stack.cluster.apiAllowedCidrs[0]",
    );
  });

  it("writes the metering tags as key=value strings the metering reader parses back", () => {
    const tags = scalewayTags({ customer: "acme", tier: "cloud", region: REF });
    assert.deepEqual(tags, METERING_TAGS);
    assert.deepEqual(parseScalewayTags(tags), {
      "cloudtier-customer": "acme",
      "cloudtier-tier": "cloud",
      "cloudtier-region": "scaleway-fr-par",
      "managed-by": "cloudtier",
    });
    assert.deepEqual(parseScalewayTags(["plain", "k=v=w", 3]), { k: "v=w" });
    assert.deepEqual(parseScalewayTags(undefined), {});
  });
});

describe("scaleway:fr-par environment (cloud tier)", () => {
  let plan: RecordedPlan;
  let kapsule: PlannedResource;
  before(async () => {
    const plans = await planCustomer({ tier: "cloud", regions: ["scaleway:fr-par"] });
    assert.equal(plans.length, 1);
    plan = plans[0];
    kapsule = oneOfType(plan, KAPSULE);
  });

  it("is the customer's environment stack", () => {
    assert.equal(plan.stack, "acme-scaleway-fr-par");
    assert.equal(plan.kind, "environment");
    assert.equal(plan.cloud, "scaleway");
  });

  it("creates a VPC and a private network in the plan's range", () => {
    const network = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
    const vpc = oneOfType(plan, "scaleway:network/vpc:Vpc");
    assert.equal(input(vpc, "region"), FR_PAR.id);
    const pn = oneOfType(plan, PRIVATE_NETWORK);
    const subnet = input<string>(pn, "ipv4Subnet.subnet");
    assert.ok(cidrContains(network.network, subnet), `${subnet} inside ${network.network}`);
    assert.equal(subnet, privateNetworkCidr({ region: REF, network }));
    assert.match(input<string>(pn, "vpcId"), /^fr-par\/[-0-9a-f]{36}$/);
  });

  it("gives the nodes egress through a public gateway with no bastion, pushed as the default route", () => {
    const gateway = oneOfType(plan, "scaleway:network/publicGateway:PublicGateway");
    assert.equal(input(gateway, "type"), SCW_GATEWAY_TYPE);
    assert.equal(input(gateway, "bastionEnabled"), false);
    assert.equal(input(gateway, "enableSmtp"), false);
    assert.equal(input(gateway, "zone"), FR_PAR.zones[0]);
    const ip = oneOfType(plan, "scaleway:network/publicGatewayIp:PublicGatewayIp");
    assert.match(input<string>(gateway, "ipId"), /^fr-par-1\/[-0-9a-f]{36}$/);
    assert.equal(input(ip, "zone"), FR_PAR.zones[0]);
    const attachment = oneOfType(plan, GATEWAY_NETWORK);
    assert.equal(input(attachment, "enableMasquerade"), true);
    assert.deepEqual(input(attachment, "ipamConfigs"), [{ pushDefaultRoute: true }]);
    assert.equal(input(kapsule, "privateNetworkId"), input(attachment, "privateNetworkId"));
  });

  it("creates the Kapsule cluster with Cilium, auto-upgrades, the private network and the plan's ranges", () => {
    const network = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
    assert.equal(input(kapsule, "name"), "acme-fr-par");
    assert.equal(input(kapsule, "cni"), "cilium");
    assert.equal(input(kapsule, "version"), FR_PAR.kubernetesVersion);
    assert.equal(input(kapsule, "type"), KAPSULE_DEDICATED_TYPE);
    assert.deepEqual(input(kapsule, "autoUpgrade"), {
      enable: true,
      maintenanceWindowDay: MAINTENANCE_WINDOW.day,
      maintenanceWindowStartHour: MAINTENANCE_WINDOW.startHourUtc,
    });
    assert.equal(input(kapsule, "deleteAdditionalResources"), false);
    assert.match(input<string>(kapsule, "privateNetworkId"), /^fr-par\/[-0-9a-f]{36}$/);
    assert.equal(input(kapsule, "podCidr"), network.pods);
    assert.equal(input(kapsule, "serviceCidr"), network.services);
    assert.deepEqual(input(kapsule, "tags"), METERING_TAGS);
  });

  it("replaces Kapsule's default 0.0.0.0/0 API rule with no allowed IP at all", () => {
    const acl = oneOfType(plan, ACL);
    assert.equal(input(acl, "noIpAllowed"), true);
    assert.equal(input(acl, "aclRules"), undefined);
    assert.match(input<string>(acl, "clusterId"), /^fr-par\/[-0-9a-f]{36}$/);
  });

  it("has one autoscaled, autohealed pool per zone, without public IPs, sized from the tier", () => {
    const pools = ofType(plan, POOL);
    const zones = FR_PAR.zones.slice(0, TIER_SPECS.cloud.sla.zones);
    assert.deepEqual(pools.map((p) => input(p, "zone")).sort(), [...zones].sort());
    for (const pool of pools) {
      assert.equal(input(pool, "autoscaling"), true);
      assert.equal(input(pool, "autohealing"), true);
      assert.equal(input(pool, "publicIpDisabled"), true);
      assert.equal(input(pool, "minSize"), TIER_SPECS.cloud.nodePool.minNodesPerZone);
      assert.equal(input(pool, "maxSize"), TIER_SPECS.cloud.nodePool.maxNodesPerZone);
      assert.equal(input(pool, "nodeType"), FR_PAR.machines.large.instanceType);
      assert.equal(input(pool, "clusterId"), input(oneOfType(plan, ACL), "clusterId"));
      assert.deepEqual(input(pool, "tags"), METERING_TAGS);
    }
  });

  it("passes every mandatory rule of the policy pack", async () => {
    const violations = await evaluatePolicies(plan.resources, { stack: plan.stack });
    assert.deepEqual(mandatoryViolations(violations), []);
  });

  it("tags every taggable resource with the metering tags", () => {
    for (const r of plan.resources.filter((r) =>
      (SCALEWAY_CLUSTER_TYPES as readonly string[]).includes(r.type),
    )) {
      const taggable = (SCALEWAY_TAGGABLE as Record<string, boolean>)[r.type];
      assert.notEqual(taggable, undefined, `${r.type} is listed in the metering table`);
      if (taggable) assert.deepEqual(input(r, "tags"), METERING_TAGS, `${r.urn} carries the metering tags`);
    }
  });

  it("keeps every Scaleway resource and both providers inside the cluster component", () => {
    assertClusterOwnsCloudResources(plan, "cloudtier:cluster:ScalewayCluster", "scaleway", [
      ...SCALEWAY_CLUSTER_TYPES,
    ]);
  });

  it("gives every resource an explicit provider, never a default one", () => {
    const scaleway = oneOfType(plan, "pulumi:providers:scaleway");
    assert.equal(scaleway.inputs["region"], FR_PAR.id);
    assert.equal(scaleway.inputs["zone"], FR_PAR.zones[0]);
    assertExplicitProviders(plan, "scaleway");
  });

  it("deploys the customer's namespace through the cluster's Kubernetes provider", () => {
    assertKubernetesThroughCluster(plan, oneOfType(plan, "cloudtier:cluster:ScalewayCluster"));
  });
});

describe("scaleway:fr-par with allowed API CIDRs", () => {
  const config = (apiAllowedCidrs: string[]) => ({
    kind: "environment" as const,
    region: "scaleway:fr-par",
    cluster: { apiAllowedCidrs },
    customer: { id: "acme", tier: "cloud" as const },
  });

  it("allows exactly those ranges on the API", async () => {
    const [plan] = await planRequests([{ name: "acme-scaleway-fr-par", config: config(["203.0.113.0/24"]) }]);
    const acl = oneOfType(plan, ACL);
    assert.equal(input(acl, "noIpAllowed"), undefined);
    assert.deepEqual(
      input<{ ip: string }[]>(acl, "aclRules").map((r) => r.ip),
      ["203.0.113.0/24"],
    );
  });

  it("refuses 0.0.0.0/0 as an input error", async () => {
    const outcome = await planStacks([{ name: "acme-scaleway-fr-par", config: config(["0.0.0.0/0"]) }]);
    assert.equal(outcome.errors.length, 1);
    assert.equal(outcome.errors[0].kind, "input");
  });
});

describe("scaleway:fr-par platform stack (shared tiers)", () => {
  let plan: RecordedPlan;
  before(async () => {
    [plan] = (await planCustomer({ tier: "developer", regions: ["scaleway:fr-par"] })) as [RecordedPlan];
  });

  it("creates the shared cluster on the platform network, one pool per zone of the platform SLA", () => {
    assert.equal(plan.stack, "platform-scaleway-fr-par");
    assert.equal(plan.kind, "platform");
    const network = platformNetwork(REF, PLATFORM_CLUSTER.sla.zones);
    const subnet = input<string>(oneOfType(plan, PRIVATE_NETWORK), "ipv4Subnet.subnet");
    assert.ok(cidrContains(network.network, subnet));
    const kapsule = oneOfType(plan, KAPSULE);
    assert.equal(input(kapsule, "name"), "ctp-fr-par");
    assert.equal(input(kapsule, "podCidr"), network.pods);
    assert.equal(ofType(plan, POOL).length, PLATFORM_CLUSTER.sla.zones);
    assertExplicitProviders(plan, "scaleway");
  });

  it("plans the tenant namespace through the cluster's Kubernetes provider", () => {
    assertKubernetesThroughCluster(plan, oneOfType(plan, "cloudtier:cluster:ScalewayCluster"));
    const ns = tenantNamespace(plan, "acme");
    assert.equal(input(ns, "metadata.name"), "acme");
    assert.equal(input<Record<string, string>>(ns, "metadata.labels")["cloudtier.io/tier"], "developer");
  });
});

describe("ScalewayCluster outputs (mock runtime, in process)", () => {
  const outputOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

  it("gives the API URL, a secret kubeconfig that points at it, and the private network", async () => {
    await pulumi.runtime.setMocks(new PlanMocks("outputs", [scalewayMocks]), "cloudtier", "outputs", false);
    const { ScalewayCluster } = await import("../../clouds/scaleway/cluster.js");
    const cluster = new ScalewayCluster("acme-fr-par", clusterArgs());
    const [name, endpoint, kubeconfig, networkId, subnets] = await Promise.all([
      outputOf(cluster.clusterName),
      outputOf(cluster.endpoint),
      outputOf(cluster.kubeconfig),
      outputOf(cluster.networkId),
      outputOf(cluster.privateSubnetIds),
    ]);
    assert.equal(name, "acme-fr-par");
    assert.match(endpoint, /^https:\/\/[-0-9a-f]{36}\.api\.k8s\.fr-par\.scw\.cloud:6443$/);
    assert.equal(await pulumi.isSecret(cluster.kubeconfig), true, "the kubeconfig is a secret");
    const config = parse(kubeconfig) as { clusters: { cluster: { server: string } }[] };
    assert.equal(config.clusters[0].cluster.server, endpoint);
    assert.match(networkId, /^fr-par\/[-0-9a-f]{36}$/);
    assert.deepEqual(subnets, [networkId]);
  });
});

describe("loading a scaleway stack", () => {
  it("loads only the scaleway modules it uses, and no other cloud's SDK", () => {
    const runStack = fileURLToPath(new URL("../../planner/run-stack.ts", import.meta.url));
    const script = `
      import { createRequire } from "node:module";
      const { runStack } = await import(${JSON.stringify(runStack)});
      await runStack({ name: "acme-scaleway-fr-par", config: { kind: "environment", region: "scaleway:fr-par", customer: { id: "acme", tier: "cloud" } } });
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const loaded = JSON.parse(child.stdout.trim().split("\n").pop()!) as string[];
    const sdk = (pattern: RegExp) => loaded.filter((path) => pattern.test(path));
    assert.deepEqual(sdk(/node_modules\/@pulumi\/(aws|gcp|azure-native)\//), []);
    const scaleway = sdk(/node_modules\/@pulumiverse\/scaleway\//);
    assert.ok(scaleway.length > 0, "the scaleway SDK is loaded");
    assert.ok(
      !scaleway.some((path) => path.endsWith("@pulumiverse/scaleway/index.js")),
      "the package root (every Scaleway service) is not loaded",
    );
  });
});
