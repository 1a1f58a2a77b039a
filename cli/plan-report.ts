/**
 * What `plan` says about the stacks it planned: the policy pack's verdicts on each, its estimated cost,
 * and, for a customer, its total cost against its tier's price.
 */
import { type CustomerCost, customerCost } from "../cost/customer.js";
import { type StackCost, estimateStackCost } from "../cost/estimate.js";
import type { Customer } from "../domain/customer.js";
import type { StackPlan } from "../planner/types.js";
import { type Violation, evaluatePolicies } from "../policy/evaluate.js";
import { POLICIES } from "../policy/rules/index.js";
import { countByLevel } from "./output/verdicts.js";
import { money } from "./output/cost.js";

export interface StackReport {
  readonly plan: StackPlan;
  readonly violations: readonly Violation[];
  readonly cost: StackCost;
}

export interface PlanReport {
  readonly stacks: readonly StackReport[];
  /** Rules in the pack. */
  readonly rules: number;
  /** Every mandatory violation, with its stack. */
  readonly mandatory: readonly (Violation & { readonly stack: string })[];
  readonly customer?: CustomerCost;
  /** One line on the verdicts of all stacks. */
  readonly policySummary: string;
  /** One line on the cost of all stacks. */
  readonly costSummary: string;
}

export async function judgePlans(plans: readonly StackPlan[], customer?: Customer): Promise<PlanReport> {
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
  const totalCents = stacks.reduce((sum, s) => sum + Math.round(s.cost.monthlyUSD * 100), 0);
  const unestimated = stacks.filter((s) => !s.cost.estimated).length;
  const costSummary =
    `Cost: ${money(totalCents / 100)}/month for ${stacks.length} stacks` +
    (unestimated > 0 ? ` (${unestimated} on existing clusters, not estimated).` : ".");
  return {
    stacks,
    rules: POLICIES.length,
    mandatory,
    ...(customer ? { customer: customerCost(customer, stacks) } : {}),
    policySummary,
    costSummary,
  };
}
