/**
 * What every pricer builds its lines from: a draft line, the pricing context (the stack's cloud, region,
 * list prices and resources), and the lines every cloud prices the same way (control plane fee, nodes and
 * their pools' bounds, disks, public IPv4 addresses, version support, data stores, NAT and load
 * balancers). Each cloud's own pricers (`clouds/<cloud>/pricing.ts`) turn its resources into these lines;
 * `cost/estimate.ts` runs them. Pure.
 */
import type { TokenGroup } from "../clouds/tokens.js";
import type { PlannedResource } from "../planner/types.js";
import type { Props } from "../policy/rules/support.js";
import {
  CATALOG,
  type CloudName,
  type KubernetesSupportSpec,
  type RegionPrices,
  type RegionSpec,
  type SizeClass,
} from "../regions/index.js";
import type { CostItem } from "./estimate.js";
import { datastoreSizeOf, gibMonthCents, machineOf, monthlyCents } from "./rates.js";

export interface Draft extends Omit<CostItem, "monthlyUSD" | "urn"> {
  readonly cents: number;
  /** A note for the whole stack rather than a line (drafts with a note and no cents add no line). */
  readonly note?: string;
}

export interface PricingContext {
  readonly cloud: CloudName;
  readonly region: RegionSpec;
  readonly prices: RegionPrices;
  readonly resources: readonly PlannedResource[];
}

/** How a pool scales: its bounds, whether tenants run on it, its nodes' disk size. */
export interface PoolBounds {
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  readonly tenantPods: boolean;
  readonly diskGiB?: number;
}

export type Pricer = (resource: PlannedResource, ctx: PricingContext) => Draft[];

export const rate = (hourly: number): string => `$${hourly}/h`;
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
export const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

export function props<T>(resource: PlannedResource): Props<T> {
  return resource.inputs as Props<T>;
}

export function clusterFee(label: string, sla: boolean, ctx: PricingContext): Draft[] {
  const hourly = sla ? ctx.prices.clusterSlaHourlyUSD : ctx.prices.clusterHourlyUSD;
  const tier = sla ? " (uptime SLA tier)" : "";
  return [
    {
      category: "cluster",
      description: `${label} control plane${tier}, ${rate(hourly)}`,
      cents: monthlyCents(hourly),
    },
  ];
}

