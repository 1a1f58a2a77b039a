/**
 * What one customer costs across its stacks, against what its tier charges, and a warning with the
 * break-even seats or fee when the price does not cover the cost. Its environment stacks are its own; on a
 * platform it pays its part of its region's cluster and its own lines (see `cost/platform.ts`). Pure.
 */
import { TIER_SPECS, type TierName } from "../domain/tiers.js";
import type { StackCost } from "./estimate.js";

/** What the tier charges a customer: seats (at least the tier's minimum) and environments. */
export interface TierPrice {
  readonly seats: number;
  /** Regions the customer runs in (cloud x region): environment stacks, or platform namespaces. */
  readonly environments: number;
  readonly pricePerSeatMonthlyUSD: number;
  readonly pricePerEnvironmentMonthlyUSD: number;
  readonly priceMonthlyUSD: number;
}

/** Where the price would cover the cost, all else equal. */
export interface BreakEven {
  /** Seats at the tier's seat price; null when the seats are free or the tier allows fewer. */
  readonly seats: number | null;
  /** Price per seat at the billed seats; null on a tier with free seats. */
  readonly pricePerSeatMonthlyUSD: number | null;
  /** Fee per environment at the billed seats; null on a tier that charges no fee per environment. */
  readonly environmentFeeMonthlyUSD: number | null;
}

/** The customer's part of one stack. */
export interface StackShare {
  readonly stack: string;
  readonly kind: StackCost["kind"];
  readonly estimated: boolean;
  readonly monthlyUSD: number;
  /** How the amount was reached, in words. */
  readonly basis: string;
}

export interface CustomerCost extends TierPrice {
  readonly customer: string;
  readonly tier: TierName;
  readonly costMonthlyUSD: number;
  readonly marginMonthlyUSD: number;
  /** Margin as a percentage of the price; null on the free tier (price 0). */
  readonly marginPercent: number | null;
  /** False when a stack is on an existing cluster: its cost is not estimated, and the total leaves it out. */
  readonly estimated: boolean;
  readonly stacks: readonly StackShare[];
  /** Set when the price does not cover the cost. */
  readonly breakEven?: BreakEven;
}

export interface CostWarning {
  /** `negative-margin`: a customer's price does not cover its cost; `cluster-capacity`: a platform cluster cannot grow as far as its tenants' requests need. */
  readonly code: "negative-margin" | "cluster-capacity";
  readonly customer?: string;
  readonly stack?: string;
  readonly message: string;
  readonly marginMonthlyUSD?: number;
  readonly breakEven?: BreakEven;
}

const cents = (usd: number): number => Math.round(usd * 100);
const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

export function money(usd: number): string {
  const text = Math.abs(usd).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${usd < 0 ? "-" : ""}$${text}`;
}

/** The tier's price for a customer with this many members in this many regions. */
export function tierPrice(tier: TierName, members: number, environments: number): TierPrice {
  const spec = TIER_SPECS[tier];
  const seats = Math.max(spec.minSeats, members);
  const perSeat = spec.pricePerSeatMonthlyUSD;
  const perEnvironment = spec.pricePerEnvironmentMonthlyUSD;
  return {
    seats,
    environments,
    pricePerSeatMonthlyUSD: perSeat,
    pricePerEnvironmentMonthlyUSD: perEnvironment,
    priceMonthlyUSD: (cents(perSeat) * seats + cents(perEnvironment) * environments) / 100,
  };
}

/** Where the price covers a cost, in whole cents (rounded up, so the break-even point does cover it). */
export function breakEven(tier: TierName, costMonthlyUSD: number, price: TierPrice): BreakEven {
  const spec = TIER_SPECS[tier];
  const cost = cents(costMonthlyUSD);
  const seatCents = cents(spec.pricePerSeatMonthlyUSD);
  const feeCents = cents(spec.pricePerEnvironmentMonthlyUSD);
  const fromFees = feeCents * price.environments;
  let seats: number | null = null;
  if (seatCents > 0) {
    const needed = Math.max(spec.minSeats, ceilDiv(Math.max(0, cost - fromFees), seatCents));
    seats = needed <= spec.maxSeats ? needed : null;
  }
  return {
    seats,
    pricePerSeatMonthlyUSD: seatCents > 0 ? ceilDiv(Math.max(0, cost - fromFees), price.seats) / 100 : null,
    environmentFeeMonthlyUSD:
      feeCents > 0 && price.environments > 0
        ? ceilDiv(Math.max(0, cost - seatCents * price.seats), price.environments) / 100
        : null,
  };
}

/** A customer's cost (the sum of its parts of its stacks) against its tier's price. */
export function customerCost(
  customer: { readonly id: string; readonly tier: TierName; readonly members: number },
  stacks: readonly StackShare[],
): CustomerCost {
  const price = tierPrice(customer.tier, customer.members, stacks.length);
  const costCents = stacks.reduce((s, x) => s + cents(x.monthlyUSD), 0);
  const priceCents = cents(price.priceMonthlyUSD);
  const marginCents = priceCents - costCents;
  const result = {
    customer: customer.id,
    tier: customer.tier,
    ...price,
    costMonthlyUSD: costCents / 100,
    marginMonthlyUSD: marginCents / 100,
    marginPercent: priceCents > 0 ? Math.round((marginCents / priceCents) * 1000) / 10 : null,
    estimated: stacks.every((s) => s.estimated),
    stacks,
  };
  return marginCents < 0 && priceCents > 0
    ? { ...result, breakEven: breakEven(customer.tier, result.costMonthlyUSD, price) }
    : result;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The warning for a customer whose price does not cover its cost, if it is one. */
export function marginWarning(c: CustomerCost): CostWarning | undefined {
  if (!c.breakEven) return undefined;
  const spec = TIER_SPECS[c.tier];
  const b = c.breakEven;
  const ways: string[] = [];
  if (b.seats !== null) ways.push(plural(b.seats, "seat"));
  else if (b.pricePerSeatMonthlyUSD !== null)
    ways.push(
      `${money(b.pricePerSeatMonthlyUSD)} per seat (the tier allows ${plural(spec.maxSeats, "seat")})`,
    );
  if (b.environmentFeeMonthlyUSD !== null)
    ways.push(`a fee of ${money(b.environmentFeeMonthlyUSD)} per environment`);
  const partial = c.estimated ? "" : " (existing clusters not counted)";
  return {
    code: "negative-margin",
    customer: c.customer,
    message:
      `${c.customer} (${spec.displayName} tier, ${plural(c.seats, "seat")}, ${plural(c.environments, "environment")}) ` +
      `costs ${money(c.costMonthlyUSD)}/month${partial} against a price of ${money(c.priceMonthlyUSD)}: ` +
      `margin ${money(c.marginMonthlyUSD)} (${c.marginPercent}%); it breaks even at ${ways.join(", or ")}.`,
    marginMonthlyUSD: c.marginMonthlyUSD,
    breakEven: b,
  };
}
