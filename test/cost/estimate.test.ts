import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type CostItem,
  EXISTING_CLUSTER_NOTE,
  PRICED_GROUPS,
  estimateStackCost,
} from "../../cost/estimate.js";
import { HOURS_PER_MONTH } from "../../cost/rates.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { CLOUD_MODULES } from "../../clouds/index.js";
import { TOKENS } from "../../clouds/tokens.js";
import { CATALOG } from "../../regions/index.js";
import {
  type Resource,
  awsStack,
  azureStack,
  gcpStack,
  mutate,
  scalewayStack,
  tenantStack,
} from "../policy/fixtures.js";

const cents = (usd: number) => Math.round(usd * 100);
const monthly = (hourly: number, count = 1) => cents(hourly * HOURS_PER_MONTH * count) / 100;

function plan(
  cloud: RecordedPlan["cloud"],
  region: string,
  resources: readonly PlannedResource[],
  kind: RecordedPlan["kind"] = "environment",
) {
  return { stack: `acme-${cloud}-${region}`, kind, cloud, region, resources };
}

function line(items: readonly CostItem[], name: string, category?: string): CostItem {
  const found = items.filter((i) => i.urn.endsWith(`::${name}`) && (!category || i.category === category));
  assert.equal(
    found.length,
    1,
    `one ${category ?? ""} line for ${name}: ${JSON.stringify(items.map((i) => i.description))}`,
  );
  return found[0];
}

function assertAddsUp(items: readonly CostItem[], total: number) {
  assert.equal(
    items.reduce((s, i) => s + cents(i.monthlyUSD), 0),
    cents(total),
    "the lines add up to the total",
  );
}

const awsRegion = CATALOG.aws.regions["eu-west-1"];

describe("cost of an AWS environment", () => {
  const cost = estimateStackCost(plan("aws", "eu-west-1", awsStack()));

  it("prices every line from the catalog at 730 hours a month", () => {
    const p = awsRegion.prices;
    assert.equal(line(cost.items, "acme-eks").monthlyUSD, monthly(p.clusterHourlyUSD));
    assert.equal(
      line(cost.items, "acme-nodes-a", "nodes").monthlyUSD,
      monthly(awsRegion.machines.large.hourlyUSD, 2),
    );
    // The node group's one launch template gives each node a 100 GiB root volume.
    assert.equal(
      line(cost.items, "acme-nodes-a", "storage").monthlyUSD,
      cents(p.storageGiBMonthUSD * 200) / 100,
    );
    assert.equal(line(cost.items, "acme-nat-a").monthlyUSD, monthly(p.natGatewayHourlyUSD));
    assert.equal(line(cost.items, "acme-lb").monthlyUSD, monthly(p.loadBalancerHourlyUSD));
    assert.equal(line(cost.items, "acme-volume").monthlyUSD, cents(p.storageGiBMonthUSD * 50) / 100);
    // Multi-AZ doubles the instance and its storage, at RDS's own storage rate (General Purpose SSD for
    // PostgreSQL in Ireland, $0.127/GB-month on the RDS pricing page), not EBS's gp3 rate: 2 x 100 GiB.
    assert.equal(line(cost.items, "acme-pg", "datastore").monthlyUSD, monthly(p.postgresHourlyUSD.large, 2));
    assert.equal(line(cost.items, "acme-pg", "storage").monthlyUSD, 25.4);
    assert.equal(line(cost.items, "acme-redis").monthlyUSD, monthly(p.redisHourlyUSD.large, 3));
    assertAddsUp(cost.items, cost.monthlyUSD);
  });

  it("lists lines by category and counts node capacity", () => {
    const order = cost.items.map((i) => i.category);
    assert.deepEqual(
      order,
      [...order].sort(
        (a, b) =>
          ["cluster", "nodes", "network", "datastore", "storage"].indexOf(a) -
          ["cluster", "nodes", "network", "datastore", "storage"].indexOf(b),
      ),
    );
    assert.deepEqual(cost.capacity, { vcpu: 16, memoryGiB: 64 });
    assert.ok(cost.estimated);
    assert.match(cost.notes[0], /2026-11-01.*730 h\/month/);
  });

  it("marks a machine or data store class the catalog does not have as unpriced, at 0", () => {
    const odd = mutate(awsStack(), {
      rule: "",
      baseline: "aws",
      target: { group: "eksNodeGroup" },
      change: { set: { instanceTypes: ["x9.mega"] } },
    })!;
    const oddCost = estimateStackCost(plan("aws", "eu-west-1", odd));
    const nodes = line(oddCost.items, "acme-nodes-a", "nodes");
    assert.equal(nodes.monthlyUSD, 0);
    assert.equal(nodes.unpriced, true);
    assert.match(nodes.description, /x9\.mega.*not priced/);
    assert.ok(oddCost.notes.some((n) => n.includes("no price")));
  });
});

