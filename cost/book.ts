/**
 * The book: every stack and every customer of a project priced together, so that what the customers pay
 * adds up to what the stacks cost. Stacks are read from their configurations; their lines come from line
 * estimates of planned stacks (`estimateStackCost`), either the stacks themselves (`plan`, `onboard`) or
 * stand-ins that share everything cost depends on (`cost/probes.ts`, for `cloudtier cost`). Pure.
 *
 * A platform stack costs what its tenants pay: each its part of the region's cluster (`cost/platform.ts`)
 * plus its own lines; shard 0 also carries the cluster of a region with no tenant left (idle). An
 * environment stack costs its lines and the NAT processing of its assumed egress, all its customer's.
 */
import { regionKey as keyOf, type RegionRef, regionSpec } from "../regions/index.js";
import { isProblem, parseRegionKey } from "../domain/region-key.js";
import { platformStackName } from "../domain/naming.js";
import { platformShards } from "../domain/placement.js";
import type { StackConfigInput } from "../domain/stack-config.js";
import { TIER_SPECS, type TierName } from "../domain/tiers.js";
import {
  type CostWarning,
  type CustomerCost,
  type StackShare,
  customerCost,
  marginWarning,
  money,
} from "./customer.js";
import type { CostItem, StackCost } from "./estimate.js";
import { plural } from "./pricers.js";
import { type PricedRegion, type ShardInput, linesCents, priceRegion, splitCents } from "./platform.js";
import { type ClusterSizing, egressLine } from "./sizing.js";

/** Where the lines of a stack or a tenant are to be read: itself, or a stand-in of the same shape. */
export interface StandIns {
  /** The planned stack, and the tenant in it, whose own lines stand for this tenant's. */
  tenant(stack: string, tenant: string): { readonly stack: string; readonly tenant: string };
  /** The planned stack whose lines stand for this environment stack's. */
  environment(stack: string): string;
}

const SELF: StandIns = {
  tenant: (stack, tenant) => ({ stack, tenant }),
  environment: (stack) => stack,
};

export interface BookInput {
  /** Stacks to price. */
  readonly stacks: readonly string[];
  /** The configuration of a stack by name: of each stack priced, and of every shard of their regions. */
  readonly configOf: (name: string) => StackConfigInput | undefined;
  /**
   * Line estimates of planned stacks, by stack name: of each stack priced (or its stand-in), and of
   * shard 0 of each platform region (its lines that belong to no tenant are the region's cluster).
   */
  readonly costs: ReadonlyMap<string, StackCost>;
  /** @default every stack and tenant stands for itself */
  readonly standIns?: StandIns;
  /** Keep the tenants' own lines in each stack's items (a plan of the stack itself). @default false */
  readonly detail?: boolean;
}

/** A platform stack's place in its region's platform. */
export interface PlatformAttribution {
  readonly region: string;
  readonly shard: number;
  /** The region's cluster, sized for all its tenants (its lines are in shard 0's items). */
  readonly clusterMonthlyUSD: number;
  readonly regionTenants: number;
  readonly regionShards: number;
  readonly sizing?: ClusterSizing;
  readonly tenants: number;
  /** This stack's tenants' part of the cluster. */
  readonly clusterShareMonthlyUSD: number;
  /** The cluster's cost no tenant pays (a region without tenants), carried by shard 0. */
  readonly idleMonthlyUSD: number;
  /** This stack's tenants' own lines (volumes, load balancers). */
  readonly ownMonthlyUSD: number;
}

export interface PricedStack {
  readonly stack: string;
  readonly kind: StackCost["kind"];
  readonly cloud: StackCost["cloud"];
  readonly region: string;
  readonly estimated: boolean;
  /** What the stack costs: the sum of what its customers pay for it, and its idle part. */
  readonly monthlyUSD: number;
  /** Lines: the sized cluster on shard 0, the environment's lines, the tenants' own with `detail`. */
  readonly items: readonly CostItem[];
  readonly notes: readonly string[];
  readonly platform?: PlatformAttribution;
  /** What each of its customers pays for it. */
  readonly customers: readonly { readonly customer: string; readonly monthlyUSD: number }[];
}

export interface BookTotals {
  readonly stacks: number;
  readonly customers: number;
  readonly stacksMonthlyUSD: number;
  readonly customersMonthlyUSD: number;
  /** Cost no customer pays: platform clusters of regions without tenants. */
  readonly idleMonthlyUSD: number;
  readonly priceMonthlyUSD: number;
  readonly marginMonthlyUSD: number;
  /** Customers' costs plus the idle cost equal the stacks' costs, to the cent. */
  readonly reconciled: boolean;
}

