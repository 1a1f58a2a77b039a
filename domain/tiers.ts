/**
 * Tiers as data. Everything that differs between Community, Developer, Team and Cloud lives here, and the
 * SLA of each tier is what decides zones, control-plane tier, replicas, backups and data store HA.
 * Pure TypeScript: no Pulumi import.
 */
import type { SizeClass } from "../regions/types.js";

export const TIERS = ["community", "developer", "team", "cloud"] as const;
export type TierName = (typeof TIERS)[number];
export const SHARED_TIERS = ["community", "developer", "team"] as const satisfies readonly TierName[];
export type SharedTierName = (typeof SHARED_TIERS)[number];

/** A namespace ResourceQuota. CPU in millicores, memory and storage with their units in the name. */
export interface QuotaSpec {
  readonly requestsCpuMillis: number;
  readonly requestsMemoryMiB: number;
  readonly limitsCpuMillis: number;
  readonly limitsMemoryMiB: number;
  readonly pods: number;
  readonly services: number;
  readonly loadBalancers: number;
  readonly nodePorts: number;
  readonly persistentVolumeClaims: number;
  readonly storageGiB: number;
  readonly configMaps: number;
  readonly secrets: number;
  /**
   * Local scratch space of the namespace's containers (logs, `emptyDir`, writable layers), GiB, requested
   * and at most. With these in the quota, a container must declare its ephemeral storage: the LimitRange's
   * defaults do so for those that do not.
   */
  readonly requestsEphemeralStorageGiB: number;
  readonly limitsEphemeralStorageGiB: number;
}
export type QuotaField = keyof QuotaSpec;
export const QUOTA_FIELDS = [
  "requestsCpuMillis",
  "requestsMemoryMiB",
  "limitsCpuMillis",
  "limitsMemoryMiB",
  "pods",
  "services",
  "loadBalancers",
  "nodePorts",
  "persistentVolumeClaims",
  "storageGiB",
  "configMaps",
  "secrets",
  "requestsEphemeralStorageGiB",
  "limitsEphemeralStorageGiB",
] as const satisfies readonly QuotaField[];

/** Each quota request and the limit it may not exceed. */
export const QUOTA_REQUEST_LIMITS = [
  ["requestsCpuMillis", "limitsCpuMillis"],
  ["requestsMemoryMiB", "limitsMemoryMiB"],
  ["requestsEphemeralStorageGiB", "limitsEphemeralStorageGiB"],
] as const satisfies readonly (readonly [QuotaField, QuotaField])[];

/** Container defaults and bounds of the namespace LimitRange. */
export interface LimitRangeSpec {
  readonly defaultRequestCpuMillis: number;
  readonly defaultRequestMemoryMiB: number;
  readonly defaultLimitCpuMillis: number;
  readonly defaultLimitMemoryMiB: number;
  readonly maxCpuMillis: number;
  readonly maxMemoryMiB: number;
  /** Ephemeral storage (local scratch space) per container, MiB: default request, default limit, maximum. */
  readonly defaultRequestEphemeralStorageMiB: number;
  readonly defaultLimitEphemeralStorageMiB: number;
  readonly maxEphemeralStorageMiB: number;
}

/** What the tier promises, and the infrastructure shape that keeps the promise. */
export interface SlaSpec {
  /** Monthly availability target, percent. */
  readonly targetPercent: number;
  /** Availability zones the cluster's nodes and data stores span, at least. */
  readonly zones: number;
  /** Whether the managed control plane runs on the cloud's paid uptime-SLA tier (AKS Standard, regional GKE). */
  readonly controlPlaneSla: boolean;
  /** Replicas of platform-managed workloads (in-cluster data stores, ingress). */
  readonly replicas: number;
  /** Managed data stores run with a standby in another zone. */
  readonly datastoreHa: boolean;
  /** Days automated backups are kept. */
  readonly backupRetentionDays: number;
  /** Daily backup window start, UTC `HH:MM`. */
  readonly backupWindowUtc: string;
  /** p99 request latency objective, milliseconds, for the SLO alerts. */
  readonly latencyP99Ms: number;
}

/**
 * How far a tenant's pods reach the internet:
 * - `none`: not at all (its own namespace, its data stores and the cluster's DNS only);
 * - `allowlist`: the platform's allowlist of external services (`cloudtier:egress`: CIDRs, and names
 *   where the cluster's network plugin filters by name);
 * - `internet`: any public address, never the private ranges (other tenants, the cloud's metadata service).
 */
export const INTERNET_EGRESS = ["none", "allowlist", "internet"] as const;
export type InternetEgress = (typeof INTERNET_EGRESS)[number];

export interface EgressSpec {
  readonly internet: InternetEgress;
}