describe("cost of GCP, Azure and Scaleway environments", () => {
  it("GCP: regional control plane, a regional pool in every catalog zone, HA Cloud SQL, Memorystore by tier and size", () => {
    const region = CATALOG.gcp.regions["europe-west1"];
    const cost = estimateStackCost(plan("gcp", "europe-west1", gcpStack()));
    assert.match(line(cost.items, "acme-gke").description, /regional/);
    assert.equal(line(cost.items, "acme-gke").monthlyUSD, monthly(region.prices.clusterSlaHourlyUSD));
    assert.equal(
      line(cost.items, "acme-nodes", "nodes").monthlyUSD,
      monthly(region.machines.large.hourlyUSD, region.zones.length),
    );
    assert.equal(
      line(cost.items, "acme-pg", "datastore").monthlyUSD,
      monthly(region.prices.postgresHourlyUSD.large, 2),
    );
    assert.equal(line(cost.items, "acme-redis").monthlyUSD, monthly(region.prices.redisHourlyUSD.large));
    // Cloud NAT's hours, and the address it allocates itself ($0.005/h: $3.65 a month).
    const nat = cost.items.filter((i) => i.urn.endsWith("::acme-nat"));
    assert.deepEqual(
      nat.map((i) => [i.category, i.monthlyUSD, i.egress === true]),
      [
        ["network", monthly(region.prices.natGatewayHourlyUSD), true],
        ["network", 3.65, false],
      ],
    );
    assertAddsUp(cost.items, cost.monthlyUSD);
  });

  it("GCP: explicit node locations and total minimums decide the node count", () => {
    const region = CATALOG.gcp.regions["europe-west1"];
    for (const [set, nodes] of [
      [{ nodeLocations: ["europe-west1-b", "europe-west1-c"] }, 2],
      [{ "autoscaling.totalMinNodeCount": 4 }, 4],
      [{ nodeCount: 2, autoscaling: undefined }, 2 * region.zones.length],
    ] as const) {
      const stack = mutate(gcpStack(), {
        rule: "",
        baseline: "gcp",
        target: { group: "gkeNodePool" },
        change: { set },
      })!;
      const cost = estimateStackCost(plan("gcp", "europe-west1", stack));
      assert.equal(
        line(cost.items, "acme-nodes", "nodes").monthlyUSD,
        monthly(region.machines.large.hourlyUSD, nodes),
        JSON.stringify(set),
      );
    }
  });

  it("Azure: Standard tier control plane, pools in and beside the cluster, HA PostgreSQL, Premium Redis", () => {
    const region = CATALOG.azure.regions.westeurope;
    const cost = estimateStackCost(plan("azure", "westeurope", azureStack()));
    assert.equal(
      line(cost.items, "acme-aks", "cluster").monthlyUSD,
      monthly(region.prices.clusterSlaHourlyUSD),
    );
    assert.equal(
      line(cost.items, "acme-aks", "nodes").monthlyUSD,
      monthly(region.machines.medium.hourlyUSD, 3),
    );
    assert.equal(
      line(cost.items, "acme-pool-user", "nodes").monthlyUSD,
      monthly(region.machines.large.hourlyUSD, 3),
    );
    assert.equal(
      line(cost.items, "acme-pg", "datastore").monthlyUSD,
      monthly(region.prices.postgresHourlyUSD.large, 2),
    );
    assert.equal(line(cost.items, "acme-redis").monthlyUSD, monthly(region.prices.redisHourlyUSD.large));
    assertAddsUp(cost.items, cost.monthlyUSD);
  });

  it("Azure: the outbound path AKS creates itself is priced by its outbound type", () => {
    const region = CATALOG.azure.regions.westeurope;
    const withOutbound = (outboundType: string | undefined) => {
      const stack = mutate(azureStack(), {
        rule: "",
        baseline: "azure",
        target: { group: "aksCluster" },
        change: { set: { "networkProfile.outboundType": outboundType } },
      })!;
      return estimateStackCost(plan("azure", "westeurope", stack)).items.filter(
        (i) => i.urn.endsWith("::acme-aks") && i.category === "network",
      );
    };
    assert.equal(withOutbound(undefined)[0].monthlyUSD, monthly(region.prices.loadBalancerHourlyUSD));
    assert.equal(withOutbound("managedNATGateway")[0].monthlyUSD, monthly(region.prices.natGatewayHourlyUSD));
    assert.deepEqual(withOutbound("userAssignedNATGateway"), []);
  });

  it("Scaleway: dedicated control plane, pools at their minimum, HA database, Redis nodes", () => {
    const region = CATALOG.scaleway.regions["fr-par"];
    const cost = estimateStackCost(plan("scaleway", "fr-par", scalewayStack()));
    assert.equal(line(cost.items, "acme-kapsule").monthlyUSD, monthly(region.prices.clusterSlaHourlyUSD));
    assert.equal(
      line(cost.items, "acme-pool", "nodes").monthlyUSD,
      monthly(region.machines.large.hourlyUSD, 1),
    );
    assert.equal(
      line(cost.items, "acme-pg", "datastore").monthlyUSD,
      monthly(region.prices.postgresHourlyUSD.large, 2),
    );
    assert.equal(line(cost.items, "acme-redis").monthlyUSD, monthly(region.prices.redisHourlyUSD.large, 3));
    assert.equal(line(cost.items, "acme-gw").monthlyUSD, monthly(region.prices.natGatewayHourlyUSD));
    assertAddsUp(cost.items, cost.monthlyUSD);
  });
});

