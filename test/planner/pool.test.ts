/**
 * Planners are reused: a lane plans its stacks one after the other in the same worker thread or child
 * process, each with a fresh mock runtime, and a stack that fails takes its planner with it. Whatever the
 * order or the isolation, a stack's plan is the plan it gets alone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StackConfigInput } from "../../domain/stack-config.js";
import { type Isolation, planStacks } from "../../planner/plan.js";
import type { RecordedPlan, StackRequest } from "../../planner/types.js";

const platform = (region: string, ...ids: string[]): StackConfigInput => ({
  kind: "platform",
  region,
  tenants: ids.map((id) => ({ id, tier: "team", redis: id.startsWith("r") })),
});
const first: StackRequest = {
  name: "platform-kubeconfig-local",
  config: platform("kubeconfig:local", "alpha", "rho"),
};
const second: StackRequest = { name: "platform-aws-eu-west-1", config: platform("aws:eu-west-1", "beta") };

/** A plan without its timing, resources in a stable order. */
const content = (plan: RecordedPlan) => ({
  ...plan,
  durationMs: 0,
  resources: [...plan.resources].sort((a, b) => a.urn.localeCompare(b.urn)),
});

async function planOne(request: StackRequest, isolation: Isolation): Promise<RecordedPlan> {
  const { plans, errors } = await planStacks([request], { isolation });
  assert.deepEqual(errors, []);
  return plans[0];
}

describe("reused planners", () => {
  for (const isolation of ["worker", "process"] as const) {
    it(`plan stacks one after another in one ${isolation} exactly as each alone`, async () => {
      const together = await planStacks([first, second], { parallel: 1, isolation });
      assert.deepEqual(together.errors, []);
      const alone = [await planOne(first, isolation), await planOne(second, isolation)];
      assert.deepEqual(together.plans.map(content), alone.map(content));
      assert.ok(
        together.plans[1].resources.every((r) => r.urn.startsWith("urn:pulumi:platform-aws-eu-west-1::")),
      );
    });
  }

  it("give the same plan in a worker thread and in a child process", async () => {
    assert.deepEqual(content(await planOne(second, "worker")), content(await planOne(second, "process")));
  });

  it("replace a planner whose stack failed, and share one after a success (the control)", async () => {
    const marker = (name: string, tenant: string): StackRequest => ({
      name,
      config: platform("kubeconfig:local", tenant),
      programUrl: new URL("../fixtures/programs/global-marker.ts", import.meta.url).href,
    });
    const afterFailure = await planStacks([marker("one", "fail"), marker("two", "ok")], {
      parallel: 1,
      isolation: "worker",
    });
    assert.deepEqual(
      afterFailure.errors.map((e) => e.message),
      ["one: failed on purpose"],
    );
    assert.deepEqual(
      afterFailure.plans.map((p) => p.stack),
      ["two"],
    );
    const afterSuccess = await planStacks([marker("one", "ok"), marker("two", "ok")], {
      parallel: 1,
      isolation: "worker",
    });
    assert.deepEqual(
      afterSuccess.errors.map((e) => e.message),
      ["two: this planner already ran one"],
    );
  });
});
