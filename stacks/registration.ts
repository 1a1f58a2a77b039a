/**
 * Bounded registration for stacks of many similar groups of resources (a platform stack's tenants).
 * Creating them all at once keeps every registration in flight together: the SDK holds its promises,
 * closures and serialized inputs for each until the engine answers, so memory and garbage collection grow
 * with the size of the stack. Here a few groups are in flight at a time, each lane creating its next
 * group once the engine has registered every resource of the previous one.
 *
 * In a preview the engine answers a registration as soon as it has planned the step; in an update, once
 * the resource is created, so a lane waits for its group's resources to exist before creating the next.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Creates a group of resources and resolves once every resource created with the options it is handed
 * (and their children) is registered. `create` must pass the options to the group's top-level resources.
 */
export async function registerGroup(
  create: (opts: pulumi.ComponentResourceOptions) => unknown,
): Promise<void> {
  const resources: pulumi.Resource[] = [];
  // Transformations run in every resource's constructor and are inherited by children: a way to see the
  // whole group, which the program's own references do not reach.
  const track: pulumi.ResourceTransformation = ({ resource }) => {
    resources.push(resource);
    return undefined;
  };
  await create({ transformations: [track] });
  // A URN resolves when the engine has registered the resource. A failed registration never resolves it:
  // the failure ends the program (the engine stops it; the offline planner stops at the first one).
  await new Promise<void>((resolve) => pulumi.all(resources.map((r) => r.urn)).apply(() => resolve()));
}

/** Runs `work` over the items with at most `lanes` of them in flight; rejects with the first failure. */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    try {
      while (!failed && next < items.length) await work(items[next++]);
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
}
