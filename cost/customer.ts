/**
 * What one customer costs across its stacks, against what its tier charges. Its environment stacks are
 * its own; a platform stack is shared, so the customer pays the share of its shared lines (cluster, nodes,
 * network) that its quota requests take of the cluster's capacity, plus the lines of its own namespace
 * (volumes, load balancers). Pure.
 */
import type { PlannedResource, StackPlan } from "../planner/types.js";
import { isType } from "../clouds/tokens.js";
import { TIER_SPECS, type TierName } from "../domain/tiers.js";
import type { StackCost } from "./estimate.js";
import { parseQuantity, quantityGiB } from "./quantity.js";

export interface QuotaRequests {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface StackShare {
  readonly stack: string;
  readonly kind: StackPlan["kind"];
  readonly estimated: boolean;
  /** Fraction of the stack's shared lines the customer pays: 1 for its own environment. */
  readonly share: number;
  /** How the share was reached, in words. */
  readonly basis: string;
  /** The customer's amount for this stack: its share of the shared lines plus its own lines. */
  readonly monthlyUSD: number;
}

export interface CustomerCost {
  readonly customer: string;
  readonly tier: TierName;
  readonly seats: number;
  readonly pricePerSeatMonthlyUSD: number;
  readonly priceMonthlyUSD: number;
  readonly costMonthlyUSD: number;
  readonly marginMonthlyUSD: number;
  /** Margin as a percentage of the price; null when the price is 0 (the free tier). */
  readonly marginPercent: number | null;
  readonly stacks: readonly StackShare[];
}

export interface CustomerRef {
  readonly id: string;
  readonly tier: TierName;
  readonly members: readonly unknown[];
}

const cents = (usd: number): number => Math.round(usd * 100);

/** The requests.cpu and requests.memory a namespace's ResourceQuotas allow (summed over its quotas). */
export function quotaRequests(
  resources: readonly PlannedResource[],
  namespace: string,
): QuotaRequests | undefined {
  let vcpu = 0;
  let memoryGiB = 0;
  let found = false;
  for (const r of resources) {
    if (!isType(r.type, "resourceQuota")) continue;
    const inputs = r.inputs as {
      metadata?: { namespace?: string };
      spec?: { hard?: Record<string, unknown> };
    };
    if (inputs.metadata?.namespace !== namespace) continue;
    found = true;
    vcpu += parseQuantity(inputs.spec?.hard?.["requests.cpu"]) ?? 0;
    memoryGiB += quantityGiB(inputs.spec?.hard?.["requests.memory"]) ?? 0;
  }
  return found ? { vcpu, memoryGiB } : undefined;
}

const round1 = (n: number): string => String(Math.round(n * 10) / 10);

/** The customer's part of one stack. */
export function stackShare(
  customer: string,
  plan: Pick<StackPlan, "resources">,
  cost: StackCost,
): StackShare {
  const base = { stack: cost.stack, kind: cost.kind, estimated: cost.estimated };
  if (!cost.estimated) {
    return { ...base, share: 0, basis: "existing cluster: cost not estimated", monthlyUSD: 0 };
  }
  if (cost.kind === "environment") {
    return { ...base, share: 1, basis: "the customer's own environment", monthlyUSD: cost.monthlyUSD };
  }
  const shared = cost.items
    .filter((i) => i.tenant === undefined)
    .reduce((s, i) => s + cents(i.monthlyUSD), 0);
  const own = cost.items.filter((i) => i.tenant === customer).reduce((s, i) => s + cents(i.monthlyUSD), 0);
  const quota = quotaRequests(plan.resources, customer);
  const { vcpu, memoryGiB } = cost.capacity;
  if (!quota || vcpu === 0 || memoryGiB === 0) {
    const why = !quota
      ? "no ResourceQuota for the customer's namespace"
      : "the cluster's capacity is not priced";
    return {
      ...base,
      share: 0,
      basis: `shared platform cluster: ${why}, share not attributed`,
      monthlyUSD: own / 100,
    };
  }
  const share = Math.min(1, Math.max(quota.vcpu / vcpu, quota.memoryGiB / memoryGiB));
  const basis =
    `shared platform cluster: quota requests ${round1(quota.vcpu)} vCPU / ${round1(quota.memoryGiB)} GiB of ` +
    `${round1(vcpu)} vCPU / ${round1(memoryGiB)} GiB capacity = ${round1(share * 100)}% of the shared lines`;
  return { ...base, share, basis, monthlyUSD: (Math.round(shared * share) + own) / 100 };
}

/** The customer's cost across its stacks against its tier's price for its seats (at least the tier's minimum). */
export function customerCost(
  customer: CustomerRef,
  stacks: readonly { readonly plan: Pick<StackPlan, "resources">; readonly cost: StackCost }[],
): CustomerCost {
  const shares = stacks.map(({ plan, cost }) => stackShare(customer.id, plan, cost));
  const costCents = shares.reduce((s, x) => s + cents(x.monthlyUSD), 0);
  const seats = Math.max(TIER_SPECS[customer.tier].minSeats, customer.members.length);
  const perSeat = TIER_SPECS[customer.tier].pricePerSeatMonthlyUSD;
  const priceCents = cents(perSeat * seats);
  const marginCents = priceCents - costCents;
  return {
    customer: customer.id,
    tier: customer.tier,
    seats,
    pricePerSeatMonthlyUSD: perSeat,
    priceMonthlyUSD: priceCents / 100,
    costMonthlyUSD: costCents / 100,
    marginMonthlyUSD: marginCents / 100,
    marginPercent: priceCents > 0 ? Math.round((marginCents / priceCents) * 1000) / 10 : null,
    stacks: shares,
  };
}
