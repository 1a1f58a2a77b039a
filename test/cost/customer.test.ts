import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { customerCost, quotaRequests, stackShare } from "../../cost/customer.js";
import { estimateStackCost } from "../../cost/estimate.js";
import { TIER_SPECS } from "../../domain/tiers.js";
import type { StackPlan } from "../../planner/types.js";
import { type Resource, awsStack, mutate, tenantStack } from "../policy/fixtures.js";

function plan(stack: string, kind: StackPlan["kind"], region: string, resources: readonly Resource[]) {
  const cloud = "aws" as const;
  const p = { stack, kind, cloud, region, resources };
  return { plan: p, cost: estimateStackCost(p) };
}

/** A platform stack: the AWS cluster of the fixtures with the tenant namespace of `tenantStack` on it. */
function platform(extraTenantLines = false) {
  let resources = [
    ...awsStack().filter((r) => !r.type.startsWith("aws:rds") && !r.type.startsWith("aws:elasticache")),
    ...tenantStack(),
  ];
  if (extraTenantLines) {
    // Another tenant's LoadBalancer Service: its line is that tenant's, not shared.
    resources = mutate(resources, {
      rule: "",
      baseline: "tenants",
      target: { group: "service" },
      change: { set: { "spec.type": "LoadBalancer", "metadata.namespace": "other" } },
    })!;
  }
  return plan("platform-aws-eu-west-1", "platform", "eu-west-1", resources);
}

describe("a customer's share of a platform stack", () => {
  it("reads its quota requests", () => {
    assert.deepEqual(quotaRequests(tenantStack(), "acme"), { vcpu: 8, memoryGiB: 16 });
    assert.equal(quotaRequests(tenantStack(), "nobody"), undefined);
  });

  it("is the larger of its CPU and memory requests relative to the cluster's capacity, of the shared lines", () => {
    const { plan: p, cost } = platform();
    // Capacity: 2 nodes of 8 vCPU / 32 GiB; the quota asks 8 vCPU and 16 GiB: CPU dominates at 50%.
    assert.deepEqual(cost.capacity, { vcpu: 16, memoryGiB: 64 });
    const share = stackShare("acme", p, cost);
    assert.equal(share.share, 0.5);
    const shared = cost.items
      .filter((i) => i.tenant === undefined)
      .reduce((s, i) => s + Math.round(i.monthlyUSD * 100), 0);
    const own = cost.items
      .filter((i) => i.tenant === "acme")
      .reduce((s, i) => s + Math.round(i.monthlyUSD * 100), 0);
    assert.ok(own > 0, "the tenant's own volumes");
    assert.equal(Math.round(share.monthlyUSD * 100), Math.round(shared * 0.5) + own);
    assert.match(share.basis, /quota requests 8 vCPU \/ 16 GiB of 16 vCPU \/ 64 GiB capacity = 50%/);
  });

  it("leaves other tenants' own lines out", () => {
    const without = platform();
    const withOther = platform(true);
    const other = withOther.cost.items.find((i) => i.tenant === "other");
    assert.ok(other && other.monthlyUSD > 0);
    // The other tenant's load balancer adds a line to the stack and nothing to acme's share.
    assert.ok(withOther.cost.monthlyUSD > without.cost.monthlyUSD);
    assert.equal(
      stackShare("acme", withOther.plan, withOther.cost).monthlyUSD,
      stackShare("acme", without.plan, without.cost).monthlyUSD,
    );
  });

  it("is capped at the whole stack", () => {
    const big = mutate(platform().plan.resources, {
      rule: "",
      baseline: "tenants",
      target: { group: "resourceQuota" },
      change: { set: { "spec.hard[requests.cpu]": "1000" } },
    })!;
    const p = plan("platform-aws-eu-west-1", "platform", "eu-west-1", big);
    assert.equal(stackShare("acme", p.plan, p.cost).share, 1);
  });

  it("is not attributed without a quota, and says why", () => {
    const { plan: p, cost } = platform();
    const share = stackShare("nobody", p, cost);
    assert.equal(share.share, 0);
    assert.equal(share.monthlyUSD, 0);
    assert.match(share.basis, /no ResourceQuota/);
  });
});

describe("a customer's cost against its tier's price", () => {
  it("pays its own environments whole and compares with seats x price per seat", () => {
    const env = plan("acme-aws-eu-west-1", "environment", "eu-west-1", awsStack());
    const members = Array.from({ length: TIER_SPECS.cloud.minSeats + 2 }, (_, i) => `m${i}`);
    const result = customerCost({ id: "acme", tier: "cloud", members }, [env]);
    assert.equal(result.costMonthlyUSD, env.cost.monthlyUSD);
    assert.equal(result.seats, members.length);
    assert.equal(result.priceMonthlyUSD, members.length * TIER_SPECS.cloud.pricePerSeatMonthlyUSD);
    assert.equal(
      Math.round(result.marginMonthlyUSD * 100),
      Math.round(result.priceMonthlyUSD * 100) - Math.round(result.costMonthlyUSD * 100),
    );
    assert.equal(
      result.marginPercent,
      Math.round((result.marginMonthlyUSD / result.priceMonthlyUSD) * 1000) / 10,
    );
  });

  it("costs more in two regions than in one, at the same price", () => {
    const one = [plan("acme-aws-eu-west-1", "environment", "eu-west-1", awsStack())];
    const two = [...one, plan("acme-aws-us-east-1", "environment", "us-east-1", awsStack())];
    const customer = { id: "acme", tier: "cloud" as const, members: ["a"] };
    const a = customerCost(customer, one);
    const b = customerCost(customer, two);
    assert.ok(b.costMonthlyUSD > a.costMonthlyUSD);
    assert.equal(b.priceMonthlyUSD, a.priceMonthlyUSD);
    assert.equal(b.stacks.length, 2);
  });

  it("bills at least the tier's minimum seats", () => {
    const result = customerCost({ id: "acme", tier: "cloud", members: ["a"] }, []);
    assert.equal(result.seats, TIER_SPECS.cloud.minSeats);
    assert.equal(result.priceMonthlyUSD, TIER_SPECS.cloud.minSeats * TIER_SPECS.cloud.pricePerSeatMonthlyUSD);
  });

  it("counts at least one seat, and has no margin percentage on the free tier", () => {
    const result = customerCost({ id: "acme", tier: "community", members: [] }, []);
    assert.equal(result.seats, 1);
    assert.equal(result.priceMonthlyUSD, 0);
    assert.equal(result.marginPercent, null);
  });

  it("counts existing clusters at 0", () => {
    const p = {
      stack: "platform-kubeconfig-local",
      kind: "platform" as const,
      cloud: "kubeconfig" as const,
      region: "local",
      resources: tenantStack(),
    };
    const result = customerCost({ id: "acme", tier: "team", members: ["a"] }, [
      { plan: p, cost: estimateStackCost(p) },
    ]);
    assert.equal(result.costMonthlyUSD, 0);
    assert.match(result.stacks[0].basis, /not estimated/);
  });
});