describe("price facts", () => {
  const res = (type: string, name: string, inputs: Record<string, unknown>): Resource => ({
    urn: `urn:pulumi:s::cloudtier::${type}::${name}`,
    type,
    name,
    parent: null,
    provider: null,
    custom: true,
    protect: false,
    inputs,
  });

  it("AWS: every Elastic IP (a NAT gateway's address included) is a public IPv4 address at $0.005/h", () => {
    const cost = estimateStackCost(
      plan("aws", "us-east-1", [
        res("aws:ec2/eip:Eip", "nat-ip-a", { domain: "vpc" }),
        res("aws:ec2/eip:Eip", "nat-ip-b", { domain: "vpc" }),
        res("aws:ec2/natGateway:NatGateway", "nat-a", {}),
      ]),
    );
    // 730 h x $0.005 = $3.65 per address; the NAT gateway at $0.045/h in N. Virginia is $32.85.
    assert.deepEqual(
      cost.items.map((i) => [i.urn.split("::").pop(), i.monthlyUSD]),
      [
        ["nat-ip-a", 3.65],
        ["nat-ip-b", 3.65],
        ["nat-a", 32.85],
      ],
    );
    assert.equal(cost.items.find((i) => i.urn.endsWith("::nat-a"))?.egress, true);
  });

  it("EKS: a version past standard support costs $0.60/h where the cluster stays on it, and says so", () => {
    const withSupport = (supportType: string | undefined) =>
      estimateStackCost(
        plan("aws", "eu-west-1", [
          res("aws:eks/cluster:Cluster", "eks", {
            version: "1.33",
            ...(supportType ? { upgradePolicy: { supportType } } : {}),
          }),
        ]),
      );
    // EKS 1.33 left standard support on 2026-07-29; the catalog's prices are of 2026-11-01.
    for (const extended of [withSupport("EXTENDED"), withSupport(undefined)]) {
      assert.equal(extended.items[0].monthlyUSD, 438);
      assert.match(
        extended.items[0].description,
        /extended support \(Kubernetes 1\.33 left EKS standard support on 2026-07-29\)/,
      );
    }
    const standard = withSupport("STANDARD");
    assert.equal(standard.items[0].monthlyUSD, 73);
    assert.ok(
      standard.notes.some((n) =>
        /1\.33 left EKS standard support on 2026-07-29: .*upgrades the control plane/.test(n),
      ),
      standard.notes.join("\n"),
    );
    const current = estimateStackCost(
      plan("aws", "eu-west-1", [res("aws:eks/cluster:Cluster", "eks", { version: "1.35" })]),
    );
    assert.equal(current.items[0].monthlyUSD, 73, "1.35 is in standard support until 2027-03-27");
  });

  it("Scaleway: euro list prices converted at the catalog's dated rate", () => {
    const cost = estimateStackCost(
      plan("scaleway", "fr-par", [
        res("scaleway:kubernetes/pool:Pool", "pool", {
          nodeType: "PRO2-S",
          minSize: 1,
          maxSize: 3,
          autoscaling: true,
        }),
        res("scaleway:network/publicGatewayIp:PublicGatewayIp", "gw-ip", {}),
      ]),
    );
    // PRO2-S lists at EUR 0.2398/h; at 1.16 USD per EUR that is $0.2782/h, $203.09 a month.
    assert.equal(cost.items[0].monthlyUSD, 203.09);
    assert.match(cost.items[0].description, /\$0\.2782\/h/);
    assert.ok(cost.notes.some((n) => /EUR list prices converted at 1\.16 USD per EUR .*2026-10-30/.test(n)));
    // The public gateway's flexible IP: EUR 0.004/h, $0.0046/h, $3.36 a month.
    assert.equal(cost.items[1].monthlyUSD, 3.36);
  });

  it("every node pool carries its bounds and whether tenants run on it", () => {
    // The system pool as the AKS component declares it: tainted for critical add-ons only.
    const tainted = azureStack().map((r) => {
      const profiles = r.inputs["agentPoolProfiles"] as Record<string, unknown>[] | undefined;
      if (!profiles) return r;
      const nodeTaints = ["CriticalAddonsOnly=true:NoSchedule"];
      return {
        ...r,
        inputs: { ...r.inputs, agentPoolProfiles: profiles.map((p) => ({ ...p, nodeTaints })) },
      };
    });
    const azure = estimateStackCost(plan("azure", "westeurope", tainted));
    const pools = azure.items.filter((i) => i.scaling).map((i) => [i.scaling!.label, i.scaling!.tenantPods]);
    assert.deepEqual(pools, [
      ["node pool system", false],
      ["node pool acme-pool-user", true],
    ]);
    const gcp = estimateStackCost(plan("gcp", "europe-west1", gcpStack()));
    const nodes = gcp.items.find((i) => i.scaling)!.scaling!;
    assert.equal(nodes.minNodes, 3);
    assert.ok(nodes.maxNodes >= nodes.minNodes);
  });
});

