import type { CloudSpec } from "../../regions/types.js";
import { KAPSULE_KUBERNETES_SUPPORT, KAPSULE_DEFAULT_VERSION } from "./kubernetes-versions.js";

const source = "https://www.scaleway.com/en/pricing/containers/, /pricing/managed-databases/";
const date = "2026-11-01";

export const scaleway = {
  cloud: "scaleway",
  displayName: "Scaleway",
  kubernetesSupport: KAPSULE_KUBERNETES_SUPPORT,
  datastoreClasses: {
    postgres: { small: "DB-DEV-S", medium: "DB-PRO2-XXS", large: "DB-PRO2-S" },
    redis: { small: "RED1-MICRO", medium: "RED1-S", large: "RED1-M" },
  },
  regions: {
    "fr-par": {
      id: "fr-par",
      networkSlot: 48,
      displayName: "Paris",
      geo: "eu",
      zones: ["fr-par-1", "fr-par-2", "fr-par-3"],
      kubernetesVersion: KAPSULE_DEFAULT_VERSION,
      machines: {
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: 0.0599 },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: 0.1199 },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: 0.2398 },
      },
      prices: {
        clusterHourlyUSD: 0,
        clusterSlaHourlyUSD: 0.137,
        natGatewayHourlyUSD: 0.0137,
        loadBalancerHourlyUSD: 0.0137,
        storageGiBMonthUSD: 0.088,
        postgresHourlyUSD: { small: 0.0247, medium: 0.1147, large: 0.2297 },
        redisHourlyUSD: { small: 0.0192, medium: 0.0877, large: 0.1753 },
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
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: 0.0599 },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: 0.1199 },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: 0.2398 },
      },
      prices: {
        clusterHourlyUSD: 0,
        clusterSlaHourlyUSD: 0.137,
        natGatewayHourlyUSD: 0.0137,
        loadBalancerHourlyUSD: 0.0137,
        storageGiBMonthUSD: 0.088,
        postgresHourlyUSD: { small: 0.0247, medium: 0.1147, large: 0.2297 },
        redisHourlyUSD: { small: 0.0192, medium: 0.0877, large: 0.1753 },
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
        small: { instanceType: "PRO2-XXS", vcpu: 2, memoryGiB: 8, hourlyUSD: 0.0599 },
        medium: { instanceType: "PRO2-XS", vcpu: 4, memoryGiB: 16, hourlyUSD: 0.1199 },
        large: { instanceType: "PRO2-S", vcpu: 8, memoryGiB: 32, hourlyUSD: 0.2398 },
      },
      prices: {
        clusterHourlyUSD: 0,
        clusterSlaHourlyUSD: 0.137,
        natGatewayHourlyUSD: 0.0137,
        loadBalancerHourlyUSD: 0.0137,
        storageGiBMonthUSD: 0.088,
        postgresHourlyUSD: { small: 0.0247, medium: 0.1147, large: 0.2297 },
        redisHourlyUSD: { small: 0.0192, medium: 0.0877, large: 0.1753 },
        source,
        date,
      },
    },
  },
} as const satisfies CloudSpec;
