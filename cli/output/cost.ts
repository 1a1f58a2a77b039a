/**
 * The readable (and JSON) forms of the cost model: per stack, its lines and what it costs; per customer,
 * its part of each stack, its cost against its tier's price, and the margin; for a project, the stacks,
 * the customers and totals that reconcile.
 */
import type { Book, PricedStack } from "../../cost/book.js";
import { type CostWarning, type CustomerCost, money } from "../../cost/customer.js";
import type { CostItem } from "../../cost/estimate.js";
import { TIER_SPECS } from "../../domain/tiers.js";

export { money };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Amount first, right-aligned, so descriptions are never cut. */
function line(amount: string, label: string, indent = "    "): string {
  return `${indent}${amount.padStart(12)}  ${label}`;
}

/** A cost line as JSON: what it prices and its amount, without the sizing internals. */
export function itemJson(item: CostItem): Record<string, unknown> {
  const { capacity: _c, scaling: _s, nodeDisksOf: _d, egress: _e, ...rest } = item;
  return rest;
}

/** A stack's cost as `plan --json` shows it. */
export function stackCostJson(stack: PricedStack): Record<string, unknown> {
  return {
    monthlyUSD: stack.monthlyUSD,
    estimated: stack.estimated,
    items: stack.items.map(itemJson),
    notes: stack.notes,
    ...(stack.platform ? { platform: stack.platform } : {}),
  };
}

export function renderStackCost(stack: PricedStack): string[] {
  if (!stack.estimated) return [`  cost: ${money(0)}/month: ${stack.notes.join("; ")}`];
  const lines = [`  cost, monthly: ${stack.notes.join("; ")}`];
  for (const item of stack.items)
    lines.push(line(money(item.monthlyUSD), `${item.category.padEnd(10)}${item.description}`));
  const p = stack.platform;
  if (p) {
    const s = p.sizing;
    const nodes = s?.machine
      ? `, ${s.nodes} x ${s.machine.instanceType} for requests of ${Math.round(s.demand.vcpu * 10) / 10} vCPU / ` +
        `${Math.round(s.demand.memoryGiB * 10) / 10} GiB (autoscaler ${s.minNodes}-${s.maxNodes}${s.capped ? `, needs ${s.nodesNeeded}` : ""})`
      : "";
    lines.push(
      line(
        money(p.clusterMonthlyUSD),
        `platform cluster of ${p.region}: ${plural(p.regionTenants, "tenant")} in ${plural(p.regionShards, "shard")}${nodes}`,
      ),
      line(
        money(p.clusterShareMonthlyUSD),
        `part of it this stack's ${plural(p.tenants, "tenant")} pay, by their requests`,
      ),
    );
    if (p.ownMonthlyUSD > 0) lines.push(line(money(p.ownMonthlyUSD), "its tenants' own lines"));
    if (p.idleMonthlyUSD > 0) lines.push(line(money(p.idleMonthlyUSD), "idle: no tenant to pay for it"));
    lines.push(line(money(stack.monthlyUSD), "this stack's cost"));
  } else {
    lines.push(line(money(stack.monthlyUSD), "total"));
  }
  return lines;
}

function priceText(c: CustomerCost): string {
  const seats = `${plural(c.seats, "seat")} x ${money(c.pricePerSeatMonthlyUSD)}`;
  return c.pricePerEnvironmentMonthlyUSD > 0
    ? `${seats} + ${plural(c.environments, "environment")} x ${money(c.pricePerEnvironmentMonthlyUSD)}`
    : seats;
}

export function renderCustomerCost(c: CustomerCost): string[] {
  const tier = TIER_SPECS[c.tier].displayName;
  const lines = [
    `Cost of ${c.customer} (${tier} tier, ${plural(c.seats, "seat")}, ${plural(c.environments, "environment")}), monthly:`,
  ];
  for (const s of c.stacks) lines.push(line(money(s.monthlyUSD), `${s.stack}: ${s.basis}`, "  "));
  lines.push(
    line(
      money(c.costMonthlyUSD),
      `estimated cost${c.estimated ? "" : " (existing clusters not counted)"}`,
      "  ",
    ),
  );
  if (c.marginPercent === null) {
    lines.push(line(money(c.costMonthlyUSD), "free tier: what it costs to serve this customer", "  "));
    return lines;
  }
  lines.push(line(money(c.priceMonthlyUSD), `price: ${priceText(c)}`, "  "));
  lines.push(line(money(c.marginMonthlyUSD), `margin (${c.marginPercent}% of the price)`, "  "));
  return lines;
}

/** One row per customer: tier, seats, environments, price, cost, margin. */
export async function renderCustomersTable(customers: readonly CustomerCost[]): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: ["customer", "tier", "seats", "envs", "price/month", "cost/month", "margin/month", "margin"],
    colAligns: ["left", "left", "right", "right", "right", "right", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const c of customers) {
    table.push([
      c.customer,
      c.tier,
      c.seats,
      c.environments,
      money(c.priceMonthlyUSD),
      `${money(c.costMonthlyUSD)}${c.estimated ? "" : "*"}`,
      c.marginPercent === null ? "free tier" : money(c.marginMonthlyUSD),
      c.marginPercent === null ? "-" : `${c.marginPercent}%`,
    ]);
  }
  return table.toString();
}

/** One row per stack: kind, region, customers, cost. */
export async function renderStacksTable(stacks: readonly PricedStack[]): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: ["stack", "kind", "region", "customers", "cost/month"],
    colAligns: ["left", "left", "left", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const s of stacks) {
    table.push([
      s.stack,
      s.kind,
      `${s.cloud}:${s.region}`,
      s.customers.length,
      s.estimated ? money(s.monthlyUSD) : "not estimated",
    ]);
  }
  return table.toString();
}

/** The totals of a book, and whether they reconcile. */
export function renderTotals(book: Book): string[] {
  const t = book.totals;
  const idle = t.idleMonthlyUSD > 0 ? ` + idle platform clusters ${money(t.idleMonthlyUSD)}` : "";
  const percent =
    t.priceMonthlyUSD > 0 ? ` (${Math.round((t.marginMonthlyUSD / t.priceMonthlyUSD) * 1000) / 10}%)` : "";
  return [
    `Stacks: ${plural(t.stacks, "stack")}, ${money(t.stacksMonthlyUSD)}/month.`,
    `Customers: ${plural(t.customers, "customer")}, ${money(t.customersMonthlyUSD)}/month${idle}` +
      (t.reconciled ? ": reconciled with the stacks." : ": DOES NOT reconcile with the stacks."),
    `Price: ${money(t.priceMonthlyUSD)}/month; margin ${money(t.marginMonthlyUSD)}${percent}.`,
  ];
}

export function renderWarnings(warnings: readonly CostWarning[]): string[] {
  return warnings.map((w) => `warning: ${w.message}`);
}

/** One line on what a set of stacks costs. */
export function renderCostSummary(stacks: readonly PricedStack[]): string {
  const total = stacks.reduce((sum, s) => sum + Math.round(s.monthlyUSD * 100), 0);
  const unestimated = stacks.filter((s) => !s.estimated).length;
  return (
    `Cost: ${money(total / 100)}/month for ${plural(stacks.length, "stack")}` +
    (unestimated > 0 ? ` (${unestimated} on existing clusters, not estimated).` : ".")
  );
}
