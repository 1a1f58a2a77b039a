import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { PLATFORM_CLUSTER, SHARED_TIERS, TIER_SPECS, type TierName } from "../../domain/tiers.js";
import { clusterFacts, datastoreFacts, sloRuleFacts, slaViolations } from "../../analysis/sla.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { planCustomer, planRequests } from "../support/plan.js";

const CLOUD_REGIONS = ["aws:eu-west-1", "gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"];

/** A copy of a plan with one resource's inputs changed. */
function withInputs(
  plan: RecordedPlan,
  type: string,
  change: (inputs: Record<string, unknown>) => void,
): RecordedPlan {
  const resources = plan.resources.map((r): PlannedResource => {
    if (r.type !== type) return r;
    const inputs = structuredClone(r.inputs);
    change(inputs);
    return { ...r, inputs };
  });
  return { ...plan, resources };
}

describe("each tier's plan meets its SLA", () => {
  let shared: RecordedPlan;
  let platformOnCloud: RecordedPlan;
  let cloud: RecordedPlan[];
  before(async () => {
    [shared, platformOnCloud] = await planRequests([
      {
        name: "platform-kubeconfig-local",
        config: {
          kind: "platform",
          region: "kubeconfig:local",
          tenants: SHARED_TIERS.map((tier) => ({ id: `${tier}-co`, tier, redis: true, postgres: true })),
        },
      },
      {
        name: "platform-aws-eu-west-1",
        config: {
          kind: "platform",
          region: "aws:eu-west-1",
          tenants: [{ id: "team-co", tier: "team", redis: true, postgres: true }],
        },
      },
    ]);
    cloud = await planCustomer({ tier: "cloud", regions: CLOUD_REGIONS, redis: true, postgres: true });
  });

  for (const tier of SHARED_TIERS) {
    it(`${tier} (${TIER_SPECS[tier].sla.targetPercent}%): in-cluster stores with the SLA's instances, SLO rules at its target`, () => {
      const sla = TIER_SPECS[tier].sla;
      const stores = datastoreFacts(shared).filter((s) => s.tier === tier);
      assert.deepEqual(stores.map((s) => s.kind).sort(), ["postgres", "redis"]);
      for (const s of stores) {
        assert.equal(s.managed, false);
        assert.equal(s.replicas, sla.replicas);
      }
      const rules = sloRuleFacts(shared).filter((r) => r.tier === tier);
      assert.deepEqual(
        rules.map((r) => r.namespace),
        [`${tier}-co`],
      );
      assert.deepEqual(slaViolations(shared, PLATFORM_CLUSTER.sla), []);
    });
  }

  it(`the platform cluster on a cloud keeps the Team SLA: ${PLATFORM_CLUSTER.sla.zones} zones, SLA control plane`, () => {
    const facts = clusterFacts(platformOnCloud);
    assert.ok(facts.zones! >= PLATFORM_CLUSTER.sla.zones, `${facts.zones} zones`);
    assert.equal(facts.controlPlaneSla, true);
    assert.deepEqual(slaViolations(platformOnCloud, PLATFORM_CLUSTER.sla), []);
  });

  for (const region of CLOUD_REGIONS) {
    it(`cloud (99.95%) on ${region}: at least 3 zones, SLA control plane, HA stores with 35-day backups`, () => {
      const plan = cloud.find((p) => `${p.cloud}:${p.region}` === region)!;
      const sla = TIER_SPECS.cloud.sla;
      const facts = clusterFacts(plan);
      assert.ok(facts.zones! >= 3, `${facts.zones} zones`);
      assert.equal(facts.controlPlaneSla, true);
      assert.ok(facts.minNodes! >= sla.zones);
      const stores = datastoreFacts(plan);
      assert.deepEqual(stores.map((s) => s.kind).sort(), ["postgres", "redis"]);
      for (const s of stores) {
        assert.equal(s.managed, true);
        assert.equal(s.ha, true, s.urn);
        assert.ok(s.backupRetentionDays === null || s.backupRetentionDays >= sla.backupRetentionDays, s.urn);
      }
      assert.equal(sloRuleFacts(plan).length, 1);
      assert.deepEqual(slaViolations(plan, sla), []);
    });
  }

  describe("the checks fail when a plan falls short", () => {
    const aws = () => cloud.find((p) => p.cloud === "aws")!;
    it("a single-AZ database", () => {
      const plan = withInputs(aws(), "aws:rds/instance:Instance", (i) => (i["multiAz"] = false));
      assert.match(slaViolations(plan, TIER_SPECS.cloud.sla).join("\n"), /not highly available/);
    });
    it("backups kept for less than the tier's retention", () => {
      const plan = withInputs(
        aws(),
        "aws:elasticache/replicationGroup:ReplicationGroup",
        (i) => (i["snapshotRetentionLimit"] = 7),
      );
      assert.match(
        slaViolations(plan, TIER_SPECS.cloud.sla).join("\n"),
        /keeps backups 7 days; the cloud SLA needs 35/,
      );
    });
    it("fewer zones than promised", () => {
      const plan = { ...aws(), resources: aws().resources.filter((r) => !r.name.endsWith("private-c")) };
      assert.match(slaViolations(plan, TIER_SPECS.cloud.sla).join("\n"), /spans 2 zones; the SLA needs 3/);
    });
    it("fewer in-cluster instances than the tier's replicas", () => {
      const plan = withInputs(
        shared,
        "kubernetes:postgresql.cnpg.io/v1:Cluster",
        (i) => ((i["spec"] as Record<string, unknown>)["instances"] = 1),
      );
      assert.match(slaViolations(plan, PLATFORM_CLUSTER.sla).join("\n"), /1 instances; the team SLA needs 2/);
    });
    it("SLO rules of another tier", () => {
      const tier: TierName = "community";
      const plan = withInputs(shared, "kubernetes:monitoring.coreos.com/v1:PrometheusRule", (i) => {
        const labels = (i["metadata"] as { labels: Record<string, string> }).labels;
        if (labels["cloudtier.io/tier"] === "team") labels["cloudtier.io/tier"] = tier;
      });
      assert.match(slaViolations(plan, PLATFORM_CLUSTER.sla).join("\n"), /do not match the community tier/);
    });
  });
});
