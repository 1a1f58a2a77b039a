/**
 * The summary of a plan: one row per stack (its resources, policy verdicts and estimated monthly cost),
 * for plans of more than a handful of stacks, where every resource tree would run to thousands of lines.
 */
import type { Violation } from "../../policy/evaluate.js";
import { money } from "./cost.js";
import { resourceLabel } from "./verdicts.js";

export interface StackSummaryRow {
  readonly stack: string;
  readonly kind: string;
  readonly region: string;
  readonly resources: number;
  readonly violations: readonly Violation[];
  /** Undefined when the stack's cost is not estimated (an existing cluster). */
  readonly monthlyUSD: number | undefined;
}

export async function renderPlanSummary(rows: readonly StackSummaryRow[]): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: ["stack", "kind", "region", "resources", "mandatory", "advisory", "$/month"],
    style: { head: [], border: [] },
  });
  for (const r of rows) {
    const mandatory = r.violations.filter((v) => v.level === "mandatory").length;
    table.push([
      r.stack,
      r.kind,
      r.region,
      r.resources,
      mandatory,
      r.violations.length - mandatory,
      r.monthlyUSD === undefined ? "not estimated" : money(r.monthlyUSD),
    ]);
  }
  return table.toString();
}

/** The mandatory violations, one line each: they say why the plan fails. */
export function renderMandatory(rows: readonly StackSummaryRow[]): string[] {
  const lines = rows.flatMap((r) =>
    r.violations
      .filter((v) => v.level === "mandatory")
      .map((v) => `  ${r.stack}: ${v.policy}  ${resourceLabel(v.urn)}: ${v.message}`),
  );
  return lines.length > 0 ? ["Mandatory violations:", ...lines] : [];
}
