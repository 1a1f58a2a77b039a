/**
 * Types of the region catalog: the one place that holds facts about clouds and regions. Stacks refer to
 * a region by its key (`aws:eu-west-1`) and look facts up here; nothing else copies them.
 */

/** Clouds cloudtier provisions on. `kubeconfig` is an existing cluster reached through a kubeconfig context. */
export const CLOUDS = ["aws", "gcp", "azure", "scaleway", "digitalocean", "kubeconfig"] as const;
export type CloudName = (typeof CLOUDS)[number];
/** Clouds where cloudtier creates the network and cluster itself. */
export type ManagedCloudName = Exclude<CloudName, "kubeconfig">;
export const MANAGED_CLOUDS = [
  "aws",
  "gcp",
  "azure",
  "scaleway",
  "digitalocean",
] as const satisfies readonly ManagedCloudName[];

export const GEOS = ["eu", "na", "sa", "apac", "me", "af"] as const;
export type Geo = (typeof GEOS)[number];

export const SIZE_CLASSES = ["small", "medium", "large"] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** A machine type a size class maps to in one region. */
export interface MachineSpec {
  /** The cloud's instance type or node type, e.g. `m7i.large`, `Standard_D4s_v5`, `PRO2-S`. */
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** On-demand list price per hour, USD. */
  readonly hourlyUSD: number;
}

/** List prices used by the cost estimate. Hourly figures are converted with 730 hours a month. */
export interface RegionPrices {
  /** Managed control plane, per cluster-hour, on the free/basic tier (0 where the cloud charges nothing). */
  readonly clusterHourlyUSD: number;
  /** Managed control plane with the cloud's uptime SLA (AKS Standard, GKE regional, EKS standard support). */
  readonly clusterSlaHourlyUSD: number;
  /** One NAT gateway (or public gateway), per hour. */
  readonly natGatewayHourlyUSD: number;
  /** One network load balancer, per hour. */
  readonly loadBalancerHourlyUSD: number;
  /** Block storage (SSD persistent volumes), per GiB-month. */
  readonly storageGiBMonthUSD: number;
  /** Managed PostgreSQL, single instance per hour, by size class. HA doubles it. */
  readonly postgresHourlyUSD: Readonly<Record<SizeClass, number>>;
  /** Managed Redis, single node per hour, by size class. HA doubles it. */
  readonly redisHourlyUSD: Readonly<Record<SizeClass, number>>;
  /** Where the prices were read (the cloud's public pricing page or price list API). */
  readonly source: string;
  /** When they were read, ISO date. */
  readonly date: string;
}

export interface RegionSpec {
  /** The cloud's own region id, passed to its provider. */
  readonly id: string;
  /**
   * This region's fixed slot in the network plan, unique across the whole catalog (0-63). It decides the
   * region's private CIDRs, so it never changes once a region is published: add new regions with new slots.
   */
  readonly networkSlot: number;
  readonly displayName: string;
  readonly geo: Geo;
  /** Availability zones to spread nodes over, in the cloud's own naming. */
  readonly zones: readonly string[];
  /**
   * Default Kubernetes minor version for new clusters in this region; its cloud's `kubernetesSupport` says
   * until when that version is under standard support.
   */
  readonly kubernetesVersion: string;
  readonly machines: Readonly<Record<SizeClass, MachineSpec>>;
  readonly prices: RegionPrices;
}

/**
 * How long a cloud keeps a Kubernetes minor version under standard support. Past that date the cloud refuses
 * new clusters of the version, bills extended support, or upgrades the cluster by itself: a catalog default
 * must never be past it (the catalog test holds every region to it at the catalog's price date).
 */
export interface KubernetesSupport {
  /** Last day of standard support, ISO date (the earlier of the cloud's dates when it names two). */
  readonly endOfStandardSupport: string;
  /** Where the date was read: the cloud's own version calendar. */
  readonly source: string;
  /** When it was read, ISO date. */
  readonly read: string;
}

/** Facts about one cloud as a whole. */
export interface CloudSpec<R extends string = string> {
  readonly cloud: CloudName;
  readonly displayName: string;
  /** Standard support of the Kubernetes minor versions the catalog may default to, by version (`1.35`). */
  readonly kubernetesSupport: Readonly<Record<string, KubernetesSupport>>;
  /** Managed data store instance classes by size class. */
  readonly datastoreClasses: {
    readonly postgres: Readonly<Record<SizeClass, string>>;
    readonly redis: Readonly<Record<SizeClass, string>>;
  };
  readonly regions: Readonly<Record<R, RegionSpec>>;
}
