/**
 * Test-only hooks into the offline plan that `plan` and `onboard` make. `beforePlan` may swap the program of
 * the requests (a program that fails); `afterPlan` may rewrite the planned stacks before the policy pack
 * judges them (drop a tenant's default-deny NetworkPolicy). No flag, environment variable or file reaches
 * them: only code that imports this module can set them, so they cannot weaken a user's plan.
 */
import type { RecordedPlan, StackRequest } from "../planner/types.js";

export const planTestHooks: {
  beforePlan?: (requests: StackRequest[]) => StackRequest[];
  afterPlan?: (plans: RecordedPlan[]) => RecordedPlan[];
} = {};
