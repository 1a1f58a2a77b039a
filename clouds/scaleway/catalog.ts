import { EUR_USD, eurToUsd as eur } from "../../regions/currency.js";
import type { CloudSpec } from "../../regions/types.js";
import { KAPSULE_KUBERNETES_SUPPORT, KAPSULE_DEFAULT_VERSION } from "./kubernetes-versions.js";
import { RESERVED_NAMESPACES } from "./namespaces.js";

/**
 * Scaleway lists its prices in euros, without VAT: every price below is the euro list price, converted to
 * USD at the catalog's dated rate (`EUR_USD`, regions/currency.ts).
 */
const source =
  "https://www.scaleway.com/en/pricing/containers/, /pricing/managed-databases/, /pricing/network/ (EUR list prices)";
const date = "2026-11-01";

/**
 * Scaleway lists no per-GB fee for traffic through a Public Gateway; the gateway's flexible IPv4 address
 * is billed per hour like any flexible IP (https://www.scaleway.com/en/pricing/network/).
 */
const natDataProcessingGiBUSD = 0;
/** Managed Database storage is not in the catalog apart from block storage. */
const databaseStorageGiBMonthUSD = null;
const publicIpv4HourlyUSD = eur(0.004);

export const scaleway = {
  cloud: "scaleway",
  displayName: "Scaleway",
  reservedNamespaces: RESERVED_NAMESPACES,
  kubernetesSupport: KAPSULE_KUBERNETES_SUPPORT,
  datastoreClasses: {
    postgres: { small: "DB-DEV-S", medium: "DB-PRO2-XXS", large: "DB-PRO2-S" },
    redis: { small: "RED1-MICRO", medium: "RED1-S", large: "RED1-M" },
  },
  listCurrency: EUR_USD,
  regions: {
    "fr-par": {
      id: "fr-par",
      networkSlot: 48,
      displayName: "Paris",
      geo: "eu",
      zones: ["fr-par-1", "fr-par-2", "fr-par-3"],
      kubernetesVersion: KAPSULE_DEFAULT_VERSION,
      machines: {
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: eur(0.0599) },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: eur(0.1199) },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: eur(0.2398) },
      },
      prices: {
        clusterHourlyUSD: eur(0),
        clusterSlaHourlyUSD: eur(0.137),
        natGatewayHourlyUSD: eur(0.0137),
        loadBalancerHourlyUSD: eur(0.0137),
        storageGiBMonthUSD: eur(0.088),
        databaseStorageGiBMonthUSD,
        natDataProcessingGiBUSD,
        publicIpv4HourlyUSD,
        postgresHourlyUSD: { small: eur(0.0247), medium: eur(0.1147), large: eur(0.2297) },
        redisHourlyUSD: { small: eur(0.0192), medium: eur(0.0877), large: eur(0.1753) },
        source,
        date,
      },
    },
    "nl-ams": {
      id: "nl-ams",
      networkSlot: 49,
      displayName: "Amsterdam",
      geo: "eu",
      zones: ["nl-ams-1", "nl-ams-2", "nl-ams-3"],
      kubernetesVersion: KAPSULE_DEFAULT_VERSION,
      machines: {
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: eur(0.0599) },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: eur(0.1199) },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: eur(0.2398) },
      },
      prices: {
        clusterHourlyUSD: eur(0),
        clusterSlaHourlyUSD: eur(0.137),
        natGatewayHourlyUSD: eur(0.0137),
        loadBalancerHourlyUSD: eur(0.0137),
        storageGiBMonthUSD: eur(0.088),
        databaseStorageGiBMonthUSD,
        natDataProcessingGiBUSD,
        publicIpv4HourlyUSD,
        postgresHourlyUSD: { small: eur(0.0247), medium: eur(0.1147), large: eur(0.2297) },
        redisHourlyUSD: { small: eur(0.0192), medium: eur(0.0877), large: eur(0.1753) },
        source,
        date,
      },
    },
    "pl-waw": {
      id: "pl-waw",
      networkSlot: 50,
      displayName: "Warsaw",
      geo: "eu",
      zones: ["pl-waw-1", "pl-waw-2", "pl-waw-3"],
      kubernetesVersion: KAPSULE_DEFAULT_VERSION,
      machines: {
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: eur(0.0599) },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: eur(0.1199) },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: eur(0.2398) },
      },
      prices: {
        clusterHourlyUSD: eur(0),
        clusterSlaHourlyUSD: eur(0.137),
        natGatewayHourlyUSD: eur(0.0137),
        loadBalancerHourlyUSD: eur(0.0137),
        storageGiBMonthUSD: eur(0.088),
        databaseStorageGiBMonthUSD,
        natDataProcessingGiBUSD,
        publicIpv4HourlyUSD,
        postgresHourlyUSD: { small: eur(0.0247), medium: eur(0.1147), large: eur(0.2297) },
        redisHourlyUSD: { small: eur(0.0192), medium: eur(0.0877), large: eur(0.1753) },
        source,
        date,
      },
    },
  },
} as const satisfies CloudSpec;
