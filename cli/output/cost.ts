/**
 * The readable form of the cost estimate: per stack, its lines by category and total; per customer, its
 * share of each stack, the total against the tier's price, and the margin.
 */
import type { CustomerCost } from "../../cost/customer.js";
import type { StackCost } from "../../cost/estimate.js";
import { TIER_SPECS } from "../../domain/tiers.js";

export function money(usd: number): string {
  const text = Math.abs(usd).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${usd < 0 ? "-" : ""}$${text}`;
}

/** Amount first, right-aligned, so descriptions are never cut. */
function line(amount: string, label: string, indent = "    "): string {
  return `${indent}${amount.padStart(12)}  ${label}`;
}

export function renderStackCost(cost: StackCost): string[] {
  if (!cost.estimated) return [`  cost: ${money(0)}/month: ${cost.notes.join("; ")}`];
  const lines = [`  cost, monthly: ${cost.notes.join("; ")}`];
  for (const item of cost.items)
    lines.push(line(money(item.monthlyUSD), `${item.category.padEnd(10)}${item.description}`));
  lines.push(line(money(cost.monthlyUSD), "total"));
  return lines;
}

export function renderCustomerCost(c: CustomerCost): string[] {
  const tier = TIER_SPECS[c.tier].displayName;
  const lines = [
    `Cost of ${c.customer} (${tier} tier, ${c.seats} seat${c.seats === 1 ? "" : "s"}), monthly:`,
  ];
  for (const s of c.stacks) lines.push(line(money(s.monthlyUSD), `${s.stack}: ${s.basis}`, "  "));
  lines.push(line(money(c.costMonthlyUSD), "estimated cost", "  "));
  lines.push(
    line(money(c.priceMonthlyUSD), `price: ${c.seats} x ${money(c.pricePerSeatMonthlyUSD)} per seat`, "  "),
  );
  const percent = c.marginPercent === null ? "free tier" : `${c.marginPercent}% of the price`;
  lines.push(line(money(c.marginMonthlyUSD), `margin (${percent})`, "  "));
  return lines;
}
