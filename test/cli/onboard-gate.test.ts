/**
 * Onboarding plans before it writes: a stack that fails to plan, or whose plan breaks a mandatory policy,
 * is never written, and in a batch nothing is written at all. Run with the plan (no --no-plan). Plans are
 * weakened through the test-only hooks (`planTestHooks`), which no flag or environment variable reaches:
 * a stack file weakened the same way is refused as bad input before it is planned.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, it } from "node:test";
import { planTestHooks } from "../../cli/plan-hooks.js";
import { writeStackConfig } from "../../cli/stack-files.js";
import type { RecordedPlan } from "../../planner/types.js";
import { REPO, run, snapshot, tempProject } from "./harness.js";
import { setProjectConfig } from "../support/project-settings.js";

afterEach(() => {
  delete planTestHooks.beforePlan;
  delete planTestHooks.afterPlan;
});

/** A project holding acme, a Team tenant of the local platform stack. */
function projectWithAcme(): string {
  const project = tempProject();
  setProjectConfig(project);
  writeStackConfig(project, "platform-kubeconfig-local", {
    kind: "platform",
    region: "kubeconfig:local",
    tenants: [{ id: "acme", tier: "team" }],
  });
  return project;
}

/** Drops, in the named stack's plan, every resource the predicate picks. */
function dropIn(stack: string, drop: (r: RecordedPlan["resources"][number]) => boolean) {
  return (plans: RecordedPlan[]) =>
    plans.map((p) => (p.stack === stack ? { ...p, resources: p.resources.filter((r) => !drop(r)) } : p));
}

const isDefaultDeny = (r: RecordedPlan["resources"][number]) =>
  (r.inputs["metadata"] as { name?: string } | undefined)?.name === "default-deny-all";

describe("onboarding's plan-and-policy gate", () => {
  it("writes nothing when a stack's plan breaks a mandatory policy (exit 1)", async () => {
    const project = projectWithAcme();
    const before = snapshot(project);
    planTestHooks.afterPlan = dropIn("platform-kubeconfig-local", isDefaultDeny);
    const result = await run([
      "-C",
      project,
      "onboard",
      "newco",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /nothing was written: mandatory policy violations:\n {2}platform-kubeconfig-local: tenant-default-deny-network-policy: namespace (acme|newco) has no default-deny NetworkPolicy/,
    );
    assert.deepEqual(
      snapshot(project),
      before,
      "the stack file is as it was; no lock or temporary file left",
    );
  });

  it("writes nothing of a batch when one stack of one customer breaks a mandatory policy", async () => {
    const project = projectWithAcme();
    writeFileSync(
      join(project, "customers.yaml"),
      `customers:
  - { id: alpha, tier: team, regions: [kubeconfig:local] }
  - { id: gamma, tier: cloud, regions: [aws:eu-west-1] }
  - { id: delta, tier: cloud, regions: [gcp:europe-west1] }
`,
    );
    const before = snapshot(project);
    planTestHooks.afterPlan = dropIn(
      "delta-gcp-europe-west1",
      (r) => r.type === "kubernetes:core/v1:LimitRange",
    );
    const result = await run(["-C", project, "onboard", "--file", join(project, "customers.yaml")]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /nothing was written: mandatory policy violations:\n {2}delta-gcp-europe-west1: tenant-limit-range/,
    );
    assert.deepEqual(snapshot(project), before, "no customer of the batch was written");
  });

  it("writes nothing when a stack fails to plan (exit 1)", async () => {
    const project = projectWithAcme();
    const before = snapshot(project);
    const failing = pathToFileURL(join(REPO, "test/fixtures/programs/refused-registration.ts")).href;
    planTestHooks.beforePlan = (requests) =>
      requests.map((r) => (r.name === "newco-aws-eu-west-1" ? { ...r, programUrl: failing } : r));
    const result = await run([
      "-C",
      project,
      "onboard",
      "newco",
      "--tier",
      "cloud",
      "--regions",
      "aws:eu-west-1,gcp:europe-west1",
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /nothing was written: newco-aws-eu-west-1: /);
    assert.deepEqual(snapshot(project), before, "neither region's stack was written");
  });

  it("writes nothing when the program refuses a stack's configuration (exit 2)", async () => {
    // A hand-edited platform stack listing more API ranges than AKS accepts (200): valid for the schema,
    // which knows no cloud's limits, and refused by the Azure cluster when the stack is planned.
    const project = tempProject();
    setProjectConfig(project);
    const cidrs = Array.from({ length: 201 }, (_, i) => `198.${Math.floor(i / 200)}.${i % 200}.0/24`);
    writeStackConfig(project, "platform-azure-westeurope", {
      kind: "platform",
      region: "azure:westeurope",
      cluster: { apiAllowedCidrs: cidrs },
      tenants: [{ id: "acme", tier: "team" }],
    });
    const before = snapshot(project);
    const result = await run([
      "-C",
      project,
      "onboard",
      "newco",
      "--tier",
      "team",
      "--regions",
      "azure:westeurope",
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /nothing was written: platform-azure-westeurope: .*cloudtier:stack\.cluster\.apiAllowedCidrs: lists more ranges than AKS accepts/,
    );
    assert.deepEqual(snapshot(project), before);
  });

  it("writes the stack once its plan passes (the gate opens)", async () => {
    const project = projectWithAcme();
    const result = await run([
      "-C",
      project,
      "onboard",
      "newco",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Policy: \d+ rules on 1 stack: 0 mandatory violations/);
    assert.match(result.stdout, /platform-kubeconfig-local .*updated/);
  });
});
