import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import {
  BURN_RATE_ALERTS,
  errorBudget,
  sloObjectives,
  sloRuleGroups,
} from "../../../components/observability/slo.js";
import { TIERS, TIER_SPECS } from "../../../domain/tiers.js";

const require = createRequire(import.meta.url);
const { PrometheusRule } =
  require("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule") as {
    PrometheusRule: new (data: Record<string, unknown>) => { validate(): void };
  };

const ruleObject = (groups: unknown) => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "PrometheusRule",
  metadata: { name: "slo", namespace: "acme" },
  spec: { groups },
});

describe("SLO rules from the tier's SLA", () => {
  it("turns targets into error budgets", () => {
    assert.equal(errorBudget({ targetPercent: 99.95 }), 0.0005);
    assert.equal(errorBudget({ targetPercent: 99.9 }), 0.001);
    assert.equal(errorBudget({ targetPercent: 99 }), 0.01);
  });

  for (const tier of TIERS) {
    it(`${tier}: multi-window burn-rate alerts at the tier's target, valid PrometheusRule`, () => {
      const groups = sloRuleGroups("acme", tier);
      assert.doesNotThrow(() => new PrometheusRule(ruleObject(groups)).validate());
      const o = sloObjectives(tier);
      assert.equal(o.availabilityPercent, TIER_SPECS[tier].sla.targetPercent);
      const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);
      const availability = alerts.filter((r) => r.labels?.["slo"] === "availability");
      assert.equal(availability.length, BURN_RATE_ALERTS.length);
      for (const [i, a] of BURN_RATE_ALERTS.entries()) {
        const rule = availability[i];
        // Two windows, each compared with the same threshold: burn rate x error budget.
        const thresholds = [...rule.expr.matchAll(/> ([0-9.e-]+)/g)].map((m) => Number(m[1]));
        assert.equal(thresholds.length, 2, rule.expr);
        for (const t of thresholds) assert.ok(Math.abs(t - a.burnRate * o.errorBudget) < 1e-12, `${t}`);
        assert.match(rule.expr, new RegExp(`rate${a.longWindow}\\b.*rate${a.shortWindow}\\b`));
        assert.equal(rule.labels?.["severity"], a.severity);
      }
      const latency = alerts.filter((r) => r.labels?.["slo"] === "latency");
      assert.ok(latency.length >= 2);
      for (const rule of latency)
        assert.ok(rule.expr.includes(`> ${TIER_SPECS[tier].sla.latencyP99Ms / 1000}`), rule.expr);
      // Every window an alert reads is recorded, for this namespace only.
      const records = new Set(groups.flatMap((g) => g.rules).flatMap((r) => (r.record ? [r.record] : [])));
      for (const rule of alerts) {
        for (const m of rule.expr.matchAll(/(cloudtier:[a-z0-9_:]+)/g)) assert.ok(records.has(m[1]), m[1]);
      }
      for (const rule of groups.flatMap((g) => g.rules).filter((r) => r.record)) {
        assert.ok(rule.expr.includes('exported_namespace="acme"'), rule.expr);
      }
    });
  }

  it("the cloud tier pages at a 14.4x burn of its 0.05% budget", () => {
    const page = sloRuleGroups("acme", "cloud")
      .flatMap((g) => g.rules)
      .find((r) => r.alert === "SloAvailabilityBurnFast1h")!;
    assert.match(page.expr, /> 0\.0072 and/);
  });

  it("schema validation catches a malformed rule", () => {
    const groups = [{ name: "broken", rules: [{ alert: "X" }] }];
    assert.throws(() => new PrometheusRule(ruleObject(groups)).validate());
  });
});