export interface Book {
  readonly stacks: readonly PricedStack[];
  readonly customers: readonly CustomerCost[];
  readonly warnings: readonly CostWarning[];
  readonly totals: BookTotals;
}

const cents = (usd: number): number => Math.round(usd * 100);
const round1 = (n: number): string => String(Math.round(n * 10) / 10);

function regionRef(key: string): RegionRef {
  const ref = parseRegionKey(key, "region");
  if (isProblem(ref)) throw new Error(`${key}: ${ref.rule}`);
  return ref;
}

interface CustomerEntry {
  readonly id: string;
  readonly tier: TierName;
  readonly members: number;
  readonly shares: StackShare[];
}

/** Own lines of planned stacks, by stack and tenant, indexed once. */
class OwnLines {
  private readonly index = new Map<string, Map<string, CostItem[]>>();
  constructor(private readonly costs: ReadonlyMap<string, StackCost>) {}

  of(stack: string, tenant: string): readonly CostItem[] {
    let byTenant = this.index.get(stack);
    if (!byTenant) {
      byTenant = new Map();
      for (const item of this.costs.get(stack)?.items ?? []) {
        if (item.tenant === undefined) continue;
        const list = byTenant.get(item.tenant) ?? [];
        list.push(item);
        byTenant.set(item.tenant, list);
      }
      this.index.set(stack, byTenant);
    }
    return byTenant.get(tenant) ?? [];
  }
}

