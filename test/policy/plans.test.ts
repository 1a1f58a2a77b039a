/**
 * The pack on real plans: every tier on every cloud plans with no mandatory violation, the cost lines of
 * each plan add up, and the fixtures' mutations, applied to a real plan that satisfies their rule, make it
 * fail. A cloud whose cluster component is still the placeholder ("not built yet") cannot be planned: its
 * cases are skipped and say so; any other planning error fails.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { customerCost } from "../../cost/customer.js";
import { estimateStackCost } from "../../cost/estimate.js";
import { parseCustomer } from "../../domain/customer.js";
import { type StackSpec, stacksForCustomer } from "../../domain/placement.js";
import { SHARED_TIERS } from "../../domain/tiers.js";
import { planStacks } from "../../planner/plan.js";
import type { RecordedPlan } from "../../planner/types.js";
import { evaluatePolicies } from "../../policy/evaluate.js";
import { POLICIES } from "../../policy/rules/index.js";
import { CLOUDS, type CloudName } from "../../regions/index.js";
import { MUTATIONS, type Resource, mutate, targetOf } from "./fixtures.js";

const REGION: Record<CloudName, string> = {
  aws: "aws:eu-west-1",
  gcp: "gcp:europe-west1",
  azure: "azure:westeurope",
  scaleway: "scaleway:fr-par",
  digitalocean: "digitalocean:nyc3",
  kubeconfig: "kubeconfig:local",
};
const NOT_BUILT = /clusters on \w+ are not built yet/;

/** One platform stack per cloud with a tenant of every shared tier, and a Cloud-tier environment per cloud. */
function requests(): StackSpec[] {
  const specs: StackSpec[] = [];
  for (const cloud of CLOUDS) {
    const platform = new Map<string, StackSpec>();
    for (const tier of SHARED_TIERS) {
      const customer = parseCustomer({
        id: `acme-${tier}`,
        tier,
        regions: [REGION[cloud]],
        members: ["ann@example.com:owner"],
        redis: true,
        postgres: true,
      });
      for (const spec of stacksForCustomer(customer, (name) => platform.get(name)?.config))
        platform.set(spec.name, spec);
    }
    specs.push(...platform.values());
    if (cloud !== "kubeconfig") {
      const customer = parseCustomer({
        id: "acme",
        tier: "cloud",
        regions: [REGION[cloud]],
        members: ["ann@example.com:owner", "bob@example.com:developer"],
        redis: true,
        postgres: true,
      });
      specs.push(...stacksForCustomer(customer));
    }
  }
  return specs;
}

const planned = new Map<string, RecordedPlan>();
const unbuilt = new Map<string, string>();
const specs = requests();

before(async () => {
  const outcome = await planStacks(specs.map((s) => ({ name: s.name, config: s.config })));
  for (const plan of outcome.plans) planned.set(plan.stack, plan);
  for (const error of outcome.errors) {
    assert.match(error.message, NOT_BUILT, `${error.stackName} plans, or fails only for want of its cluster`);
    unbuilt.set(error.stackName, error.message);
  }
});

