/**
 * The end of an onboarding, for people: one row per customer (created, changed or unchanged, and its margin
 * when planned), and the shortest command line that deploys what was written.
 */
import { type CustomerCost, customerCost } from "../../cost/customer.js";
import type { Customer } from "../../domain/customer.js";
import type { CustomerDiff } from "../customer-diff.js";
import type { StackReport } from "../plan-report.js";
import { shellWord } from "../customer-records.js";
import { money } from "./cost.js";

/**
 * Each customer's cost and margin, from the plan report's cost figures of the stacks it is placed in (its
 * share of a platform stack, the whole of its environments).
 */
export function customerMargins(
  customers: readonly Customer[],
  placement: ReadonlyMap<string, readonly string[]>,
  stacks: readonly StackReport[],
): Map<string, CustomerCost> {
  return new Map(
    customers.map((c) => {
      const mine = new Set(placement.get(c.id) ?? []);
      return [
        c.id,
        customerCost(
          c,
          stacks.filter((s) => mine.has(s.plan.stack)),
        ),
      ];
    }),
  );
}

export interface CustomerRow {
  readonly id: string;
  readonly tier: string;
  readonly change: CustomerDiff["status"];
  readonly stacks: number;
  readonly cost?: CustomerCost;
}

function marginText(cost: CustomerCost): string {
  const percent = cost.marginPercent === null ? "free tier" : `${cost.marginPercent}%`;
  return `${money(cost.marginMonthlyUSD)} (${percent})`;
}

/** One row per customer; the money columns only when the onboarding was planned. */
export async function renderCustomerSummary(rows: readonly CustomerRow[], planned: boolean): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: [
      "customer",
      "tier",
      "change",
      "stacks",
      ...(planned ? ["cost/month", "price/month", "margin/month"] : []),
    ],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const money3 = r.cost
      ? [money(r.cost.costMonthlyUSD), money(r.cost.priceMonthlyUSD), marginText(r.cost)]
      : ["-", "-", "-"];
    table.push([r.id, r.tier, r.change, r.stacks, ...(planned ? money3 : [])]);
  }
  return table.toString();
}

/** `2 customers: 1 created, 1 changed, 0 unchanged.` */
export function customerTotals(rows: readonly CustomerRow[]): string {
  const count = (c: CustomerRow["change"]) => rows.filter((r) => r.change === c).length;
  return (
    `${rows.length} customer${rows.length === 1 ? "" : "s"}: ${count("created")} created, ` +
    `${count("changed")} changed, ${count("unchanged")} unchanged.`
  );
}

/** Up to this many customers are named in the deploy hint; more are named by their batch file. */
const NAMED_CUSTOMERS = 3;

/**
 * The shortest command that deploys the onboarded customers: `--all` when their stacks are every stack of
 * the project, the customers by name when they are few, else the batch file they came from.
 */
export function deployCommand(
  customers: readonly string[],
  stacks: readonly string[],
  projectStacks: readonly string[],
  batchFile?: string,
): string {
  const mine = new Set(stacks);
  if (projectStacks.length > 0 && projectStacks.every((s) => mine.has(s))) return "cloudtier up --all";
  if (customers.length <= NAMED_CUSTOMERS || batchFile === undefined) {
    return `cloudtier up ${customers.map((c) => `--customer ${c}`).join(" ")}`;
  }
  return `cloudtier up --file ${shellWord(batchFile)}`;
}
