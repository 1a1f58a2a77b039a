/**
 * A command asks for a secret only when it is about to use it: showing what offboarding or a destroy would
 * do starts no `pulumi`, so it needs no passphrase; running them does.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployProject, fakeEnv, pulumiCalls, run, snapshot } from "./harness.js";
import { removeTempDir } from "../support/cli.js";

const NO_PASSPHRASE = { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined };

async function onboarded(): Promise<string> {
  const project = deployProject();
  const r = await run(
    ["-C", project, "onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
    fakeEnv(project),
  );
  assert.equal(r.code, 0, r.stderr);
  return project;
}

describe("secrets are asked for only when used", () => {
  it("offboard --dry-run needs no passphrase and starts no pulumi", async () => {
    const project = await onboarded();
    try {
      const before = snapshot(project);
      const r = await run(["-C", project, "offboard", "acme", "--dry-run"], fakeEnv(project, NO_PASSPHRASE));
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(`${r.stdout}${r.stderr}`, /PASSPHRASE/);
      assert.match(r.stdout, /remove tenant acme/);
      assert.deepEqual(snapshot(project), before);
      assert.equal(pulumiCalls(project).length, 0);
    } finally {
      removeTempDir(project);
    }
  });

  it("offboard and destroy without --yes name --yes, not the passphrase", async () => {
    const project = await onboarded();
    try {
      for (const args of [
        ["offboard", "acme"],
        ["destroy", "--all"],
      ]) {
        const r = await run(["-C", project, ...args], fakeEnv(project, NO_PASSPHRASE));
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /--yes/);
        assert.doesNotMatch(r.stderr, /PASSPHRASE/, args.join(" "));
      }
    } finally {
      removeTempDir(project);
    }
  });

  it("offboard --yes, which runs pulumi, still asks for it first", async () => {
    const project = await onboarded();
    try {
      const r = await run(["-C", project, "offboard", "acme", "--yes"], fakeEnv(project, NO_PASSPHRASE));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /PULUMI_CONFIG_PASSPHRASE/);
      assert.equal(pulumiCalls(project).length, 0);
    } finally {
      removeTempDir(project);
    }
  });
});
