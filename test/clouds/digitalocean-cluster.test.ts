import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { parse } from "yaml";
import { clusterFacts, datastoreFacts, slaViolations } from "../../analysis/sla.js";
import type { ClusterArgs } from "../../components/cluster/types.js";
import { InputError } from "../../domain/errors.js";
import { NAME_RULES, checkName } from "../../domain/naming.js";
import { cidrsOverlap, environmentNetwork, platformNetwork } from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { DIGITALOCEAN_TAGGABLE, parseDigitalOceanTags } from "../../clouds/digitalocean/metering.js";
import { doksLayout, vpcRangeProblems } from "../../clouds/digitalocean/layout.js";
import { doNodeCount } from "../../clouds/digitalocean/datastores.js";
import { estimateStackCost } from "../../cost/estimate.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { evaluatePolicies, mandatoryViolations } from "../../policy/evaluate.js";
import { CATALOG, MANAGED_CLOUDS } from "../../regions/index.js";
import { input, ofType, oneOfType, planCustomer } from "../support/plan.js";
import {
  assertClusterOwnsCloudResources,
  assertExplicitProviders,
  assertKubernetesThroughCluster,
} from "./managed-cluster-checks.js";

const REF = { cloud: "digitalocean", region: "nyc3" } as const;
const NYC3 = CATALOG.digitalocean.regions.nyc3;
const CLUSTER = "digitalocean:index/kubernetesCluster:KubernetesCluster";
const VPC = "digitalocean:index/vpc:Vpc";
const DATABASE = "digitalocean:index/databaseCluster:DatabaseCluster";
const FIREWALL = "digitalocean:index/databaseFirewall:DatabaseFirewall";
const TAGS = [
  "cloudtier-customer:acme",
  "cloudtier-tier:cloud",
  "cloudtier-region:digitalocean-nyc3",
  "managed-by:cloudtier",
];

function clusterArgs(overrides: Partial<ClusterArgs> = {}): ClusterArgs {
  const tier = TIER_SPECS.cloud;
  return {
    region: REF,
    baseName: "acme-nyc3",
    network: environmentNetwork(REF, tier.sla.zones),
    sla: tier.sla,
    nodePool: tier.nodePool,
    metering: { customer: "acme", tier: "cloud", region: REF },
    apiAllowedCidrs: [],
    ...overrides,
  };
}

describe("DigitalOcean's rules, from its API reference", () => {
  it("VPC ranges are RFC 1918, a /16 to a /28, clear of DigitalOcean's reserved ranges", () => {
    assert.deepEqual(vpcRangeProblems("10.56.0.0/16"), []);
    assert.deepEqual(vpcRangeProblems("192.168.10.0/28"), []);
    assert.match(vpcRangeProblems("100.64.0.0/16")[0].rule, /RFC 1918/);
    assert.match(vpcRangeProblems("10.0.0.0/15")[0].rule, /\/16 and a \/28/);
    assert.match(vpcRangeProblems("10.0.0.0/29")[0].rule, /\/16 and a \/28/);
    assert.match(vpcRangeProblems("10.244.0.0/20")[0].rule, /10\.244\.0\.0\/16/);
  });

  it("every catalog region's environment and platform ranges are valid VPCs, disjoint within an account", () => {
    const ranges = Object.keys(CATALOG.digitalocean.regions).flatMap((region) => {
      const ref = { cloud: "digitalocean" as const, region };
      const env = environmentNetwork(ref, 3);
      const platform = platformNetwork(ref, 3);
      assert.deepEqual(vpcRangeProblems(env.network), [], env.network);
      assert.deepEqual(vpcRangeProblems(platform.network), [], platform.network);
      return [env.network, env.pods, env.services, platform.network];
    });
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) assert.ok(!cidrsOverlap(a, b), `${a} overlaps ${b}`);
    }
  });

  it("names: VPC letters, digits, '-' and '.'; DOKS and databases no leading digit, 63 at most", () => {
    assert.equal(checkName({ rule: "doVpc", name: "acme-nyc3-vpc" }, "f"), undefined);
    assert.ok(checkName({ rule: "doVpc", name: "acme_vpc" }, "f"));
    assert.equal(checkName({ rule: "doVpc", name: "env.prod-vpc" }, "f"), undefined);
    assert.ok(checkName({ rule: "doksCluster", name: "1acme" }, "f"));
    assert.ok(checkName({ rule: "doksCluster", name: `a${"b".repeat(63)}` }, "f"));
    assert.equal(NAME_RULES.doDatabaseCluster.maxLength, 63);
    assert.ok(MANAGED_CLOUDS.includes("digitalocean"));
  });

  it("tags are key:value (DigitalOcean tags hold no '='), parsed back by the metering reader", () => {
    assert.deepEqual(doksLayout(clusterArgs()).tags, TAGS);
    assert.deepEqual(parseDigitalOceanTags(TAGS)["cloudtier-region"], "digitalocean-nyc3");
    assert.deepEqual(parseDigitalOceanTags(["k8s", "a:b:c", 3]), { a: "b:c" });
  });
});

