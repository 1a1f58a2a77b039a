/**
 * What `plan` says about the stacks it planned: the policy pack's verdicts on each, and its line estimate
 * (what its resources cost at list prices; `cli/commands/cost.ts` turns these into what each stack and
 * customer costs).
 */
import { type StackCost, estimateStackCost } from "../cost/estimate.js";
import type { RecordedPlan } from "../planner/types.js";
import { type Violation, evaluatePolicies } from "../policy/evaluate.js";
import { POLICIES } from "../policy/rules/index.js";
import { countByLevel } from "./output/verdicts.js";

export interface StackReport {
  readonly plan: RecordedPlan;
  readonly violations: readonly Violation[];
  readonly cost: StackCost;
}

export interface PlanReport {
  readonly stacks: readonly StackReport[];
  /** Rules in the pack. */
  readonly rules: number;
  /** Every mandatory violation, with its stack. */
  readonly mandatory: readonly (Violation & { readonly stack: string })[];
  /** One line on the verdicts of all stacks. */
  readonly policySummary: string;
}

export async function judgePlans(plans: readonly RecordedPlan[]): Promise<PlanReport> {
  const stacks: StackReport[] = [];
  for (const plan of plans) {
    const violations = await evaluatePolicies(plan.resources, { stack: plan.stack });
    stacks.push({ plan, violations, cost: estimateStackCost(plan) });
  }
  const mandatory = stacks.flatMap(({ plan, violations }) =>
    violations.filter((v) => v.level === "mandatory").map((v) => ({ ...v, stack: plan.stack })),
  );
  const counts = countByLevel(stacks.flatMap((s) => s.violations));
  const failed = [...new Set(mandatory.map((v) => v.policy))];
  const policySummary =
    `Policy: ${POLICIES.length} rules on ${stacks.length} stack${stacks.length === 1 ? "" : "s"}: ` +
    `${counts.mandatory} mandatory violation${counts.mandatory === 1 ? "" : "s"}` +
    `${failed.length > 0 ? ` (${failed.join(", ")})` : ""}, ${counts.advisory} advisory.`;
  return { stacks, rules: POLICIES.length, mandatory, policySummary };
}
