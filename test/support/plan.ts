/**
 * Planning helpers for tests: plan stacks through the real planner (one worker per stack, as the CLI
 * does) and look resources up. Every plan made here is also checked for metering labels and tags, so the
 * whole suite walks every plan it makes.
 */
import assert from "node:assert/strict";
import { parseCustomer, type CustomerInput } from "../../domain/customer.js";
import { stacksForCustomer } from "../../domain/placement.js";
import { meteringOf } from "../../analysis/metering/index.js";
import { planStacks } from "../../planner/plan.js";
import type { PlannedResource, RecordedPlan, StackRequest } from "../../planner/types.js";

export async function planRequests(requests: readonly StackRequest[]): Promise<RecordedPlan[]> {
  const outcome = await planStacks(requests);
  assert.deepEqual(
    outcome.errors.map((e) => e.message),
    [],
    "every stack plans without error",
  );
  for (const plan of outcome.plans) {
    const metering = meteringOf(plan);
    assert.deepEqual(
      metering.problems,
      [],
      `${plan.stack}: every object carries the metering labels and tags`,
    );
  }
  return outcome.plans;
}

/** Plans the stacks a new customer needs (nothing existing is merged). */
export async function planCustomer(
  input: Partial<CustomerInput> & Pick<CustomerInput, "tier" | "regions">,
): Promise<RecordedPlan[]> {
  const customer = parseCustomer({ id: "acme", ...input });
  return planRequests(stacksForCustomer(customer).map((s) => ({ name: s.name, config: s.config })));
}

export function ofType(plan: RecordedPlan, type: string): PlannedResource[] {
  return plan.resources.filter((r) => r.type === type);
}

export function oneOfType(plan: RecordedPlan, type: string): PlannedResource {
  const found = ofType(plan, type);
  assert.equal(found.length, 1, `${plan.stack}: exactly one ${type} (found ${found.length})`);
  return found[0];
}

/** Reads a nested input by path: `get(r, "metadata.labels")`. */
export function input<T = unknown>(resource: PlannedResource, path: string): T {
  return path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], resource.inputs) as T;
}