describe("DOKS layout (pure)", () => {
  it("sizes the pool by tier: the SLA's zones as nodes at least, the tier's machine", () => {
    const cloud = doksLayout(clusterArgs());
    assert.equal(cloud.pool.size, NYC3.machines.large.instanceType);
    assert.equal(cloud.pool.minNodes, 3);
    assert.equal(cloud.pool.maxNodes, 30);
    const community = doksLayout(
      clusterArgs({ sla: TIER_SPECS.community.sla, nodePool: TIER_SPECS.community.nodePool }),
    );
    assert.equal(community.pool.size, NYC3.machines.medium.instanceType);
    assert.equal(community.pool.minNodes, 1);
  });

  it("runs the HA control plane only where the SLA asks for it", () => {
    assert.equal(doksLayout(clusterArgs()).ha, true);
    assert.equal(doksLayout(clusterArgs({ sla: TIER_SPECS.developer.sla })).ha, false);
  });

  it("upgrades in the Sunday 04:00 UTC window; the API is closed but for the listed ranges", () => {
    assert.deepEqual(doksLayout(clusterArgs()).maintenance, { day: "sunday", startTime: "04:00" });
    assert.deepEqual(doksLayout(clusterArgs({ apiAllowedCidrs: ["203.0.113.0/24"] })).allowedAddresses, [
      "203.0.113.0/24",
    ]);
    assert.throws(
      () => doksLayout(clusterArgs({ apiAllowedCidrs: ["0.0.0.0/0"] })),
      (err: unknown) => err instanceof InputError,
    );
  });

  it("gives a store standbys within DigitalOcean's three nodes", () => {
    assert.equal(doNodeCount(false, 1), 1);
    assert.equal(doNodeCount(true, 2), 2);
    assert.equal(doNodeCount(true, 5), 3);
  });
});

