import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { parseCustomer, validateCustomerId, type Customer } from "../../domain/customer.js";
import {
  type NetworkPlan,
  cidrContains,
  cidrsOverlap,
  environmentNetwork,
  parseCidr,
  planRanges,
  platformNetwork,
} from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { CATALOG, MANAGED_CLOUDS, type RegionRef, type RegionSpec, regionKey } from "../../regions/index.js";

/** Every managed region of the catalog, on every cloud. */
const REGIONS: RegionRef[] = MANAGED_CLOUDS.flatMap((cloud) =>
  Object.keys(CATALOG[cloud].regions).map((region) => ({ cloud, region })),
);
const PLATFORM_RANGES = REGIONS.flatMap((ref) =>
  planRanges(platformNetwork(ref, PLATFORM_CLUSTER.sla.zones)),
);
const MAX_REGIONS = TIER_SPECS.cloud.maxRegions;

/** The network plan of each of a customer's environments, as the environment stacks compute them. */
function customerNetworks(customer: Customer): Map<string, NetworkPlan> {
  const zones = TIER_SPECS[customer.tier].sla.zones;
  return new Map(customer.regions.map((ref) => [regionKey(ref), environmentNetwork(ref, zones)]));
}

const customerId = fc
  .stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?$/)
  .filter((id) => validateCustomerId(id).length === 0);
const regionSet = fc.uniqueArray(fc.constantFrom(...REGIONS), {
  minLength: 1,
  maxLength: MAX_REGIONS,
  selector: regionKey,
});
const cloudCustomerInput = fc
  .record({ id: customerId, regions: regionSet })
  .map(({ id, regions }) => ({ id, tier: "cloud", regions: regions.map(regionKey) }));
const cloudCustomer = cloudCustomerInput.map((raw) => parseCustomer(raw));

function assertSubnetsFit(plan: NetworkPlan, where: string): void {
  const subnets = [...plan.privateSubnets, ...plan.publicSubnets];
  for (const s of subnets)
    assert.ok(cidrContains(plan.network, s), `${where}: ${s} lies inside ${plan.network}`);
  subnets.forEach((a, i) =>
    subnets.slice(i + 1).forEach((b) => assert.ok(!cidrsOverlap(a, b), `${where}: ${a} overlaps ${b}`)),
  );
}

describe("CIDR arithmetic, against known pairs", () => {
  const overlapping: [string, string][] = [
    ["10.0.0.0/8", "10.1.0.0/16"],
    ["10.0.0.0/16", "10.0.255.0/24"],
    ["192.168.1.0/24", "192.168.1.128/25"],
    ["0.0.0.0/0", "8.8.8.8/32"],
    ["172.16.0.0/12", "172.16.0.0/12"],
    ["10.0.0.0/15", "10.1.255.255/32"],
    ["100.64.0.0/10", "100.127.0.0/16"],
  ];
  const disjoint: [string, string][] = [
    ["10.0.0.0/16", "10.1.0.0/16"],
    ["192.168.0.0/24", "192.168.1.0/24"],
    ["10.0.0.0/25", "10.0.0.128/25"],
    ["172.16.0.0/12", "172.32.0.0/12"],
    ["10.0.0.0/8", "11.0.0.0/8"],
    ["0.0.0.0/1", "128.0.0.0/1"],
    ["10.63.255.255/32", "10.64.0.0/16"],
  ];
  it("finds every overlapping pair, in both orders", () => {
    for (const [a, b] of overlapping) {
      assert.equal(cidrsOverlap(a, b), true, `${a} overlaps ${b}`);
      assert.equal(cidrsOverlap(b, a), true, `${b} overlaps ${a}`);
    }
  });
  it("finds no overlap in disjoint or adjacent pairs", () => {
    for (const [a, b] of disjoint) {
      assert.equal(cidrsOverlap(a, b), false, `${a} and ${b} are apart`);
      assert.equal(cidrsOverlap(b, a), false, `${b} and ${a} are apart`);
    }
  });
  it("knows which range contains which", () => {
    assert.equal(cidrContains("10.0.0.0/16", "10.0.32.0/19"), true);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.0.0/16"), true);
    assert.equal(cidrContains("10.0.0.0/16", "10.1.0.0/19"), false);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.0.0/8"), false);
    assert.equal(cidrContains("10.0.0.0/16", "10.0.255.255/32"), true);
  });
  it("refuses what is not a CIDR", () => {
    for (const bad of ["300.0.0.0/8", "10.0.0.0/33", "10.0.0/8", "10.0.0.0", "a.b.c.d/8"]) {
      assert.throws(() => parseCidr(bad), /not a CIDR/, bad);
    }
  });
});

