/**
 * End to end against a real Pulumi CLI and a real cluster: onboard a shared-tier customer on the current
 * kubectl context (kind or k3d), deploy, check status and drift, offboard, destroy. Opt-in: it changes a
 * cluster. Run with `CLOUDTIER_E2E=1 node scripts/run-tests.mjs test/cli/e2e`.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO, run } from "./harness.js";

const enabled = process.env["CLOUDTIER_E2E"] === "1";
const reason =
  "end-to-end deploys are opt-in: set CLOUDTIER_E2E=1 with a real `pulumi` on PATH (https://www.pulumi.com/docs/install/) " +
  "and a kind or k3d cluster as the current kubectl context";
if (!enabled) console.log(`# skipped test/cli/e2e.test.ts: ${reason}`);

/**
 * A project directory the real CLI can run: Pulumi.yaml, the program and its sources linked from the
 * repository, and its own stacks/ and state, so the repository is left untouched.
 */
function e2eProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "cloudtier-e2e-"));
  copyFileSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  for (const entry of [
    "package.json",
    "tsconfig.json",
    "node_modules",
    "domain",
    "regions",
    "components",
    "planner",
  ]) {
    symlinkSync(join(REPO, entry), join(dir, entry));
  }
  mkdirSync(join(dir, "stacks"));
  for (const file of readdirSync(join(REPO, "stacks")).filter((f) => f.endsWith(".ts"))) {
    symlinkSync(join(REPO, "stacks", file), join(dir, "stacks", file));
  }
  return dir;
}

describe("end to end with a real pulumi and cluster", () => {
  it(
    "onboards, deploys, reports, detects no drift, offboards and destroys",
    { skip: enabled ? false : reason, timeout: 30 * 60_000 },
    async () => {
      const project = e2eProject();
      const customer = `e2e-${Date.now().toString(36)}`;
      const env = {
        PULUMI_CONFIG_PASSPHRASE: process.env["PULUMI_CONFIG_PASSPHRASE"] ?? "cloudtier-e2e",
        PULUMI_BACKEND_URL: undefined,
      };
      const cli = (...args: string[]) => run(["-C", project, ...args], env);

      const onboard = await cli(
        "onboard",
        customer,
        "--tier",
        "team",
        "--regions",
        "kubeconfig:local",
        "--redis",
        "--deploy",
        "--json",
      );
      assert.equal(onboard.code, 0, onboard.stderr);
      const deployed = JSON.parse(onboard.stdout) as { deploy: { ok: boolean } };
      assert.equal(deployed.deploy.ok, true);

      const status = await cli("status", "--json");
      assert.equal(status.code, 0, status.stderr);
      const platform = (
        JSON.parse(status.stdout) as { stacks: { stack: string; deployed: boolean }[] }
      ).stacks.find((s) => s.stack === "platform-kubeconfig-local");
      assert.equal(platform?.deployed, true);

      const drift = await cli("drift", "--all");
      assert.equal(drift.code, 0, `${drift.stdout}${drift.stderr}`);

      const offboard = await cli("offboard", customer, "--yes", "--delete-data");
      assert.equal(offboard.code, 0, `${offboard.stdout}${offboard.stderr}`);

      const destroy = await cli("destroy", "--all", "--yes");
      assert.equal(destroy.code, 0, `${destroy.stdout}${destroy.stderr}`);
    },
  );
});
