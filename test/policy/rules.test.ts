import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies } from "../../policy/evaluate.js";
import { POLICIES } from "../../policy/rules/index.js";
import { SOURCE_PREFIXES } from "../../policy/rules/sources.js";
import { BASELINES, type Baseline, MUTATIONS, type Mutation, mutate, targetOf } from "./fixtures.js";

const byName = new Map(POLICIES.map((p) => [p.name, p]));
const describeMutation = (m: Mutation) =>
  `${m.baseline} ${m.target.group}: ${"set" in m.change ? JSON.stringify(m.change.set) : JSON.stringify(Object.keys(m.change))}`;

describe("the policy pack", () => {
  it("has at least 30 rules with unique names, a description, a level, a validation and a source", () => {
    assert.ok(POLICIES.length >= 30, `${POLICIES.length} rules`);
    assert.equal(byName.size, POLICIES.length, "names are unique");
    for (const p of POLICIES) {
      assert.match(p.name, /^[a-z0-9-]+$/, p.name);
      assert.ok(p.description.length > 20, `${p.name} has a description`);
      assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", `${p.name} level`);
      const validates =
        (p as ResourceValidationPolicy).validateResource !== undefined ||
        typeof (p as StackValidationPolicy).validateStack === "function";
      assert.ok(validates, `${p.name} validates resources or the stack`);
      const sources = (p.tags ?? []).filter((t) => SOURCE_PREFIXES.some((prefix) => t.startsWith(prefix)));
      assert.ok(sources.length > 0, `${p.name} is tagged with its source`);
    }
  });

  it("has both mandatory and advisory rules, and stack-level rules for tenants", () => {
    assert.ok(POLICIES.some((p) => p.enforcementLevel === "advisory"));
    assert.ok(POLICIES.filter((p) => p.enforcementLevel === "mandatory").length >= 30);
    for (const name of [
      "tenant-default-deny-network-policy",
      "tenant-resource-quota",
      "tenant-limit-range",
      "tenant-no-cluster-role-binding",
    ]) {
      assert.equal(typeof (byName.get(name) as StackValidationPolicy).validateStack, "function", name);
    }
  });
});

describe("compliant fixtures pass every rule", () => {
  for (const [name, build] of Object.entries(BASELINES)) {
    it(`${name}: no violation at any level`, async () => {
      const violations = await evaluatePolicies(build());
      assert.deepEqual(violations, []);
    });
  }
});

describe("every rule has a passing and a failing fixture", () => {
  for (const policy of POLICIES) {
    it(policy.name, async () => {
      const mutations = MUTATIONS.filter((m) => m.rule === policy.name);
      assert.ok(mutations.length > 0, `${policy.name} has at least one failing fixture`);
      // The passing fixture: the compliant stack the mutations start from, on which the rule is silent.
      for (const baseline of new Set(mutations.map((m) => m.baseline))) {
        const resources = BASELINES[baseline]();
        assert.ok(
          mutations.every(
            (m) => m.baseline !== baseline || targetOf(resources, m.target) || "add" in m.change,
          ),
        );
        const silent = await evaluatePolicies(resources, { policies: [policy] });
        assert.deepEqual(silent, [], `${policy.name} passes on the compliant ${baseline} fixture`);
      }
    });
  }
  it("no mutation names an unknown rule", () => {
    for (const m of MUTATIONS) assert.ok(byName.has(m.rule), m.rule);
  });
});

describe("mutating a guarded property of a compliant stack triggers its rule", () => {
  const baselines: Record<Baseline, ReturnType<(typeof BASELINES)[Baseline]>> = {
    aws: BASELINES.aws(),
    gcp: BASELINES.gcp(),
    azure: BASELINES.azure(),
    scaleway: BASELINES.scaleway(),
    digitalocean: BASELINES.digitalocean(),
    tenants: BASELINES.tenants(),
  };
  for (const m of MUTATIONS) {
    it(`${m.rule} <- ${describeMutation(m)}`, async () => {
      const targetUrn = targetOf(baselines[m.baseline], m.target)?.urn;
      const mutated = mutate(baselines[m.baseline], m);
      assert.ok(mutated, "the mutation applies to its fixture");
      const violations = await evaluatePolicies(mutated, { stack: "fixture" });
      const hits = violations.filter((v) => v.policy === m.rule);
      assert.ok(hits.length > 0, `${m.rule} is triggered; got ${JSON.stringify(violations, null, 1)}`);
      const policy = byName.get(m.rule)!;
      for (const hit of hits) assert.equal(hit.level, policy.enforcementLevel);
      if ("set" in m.change || "protect" in m.change || "providerName" in m.change) {
        const isStackRule = typeof (policy as StackValidationPolicy).validateStack === "function";
        if (!isStackRule)
          assert.ok(
            hits.some((h) => h.urn === targetUrn),
            "the violation names the mutated resource",
          );
      }
    });
  }
});
