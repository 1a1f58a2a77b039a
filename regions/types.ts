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

/** Geographies of regions; `any` for an existing cluster, which is wherever its owner runs it. */
export const GEOS = ["eu", "na", "sa", "apac", "me", "af", "any"] as const;
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
  /**
   * Storage of the managed PostgreSQL service, per GiB-month, where the cloud lists it apart from block
   * storage (RDS); null where the catalog has no such rate: the block storage rate applies, and the
   * estimate says so on the line.
   */
  readonly databaseStorageGiBMonthUSD: number | null;
  /** Data a NAT gateway (Cloud NAT, public gateway) processes, per GiB; 0 where the cloud lists no such fee. */
  readonly natDataProcessingGiBUSD: number;
  /**
   * One public IPv4 address, per hour (an Elastic IP, the address of a NAT gateway or of a load balancer's
   * outbound rule); null where the catalog has no price for it.
   */
  readonly publicIpv4HourlyUSD: number | null;
  /** Managed PostgreSQL, single instance per hour, by size class. HA doubles it. */
  readonly postgresHourlyUSD: Readonly<Record<SizeClass, number>>;
  /** Managed Redis, single node per hour, by size class. HA doubles it. */
  readonly redisHourlyUSD: Readonly<Record<SizeClass, number>>;
  /** Where the prices were read (the cloud's public pricing page or price list API). */
  readonly source: string;
  /** When they were read, ISO date. */
  readonly date: string;
}

/** A dated currency conversion: what one unit of a list currency was taken to be worth in USD. */
export interface ExchangeRate {
  readonly currency: "EUR";
  readonly usdPerUnit: number;
  readonly source: string;
  /** The day of the rate, ISO date. */
  readonly date: string;
}

/**
 * How long the cloud supports each Kubernetes minor version at its standard price, and what a cluster
 * costs or becomes past that date. Past it the cloud refuses new clusters of the version, bills extended
 * support, or upgrades the cluster by itself: a catalog default must never be past it (the catalog test
 * holds every region to it at the catalog's price date). Each cloud's is in its `kubernetes-versions.ts`.
 */
export interface KubernetesSupportSpec {
  /**
   * Last day of standard support of each minor version the catalog may default to (`1.35`), ISO date, as
   * the cloud publishes it (the earlier of the cloud's dates when it names two).
   */
  readonly standardSupportEnds: Readonly<Record<string, string>>;
  /**
   * Control-plane price per hour, replacing the standard one, of a cluster kept on a version past standard
   * support in paid extended support; null when the cloud has none for clusters as cloudtier creates them.
   */
  readonly extendedSupportClusterHourlyUSD: number | null;
  /** What happens to a cluster as cloudtier creates it once its version is past standard support. */
  readonly pastStandardSupport: string;
  readonly source: string;
  /** When the facts were read, ISO date. */
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

/** Facts about one cloud as a whole. */
/**
 * Namespaces a cloud, its managed add-ons or its usual network plugins create in a cluster: no customer's
 * namespace may have these names or begin with these prefixes (`clouds/<cloud>/namespaces.ts`).
 */
export interface ReservedNamespaces {
  readonly names: readonly string[];
  readonly prefixes: readonly string[];
}

export interface CloudSpec<R extends string = string> {
  readonly cloud: CloudName;
  readonly displayName: string;
  /** Managed data store instance classes by size class. */
  readonly datastoreClasses: {
    readonly postgres: Readonly<Record<SizeClass, string>>;
    readonly redis: Readonly<Record<SizeClass, string>>;
  };
  /**
   * Set where the cloud lists its prices in another currency: every USD price of its regions is that
   * list price converted at this rate (see `regions/currency.ts`).
   */
  readonly listCurrency?: ExchangeRate;
  /** Kubernetes version support and its price. */
  readonly kubernetesSupport: KubernetesSupportSpec;
  /** Namespaces the cloud and its add-ons create, which customers' namespaces may not take. */
  readonly reservedNamespaces: ReservedNamespaces;
  readonly regions: Readonly<Record<R, RegionSpec>>;
}