export function nodes(
  what: string,
  machineType: unknown,
  count: number,
  ctx: PricingContext,
  bounds?: PoolBounds,
): Draft[] {
  const machine = machineOf(ctx.region, machineType);
  if (!machine) {
    return [
      {
        category: "nodes",
        description: `${what}: ${plural(count, "node")} of ${String(machineType)}, not in the region catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  return [
    {
      category: "nodes",
      description: `${what}: ${count} x ${machine.instanceType} (${machine.vcpu} vCPU, ${machine.memoryGiB} GiB) at ${rate(machine.hourlyUSD)}`,
      cents: monthlyCents(machine.hourlyUSD, count),
      capacity: { vcpu: machine.vcpu * count, memoryGiB: machine.memoryGiB * count },
      ...(bounds
        ? {
            scaling: {
              pool: bounds.pool,
              label: what,
              nodes: count,
              minNodes: Math.min(bounds.min, count),
              maxNodes: Math.max(bounds.max, count),
              machine,
              tenantPods: bounds.tenantPods,
              ...(bounds.diskGiB ? { diskGiBPerNode: bounds.diskGiB } : {}),
            },
          }
        : {}),
    },
  ];
}

/** The lines of a node pool: its nodes and, when they have their own disks, those disks. */
export function pool(
  what: string,
  machineType: unknown,
  count: number,
  ctx: PricingContext,
  bounds: PoolBounds,
  disksWhat?: string,
): Draft[] {
  const diskLines =
    disksWhat && bounds.diskGiB
      ? disks(disksWhat, bounds.diskGiB, count, ctx).map((d) => ({ ...d, nodeDisksOf: bounds.pool }))
      : [];
  return [...nodes(what, machineType, count, ctx, bounds), ...diskLines];
}

/**
 * Whether tenants' pods can run on a pool with taints of these effects: not when one keeps pods off.
 * Effects as each cloud spells them: `NoSchedule` (Kubernetes, AKS's `key=value:NoSchedule`),
 * `NO_SCHEDULE` (EKS, GKE).
 */
export function acceptsTenants(effects: readonly unknown[] | undefined): boolean {
  const blocking = (effect: unknown) =>
    ["noschedule", "noexecute"].includes(String(effect).split(":").pop()!.replace(/_/g, "").toLowerCase());
  return !(effects ?? []).some(blocking);
}

export function disks(
  what: string,
  gibEach: number | undefined,
  count: number,
  ctx: PricingContext,
  rate = ctx.prices.storageGiBMonthUSD,
  rateNote = "",
): Draft[] {
  if (!gibEach || count === 0) return [];
  const gib = gibEach * count;
  return [
    {
      category: "storage",
      description: `${what}: ${count} x ${gibEach} GiB at $${rate}/GiB-month${rateNote}`,
      cents: gibMonthCents(rate, gib),
    },
  ];
}

/** Storage of a managed PostgreSQL: the cloud's database storage rate where the catalog has one. */
export function databaseDisks(
  what: string,
  gibEach: number | undefined,
  copies: number,
  ctx: PricingContext,
): Draft[] {
  const rate = ctx.prices.databaseStorageGiBMonthUSD;
  return rate === null
    ? disks(what, gibEach, copies, ctx, ctx.prices.storageGiBMonthUSD, " (block storage rate)")
    : disks(what, gibEach, copies, ctx, rate);
}

/** Public IPv4 addresses, at the catalog's hourly rate (not priced where it has none). */
export function publicIps(what: string, count: number, ctx: PricingContext): Draft[] {
  if (count <= 0) return [];
  const hourly = ctx.prices.publicIpv4HourlyUSD;
  if (hourly === null) {
    return [
      {
        category: "network",
        description: `${what}: ${plural(count, "public IPv4 address")}, not in the catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  return [
    {
      category: "network",
      description: `${what}: ${plural(count, "public IPv4 address")} at ${rate(hourly)}`,
      cents: monthlyCents(hourly, count),
    },
  ];
}

/**
 * Whether a cluster's Kubernetes version is past the cloud's standard support on the date of the catalog's
 * prices, and what that costs: the extended-support rate when the cluster stays on it (`extended`), or a
 * note that the cloud upgrades it. The control plane's hourly rate to use, and the notes.
 */
export function versionSupport(
  label: string,
  version: unknown,
  extended: boolean,
  standardHourly: number,
  ctx: PricingContext,
): { hourly: number; suffix: string; notes: Draft[] } {
  const support: KubernetesSupportSpec = CATALOG[ctx.cloud].kubernetesSupport;
  const ends = typeof version === "string" ? support.standardSupportEnds[version] : undefined;
  if (ends === undefined || ctx.prices.date <= ends) return { hourly: standardHourly, suffix: "", notes: [] };
  const past = `Kubernetes ${String(version)} left ${label} standard support on ${ends}`;
  if (extended && support.extendedSupportClusterHourlyUSD !== null) {
    return {
      hourly: support.extendedSupportClusterHourlyUSD,
      suffix: ` in extended support (${past})`,
      notes: [],
    };
  }
  const fee = extended ? "; its extended-support fee is not in the catalog" : "";
  return {
    hourly: standardHourly,
    suffix: "",
    notes: [
      {
        category: "cluster",
        description: "",
        cents: 0,
        note: `${past}: ${support.pastStandardSupport}${fee}`,
      },
    ],
  };
}

export function datastore(
  what: string,
  kind: "postgres" | "redis",
  className: unknown,
  copies: number,
  ctx: PricingContext,
): Draft[] {
  const size: SizeClass | undefined = datastoreSizeOf(ctx.cloud, kind, className);
  if (!size) {
    return [
      {
        category: "datastore",
        description: `${what}: class ${String(className)} is not in the catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  const hourly = (kind === "postgres" ? ctx.prices.postgresHourlyUSD : ctx.prices.redisHourlyUSD)[size];
  const copiesText = copies > 1 ? ` x ${copies}` : "";
  return [
    {
      category: "datastore",
      description: `${what}: ${String(className)} (${size})${copiesText} at ${rate(hourly)}`,
      cents: monthlyCents(hourly, copies),
    },
  ];
}

export const network = (
  category: "nat" | "lb",
  what: string,
  ctx: PricingContext,
  tenant?: string,
): Draft[] => {
  const hourly = category === "nat" ? ctx.prices.natGatewayHourlyUSD : ctx.prices.loadBalancerHourlyUSD;
  return [
    {
      category: "network",
      description: `${what} at ${rate(hourly)}`,
      cents: monthlyCents(hourly),
      ...(tenant ? { tenant } : {}),
      ...(category === "nat" ? { egress: true } : {}),
    },
  ];
};

/** A cloud's pricers: the token group each prices, first match wins. */
export type CloudPricers = readonly (readonly [TokenGroup, Pricer])[];