/**
 * How an in-cluster Redis keeps its data: `none` (a cache, empty after a restart), `snapshot` (RDB
 * snapshots on its volume) or `append-only` (every write logged on its volume, fsynced each second, and
 * snapshots).
 */
export const REDIS_PERSISTENCE = ["none", "snapshot", "append-only"] as const;
export type RedisPersistence = (typeof REDIS_PERSISTENCE)[number];

/** Node pool shape for the tier's clusters (the customer's own on the Cloud tier). */
export interface NodePoolSpec {
  readonly sizeClass: SizeClass;
  readonly minNodesPerZone: number;
  readonly maxNodesPerZone: number;
}

export interface TierSpec {
  readonly displayName: string;
  /** Shared tiers live as namespaces on regional platform clusters; the Cloud tier gets isolated environments. */
  readonly shared: boolean;
  readonly quota: QuotaSpec;
  /** Upper bounds for per-customer quota overrides. Overrides may lower any value, and raise it up to here. */
  readonly quotaMax: QuotaSpec;
  readonly limitRange: LimitRangeSpec;
  readonly sla: SlaSpec;
  /** What a tenant's pods may call beyond its namespace, its data stores and the cluster's DNS. */
  readonly egress: EgressSpec;
  /** How an in-cluster Redis (shared tiers) keeps its data across restarts. */
  readonly redisPersistence: RedisPersistence;
  readonly nodePool: NodePoolSpec;
  /** Size class of the data stores the tier gets. */
  readonly datastoreSize: SizeClass;
  /** Persistent volume size of in-cluster data stores, GiB. */
  readonly datastoreStorageGiB: number;
  /**
   * List price per seat (member) per month, USD: the published $35 per user on the paid tiers, 0 on the
   * free Community tier. The one source of the seat price: the tiers table, `cloudtier tiers` and the
   * margins all read it here.
   */
  readonly pricePerSeatMonthlyUSD: number;
  /**
   * Fee per environment per month, USD, on top of the seats: what one cloud region of the customer's
   * costs to run whatever its seat count (the Cloud tier's own network and cluster there). 0 on the shared
   * tiers, whose regions are namespaces on clusters the platform shares.
   */
  readonly pricePerEnvironmentMonthlyUSD: number;
  /**
   * Quota requests sold per unit of node capacity provisioned for them (shared tiers). A namespace quota is a
   * ceiling its tenant rarely fills, so a platform cluster is sized for the tenants' summed requests divided
   * by this ratio: the cost model sizes clusters with it, and the tiers' prices rest on it. 1 on the Cloud
   * tier, whose customers own their clusters' capacity.
   */
  readonly overcommitRatio: number;
  /**
   * Traffic a customer is assumed to send out through NAT per month, GiB: per tenant on the shared tiers,
   * per environment on the Cloud tier. Prices NAT data processing, which is billed per GiB.
   */
  readonly assumedEgressGiBMonthly: number;
  /** Seats the tier allows. */
  readonly maxSeats: number;
  /**
   * Seats billed at least, whatever the member count: an isolated environment per region costs the same
   * for one member as for ten, so the Cloud tier is sold with a minimum commitment.
   */
  readonly minSeats: number;
  /** Regions one customer of the tier may use. */
  readonly maxRegions: number;
}

const sharedQuotaBase = { loadBalancers: 0, nodePorts: 0 } as const;