describe("cost of Kubernetes objects on a cloud", () => {
  it("prices a tenant's volumes and LoadBalancer Services as that tenant's lines", () => {
    const withLb = mutate(tenantStack(), {
      rule: "",
      baseline: "tenants",
      target: { group: "service" },
      change: { set: { "spec.type": "LoadBalancer" } },
    })!;
    const region = CATALOG.aws.regions["eu-west-1"];
    const cost = estimateStackCost(plan("aws", "eu-west-1", withLb, "platform"));
    const lb = line(cost.items, "acme-redis-svc");
    assert.equal(lb.monthlyUSD, monthly(region.prices.loadBalancerHourlyUSD));
    assert.equal(lb.tenant, "acme");
    assert.equal(
      line(cost.items, "acme-data").monthlyUSD,
      cents(region.prices.storageGiBMonthUSD * 20) / 100,
    );
    assert.equal(
      line(cost.items, "acme-redis", "storage").monthlyUSD,
      cents(region.prices.storageGiBMonthUSD * 5) / 100,
    );
    assert.ok(cost.items.every((i) => i.tenant === "acme"));
    assert.ok(
      cost.notes.some((n) => n.includes("share")),
      "platform stacks say how they are shared",
    );
  });
});

describe("existing clusters", () => {
  it("cost 0, price nothing and say that cost is not estimated", () => {
    const cost = estimateStackCost(plan("kubeconfig", "local", tenantStack(), "platform"));
    assert.equal(cost.monthlyUSD, 0);
    assert.equal(cost.estimated, false);
    assert.deepEqual(cost.items, []);
    assert.deepEqual(cost.notes, [EXISTING_CLUSTER_NOTE]);
    assert.match(EXISTING_CLUSTER_NOTE, /not estimated/);
  });
});