describe("digitalocean:nyc3 environment (cloud tier)", () => {
  let plan: RecordedPlan;
  let cluster: PlannedResource;
  before(async () => {
    [plan] = (await planCustomer({
      tier: "cloud",
      regions: ["digitalocean:nyc3"],
      redis: true,
      postgres: true,
    })) as [RecordedPlan];
    cluster = oneOfType(plan, CLUSTER);
  });

  it("puts the cluster in its own VPC on the network plan's ranges", () => {
    const network = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
    const vpc = oneOfType(plan, VPC);
    assert.equal(input(vpc, "ipRange"), network.network);
    assert.equal(input(vpc, "name"), "acme-nyc3-vpc");
    assert.match(input<string>(cluster, "vpcUuid"), /^[-0-9a-f]{36}$/);
    assert.equal(input(cluster, "clusterSubnet"), network.pods);
    assert.equal(input(cluster, "serviceSubnet"), network.services);
  });

  it("has the HA control plane, surge upgrades, a maintenance window, a closed API and the metering tags", () => {
    assert.equal(input(cluster, "name"), "acme-nyc3");
    assert.equal(input(cluster, "ha"), true);
    assert.equal(input(cluster, "autoUpgrade"), true);
    assert.equal(input(cluster, "surgeUpgrade"), true);
    assert.deepEqual(input(cluster, "maintenancePolicy"), { day: "sunday", startTime: "04:00" });
    assert.deepEqual(input(cluster, "controlPlaneFirewall"), { enabled: true, allowedAddresses: [] });
    assert.equal(input(cluster, "destroyAllAssociatedResources"), false);
    assert.deepEqual(input(cluster, "tags"), TAGS);
    assert.deepEqual(input(cluster, "nodePool.tags"), TAGS);
    assert.equal(cluster.protect, true);
  });

  it("runs Postgres and Valkey in the VPC, standbys for HA, trusted sources admitting the cluster only", () => {
    const dbs = ofType(plan, DATABASE);
    assert.deepEqual(dbs.map((d) => input(d, "engine")).sort(), ["pg", "valkey"]);
    for (const db of dbs) {
      assert.equal(db.protect, true);
      assert.equal(input(db, "nodeCount"), 3);
      assert.equal(input(db, "privateNetworkUuid"), input(cluster, "vpcUuid"));
      assert.deepEqual(input(db, "tags"), TAGS);
    }
    const firewalls = ofType(plan, FIREWALL);
    assert.equal(firewalls.length, 2);
    for (const fw of firewalls) {
      const rules = input<{ type: string; value: string }[]>(fw, "rules");
      assert.deepEqual(
        rules.map((r) => r.type),
        ["k8s"],
      );
      assert.match(rules[0].value, /^[-0-9a-f]{36}$/);
    }
    const secrets = ofType(plan, "kubernetes:core/v1:Secret");
    assert.equal(secrets.length, 2);
    for (const s of secrets) assert.equal(input(s, "stringData"), "[secret]");
  });

  it("passes every mandatory rule of the policy pack", async () => {
    assert.deepEqual(mandatoryViolations(await evaluatePolicies(plan.resources, { stack: plan.stack })), []);
  });

  it("lists every resource type it creates in the metering table", () => {
    for (const r of plan.resources.filter((r) => r.type.startsWith("digitalocean:"))) {
      assert.notEqual((DIGITALOCEAN_TAGGABLE as Record<string, boolean>)[r.type], undefined, r.type);
    }
  });

  it("keeps its resources in the cluster component and gives every one an explicit provider", () => {
    assertClusterOwnsCloudResources(plan, "cloudtier:cluster:DigitalOceanCluster", "digitalocean", [
      VPC,
      CLUSTER,
    ]);
    assertExplicitProviders(plan, "digitalocean");
    assertKubernetesThroughCluster(plan, oneOfType(plan, "cloudtier:cluster:DigitalOceanCluster"));
  });

  it("reaches the cluster with a credential-free kubeconfig: doctl's exec plugin", () => {
    // The planned provider holds the kubeconfig as a secret; the shard-0 mock builds the same kind.
    assert.equal(oneOfType(plan, "pulumi:providers:kubernetes").inputs["kubeconfig"], "[secret]");
  });

  it("prices the HA control plane, three nodes and six database nodes from the catalog", () => {
    const cost = estimateStackCost(plan);
    const total = (category: string) =>
      cost.items.filter((i) => i.category === category).reduce((s, i) => s + i.monthlyUSD, 0);
    // $0.05952/h, 3 x $0.375/h, 2 x 3 x $0.17857/h at 730 hours.
    assert.equal(total("cluster"), 43.45);
    assert.equal(total("nodes"), 821.25);
    assert.equal(Math.round(total("datastore") * 100) / 100, 782.14);
  });

  it("reads back one zone and 7-day backups: the Cloud tier's 3 zones and 35 days are out of reach", () => {
    const facts = clusterFacts(plan);
    assert.deepEqual(facts, { zones: 1, controlPlaneSla: true, minNodes: 3 });
    const stores = datastoreFacts(plan);
    assert.deepEqual(stores.map((s) => [s.kind, s.ha, s.replicas, s.backupRetentionDays]).sort(), [
      ["postgres", true, 3, 7],
      ["redis", true, 3, null],
    ]);
    const violations = slaViolations(plan, TIER_SPECS.cloud.sla);
    assert.equal(violations.length, 2, violations.join("\n"));
    assert.match(violations[0], /spans 1 zones; the SLA needs 3/);
    assert.match(violations[1], /keeps backups 7 days; the cloud SLA needs 35/);
  });
});

describe("digitalocean:ams3 platform stack (shared tiers)", () => {
  it("creates the shared cluster on the platform network with the Team SLA's control plane", async () => {
    const [plan] = (await planCustomer({ tier: "team", regions: ["digitalocean:ams3"], postgres: true })) as [
      RecordedPlan,
    ];
    assert.equal(plan.stack, "platform-digitalocean-ams3");
    const ref = { cloud: "digitalocean" as const, region: "ams3" };
    assert.equal(
      input(oneOfType(plan, VPC), "ipRange"),
      platformNetwork(ref, PLATFORM_CLUSTER.sla.zones).network,
    );
    const cluster = oneOfType(plan, CLUSTER);
    assert.equal(input(cluster, "name"), "ctp-ams3");
    assert.equal(input(cluster, "ha"), true);
    assert.equal(ofType(plan, DATABASE).length, 0, "shared tiers keep their stores in the cluster");
    assert.deepEqual(mandatoryViolations(await evaluatePolicies(plan.resources, { stack: plan.stack })), []);
  });
});

describe("DoksCluster outputs", () => {
  it("builds a kubeconfig for doctl, with no token", async () => {
    const { doksKubeconfig } = await import("../../clouds/digitalocean/kubeconfig.js");
    const config = parse(
      doksKubeconfig({
        clusterId: "c1",
        clusterName: "acme-nyc3",
        endpoint: "https://x",
        certificateAuthorityData: "Q0E=",
      }),
    ) as { users: { user: { exec: { command: string; args: string[] }; token?: string } }[] };
    assert.equal(config.users[0].user.exec.command, "doctl");
    assert.deepEqual(config.users[0].user.exec.args, [
      "kubernetes",
      "cluster",
      "kubeconfig",
      "exec-credential",
      "--version=v1beta1",
      "c1",
    ]);
    assert.equal(config.users[0].user.token, undefined);
  });
});
