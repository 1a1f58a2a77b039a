/**
 * The readable form of a plan: per stack, the resource tree (components and their children) and the
 * count of resources by type.
 */
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";

function label(r: PlannedResource): string {
  return `${r.type} ${r.name}${r.protect ? " (protected)" : ""}`;
}

export function renderTree(resources: readonly PlannedResource[]): string[] {
  const children = new Map<string | null, PlannedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    // Top-level resources hang off the stack resource, which is not shown.
    const parent =
      r.parent && urns.has(r.parent) && !r.parent.includes("::pulumi:pulumi:Stack::") ? r.parent : null;
    if (r.type === "pulumi:pulumi:Stack") continue;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((r, i) => {
      const last = i === list.length - 1;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${label(r)}`);
      walk(r.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(null, "");
  return lines;
}

export function countByType(resources: readonly PlannedResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of resources) {
    if (r.type === "pulumi:pulumi:Stack") continue;
    counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** Resources a plan counts: everything but the stack's own root resource. */
export function resourceCount(plan: RecordedPlan): number {
  return plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").length;
}

export function renderPlan(plan: RecordedPlan): string {
  const lines = [
    `${plan.stack}  (${plan.kind}, ${plan.cloud}:${plan.region}, ${resourceCount(plan)} resources)`,
    ...renderTree(plan.resources).map((l) => `  ${l}`),
    "  by type:",
    ...countByType(plan.resources).map(([type, n]) => `    ${String(n).padStart(4)}  ${type}`),
  ];
  return lines.join("\n");
}