export function priceBook(input: BookInput): Book {
  const { configOf, costs } = input;
  const standIns = input.standIns ?? SELF;
  const names = input.stacks;
  const own = new OwnLines(costs);
  const regions = new Map<string, PricedRegion>();
  const customers = new Map<string, CustomerEntry>();
  const warnings: CostWarning[] = [];
  const stacks: PricedStack[] = [];

  const addShare = (id: string, tier: TierName, members: number, share: StackShare) => {
    let entry = customers.get(id);
    if (!entry) {
      entry = { id, tier, members, shares: [] };
      customers.set(id, entry);
    }
    entry.shares.push(share);
  };

  const regionOf = (key: string): PricedRegion => {
    let region = regions.get(key);
    if (region) return region;
    const ref = regionRef(key);
    const shards: ShardInput[] = platformShards(ref, configOf).map((s) => ({
      stack: s.name,
      shard: s.shard,
      tenants: (s.config.tenants ?? []).map((t) => ({ id: t.id, tier: t.tier, quota: t.quota ?? {} })),
    }));
    const owner = platformStackName(ref);
    const cluster = costs.get(owner);
    if (!cluster) throw new Error(`the cluster of ${key} (stack ${owner}) was not planned`);
    region = priceRegion(cluster, shards, regionSpec(ref).prices);
    regions.set(key, region);
    if (region.sizing?.capped) {
      const s = region.sizing;
      warnings.push({
        code: "cluster-capacity",
        stack: owner,
        message:
          `the platform cluster of ${key} needs ${s.nodesNeeded} nodes for the requests of its ${plural(s.tenants, "tenant")} ` +
          `at their tiers' overcommit ratios, but its autoscaler stops at ${s.maxNodes}: add a region's cluster, ` +
          `raise the pools' maximum, or lower the tenants per region. Its cost is shown at ${s.maxNodes} nodes.`,
      });
    }
    return region;
  };

  for (const name of names) {
    const config = configOf(name);
    if (!config) throw new Error(`no configuration for stack ${name}`);
    const ref = regionRef(config.region);
    if (config.kind === "environment") {
      const lines = costs.get(standIns.environment(name));
      if (!lines) throw new Error(`stack ${name} was not planned`);
      const tier = config.customer.tier;
      const prices = regionSpec(ref).prices;
      const egress = lines.estimated
        ? egressLine(
            lines.items,
            TIER_SPECS[tier].assumedEgressGiBMonthly,
            "the tier's assumed egress",
            prices,
          )
        : undefined;
      const items = egress ? [...lines.items, egress] : lines.items;
      const total = linesCents(items);
      stacks.push({
        stack: name,
        kind: "environment",
        cloud: ref.cloud,
        region: ref.region,
        estimated: lines.estimated,
        monthlyUSD: total / 100,
        items,
        notes: lines.notes,
        customers: [{ customer: config.customer.id, monthlyUSD: total / 100 }],
      });
      addShare(config.customer.id, tier, (config.customer.members ?? []).length, {
        stack: name,
        kind: "environment",
        estimated: lines.estimated,
        monthlyUSD: total / 100,
        basis: lines.estimated ? "the customer's own environment" : "existing cluster: cost not estimated",
      });
      continue;
    }

    const key = keyOf(ref);
    const region = regionOf(key);
    const shard = region.shards.find((s) => s.stack === name);
    if (!shard) throw new Error(`${name} is not a shard of ${key}`);
    const parts = region.tenants.filter((t) => t.stack === name);
    const planned = costs.get(name);
    // Lines of a later shard that belong to no tenant (none as the program stands), shared by its tenants.
    const local =
      shard.shard > 0 && planned?.estimated ? planned.items.filter((i) => i.tenant === undefined) : [];
    const localCents = linesCents(local);
    const localParts = splitCents(
      parts.length > 0 ? localCents : 0,
      parts.map((p) => p.weight),
    );
    const idleCents = (shard.shard === 0 ? region.idleCents : 0) + (parts.length === 0 ? localCents : 0);
    const payers = parts.map((part, i) => {
      const at = standIns.tenant(name, part.id);
      const ownCents = linesCents(own.of(at.stack, at.tenant));
      return { part, ownCents, totalCents: part.clusterCents + localParts[i] + ownCents };
    });
    const ownCents = payers.reduce((s, p) => s + p.ownCents, 0);
    const clusterShareCents =
      parts.reduce((s, p) => s + p.clusterCents, 0) + localParts.reduce((a, b) => a + b, 0);
    const totalCents = payers.reduce((s, p) => s + p.totalCents, 0) + idleCents;
    const ownItems = input.detail ? (planned?.items ?? []).filter((i) => i.tenant !== undefined) : [];
    const sizing = region.sizing;
    const notes = [...(costs.get(platformStackName(ref))?.notes ?? [])];
    stacks.push({
      stack: name,
      kind: "platform",
      cloud: ref.cloud,
      region: ref.region,
      estimated: region.estimated,
      monthlyUSD: totalCents / 100,
      items: [...(shard.shard === 0 ? region.items : local), ...ownItems],
      notes,
      platform: {
        region: key,
        shard: shard.shard,
        clusterMonthlyUSD: region.clusterCents / 100,
        regionTenants: region.tenants.length,
        regionShards: region.shards.length,
        ...(sizing ? { sizing } : {}),
        tenants: parts.length,
        clusterShareMonthlyUSD: clusterShareCents / 100,
        idleMonthlyUSD: idleCents / 100,
        ownMonthlyUSD: ownCents / 100,
      },
      customers: payers.map((p) => ({ customer: p.part.id, monthlyUSD: p.totalCents / 100 })),
    });
    const tenants = new Map((config.tenants ?? []).map((t) => [t.id, t]));
    for (const p of payers) {
      const tenant = tenants.get(p.part.id)!;
      const pct = region.clusterCents > 0 ? (100 * p.part.clusterCents) / region.clusterCents : 0;
      const basis = !region.estimated
        ? "existing cluster: cost not estimated"
        : `its part of the ${key} platform cluster (${money(region.clusterCents / 100)}/month` +
          `${sizing?.machine ? `, ${sizing.nodes} nodes` : ""} for ${plural(region.tenants.length, "tenant")} in ` +
          `${region.shards.length} shard${region.shards.length === 1 ? "" : "s"}): ${round1(pct)}% by its requests ` +
          `(${round1(p.part.demand.vcpu)} vCPU / ${round1(p.part.demand.memoryGiB)} GiB after the tier's overcommit)` +
          (p.ownCents > 0 ? `, plus its own lines ${money(p.ownCents / 100)}` : "");
      addShare(tenant.id, tenant.tier, (tenant.members ?? []).length, {
        stack: name,
        kind: "platform",
        estimated: region.estimated,
        monthlyUSD: p.totalCents / 100,
        basis,
      });
    }
  }

  const priced = [...customers.values()].map((c) =>
    customerCost({ id: c.id, tier: c.tier, members: c.members }, c.shares),
  );
  for (const c of priced) {
    const warning = marginWarning(c);
    if (warning) warnings.push(warning);
  }
  const stacksCents = stacks.reduce((s, x) => s + cents(x.monthlyUSD), 0);
  const customersCents = priced.reduce((s, c) => s + cents(c.costMonthlyUSD), 0);
  const idleCents = stacks.reduce((s, x) => s + cents(x.platform?.idleMonthlyUSD ?? 0), 0);
  const priceCents = priced.reduce((s, c) => s + cents(c.priceMonthlyUSD), 0);
  return {
    stacks,
    customers: priced,
    warnings,
    totals: {
      stacks: stacks.length,
      customers: priced.length,
      stacksMonthlyUSD: stacksCents / 100,
      customersMonthlyUSD: customersCents / 100,
      idleMonthlyUSD: idleCents / 100,
      priceMonthlyUSD: priceCents / 100,
      marginMonthlyUSD: (priceCents - customersCents) / 100,
      reconciled: customersCents + idleCents === stacksCents,
    },
  };
}
