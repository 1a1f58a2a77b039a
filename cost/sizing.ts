/**
 * A platform cluster sized for the tenants it holds. The offline plan prices node pools at their minimum;
 * the autoscaler runs as many nodes as the pods' requests need, within the pools' bounds. Tenants' requests
 * are bounded by their namespace quotas, and a quota is a ceiling its tenant rarely fills: the cluster is
 * sized for the summed quota requests over each tier's overcommit ratio (tier data), on the share of each
 * node tenants can use. Traffic out through NAT is priced from each tier's assumed egress. Pure.
 */
import { effectiveQuota } from "../domain/customer.js";
import type { QuotaSpec, TierName } from "../domain/tiers.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../domain/tiers.js";
import type { MachineSpec, RegionPrices } from "../regions/index.js";
import { COST_CATEGORIES, type CostItem } from "./estimate.js";
import { gibMonthCents, monthlyCents } from "./rates.js";

/** What a tenant asks of its cluster. */
export interface Demand {
  /** vCPU its quota requests take, over its tier's overcommit ratio. */
  readonly vcpu: number;
  /** Memory, GiB, likewise. */
  readonly memoryGiB: number;
  /** Traffic out through NAT per month, GiB (the tier's assumption). */
  readonly egressGiB: number;
}

/** A tenant as a stack file holds it: its tier and its quota overrides. */
export interface TenantShape {
  readonly tier: TierName;
  readonly quota?: Readonly<Partial<QuotaSpec>>;
}

/** A tenant's demand: its effective quota requests (tier defaults and overrides) over its tier's ratio. */
export function tenantDemand(tenant: TenantShape): Demand {
  const spec = TIER_SPECS[tenant.tier];
  const quota = effectiveQuota(tenant.tier, tenant.quota ?? {});
  return {
    vcpu: quota.requestsCpuMillis / 1000 / spec.overcommitRatio,
    memoryGiB: quota.requestsMemoryMiB / 1024 / spec.overcommitRatio,
    egressGiB: spec.assumedEgressGiBMonthly,
  };
}

export function sumDemand(demands: Iterable<Demand>): Demand {
  let vcpu = 0;
  let memoryGiB = 0;
  let egressGiB = 0;
  for (const d of demands) {
    vcpu += d.vcpu;
    memoryGiB += d.memoryGiB;
    egressGiB += d.egressGiB;
  }
  return { vcpu, memoryGiB, egressGiB };
}

export interface ClusterSizing {
  /** Tenants the cluster is sized for. */
  readonly tenants: number;
  readonly demand: Demand;
  /** The machine of the pools tenants run on; undefined when the plan has none the catalog prices. */
  readonly machine?: MachineSpec;
  /** Share of each node tenants can use. */
  readonly schedulableFraction: number;
  /** Nodes the demand needs, whatever the bounds. */
  readonly nodesNeeded: number;
  /** The tenant pools' bounds, summed. */
  readonly minNodes: number;
  readonly maxNodes: number;
  /** Nodes the autoscaler runs: the need, within the bounds. */
  readonly nodes: number;
  /** True when the demand needs more nodes than the autoscaler may add: some requests do not fit. */
  readonly capped: boolean;
}

export interface SizedLines {
  /** The lines with the tenant pools (and their disks) at the sized node count, and the egress line. */
  readonly items: readonly CostItem[];
  readonly sizing: ClusterSizing;
}

const byCategory = (a: CostItem, b: CostItem): number =>
  COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category);

/** Nodes of a machine a demand needs on the schedulable share of each. */
export function nodesFor(demand: Demand, machine: MachineSpec, fraction: number): number {
  const byCpu = demand.vcpu / (machine.vcpu * fraction);
  const byMemory = demand.memoryGiB / (machine.memoryGiB * fraction);
  // A hair under a whole node is that whole node, not one more (binary fractions).
  return Math.max(0, Math.ceil(Math.max(byCpu, byMemory) - 1e-9));
}

/** Spreads `total` nodes over pools from their minimums, one at a time in turn, up to their maximums. */
export function spreadNodes(pools: readonly { min: number; max: number }[], total: number): number[] {
  const counts = pools.map((p) => p.min);
  let left = total - counts.reduce((a, b) => a + b, 0);
  while (left > 0) {
    let added = false;
    for (let i = 0; i < pools.length && left > 0; i++) {
      if (counts[i] < pools[i].max) {
        counts[i]++;
        left--;
        added = true;
      }
    }
    if (!added) break;
  }
  return counts;
}

