import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  IN_CLUSTER_SIZES,
  datastoreQuotaProblems,
  tenantFootprint,
} from "../../../components/datastore/in-cluster-spec.js";
import {
  dailyWindow,
  datastoreSettings,
  requestedKinds,
  sundayWindow,
} from "../../../components/datastore/settings.js";
import { effectiveQuota } from "../../../domain/customer.js";
import {
  cidrContains,
  cidrsOverlap,
  datastoreRanges,
  environmentNetwork,
} from "../../../domain/network-plan.js";
import type { Tenant } from "../../../domain/stack-config.js";
import { SHARED_TIERS, TIERS, TIER_SPECS } from "../../../domain/tiers.js";
import { CATALOG, MANAGED_CLOUDS, type RegionRef } from "../../../regions/index.js";

const tenant = (tier: Tenant["tier"], quota: Tenant["quota"] = {}): Tenant => ({
  id: "acme",
  tier,
  members: [],
  redis: true,
  postgres: true,
  quota,
});

describe("data store settings follow the tier's SLA", () => {
  for (const tier of TIERS) {
    it(`${tier}: HA, replicas, retention and windows come from the SLA`, () => {
      const sla = TIER_SPECS[tier].sla;
      for (const kind of ["postgres", "redis"] as const) {
        const s = datastoreSettings(kind, tier);
        assert.equal(s.ha, sla.datastoreHa);
        assert.ok(s.replicas >= sla.replicas);
        if (s.ha) assert.ok(s.replicas >= 2, "HA needs a standby");
        assert.equal(s.backupRetentionDays, sla.backupRetentionDays);
        assert.equal(s.storageGiB, TIER_SPECS[tier].datastoreStorageGiB);
        assert.ok(dailyWindow(s.backupWindow).startsWith(sla.backupWindowUtc));
      }
    });
  }

  it("keeps maintenance out of the backup window (RDS and ElastiCache reject overlaps)", () => {
    const s = datastoreSettings("postgres", "cloud");
    assert.equal(dailyWindow(s.backupWindow), "02:00-03:00");
    assert.equal(sundayWindow(s.maintenanceWindow), "sun:04:00-sun:05:00");
  });

  it("asks for nothing unless the tenant does", () => {
    assert.deepEqual(requestedKinds({ redis: false, postgres: false }), []);
    assert.deepEqual(requestedKinds({ redis: true, postgres: true }), ["postgres", "redis"]);
  });
});

describe("in-cluster data stores fit the tenant's namespace", () => {
  for (const tier of SHARED_TIERS) {
    it(`${tier}: volumes, requests, limits and object counts fit the ResourceQuota and LimitRange`, () => {
      const quota = effectiveQuota(tier, {});
      const footprint = tenantFootprint(tenant(tier));
      for (const [key, needed] of Object.entries(footprint)) {
        assert.ok(
          needed <= quota[key as keyof typeof quota],
          `${key}: ${needed} > ${quota[key as keyof typeof quota]}`,
        );
      }
      assert.ok(footprint.storageGiB > 0 && footprint.requestsCpuMillis > 0, "the footprint is counted");
      const size = IN_CLUSTER_SIZES[TIER_SPECS[tier].datastoreSize];
      assert.ok(size.limitsCpuMillis <= TIER_SPECS[tier].limitRange.maxCpuMillis);
      assert.ok(size.limitsMemoryMiB <= TIER_SPECS[tier].limitRange.maxMemoryMiB);
      assert.ok(size.limitsEphemeralStorageMiB <= TIER_SPECS[tier].limitRange.maxEphemeralStorageMiB);
      assert.ok(footprint.requestsEphemeralStorageGiB > 0, "the stores' scratch space is counted");
      assert.deepEqual(datastoreQuotaProblems(tenant(tier)), []);
    });
  }

  it("rejects a quota override that leaves no room, naming field, limit and value", () => {
    const problems = datastoreQuotaProblems(tenant("team", { storageGiB: 10, services: 2 }));
    const fields = problems.map((p) => p.field);
    assert.ok(fields.includes("customer.quota.storageGiB"), fields.join());
    assert.ok(fields.includes("customer.quota.services"), fields.join());
    const storage = problems.find((p) => p.field === "customer.quota.storageGiB")!;
    assert.equal(storage.received, 10);
    assert.match(String(storage.limit), /at least \d+/);
  });

  it("counts the stores' ephemeral storage, which the quota names: an override below it is refused", () => {
    const problems = datastoreQuotaProblems(tenant("team", { limitsEphemeralStorageGiB: 1 }));
    const found = problems.find((p) => p.field === "customer.quota.limitsEphemeralStorageGiB");
    assert.ok(found, problems.map((p) => p.field).join());
    assert.equal(found.received, 1);
  });

  it("counts replicas: the team tier's two instances take twice the volumes of one", () => {
    const team = tenantFootprint(tenant("team"));
    const s = datastoreSettings("postgres", "team");
    assert.equal(s.replicas, 2);
    assert.equal(team.persistentVolumeClaims, 4);
    assert.equal(team.storageGiB, 4 * TIER_SPECS.team.datastoreStorageGiB);
  });
});

describe("data store network ranges", () => {
  const regions: RegionRef[] = MANAGED_CLOUDS.flatMap((cloud) =>
    Object.keys(CATALOG[cloud].regions).map((region) => ({ cloud, region })),
  );
  for (const ref of regions) {
    it(`${ref.cloud}:${ref.region}: inside the environment network, clear of its subnets, pods and services`, () => {
      const net = environmentNetwork(ref, 4);
      const r = datastoreRanges(ref);
      const ranges: string[] = [r.privateServiceAccess, r.postgresSubnet, r.privateEndpointSubnet];
      for (const range of ranges) {
        assert.ok(cidrContains(net.network, range), `${range} in ${net.network}`);
        for (const used of [...net.privateSubnets, ...net.publicSubnets, net.pods, net.services]) {
          assert.ok(!cidrsOverlap(range, used), `${range} overlaps ${used}`);
        }
      }
      for (const [i, a] of ranges.entries()) {
        for (const b of ranges.slice(i + 1)) assert.ok(!cidrsOverlap(a, b), `${a} overlaps ${b}`);
      }
    });
  }
});
