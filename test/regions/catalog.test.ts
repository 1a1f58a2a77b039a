import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  CATALOG,
  CLOUDS,
  MANAGED_CLOUDS,
  SIZE_CLASSES,
  type Geo,
  type RegionSpec,
  inStandardSupport,
} from "../../regions/index.js";

const HYPERSCALERS = ["aws", "gcp", "azure"] as const;

function regionsOf(cloud: keyof typeof CATALOG): [string, RegionSpec][] {
  return Object.entries(CATALOG[cloud].regions as Readonly<Record<string, RegionSpec>>);
}

const managedRegions = MANAGED_CLOUDS.flatMap((cloud) =>
  regionsOf(cloud).map(([key, spec]) => ({ cloud, key, spec })),
);

describe("region catalog", () => {
  for (const cloud of HYPERSCALERS) {
    it(`${cloud} has at least 8 regions over eu, na and apac`, () => {
      const regions = regionsOf(cloud);
      assert.ok(regions.length >= 8, `${cloud} has ${regions.length} regions`);
      const geos = new Set<Geo>(regions.map(([, spec]) => spec.geo));
      for (const geo of ["eu", "na", "apac"] as const) {
        assert.ok(geos.has(geo), `${cloud} has no ${geo} region`);
      }
    });
  }

  it("scaleway has fr-par, nl-ams and pl-waw", () => {
    const names = Object.keys(CATALOG.scaleway.regions);
    for (const name of ["fr-par", "nl-ams", "pl-waw"]) {
      assert.ok(names.includes(name), `scaleway has no ${name}`);
    }
  });

  it("digitalocean has nyc3, sfo3, ams3, fra1 and sgp1, single-datacenter regions", () => {
    assert.deepEqual(Object.keys(CATALOG.digitalocean.regions), ["nyc3", "sfo3", "ams3", "fra1", "sgp1"]);
    for (const spec of Object.values(CATALOG.digitalocean.regions)) assert.deepEqual(spec.zones, [spec.id]);
  });

  it("network slots are unique integers in 0-63 across the catalog", () => {
    const seen = new Map<number, string>();
    for (const { cloud, key, spec } of managedRegions) {
      const slot = spec.networkSlot;
      assert.ok(Number.isInteger(slot) && slot >= 0 && slot <= 63, `${cloud}:${key} slot ${slot}`);
      const other = seen.get(slot);
      assert.equal(other, undefined, `${cloud}:${key} reuses slot ${slot} of ${other}`);
      seen.set(slot, `${cloud}:${key}`);
    }
  });

  it("keeps the published slots of the first regions", () => {
    assert.equal(CATALOG.aws.regions["eu-west-1"].networkSlot, 0);
    assert.equal(CATALOG.gcp.regions["europe-west1"].networkSlot, 16);
    assert.equal(CATALOG.azure.regions.westeurope.networkSlot, 32);
    assert.equal(CATALOG.scaleway.regions["fr-par"].networkSlot, 48);
    assert.equal(CATALOG.digitalocean.regions.nyc3.networkSlot, 56);
  });

  describe("Kubernetes standard support", () => {
    // Dates as the clouds' calendars print them (see each cloud's kubernetes-versions.ts for the source).
    const published: [keyof typeof CATALOG, string, string][] = [
      ["aws", "1.33", "2026-07-29"],
      ["aws", "1.34", "2026-12-02"],
      ["aws", "1.35", "2027-03-27"],
      ["gcp", "1.35", "2027-04-11"],
      ["azure", "1.34", "2026-11-30"],
      ["azure", "1.35", "2027-03-31"],
      ["scaleway", "1.35", "2027-01-19"],
      ["digitalocean", "1.35", "2027-02-28"],
    ];
    for (const [cloud, version, end] of published) {
      it(`${cloud} ${version}: standard support ends ${end}`, () => {
        const ends: Record<string, string> = CATALOG[cloud].kubernetesSupport.standardSupportEnds;
        assert.equal(ends[version], end);
      });
    }

    it("holds the old default, 1.33, out of standard support on EKS and AKS at the catalog's date", () => {
      assert.equal(inStandardSupport("aws", "1.33", "2026-11-01"), false);
      assert.equal(inStandardSupport("azure", "1.33", "2026-11-01"), false);
      assert.equal(inStandardSupport("aws", "1.33", "2026-07-29"), true, "the last day still counts");
      assert.equal(
        inStandardSupport("aws", "1.99", "2026-11-01"),
        false,
        "an unknown version is not supported",
      );
    });

    it("records a source and the date it was read for every cloud, existing clusters too", () => {
      for (const cloud of CLOUDS) {
        const support = CATALOG[cloud].kubernetesSupport;
        const ends: Record<string, string> = support.standardSupportEnds;
        assert.ok(Object.keys(ends).length > 0, cloud);
        for (const [version, end] of Object.entries(ends)) {
          assert.match(version, /^1\.\d+$/);
          assert.equal(new Date(`${end}T00:00:00Z`).toISOString().slice(0, 10), end, `${cloud} ${version}`);
        }
        assert.equal(
          new Date(`${support.date}T00:00:00Z`).toISOString().slice(0, 10),
          support.date,
          `${cloud} date`,
        );
        assert.match(support.source, /^https:\/\//, `${cloud} source`);
      }
    });

    it("keeps existing clusters' expected version under upstream support too", () => {
      const spec = CATALOG.kubeconfig.regions.local;
      assert.ok(inStandardSupport("kubeconfig", spec.kubernetesVersion, spec.prices.date));
    });
  });

  for (const { cloud, key, spec } of managedRegions) {
    describe(`${cloud}:${key}`, () => {
      it("is keyed by its id, a valid DNS label part", () => {
        assert.equal(spec.id, key);
        assert.match(key, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        assert.ok(spec.displayName.length > 0);
      });

      it("defaults to a Kubernetes version under the cloud's standard support at the catalog's date", () => {
        const ends: Record<string, string> = CATALOG[cloud].kubernetesSupport.standardSupportEnds;
        const end = ends[spec.kubernetesVersion];
        assert.ok(end, `${cloud} has no support record of ${spec.kubernetesVersion}`);
        assert.ok(
          spec.prices.date <= end,
          `${cloud}:${key} defaults to ${spec.kubernetesVersion}, out of standard support on ${end}, before the catalog's date ${spec.prices.date}`,
        );
        assert.ok(inStandardSupport(cloud, spec.kubernetesVersion, spec.prices.date));
      });

      it("has zones", () => {
        const min = (HYPERSCALERS as readonly string[]).includes(cloud) ? 3 : 1;
        assert.ok(spec.zones.length >= min, `${spec.zones.length} zones`);
        assert.equal(new Set(spec.zones).size, spec.zones.length, "duplicate zones");
        const zonePattern = {
          aws: new RegExp(`^${key}[a-z]$`),
          gcp: new RegExp(`^${key}-[a-z]$`),
          azure: /^[1-3]$/,
          scaleway: new RegExp(`^${key}-[1-9]$`),
          // A DigitalOcean region is one datacenter: its one zone is the region itself.
          digitalocean: new RegExp(`^${key}$`),
        }[cloud];
        for (const zone of spec.zones) assert.match(zone, zonePattern);
      });

      it("has positive prices, a source and an ISO date", () => {
        const p = spec.prices;
        // The free/basic control-plane tier costs nothing on AKS and Kapsule, so that one may be 0.
        assert.ok(p.clusterHourlyUSD >= 0, "clusterHourlyUSD");
        for (const field of [
          "clusterSlaHourlyUSD",
          "natGatewayHourlyUSD",
          "loadBalancerHourlyUSD",
          "storageGiBMonthUSD",
        ] as const) {
          assert.ok(p[field] > 0, `${field} is ${p[field]}`);
        }
        for (const size of SIZE_CLASSES) {
          assert.ok(p.postgresHourlyUSD[size] > 0, `postgres ${size}`);
          assert.ok(p.redisHourlyUSD[size] > 0, `redis ${size}`);
          assert.ok(spec.machines[size].hourlyUSD > 0, `machine ${size}`);
          assert.ok(spec.machines[size].memoryGiB > 0, `machine ${size} memory`);
        }
        assert.match(p.date, /^\d{4}-\d{2}-\d{2}$/);
        assert.ok(!Number.isNaN(Date.parse(p.date)), `date ${p.date}`);
        assert.equal(new Date(`${p.date}T00:00:00Z`).toISOString().slice(0, 10), p.date);
        assert.ok(p.source.trim().length > 0, "source");
      });

      it("orders size classes small < medium < large", () => {
        const { small, medium, large } = spec.machines;
        assert.ok(small.vcpu < medium.vcpu && medium.vcpu < large.vcpu, "vcpu");
        assert.ok(small.hourlyUSD < medium.hourlyUSD && medium.hourlyUSD < large.hourlyUSD, "hourlyUSD");
        for (const table of [spec.prices.postgresHourlyUSD, spec.prices.redisHourlyUSD]) {
          assert.ok(table.small < table.medium && table.medium < table.large);
        }
      });
    });
  }
});

describe("price facts beyond the hourly list prices", () => {
  const isoDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));

  it("AWS: RDS storage at its own rate, above EBS gp3's; NAT processing per GB as per hour; IPv4 at $0.005/h", () => {
    // RDS for PostgreSQL, General Purpose SSD: $0.115/GB-month in N. Virginia, $0.127 in Ireland.
    assert.equal(CATALOG.aws.regions["us-east-1"].prices.databaseStorageGiBMonthUSD, 0.115);
    assert.equal(CATALOG.aws.regions["eu-west-1"].prices.databaseStorageGiBMonthUSD, 0.127);
    for (const [key, spec] of regionsOf("aws")) {
      const p = spec.prices;
      assert.ok((p.databaseStorageGiBMonthUSD ?? 0) > p.storageGiBMonthUSD, key);
      assert.equal(p.natDataProcessingGiBUSD, p.natGatewayHourlyUSD, key);
      assert.equal(p.publicIpv4HourlyUSD, 0.005, key);
    }
  });

  it("every managed region states NAT processing and public IPv4, a number or explicitly not in the catalog", () => {
    for (const { cloud, key, spec } of managedRegions) {
      assert.ok(spec.prices.natDataProcessingGiBUSD >= 0, `${cloud}:${key}`);
      const ip = spec.prices.publicIpv4HourlyUSD;
      // DigitalOcean's 0 is a fact, not a gap: a Droplet's address is in its price (below).
      assert.ok(ip === null || ip > 0 || cloud === "digitalocean", `${cloud}:${key}`);
    }
  });

  it("DigitalOcean: HA control plane $40 a month, no NAT processing, the address in the Droplet's price", () => {
    for (const [key, spec] of regionsOf("digitalocean")) {
      const p = spec.prices;
      // $40 a month, prorated hourly over DigitalOcean's 672-hour month.
      assert.equal(p.clusterSlaHourlyUSD, 0.05952, key);
      assert.equal(p.clusterHourlyUSD, 0, key);
      assert.equal(p.natDataProcessingGiBUSD, 0, key);
      assert.equal(p.publicIpv4HourlyUSD, 0, key);
      // A database node's size includes its storage: no separate rate.
      assert.equal(p.databaseStorageGiBMonthUSD, null, key);
    }
    assert.equal(CATALOG.digitalocean.kubernetesSupport.extendedSupportClusterHourlyUSD, null);
  });

  it("Scaleway: euro list prices converted at one dated rate, with its source", () => {
    const rate = CATALOG.scaleway.listCurrency;
    assert.equal(rate.currency, "EUR");
    assert.ok(isoDate(rate.date) && rate.source.startsWith("https://"));
    // PRO2-S lists at EUR 0.2398 an hour; at the catalog's 1.16 USD per EUR, $0.2782.
    assert.equal(rate.usdPerUnit, 1.16);
    assert.equal(CATALOG.scaleway.regions["fr-par"].machines.large.hourlyUSD, 0.2782);
    assert.match(CATALOG.scaleway.regions["fr-par"].prices.source, /EUR/);
  });

  it("each cloud states how long its Kubernetes versions are supported, with a source and a date", () => {
    for (const cloud of MANAGED_CLOUDS) {
      const support = CATALOG[cloud].kubernetesSupport;
      assert.ok(support.source.startsWith("https://"), cloud);
      assert.ok(isoDate(support.date), cloud);
      assert.ok(support.pastStandardSupport.length > 0, cloud);
      for (const [version, ends] of Object.entries(support.standardSupportEnds)) {
        assert.match(version, /^1\.\d+$/);
        assert.ok(isoDate(ends), `${cloud} ${version}`);
      }
    }
    // EKS: standard support of 1.33 ended 2026-07-29; extended support is $0.60 per cluster-hour.
    assert.equal(CATALOG.aws.kubernetesSupport.standardSupportEnds["1.33"], "2026-07-29");
    assert.equal(CATALOG.aws.kubernetesSupport.extendedSupportClusterHourlyUSD, 0.6);
  });
});