/**
 * Sizes the lines of a cluster (a stack's lines that belong to no tenant) for a demand: the pools tenants
 * run on get the nodes the demand needs, within their bounds; their disks follow; NAT gets a line for the
 * assumed egress. Other lines (control plane, system pools, NAT hours, addresses) stay as planned.
 */
export function sizeCluster(
  lines: readonly CostItem[],
  demand: Demand,
  tenants: number,
  prices: RegionPrices,
  schedulableFraction: number = PLATFORM_CLUSTER.schedulableFraction,
): SizedLines {
  const pools = lines.filter((l) => l.scaling?.tenantPods && !l.unpriced);
  const machine = pools[0]?.scaling?.machine;
  const minNodes = pools.reduce((n, l) => n + l.scaling!.minNodes, 0);
  const maxNodes = pools.reduce((n, l) => n + l.scaling!.maxNodes, 0);
  const nodesNeeded = machine ? nodesFor(demand, machine, schedulableFraction) : 0;
  const nodes = machine ? Math.min(maxNodes, Math.max(minNodes, nodesNeeded)) : 0;
  const counts = spreadNodes(
    pools.map((l) => ({ min: l.scaling!.minNodes, max: l.scaling!.maxNodes })),
    nodes,
  );
  const countOf = new Map(pools.map((l, i) => [l.scaling!.pool, counts[i]]));
  const sizedFor = `sized for ${tenants} tenant${tenants === 1 ? "" : "s"}`;
  const items: CostItem[] = lines.map((line) => {
    const scaling = line.scaling;
    if (scaling && countOf.has(scaling.pool)) {
      const count = countOf.get(scaling.pool)!;
      const m = scaling.machine;
      return {
        ...line,
        description:
          `${scaling.label}: ${count} x ${m.instanceType} (${m.vcpu} vCPU, ${m.memoryGiB} GiB) at $${m.hourlyUSD}/h, ` +
          `${sizedFor} (autoscaler ${scaling.minNodes}-${scaling.maxNodes})`,
        monthlyUSD: monthlyCents(m.hourlyUSD, count) / 100,
        capacity: { vcpu: m.vcpu * count, memoryGiB: m.memoryGiB * count },
        scaling: { ...scaling, nodes: count },
      };
    }
    const of = line.nodeDisksOf;
    if (of !== undefined && countOf.has(of)) {
      const pool = pools.find((p) => p.scaling!.pool === of)!.scaling!;
      const count = countOf.get(of)!;
      const gib = pool.diskGiBPerNode ?? 0;
      return {
        ...line,
        description: `${pool.label} disks: ${count} x ${gib} GiB at $${prices.storageGiBMonthUSD}/GiB-month, ${sizedFor}`,
        monthlyUSD: gibMonthCents(prices.storageGiBMonthUSD, gib * count) / 100,
      };
    }
    return line;
  });
  const egress = egressLine(
    lines,
    demand.egressGiB,
    `${tenants} tenant${tenants === 1 ? "'s" : "s'"} assumed egress`,
    prices,
  );
  return {
    items: egress ? [...items, egress].sort(byCategory) : items,
    sizing: {
      tenants,
      demand,
      ...(machine ? { machine } : {}),
      schedulableFraction,
      nodesNeeded,
      minNodes,
      maxNodes,
      nodes,
      capped: machine !== undefined && nodesNeeded > maxNodes,
    },
  };
}

/**
 * NAT data processing of an assumed monthly egress, on the first NAT line's resource; undefined when the
 * stack has no NAT, or the cloud lists no per-GiB fee.
 */
export function egressLine(
  lines: readonly CostItem[],
  gib: number,
  what: string,
  prices: RegionPrices,
): CostItem | undefined {
  const nat = lines.find((l) => l.egress);
  const rate = prices.natDataProcessingGiBUSD;
  if (!nat || rate <= 0 || gib <= 0) return undefined;
  const rounded = Math.round(gib * 100) / 100;
  return {
    urn: nat.urn,
    category: "network",
    description: `NAT data processing: ${what}, ${rounded} GiB/month at $${rate}/GiB`,
    monthlyUSD: Math.round(gib * rate * 100) / 100,
    usage: true,
  };
}
