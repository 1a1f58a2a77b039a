/**
 * Resources per customer, read from the metering labels and tags the plan carries: the count `cloudtier
 * plan` reports, and the same key OpenCost-style allocation uses. Pure: works on any plan's JSON.
 */
import { CUSTOMER_LABEL, CUSTOMER_TAG } from "../components/labels.js";
import { isKubernetesObject } from "../planner/k8s-schema.js";
import { meteringTagsOf } from "./metering/index.js";
import type { PlannedResource, RecordedPlan } from "../planner/types.js";

/** Key for resources that carry no customer label or tag (providers, components, untaggable types). */
export const UNATTRIBUTED = "(unattributed)";

export interface CustomerUsage {
  readonly customer: string;
  /** Kubernetes objects and cloud resources labelled or tagged for the customer. */
  readonly resources: number;
  /** Of those, by stack. */
  readonly byStack: Readonly<Record<string, number>>;
}

/** The customer a resource is metered to, if it carries the label or tag. */
export function customerOf(
  resource: PlannedResource,
  providers: ReadonlyMap<string, PlannedResource>,
): string | undefined {
  if (isKubernetesObject(resource)) {
    const labels = (resource.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels;
    return labels?.[CUSTOMER_LABEL];
  }
  return meteringTagsOf(resource, providers)?.[CUSTOMER_TAG];
}

function isPlanList<T>(value: T | readonly T[]): value is readonly T[] {
  return Array.isArray(value);
}

/**
 * Counts the resources of each customer over one plan or several (platform infrastructure counts as `platform`);
 * resources that carry no metering label or tag are counted under `UNATTRIBUTED`. Sorted by customer.
 */
export function resourcesPerCustomer(
  plan: Pick<RecordedPlan, "stack" | "resources"> | readonly Pick<RecordedPlan, "stack" | "resources">[],
): CustomerUsage[] {
  type PlanLike = Pick<RecordedPlan, "stack" | "resources">;
  const plans: readonly PlanLike[] = isPlanList(plan) ? plan : [plan];
  const usage = new Map<string, Map<string, number>>();
  for (const plan of plans) {
    const providers = new Map<string, PlannedResource>(
      plan.resources
        .filter((r: PlannedResource) => r.type.startsWith("pulumi:providers:"))
        .map((r: PlannedResource) => [r.urn, r]),
    );
    for (const r of plan.resources) {
      if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
      const customer = customerOf(r, providers) ?? UNATTRIBUTED;
      const stacks = usage.get(customer) ?? new Map<string, number>();
      stacks.set(plan.stack, (stacks.get(plan.stack) ?? 0) + 1);
      usage.set(customer, stacks);
    }
  }
  return [...usage.entries()]
    .map(([customer, stacks]) => ({
      customer,
      resources: [...stacks.values()].reduce((a, b) => a + b, 0),
      byStack: Object.fromEntries(stacks),
    }))
    .sort((a, b) => a.customer.localeCompare(b.customer));
}
