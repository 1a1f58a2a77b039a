/**
 * The end of a deployment: a table for people (stack, result, changes, duration), the same facts as JSON
 * for CI, the details of what failed, and the exit code.
 */
import Table from "cli-table3";
import { type ChangeCounts, type Operation, type StackResult, changeCount } from "./types.js";

/** Short form of change counts: `+2 ~1 -1 ±1` (create, update, delete, replace), `none` without changes. */
export function formatChanges(changes: ChangeCounts): string {
  const parts: string[] = [];
  const symbol: Record<string, string> = { create: "+", update: "~", delete: "-", replace: "±" };
  for (const [op, sign] of Object.entries(symbol)) {
    const n = changes[op] ?? 0;
    if (n > 0) parts.push(`${sign}${n}`);
  }
  const listed = new Set([...Object.keys(symbol), "same", "read", "refresh"]);
  for (const [op, n] of Object.entries(changes)) {
    if (!listed.has(op) && n > 0) parts.push(`${op} ${n}`);
  }
  if (parts.length > 0) return parts.join(" ");
  return Object.keys(changes).length > 0 ? "none" : "-";
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

/** Results that make the command fail: for `drift`, drifted stacks count too. */
export function isFailure(r: StackResult): boolean {
  return r.result === "failed" || r.result === "locked" || r.result === "drifted";
}

export function renderTable(results: readonly StackResult[]): string {
  const table = new Table({
    head: ["stack", "result", "changes", "duration"],
    style: { head: [], border: [] },
  });
  for (const r of results) {
    table.push([r.stack, r.result, formatChanges(r.changes), formatDuration(r.durationMs)]);
  }
  return table.toString();
}

/** One line of totals: `6 stacks: 5 succeeded, 1 failed`. */
export function renderTotals(operation: Operation, results: readonly StackResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
  const parts = [...counts.entries()].map(([k, n]) => `${n} ${k}`);
  return `${operation}: ${results.length} stack${results.length === 1 ? "" : "s"}, ${parts.join(", ")}`;
}

/** Why each stack that did not succeed ended as it did, with the lock advice for locked stacks. */
export function renderDetails(results: readonly StackResult[]): string {
  const blocks: string[] = [];
  for (const r of results) {
    if (r.result === "succeeded") continue;
    if (r.lock) blocks.push(`${r.stack}: locked\n${indent(r.lock.advice)}`);
    else if (r.message) blocks.push(`${r.stack}: ${r.result}\n${indent(r.message)}`);
  }
  return blocks.join("\n\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

export interface DeploySummaryJson {
  readonly operation: Operation;
  readonly ok: boolean;
  readonly stacks: readonly {
    readonly stack: string;
    readonly result: StackResult["result"];
    readonly changes: ChangeCounts;
    readonly changeCount: number;
    readonly durationMs: number;
    readonly message?: string;
    readonly lock?: StackResult["lock"];
    readonly outputs?: Readonly<Record<string, unknown>>;
  }[];
}

export function toJson(operation: Operation, results: readonly StackResult[]): DeploySummaryJson {
  return {
    operation,
    ok: !results.some(isFailure),
    stacks: results.map((r) => ({
      stack: r.stack,
      result: r.result,
      changes: r.changes,
      changeCount: changeCount(r.changes),
      durationMs: r.durationMs,
      ...(r.message !== undefined ? { message: r.message } : {}),
      ...(r.lock !== undefined ? { lock: r.lock } : {}),
      ...(r.outputs !== undefined ? { outputs: r.outputs } : {}),
    })),
  };
}
