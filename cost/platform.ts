/**
 * What a region's shared platform costs, and who pays it. One cluster serves every shard of a region:
 * shard 0's stack creates it, later shards' tenants run on it. Its lines (control plane, NAT, addresses,
 * system pools, and the tenant pools sized for the demand of every tenant of every shard) are split over
 * all the region's tenants in proportion to the part of a node each one's requests take, in whole cents
 * that add up. A shard's stack then costs what its tenants pay: the shares of one stack sum to its cost,
 * and the stacks of a region sum to its cluster plus its tenants' own lines. Pure.
 */
import type { MachineSpec, RegionPrices } from "../regions/index.js";
import type { CostItem, StackCost } from "./estimate.js";
import {
  type ClusterSizing,
  type Demand,
  type TenantShape,
  sizeCluster,
  sumDemand,
  tenantDemand,
} from "./sizing.js";

/** A tenant of a shard, as its stack file holds it. */
export interface ShardTenant extends TenantShape {
  readonly id: string;
}

export interface ShardInput {
  readonly stack: string;
  readonly shard: number;
  readonly tenants: readonly ShardTenant[];
}

/** One tenant's part of its region's cluster. */
export interface TenantPart {
  readonly id: string;
  readonly stack: string;
  readonly demand: Demand;
  /** Nodes' worth of capacity its requests take: what it pays in proportion to. */
  readonly weight: number;
  readonly clusterCents: number;
}

export interface PricedRegion {
  /** False for existing clusters: nothing is priced. */
  readonly estimated: boolean;
  /** The cluster's lines, sized for the region's tenants. */
  readonly items: readonly CostItem[];
  readonly clusterCents: number;
  readonly sizing?: ClusterSizing;
  /** Every tenant of every shard, in shard order, then by position in its shard. */
  readonly tenants: readonly TenantPart[];
  /** The cluster's cost no tenant pays: the whole of it when the region has no tenants, else 0. */
  readonly idleCents: number;
  readonly shards: readonly ShardInput[];
}

const cents = (usd: number): number => Math.round(usd * 100);

/** The cents of a set of lines. */
export function linesCents(items: readonly CostItem[]): number {
  return items.reduce((sum, i) => sum + cents(i.monthlyUSD), 0);
}

/**
 * Splits whole cents in proportion to weights, by largest remainder: the parts add up to `total` exactly,
 * each is within a cent of its exact share, and equal weights in the same order get parts at most a cent
 * apart. All-zero weights split evenly.
 */
export function splitCents(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? weights.map((w) => (total * w) / sum) : weights.map(() => total / weights.length);
  const parts = shares.map((s) => Math.floor(s));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, i) => ({ i, rest: s - Math.floor(s) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i]++;
  // Rounding of the shares themselves can overshoot by a cent: take it back from the smallest remainders.
  for (let k = order.length - 1; left < 0; k = (k - 1 + order.length) % order.length) {
    if (parts[order[k].i] > 0) {
      parts[order[k].i]--;
      left++;
    }
  }
  return parts;
}

/** The part of one node of `machine` a demand takes: the larger of its vCPU and memory fractions. */
export function nodeWeight(demand: Demand, machine: MachineSpec | undefined): number {
  if (!machine) return demand.vcpu + demand.memoryGiB / 4;
  return Math.max(demand.vcpu / machine.vcpu, demand.memoryGiB / machine.memoryGiB);
}

/**
 * Prices a region's platform: its cluster (the lines of `cluster`, a plan of shard 0, that belong to no
 * tenant) sized for the demand of every tenant of `shards`, and each tenant's part of it.
 */
export function priceRegion(
  cluster: StackCost,
  shards: readonly ShardInput[],
  prices: RegionPrices,
): PricedRegion {
  const all = shards.flatMap((s) => s.tenants.map((t) => ({ tenant: t, stack: s.stack })));
  if (!cluster.estimated) {
    return {
      estimated: false,
      items: [],
      clusterCents: 0,
      tenants: all.map(({ tenant, stack }) => ({
        id: tenant.id,
        stack,
        demand: tenantDemand(tenant),
        weight: 0,
        clusterCents: 0,
      })),
      idleCents: 0,
      shards,
    };
  }
  const demands = all.map(({ tenant }) => tenantDemand(tenant));
  const { items, sizing } = sizeCluster(
    cluster.items.filter((i) => i.tenant === undefined),
    sumDemand(demands),
    all.length,
    prices,
  );
  const clusterCents = linesCents(items);
  const weights = demands.map((d) => nodeWeight(d, sizing.machine));
  const parts = splitCents(all.length > 0 ? clusterCents : 0, weights);
  return {
    estimated: true,
    items,
    clusterCents,
    sizing,
    tenants: all.map(({ tenant, stack }, i) => ({
      id: tenant.id,
      stack,
      demand: demands[i],
      weight: weights[i],
      clusterCents: parts[i],
    })),
    idleCents: all.length > 0 ? 0 : clusterCents,
    shards,
  };
}
