/**
 * The readable form of policy verdicts: per stack, the violations found, mandatory first, each with the
 * rule, the resource and what is wrong.
 */
import type { Violation } from "../../policy/evaluate.js";

/** `name (type)` of a URN, or "the stack" for a stack-wide finding. */
export function resourceLabel(urn: string): string {
  if (!urn || urn.includes("::pulumi:pulumi:Stack::")) return "the stack";
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop() ?? "";
  return `${parts[3] ?? urn} (${type})`;
}

export function countByLevel(violations: readonly Violation[]): { mandatory: number; advisory: number } {
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  return { mandatory, advisory: violations.length - mandatory };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export function renderVerdicts(violations: readonly Violation[], rules: number): string[] {
  const { mandatory, advisory } = countByLevel(violations);
  const lines = [
    `  policy: ${plural(rules, "rule")} checked: ${mandatory} mandatory, ${plural(advisory, "advisory warning")}`,
  ];
  for (const v of violations) {
    const level = v.level === "mandatory" ? "MANDATORY" : "advisory ";
    lines.push(`    ${level} ${v.policy}  ${resourceLabel(v.urn)}`, `      ${v.message}`);
  }
  return lines;
}