describe("network plan", () => {
  it("gives a customer's environments ranges that overlap neither each other nor any platform range", () => {
    fc.assert(
      fc.property(cloudCustomer, (customer) => {
        const ranges = [...customerNetworks(customer)].flatMap(([key, plan]) =>
          planRanges(plan).map((range) => ({ key, range })),
        );
        ranges.forEach((a, i) =>
          ranges.slice(i + 1).forEach((b) => {
            assert.ok(!cidrsOverlap(a.range, b.range), `${a.key} ${a.range} overlaps ${b.key} ${b.range}`);
          }),
        );
        for (const a of ranges) {
          for (const p of PLATFORM_RANGES) {
            assert.ok(!cidrsOverlap(a.range, p), `${a.key} ${a.range} overlaps platform range ${p}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("puts every subnet inside its network, without overlaps, for any zone count", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REGIONS), fc.integer({ min: 1, max: 4 }), (ref, zones) => {
        const env = environmentNetwork(ref, zones);
        assertSubnetsFit(env, `environment ${regionKey(ref)}`);
        assert.equal(env.privateSubnets.length, zones);
        const platform = platformNetwork(ref, zones);
        assertSubnetsFit(platform, `platform ${regionKey(ref)}`);
        // Pods and services are separate ranges, never carved out of the node network.
        for (const plan of [env, platform]) {
          assert.ok(!cidrsOverlap(plan.network, plan.pods));
          assert.ok(!cidrsOverlap(plan.network, plan.services));
          assert.ok(!cidrsOverlap(plan.pods, plan.services));
        }
      }),
    );
  });

  it("keeps platform ranges of different regions apart", () => {
    PLATFORM_RANGES.forEach((a, i) =>
      PLATFORM_RANGES.slice(i + 1).forEach((b) => assert.ok(!cidrsOverlap(a, b), `${a} overlaps ${b}`)),
    );
  });

  it("is deterministic: the same customer always gets the same ranges", () => {
    fc.assert(
      fc.property(cloudCustomerInput, (raw) => {
        assert.deepEqual(
          customerNetworks(parseCustomer(raw)),
          customerNetworks(parseCustomer(structuredClone(raw))),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("keeps a region's ranges when the customer adds or drops other regions", () => {
    fc.assert(
      fc.property(customerId, regionSet, fc.constantFrom(...REGIONS), (id, regions, extra) => {
        fc.pre(regions.length < MAX_REGIONS && !regions.some((r) => regionKey(r) === regionKey(extra)));
        const before = customerNetworks(
          parseCustomer({ id, tier: "cloud", regions: regions.map(regionKey) }),
        );
        const after = customerNetworks(
          parseCustomer({ id, tier: "cloud", regions: [extra, ...regions].map(regionKey) }),
        );
        for (const [key, plan] of before) assert.deepEqual(after.get(key), plan, key);
      }),
      { numRuns: 100 },
    );
  });

  it("derives a region's ranges from its published slot alone", () => {
    for (const ref of REGIONS) {
      const slot = (CATALOG[ref.cloud].regions as Readonly<Record<string, RegionSpec>>)[ref.region]
        .networkSlot;
      const env = environmentNetwork(ref, 3);
      assert.equal(parseCidr(env.network).base, (10 * 256 + slot) * 65536, regionKey(ref));
      assert.equal(parseCidr(env.pods).base, (10 * 256 + 64 + slot) * 65536, regionKey(ref));
    }
    // Published ranges: changing them would move live networks.
    assert.deepEqual(environmentNetwork({ cloud: "aws", region: "eu-west-1" }, 3), {
      network: "10.0.0.0/16",
      privateSubnets: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"],
      publicSubnets: ["10.0.128.0/22", "10.0.132.0/22", "10.0.136.0/22"],
      pods: "10.64.0.0/16",
      services: "10.128.0.0/20",
    });
    assert.equal(environmentNetwork({ cloud: "gcp", region: "europe-west1" }, 3).network, "10.16.0.0/16");
    assert.equal(platformNetwork({ cloud: "aws", region: "eu-west-1" }, 3).network, "172.16.0.0/18");
  });
});