describe("every tier on every cloud", () => {
  for (const spec of specs) {
    it(`${spec.name}: no mandatory violation`, async (t) => {
      const plan = planned.get(spec.name);
      if (!plan) return t.skip(`not planned: ${unbuilt.get(spec.name)}`);
      const violations = await evaluatePolicies(plan.resources, { stack: plan.stack });
      const mandatory = violations.filter((v) => v.level === "mandatory");
      assert.deepEqual(
        mandatory.map((v) => `${v.policy}: ${v.urn.split("::").pop()}: ${v.message}`),
        [],
        `${spec.name} has no mandatory violation`,
      );
      for (const v of violations) t.diagnostic(`advisory ${v.policy}: ${v.message}`);
    });

    it(`${spec.name}: cost lines add up to the total`, (t) => {
      const plan = planned.get(spec.name);
      if (!plan) return t.skip("not planned");
      const cost = estimateStackCost(plan);
      const sum = cost.items.reduce((s, i) => s + Math.round(i.monthlyUSD * 100), 0);
      assert.equal(sum, Math.round(cost.monthlyUSD * 100));
      if (plan.cloud === "kubeconfig") {
        assert.equal(cost.monthlyUSD, 0);
        assert.equal(cost.estimated, false);
      } else {
        for (const category of ["cluster", "nodes"] as const) {
          assert.ok(
            cost.items.some((i) => i.category === category && i.monthlyUSD > 0),
            `${category} line`,
          );
        }
        assert.deepEqual(
          cost.items.filter((i) => i.unpriced).map((i) => i.description),
          [],
          "everything is priced",
        );
      }
    });
  }

  it("reports which clouds could be planned", (t) => {
    const clouds = [...new Set([...planned.values()].map((p) => p.cloud))].sort();
    t.diagnostic(`planned: ${clouds.join(", ")}; not built: ${[...unbuilt.keys()].join(", ") || "none"}`);
    assert.ok(clouds.includes("kubeconfig"), "existing clusters always plan");
  });
});

describe("mutating a guarded property of a real compliant plan triggers its rule", () => {
  it("every applicable mutation of every real plan", async (t) => {
    let applied = 0;
    const triggered = new Set<string>();
    const silent: string[] = [];
    for (const plan of planned.values()) {
      const resources = plan.resources as Resource[];
      const cloudOf = (baseline: string) => (baseline === "tenants" ? plan.cloud : baseline);
      for (const m of MUTATIONS) {
        if (m.onRealPlans === false || cloudOf(m.baseline) !== plan.cloud) continue;
        if (!("add" in m.change) && !targetOf(resources, m.target)) continue;
        const before = await evaluatePolicies(resources, { policies: policiesNamed(m.rule) });
        // Only where the real plan satisfies the rule: what the mutation breaks must be what it guards.
        if (before.length > 0) continue;
        const mutated = mutate(resources, m);
        if (!mutated) continue;
        const after = await evaluatePolicies(mutated, { policies: policiesNamed(m.rule), stack: plan.stack });
        if (after.length === 0) silent.push(`${plan.stack}: ${m.rule} after ${JSON.stringify(m.change)}`);
        applied++;
        triggered.add(m.rule);
      }
    }
    t.diagnostic(`${applied} mutations on real plans, triggering ${triggered.size} rules`);
    assert.deepEqual(silent, [], "every mutation triggers its rule");
    assert.ok(applied >= 20, `${applied} mutations applied to real plans`);
  });
});

describe("a Cloud-tier customer", () => {
  it("costs more in two regions than in one", (t) => {
    const environments = [...planned.values()].filter((p) => p.kind === "environment");
    if (environments.length < 2) return t.skip("fewer than two clouds plan a Cloud-tier environment");
    const customer = { id: "acme", tier: "cloud" as const, members: 2 };
    const stacks = environments.map((plan) => {
      const cost = estimateStackCost(plan);
      return { stack: plan.stack, kind: plan.kind, estimated: true, monthlyUSD: cost.monthlyUSD, basis: "" };
    });
    for (let i = 1; i < stacks.length; i++) {
      const one = customerCost(customer, [stacks[0]]);
      const two = customerCost(customer, [stacks[0], stacks[i]]);
      assert.ok(two.costMonthlyUSD > one.costMonthlyUSD, `${stacks[0].stack} + ${stacks[i].stack}`);
      // The Cloud tier charges a fee per environment: a second region adds it to the price.
      assert.equal(two.priceMonthlyUSD - one.priceMonthlyUSD, one.pricePerEnvironmentMonthlyUSD);
    }
  });
});

function policiesNamed(name: string) {
  return POLICIES.filter((p) => p.name === name);
}
