/**
 * The end of an onboarding, for people: one row per customer (created, changed or unchanged, and its margin
 * when planned), and the shortest command line that deploys what was written.
 */
import type { CustomerCost } from "../../cost/customer.js";
import type { CustomerDiff } from "../customer-diff.js";
import { shellWord } from "../customer-records.js";
import { CUSTOMER_COST_ALIGN, CUSTOMER_COST_HEAD, customerCostCells } from "./cost.js";

export interface CustomerRow {
  readonly id: string;
  readonly tier: string;
  readonly change: CustomerDiff["status"];
  readonly stacks: number;
  readonly cost?: CustomerCost;
}

/**
 * One row per customer: its change and stacks, and, when the onboarding was planned, its price, cost and
 * margin in the columns `cloudtier cost` uses.
 */
export async function renderCustomerSummary(
  rows: readonly CustomerRow[],
  planned: boolean,
  dryRun = false,
): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: ["customer", "tier", ...(planned ? CUSTOMER_COST_HEAD : []), "change", "stacks"],
    colAligns: ["left", "left", ...(planned ? CUSTOMER_COST_ALIGN : []), "left", "right"],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const costCells = r.cost ? customerCostCells(r.cost) : CUSTOMER_COST_HEAD.map(() => "-");
    const change = dryRun && r.change !== "unchanged" ? `would be ${r.change}` : r.change;
    table.push([r.id, r.tier, ...(planned ? costCells : []), change, r.stacks]);
  }
  return table.toString();
}

/** `2 customers: 1 created, 1 changed, 0 unchanged.`; with `dryRun`, `1 would be created, ...`. */
export function customerTotals(rows: readonly CustomerRow[], dryRun = false): string {
  const count = (c: CustomerRow["change"]) => rows.filter((r) => r.change === c).length;
  const verb = dryRun ? "would be " : "";
  return (
    `${rows.length} customer${rows.length === 1 ? "" : "s"}: ${count("created")} ${verb}created, ` +
    `${count("changed")} ${verb}changed, ${count("unchanged")} unchanged.`
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