export const TIER_SPECS = {
  community: {
    displayName: "Community",
    shared: true,
    quota: {
      ...sharedQuotaBase,
      requestsCpuMillis: 1000,
      requestsMemoryMiB: 2048,
      limitsCpuMillis: 2000,
      limitsMemoryMiB: 4096,
      pods: 20,
      services: 5,
      persistentVolumeClaims: 4,
      storageGiB: 10,
      configMaps: 20,
      secrets: 20,
      requestsEphemeralStorageGiB: 10,
      limitsEphemeralStorageGiB: 20,
    },
    quotaMax: {
      ...sharedQuotaBase,
      requestsCpuMillis: 1000,
      requestsMemoryMiB: 2048,
      limitsCpuMillis: 2000,
      limitsMemoryMiB: 4096,
      pods: 20,
      services: 5,
      persistentVolumeClaims: 4,
      storageGiB: 10,
      configMaps: 20,
      secrets: 20,
      requestsEphemeralStorageGiB: 10,
      limitsEphemeralStorageGiB: 20,
    },
    limitRange: {
      defaultRequestCpuMillis: 50,
      defaultRequestMemoryMiB: 64,
      defaultLimitCpuMillis: 250,
      defaultLimitMemoryMiB: 256,
      maxCpuMillis: 1000,
      maxMemoryMiB: 1024,
      defaultRequestEphemeralStorageMiB: 256,
      defaultLimitEphemeralStorageMiB: 2048,
      maxEphemeralStorageMiB: 4096,
    },
    sla: {
      targetPercent: 99.0,
      zones: 1,
      controlPlaneSla: false,
      replicas: 1,
      datastoreHa: false,
      backupRetentionDays: 1,
      backupWindowUtc: "03:00",
      latencyP99Ms: 2000,
    },
    egress: { internet: "none" },
    redisPersistence: "none",
    nodePool: { sizeClass: "medium", minNodesPerZone: 1, maxNodesPerZone: 5 },
    datastoreSize: "small",
    datastoreStorageGiB: 1,
    pricePerSeatMonthlyUSD: 0,
    pricePerEnvironmentMonthlyUSD: 0,
    overcommitRatio: 10,
    assumedEgressGiBMonthly: 5,
    maxSeats: 1,
    minSeats: 1,
    maxRegions: 1,
  },
  developer: {
    displayName: "Developer",
    shared: true,
    quota: {
      ...sharedQuotaBase,
      requestsCpuMillis: 2000,
      requestsMemoryMiB: 4096,
      limitsCpuMillis: 4000,
      limitsMemoryMiB: 8192,
      pods: 40,
      services: 10,
      persistentVolumeClaims: 8,
      storageGiB: 50,
      configMaps: 50,
      secrets: 50,
      requestsEphemeralStorageGiB: 20,
      limitsEphemeralStorageGiB: 40,
    },
    quotaMax: {
      ...sharedQuotaBase,
      requestsCpuMillis: 4000,
      requestsMemoryMiB: 8192,
      limitsCpuMillis: 8000,
      limitsMemoryMiB: 16384,
      pods: 80,
      services: 20,
      persistentVolumeClaims: 16,
      storageGiB: 100,
      configMaps: 100,
      secrets: 100,
      requestsEphemeralStorageGiB: 40,
      limitsEphemeralStorageGiB: 80,
    },
    limitRange: {
      defaultRequestCpuMillis: 100,
      defaultRequestMemoryMiB: 128,
      defaultLimitCpuMillis: 500,
      defaultLimitMemoryMiB: 512,
      maxCpuMillis: 2000,
      maxMemoryMiB: 4096,
      defaultRequestEphemeralStorageMiB: 256,
      defaultLimitEphemeralStorageMiB: 4096,
      maxEphemeralStorageMiB: 8192,
    },
    sla: {
      targetPercent: 99.5,
      zones: 2,
      controlPlaneSla: false,
      replicas: 1,
      datastoreHa: false,
      backupRetentionDays: 7,
      backupWindowUtc: "03:00",
      latencyP99Ms: 1000,
    },
    egress: { internet: "allowlist" },
    redisPersistence: "snapshot",
    nodePool: { sizeClass: "medium", minNodesPerZone: 1, maxNodesPerZone: 10 },
    datastoreSize: "small",
    datastoreStorageGiB: 5,
    pricePerSeatMonthlyUSD: 35,
    pricePerEnvironmentMonthlyUSD: 0,
    overcommitRatio: 5,
    assumedEgressGiBMonthly: 20,
    maxSeats: 1,
    minSeats: 1,
    maxRegions: 2,
  },
  team: {
    displayName: "Team",
    shared: true,
    quota: {
      ...sharedQuotaBase,
      requestsCpuMillis: 8000,
      requestsMemoryMiB: 16384,
      limitsCpuMillis: 16000,
      limitsMemoryMiB: 32768,
      pods: 150,
      services: 40,
      persistentVolumeClaims: 30,
      storageGiB: 250,
      configMaps: 200,
      secrets: 200,
      requestsEphemeralStorageGiB: 50,
      limitsEphemeralStorageGiB: 100,
    },
    quotaMax: {
      ...sharedQuotaBase,
      requestsCpuMillis: 32000,
      requestsMemoryMiB: 65536,
      limitsCpuMillis: 64000,
      limitsMemoryMiB: 131072,
      pods: 500,
      services: 100,
      persistentVolumeClaims: 100,
      storageGiB: 1000,
      configMaps: 500,
      secrets: 500,
      requestsEphemeralStorageGiB: 200,
      limitsEphemeralStorageGiB: 400,
    },
    limitRange: {
      defaultRequestCpuMillis: 100,
      defaultRequestMemoryMiB: 128,
      defaultLimitCpuMillis: 1000,
      defaultLimitMemoryMiB: 1024,
      maxCpuMillis: 4000,
      maxMemoryMiB: 8192,
      defaultRequestEphemeralStorageMiB: 512,
      defaultLimitEphemeralStorageMiB: 4096,
      maxEphemeralStorageMiB: 16384,
    },
    sla: {
      targetPercent: 99.9,
      zones: 3,
      controlPlaneSla: true,
      replicas: 2,
      datastoreHa: false,
      backupRetentionDays: 14,
      backupWindowUtc: "02:00",
      latencyP99Ms: 500,
    },
    egress: { internet: "allowlist" },
    redisPersistence: "append-only",
    nodePool: { sizeClass: "large", minNodesPerZone: 1, maxNodesPerZone: 20 },
    datastoreSize: "medium",
    datastoreStorageGiB: 20,
    pricePerSeatMonthlyUSD: 35,
    pricePerEnvironmentMonthlyUSD: 0,
    overcommitRatio: 5,
    assumedEgressGiBMonthly: 100,
    maxSeats: 100,
    minSeats: 3,
    maxRegions: 3,
  },
  cloud: {
    displayName: "Cloud",
    shared: false,
    // In its own cluster the customer owns the capacity; the namespace quota guards against runaway
    // workloads rather than neighbours, so it is large and load balancers are allowed.
    quota: {
      requestsCpuMillis: 64000,
      requestsMemoryMiB: 262144,
      limitsCpuMillis: 128000,
      limitsMemoryMiB: 524288,
      pods: 1000,
      services: 200,
      loadBalancers: 4,
      nodePorts: 0,
      persistentVolumeClaims: 200,
      storageGiB: 4000,
      configMaps: 1000,
      secrets: 1000,
      requestsEphemeralStorageGiB: 512,
      limitsEphemeralStorageGiB: 1024,
    },
    quotaMax: {
      requestsCpuMillis: 512000,
      requestsMemoryMiB: 2097152,
      limitsCpuMillis: 1024000,
      limitsMemoryMiB: 4194304,
      pods: 5000,
      services: 1000,
      loadBalancers: 20,
      nodePorts: 0,
      persistentVolumeClaims: 1000,
      storageGiB: 20000,
      configMaps: 5000,
      secrets: 5000,
      requestsEphemeralStorageGiB: 4096,
      limitsEphemeralStorageGiB: 8192,
    },
    limitRange: {
      defaultRequestCpuMillis: 100,
      defaultRequestMemoryMiB: 128,
      defaultLimitCpuMillis: 1000,
      defaultLimitMemoryMiB: 1024,
      maxCpuMillis: 16000,
      maxMemoryMiB: 65536,
      defaultRequestEphemeralStorageMiB: 512,
      defaultLimitEphemeralStorageMiB: 8192,
      maxEphemeralStorageMiB: 65536,
    },
    sla: {
      targetPercent: 99.95,
      zones: 3,
      controlPlaneSla: true,
      replicas: 3,
      datastoreHa: true,
      backupRetentionDays: 35,
      backupWindowUtc: "02:00",
      latencyP99Ms: 300,
    },
    // The customer's own cluster: its pods reach the internet, never the private ranges.
    egress: { internet: "internet" },
    // Unused: the Cloud tier's Redis is the cloud's managed service, with its own persistence.
    redisPersistence: "append-only",
    nodePool: { sizeClass: "large", minNodesPerZone: 1, maxNodesPerZone: 10 },
    datastoreSize: "large",
    datastoreStorageGiB: 100,
    pricePerSeatMonthlyUSD: 35,
    pricePerEnvironmentMonthlyUSD: 1990,
    overcommitRatio: 1,
    assumedEgressGiBMonthly: 1000,
    maxSeats: 1000,
    minSeats: 10,
    maxRegions: 6,
  },
} as const satisfies Record<TierName, TierSpec>;

export function tierSpec(tier: TierName): TierSpec {
  return TIER_SPECS[tier];
}

export function isSharedTier(tier: TierName): tier is SharedTierName {
  return TIER_SPECS[tier].shared;
}

/**
 * The regional platform cluster that hosts the shared tiers. Its SLA is the highest of the tiers it hosts
 * (Team), since one cluster serves them all.
 */
export const PLATFORM_CLUSTER = {
  sla: TIER_SPECS.team.sla,
  nodePool: { sizeClass: "large", minNodesPerZone: 1, maxNodesPerZone: 30 },
  /**
   * Share of a node's vCPU and memory that tenants' pods can be scheduled on: the kubelet's reservations,
   * the system daemons and the platform's own operators take the rest. The cost model sizes the cluster's
   * nodes for the tenants' requests against this share of each node.
   */
  schedulableFraction: 0.9,
} as const satisfies { sla: SlaSpec; nodePool: NodePoolSpec; schedulableFraction: number };
