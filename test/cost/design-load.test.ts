/**
 * Each tier at its design load. For the shared tiers: one full shard (`DEFAULT_TENANTS_PER_SHARD`
 * tenants) of the tier's default customer (its tier's quota, no data stores, its minimum seats) alone in
 * a region; for the Cloud tier: its default customer in one region. The platform cluster and the
 * environment of each cloud are planned once by the real program, in the cloud's first catalog region, and
 * priced with the list prices of every region of that cloud: a cloud's clusters declare the same
 * resources in each of its regions (the same instance types, three zones), only the prices differ.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { priceBook } from "../../cost/book.js";
import { type StackCost, estimateStackCost } from "../../cost/estimate.js";
import { platformStackName } from "../../domain/naming.js";
import type { StackConfigInput } from "../../domain/stack-config.js";
import { DEFAULT_TENANTS_PER_SHARD } from "../../domain/placement.js";
import { TIER_SPECS, type TierName } from "../../domain/tiers.js";
import type { RecordedPlan } from "../../planner/types.js";
import { CATALOG, MANAGED_CLOUDS, type ManagedCloudName } from "../../regions/index.js";
import { planRequests } from "../support/plan.js";

const FIRST: Record<ManagedCloudName, string> = {
  aws: "eu-west-1",
  gcp: "europe-west1",
  azure: "westeurope",
  scaleway: "fr-par",
  digitalocean: "nyc3",
};

const platforms = new Map<ManagedCloudName, RecordedPlan>();
const environments = new Map<ManagedCloudName, RecordedPlan>();

before(async () => {
  const requests = MANAGED_CLOUDS.flatMap((cloud) => [
    {
      name: platformStackName({ cloud, region: FIRST[cloud] }),
      config: { kind: "platform" as const, region: `${cloud}:${FIRST[cloud]}`, tenants: [] },
    },
    {
      name: `design-${cloud}-${FIRST[cloud]}`,
      config: {
        kind: "environment" as const,
        region: `${cloud}:${FIRST[cloud]}`,
        customer: { id: "design", tier: "cloud" as const, members: [] },
      },
    },
  ]);
  for (const plan of await planRequests(requests)) {
    (plan.kind === "platform" ? platforms : environments).set(plan.cloud as ManagedCloudName, plan);
  }
});

function regionsOf(cloud: ManagedCloudName): string[] {
  return Object.keys(CATALOG[cloud].regions);
}

/** A shard full of the tier's default customers, alone in `cloud:region`, priced. */
function designShard(tier: TierName, cloud: ManagedCloudName, region: string) {
  const stack = platformStackName({ cloud, region });
  const config: StackConfigInput = {
    kind: "platform",
    region: `${cloud}:${region}`,
    tenants: Array.from({ length: DEFAULT_TENANTS_PER_SHARD }, (_, i) => ({
      id: `t${String(i).padStart(3, "0")}`,
      tier,
      members: [{ email: `owner${i}@example.com`, role: "owner" as const }],
    })),
  };
  const cost: StackCost = estimateStackCost({ ...platforms.get(cloud)!, stack, region });
  return priceBook({
    stacks: [stack],
    configOf: (s) => (s === stack ? config : undefined),
    costs: new Map([[stack, cost]]),
  });
}

describe("the shared tiers at the design load of a shard", () => {
  it("Developer in Ireland, worked by hand: $3,351.70 for the cluster, $22.34 or $22.35 a tenant", () => {
    const b = designShard("developer", "aws", "eu-west-1");
    // 150 x 0.4 vCPU = 60 vCPU on 7.2 schedulable vCPU per m7i.2xlarge: 9 nodes, 3 per zone.
    // $73.00 control plane + 9 x $326.602 ($2,939.43) + 9 x 100 GiB at $0.088 ($79.20) + 3 NAT gateways
    // at $0.048/h ($105.12) + their 3 addresses ($10.95) + 3,000 GiB through NAT at $0.048 ($144.00).
    assert.equal(b.stacks[0].platform!.sizing!.nodes, 9);
    assert.equal(b.stacks[0].monthlyUSD, 3351.7);
    const costs = new Set(b.customers.map((c) => c.costMonthlyUSD));
    assert.deepEqual([...costs].sort(), [22.34, 22.35]);
    const first = b.customers[0];
    assert.equal(first.priceMonthlyUSD, 35);
    assert.equal(first.marginPercent, 36.1);
    assert.deepEqual(b.warnings, []);
  });

  for (const tier of ["developer", "team"] as const) {
    it(`${tier}: its default customer's margin is not negative in any catalog region`, () => {
      for (const cloud of MANAGED_CLOUDS) {
        for (const region of regionsOf(cloud)) {
          const b = designShard(tier, cloud, region);
          assert.ok(b.totals.reconciled);
          for (const c of b.customers) {
            assert.equal(c.seats, TIER_SPECS[tier].minSeats);
            assert.equal(c.priceMonthlyUSD, 35 * TIER_SPECS[tier].minSeats);
            assert.ok(c.marginMonthlyUSD >= 0, `${tier} in ${cloud}:${region}: margin ${c.marginMonthlyUSD}`);
          }
          assert.deepEqual(b.warnings, [], `${cloud}:${region}`);
        }
      }
    });
  }

  it("community: reported as what the free tier costs per customer, with no margin and no warning", () => {
    for (const cloud of MANAGED_CLOUDS) {
      for (const region of regionsOf(cloud)) {
        const b = designShard("community", cloud, region);
        for (const c of b.customers) {
          assert.equal(c.priceMonthlyUSD, 0);
          assert.equal(c.marginPercent, null);
          assert.ok(c.costMonthlyUSD > 0 && c.costMonthlyUSD < 35, `${cloud}:${region}: ${c.costMonthlyUSD}`);
        }
        // The cluster at its minimum serves the whole free shard: 3 nodes.
        assert.equal(b.stacks[0].platform!.sizing!.nodes, 3);
        assert.deepEqual(b.warnings, []);
      }
    }
  });
});

describe("the Cloud tier at its design load", () => {
  it("its default customer (10 seats, one environment) has a margin that is not negative in any region", () => {
    for (const cloud of MANAGED_CLOUDS) {
      const plan = environments.get(cloud)!;
      for (const region of regionsOf(cloud)) {
        const stack = `design-${cloud}-${region}`;
        const config: StackConfigInput = {
          kind: "environment",
          region: `${cloud}:${region}`,
          customer: { id: "design", tier: "cloud", members: [] },
        };
        const b = priceBook({
          stacks: [stack],
          configOf: () => config,
          costs: new Map([[stack, estimateStackCost({ ...plan, stack, region })]]),
        });
        const [c] = b.customers;
        assert.equal(c.priceMonthlyUSD, 10 * 35 + 1990);
        assert.ok(c.marginMonthlyUSD >= 0, `${cloud}:${region}: cost ${c.costMonthlyUSD}`);
        if (cloud === "aws" && region === "eu-west-1") {
          // Its NAT gateways carry the tier's 1,000 GiB of assumed egress at $0.048/GiB.
          assert.deepEqual(
            b.stacks[0].items.filter((i) => i.usage).map((i) => i.monthlyUSD),
            [48],
          );
        }
      }
    }
  });
});