describe("every priced resource type", () => {
  it("is a known token group", () => {
    for (const group of PRICED_GROUPS) assert.ok(group in TOKENS, group);
  });

  it("is priced by the folder of the cloud whose provider it belongs to", () => {
    const provider = {
      aws: "aws:",
      gcp: "gcp:",
      azure: "azure-native:",
      scaleway: "scaleway:",
      digitalocean: "digitalocean:",
      kubeconfig: "(none)",
    } as const;
    for (const [cloud, module] of Object.entries(CLOUD_MODULES)) {
      for (const [group] of module.pricers) {
        for (const token of TOKENS[group]) {
          assert.ok(
            token.startsWith(provider[cloud as keyof typeof provider]),
            `${cloud}: ${group}: ${token}`,
          );
        }
      }
    }
    assert.equal(CLOUD_MODULES.kubeconfig.pricers.length, 0);
  });
});

describe("lines add up (property)", () => {
  it("for any node counts, machine classes and numbers of NAT gateways and volumes", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            size: fc.constantFrom("small", "medium", "large"),
            count: fc.integer({ min: 0, max: 50 }),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 5 }),
        fc.constantFrom(...(Object.keys(CATALOG.aws.regions) as (keyof typeof CATALOG.aws.regions)[])),
        (groups, nats, volumes, regionName) => {
          const region = CATALOG.aws.regions[regionName];
          const resources: Resource[] = [];
          const res = (type: string, name: string, inputs: Record<string, unknown>): Resource => ({
            urn: `urn:pulumi:s::cloudtier::${type}::${name}`,
            type,
            name,
            parent: null,
            provider: null,
            custom: true,
            protect: false,
            inputs,
          });
          groups.forEach((g, i) =>
            resources.push(
              res("aws:eks/nodeGroup:NodeGroup", `g${i}`, {
                instanceTypes: [region.machines[g.size as "small"].instanceType],
                scalingConfig: { desiredSize: g.count, minSize: g.count, maxSize: 100 },
                diskSize: 20,
              }),
            ),
          );
          for (let i = 0; i < nats; i++) resources.push(res("aws:ec2/natGateway:NatGateway", `nat${i}`, {}));
          volumes.forEach((size, i) => resources.push(res("aws:ebs/volume:Volume", `v${i}`, { size })));
          const cost = estimateStackCost(plan("aws", regionName, resources));
          assertAddsUp(cost.items, cost.monthlyUSD);
          const nodes = groups.reduce(
            (s, g) => s + cents(region.machines[g.size as "small"].hourlyUSD * 730 * g.count),
            0,
          );
          assert.equal(
            cost.items.filter((i) => i.category === "nodes").reduce((s, i) => s + cents(i.monthlyUSD), 0),
            nodes,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
