/**
 * The readable and JSON forms of stored customer records (`cloudtier customers`, `cloudtier customer show`).
 */
import { formatProblem } from "../../domain/errors.js";
import type { CustomerRecord } from "../customer-records.js";
import { problemJson } from "../exit.js";

export function recordJson(record: CustomerRecord) {
  // The regions as stored keys; the command line (`onboard`) names contexts by their own names.
  const { regionArgs, ...json } = record;
  void regionArgs;
  return { ...json, conflicts: record.conflicts.map(problemJson) };
}

const dataStores = (r: Pick<CustomerRecord, "redis" | "postgres">): string[] => [
  ...(r.redis ? ["redis"] : []),
  ...(r.postgres ? ["postgres"] : []),
];

const quotaText = (r: CustomerRecord): string[] =>
  Object.entries(r.quota).map(([field, value]) => `${field}=${value}`);

function stateText(r: CustomerRecord): string {
  if (r.conflicts.length > 0) return "stack files disagree";
  return r.state === "offboarded" ? "offboarded, data kept" : "onboarded";
}

export async function renderCustomersTable(records: readonly CustomerRecord[]): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({
    head: ["customer", "name", "tier", "regions", "members", "data stores", "quota", "state"],
    style: { head: [], border: [] },
  });
  for (const r of records) {
    table.push([
      r.id,
      r.displayName === r.id ? "" : r.displayName,
      r.tier,
      r.regions.join("\n") || "-",
      r.members.length,
      dataStores(r).join(", ") || "-",
      quotaText(r).join("\n") || "-",
      stateText(r),
    ]);
  }
  return table.toString();
}

export function renderRecord(r: CustomerRecord): string[] {
  const row = (label: string, value: string) => `  ${`${label}:`.padEnd(13)} ${value}`;
  return [
    `${r.id}${r.displayName === r.id ? "" : ` (${r.displayName})`}`,
    row("tier", r.tier),
    row("regions", r.regions.join(", ") || "none"),
    row("members", r.members.map((m) => `${m.email} (${m.role})`).join(", ") || "none"),
    row("data stores", dataStores(r).join(", ") || "none"),
    row("quota", quotaText(r).join(", ") || "the tier's"),
    row(
      "stacks",
      r.stacks
        .map((s) => `${s.stack} (${s.kind}${s.offboarded ? ", offboarded, data kept" : ""})`)
        .join(", "),
    ),
    row("state", stateText(r)),
  ];
}

export function renderConflicts(r: CustomerRecord): string[] {
  if (r.conflicts.length === 0) return [];
  return [
    `warning: the stack files hold different specs of ${r.id}; the spec above is ${(r.stacks.find((s) => !s.offboarded) ?? r.stacks[0]).stack}'s:`,
    ...r.conflicts.map((p) => `  - ${formatProblem(p)}`),
  ];
}
