import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { QUOTA_FIELDS, SHARED_TIERS, TIERS, TIER_SPECS } from "../../domain/tiers.js";

describe("tiers", () => {
  it("shared tiers allow no load balancers or node ports", () => {
    for (const tier of SHARED_TIERS) {
      assert.equal(TIER_SPECS[tier].quota.loadBalancers, 0, tier);
      assert.equal(TIER_SPECS[tier].quota.nodePorts, 0, tier);
      assert.equal(TIER_SPECS[tier].quotaMax.loadBalancers, 0, tier);
      assert.equal(TIER_SPECS[tier].quotaMax.nodePorts, 0, tier);
      assert.equal(TIER_SPECS[tier].shared, true);
    }
    assert.equal(TIER_SPECS.cloud.shared, false);
  });

  it("defaults lie within the bounds overrides may reach", () => {
    for (const tier of TIERS) {
      for (const f of QUOTA_FIELDS)
        assert.ok(TIER_SPECS[tier].quota[f] <= TIER_SPECS[tier].quotaMax[f], `${tier}.${f}`);
    }
  });

  it("a higher tier never promises less", () => {
    for (let i = 1; i < TIERS.length; i++) {
      const lower = TIER_SPECS[TIERS[i - 1]];
      const higher = TIER_SPECS[TIERS[i]];
      assert.ok(higher.sla.targetPercent > lower.sla.targetPercent);
      assert.ok(higher.sla.zones >= lower.sla.zones);
      assert.ok(higher.sla.backupRetentionDays >= lower.sla.backupRetentionDays);
      assert.ok(higher.sla.latencyP99Ms <= lower.sla.latencyP99Ms);
      assert.ok(higher.pricePerSeatMonthlyUSD >= lower.pricePerSeatMonthlyUSD);
    }
  });

  it("limit range defaults fit their maxima and the namespace quota", () => {
    for (const tier of TIERS) {
      const { limitRange: l, quota: q } = TIER_SPECS[tier];
      assert.ok(
        l.defaultRequestCpuMillis <= l.defaultLimitCpuMillis && l.defaultLimitCpuMillis <= l.maxCpuMillis,
      );
      assert.ok(
        l.defaultRequestMemoryMiB <= l.defaultLimitMemoryMiB && l.defaultLimitMemoryMiB <= l.maxMemoryMiB,
      );
      assert.ok(l.maxCpuMillis <= q.limitsCpuMillis && l.maxMemoryMiB <= q.limitsMemoryMiB, tier);
      assert.ok(
        l.defaultRequestEphemeralStorageMiB <= l.defaultLimitEphemeralStorageMiB &&
          l.defaultLimitEphemeralStorageMiB <= l.maxEphemeralStorageMiB,
        tier,
      );
      assert.ok(l.maxEphemeralStorageMiB <= q.limitsEphemeralStorageGiB * 1024, tier);
    }
  });

  it("ephemeral storage: a quota on every tier, growing with the tier; room for the CPU's worth of default pods", () => {
    assert.equal(TIER_SPECS.community.limitRange.defaultLimitEphemeralStorageMiB, 2048);
    assert.equal(TIER_SPECS.community.quota.requestsEphemeralStorageGiB, 10);
    for (let i = 0; i < TIERS.length; i++) {
      const { quota: q, limitRange: l } = TIER_SPECS[TIERS[i]];
      assert.ok(
        q.requestsEphemeralStorageGiB > 0 && q.requestsEphemeralStorageGiB <= q.limitsEphemeralStorageGiB,
      );
      // As many containers at the default limits as the CPU limit quota admits fit the ephemeral limit quota.
      const byCpu = Math.floor(q.limitsCpuMillis / l.defaultLimitCpuMillis);
      assert.ok(byCpu * l.defaultLimitEphemeralStorageMiB <= q.limitsEphemeralStorageGiB * 1024, TIERS[i]);
      if (i > 0) {
        const lower = TIER_SPECS[TIERS[i - 1]];
        assert.ok(q.requestsEphemeralStorageGiB >= lower.quota.requestsEphemeralStorageGiB);
        assert.ok(l.defaultLimitEphemeralStorageMiB >= lower.limitRange.defaultLimitEphemeralStorageMiB);
        assert.ok(l.maxEphemeralStorageMiB >= lower.limitRange.maxEphemeralStorageMiB);
      }
    }
  });

  it("the cloud tier's 99.95% SLA asks for three zones and HA data stores", () => {
    assert.equal(TIER_SPECS.cloud.sla.targetPercent, 99.95);
    assert.ok(TIER_SPECS.cloud.sla.zones >= 3);
    assert.equal(TIER_SPECS.cloud.sla.datastoreHa, true);
  });
});

describe("tier seats", () => {
  it("bills at least the minimum, never more than the tier allows", () => {
    for (const tier of TIERS) {
      const { minSeats, maxSeats } = TIER_SPECS[tier];
      assert.ok(minSeats >= 1 && minSeats <= maxSeats, tier);
    }
  });
});

describe("tier prices", () => {
  it("are the published $35 per user per month on the paid tiers; Community is free", () => {
    assert.equal(TIER_SPECS.community.pricePerSeatMonthlyUSD, 0);
    assert.equal(TIER_SPECS.developer.pricePerSeatMonthlyUSD, 35);
    assert.equal(TIER_SPECS.team.pricePerSeatMonthlyUSD, 35);
    assert.equal(TIER_SPECS.cloud.pricePerSeatMonthlyUSD, 35);
  });

  it("charge a fee per environment on the Cloud tier only", () => {
    for (const tier of SHARED_TIERS) assert.equal(TIER_SPECS[tier].pricePerEnvironmentMonthlyUSD, 0, tier);
    assert.equal(TIER_SPECS.cloud.pricePerEnvironmentMonthlyUSD, 1990);
  });

  it("size shared clusters with an overcommit ratio of at least 1, and assume some egress", () => {
    for (const tier of TIERS) {
      assert.ok(TIER_SPECS[tier].overcommitRatio >= 1, tier);
      assert.ok(TIER_SPECS[tier].assumedEgressGiBMonthly >= 0, tier);
    }
    assert.equal(TIER_SPECS.cloud.overcommitRatio, 1, "Cloud-tier customers own their capacity");
  });
});
