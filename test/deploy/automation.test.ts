import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { Deployer, errorSummary } from "../../deploy/automation.js";
import { resolveBackend } from "../../deploy/backend.js";
import { StackFailure } from "../../deploy/types.js";
import { FAKE_PULUMI_ROOT, REPO, tempProject } from "../cli/harness.js";

function project(stacks: Record<string, string>): string {
  const dir = tempProject("cloudtier-automation-");
  mkdirSync(join(dir, "stacks"));
  for (const [name, region] of Object.entries(stacks)) {
    writeFileSync(
      join(dir, "stacks", `Pulumi.${name}.yaml`),
      `config:\n  cloudtier:stack:\n    kind: environment\n    region: ${region}\n    customer:\n      id: ${name.split("-")[0]}\n      tier: cloud\n      postgres: true\n`,
    );
  }
  return dir;
}

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const baseEnv = { CLOUDTIER_PULUMI_ROOT: FAKE_PULUMI_ROOT, PULUMI_CONFIG_PASSPHRASE: "p" };

describe("Deployer (Automation API over the stand-in CLI)", () => {
  it("creates the stack on first up, reports changes and masked outputs, then sees no changes", async () => {
    const dir = project({ "acme-aws-eu-west-1": "aws:eu-west-1" });
    await withEnv({ ...baseEnv, FAKE_PULUMI_CHANGES: undefined }, async () => {
      const deployer = await Deployer.connect({ project: dir, backend: resolveBackend(dir, undefined, {}) });
      assert.equal(deployer.version, "3.205.0");
      const up = await deployer.run("acme-aws-eu-west-1", "up");
      assert.ok((up.changes["create"] ?? 0) > 3, JSON.stringify(up.changes));
      // The program's outputs (through the stand-in, from the offline plan): the kubeconfig stays masked.
      assert.equal(up.outputs?.["kubeconfig"], "[secret]");
      assert.equal(up.outputs?.["clusterName"], "acme-eu-west-1");
      const preview = await deployer.run("acme-aws-eu-west-1", "preview");
      assert.equal(preview.changes["create"], undefined);
      assert.ok((preview.changes["same"] ?? 0) > 3, "the preview read the engine's summary event");
      const drift = await deployer.run("acme-aws-eu-west-1", "drift");
      assert.equal(drift.result ?? "succeeded", "succeeded");
      const [listed] = await deployer.listStacks();
      assert.equal(listed.name, "acme-aws-eu-west-1");
      assert.ok(listed.resourceCount && listed.resourceCount > 3);
      const state = await deployer.exportState("acme-aws-eu-west-1");
      assert.ok(state?.deployment.resources?.some((r) => r.type === "aws:rds/instance:Instance"));
    });
  });

  it("maps a locked stack to StackFailure('locked') naming the holder", async () => {
    const dir = project({ "beta-gcp-europe-west1": "gcp:europe-west1" });
    await withEnv(
      { ...baseEnv, FAKE_PULUMI_LOCKED: "beta-gcp-europe-west1", FAKE_PULUMI_LOCK_HOLDER: "eve@build-3:77" },
      async () => {
        const deployer = await Deployer.connect({
          project: dir,
          backend: resolveBackend(dir, undefined, {}),
        });
        await assert.rejects(deployer.run("beta-gcp-europe-west1", "up"), (err: unknown) => {
          assert.ok(err instanceof StackFailure);
          assert.equal(err.kind, "locked");
          assert.deepEqual(err.details.lock?.holders[0], {
            lockFile: err.details.lock?.holders[0].lockFile,
            holder: "eve@build-3",
            pid: 77,
            since: "2026-01-01T00:00:00Z",
          });
          return true;
        });
      },
    );
  });

  it("maps proposed changes under drift to StackFailure('drifted') with the counts", async () => {
    const dir = project({ "gamma-aws-eu-west-1": "aws:eu-west-1" });
    await withEnv({ ...baseEnv, FAKE_PULUMI_CHANGES: undefined, FAKE_PULUMI_LOCKED: undefined }, async () => {
      const deployer = await Deployer.connect({ project: dir, backend: resolveBackend(dir, undefined, {}) });
      await deployer.run("gamma-aws-eu-west-1", "up");
      process.env["FAKE_PULUMI_CHANGES"] = "gamma-aws-eu-west-1";
      await assert.rejects(deployer.run("gamma-aws-eu-west-1", "drift"), (err: unknown) => {
        assert.ok(err instanceof StackFailure);
        assert.equal(err.kind, "drifted");
        assert.equal(err.details.changes?.["update"], 1);
        return true;
      });
      delete process.env["FAKE_PULUMI_CHANGES"];
    });
  });
});

describe("the Automation API boundary", () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory())
        return name === "node_modules" || name.startsWith(".") || name === "dist" ? [] : sources(path);
      return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
    });

  it("only deploy/automation.ts imports @pulumi/pulumi/automation", () => {
    const importers = sources(REPO)
      .filter((f) => !f.includes(`${join("test", "deploy", "automation.test.ts")}`))
      .filter((f) =>
        /from\s+["']@pulumi\/pulumi\/automation|import\(\s*["']@pulumi\/pulumi\/automation/.test(
          readFileSync(f, "utf8"),
        ),
      )
      .map((f) => relative(REPO, f));
    assert.deepEqual(importers, ["deploy/automation.ts"]);
  });

  it("the CLI loads it only inside deploy-type actions", () => {
    // A fresh process: import the CLI, run a non-deploy command, and look at what Node loaded.
    const script = `
      import { createRequire } from "node:module";
      const { main } = await import("./cli/main.ts");
      const { setLogger } = await import("./cli/logger.ts");
      setLogger({ out() {}, info() {}, error() {} });
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("/@pulumi/pulumi/automation/"));
      const results = { afterImport: loaded() };
      await main(["tiers", "--json"]);
      await main(["onboard", "--help"]);
      results.afterNonDeploy = loaded();
      process.env.CLOUDTIER_PULUMI_ROOT = "/nonexistent";
      await main(["-C", process.argv[1], "up", "--all"]);
      results.afterDeploy = loaded();
      console.log(JSON.stringify(results));`;
    const dir = project({ "acme-aws-eu-west-1": "aws:eu-west-1" });
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dir], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "p" },
    });
    assert.equal(child.status, 0, child.stderr);
    const results = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Record<string, boolean>;
    assert.deepEqual(results, { afterImport: false, afterNonDeploy: false, afterDeploy: true });
  });
});

describe("errorSummary", () => {
  it("keeps the CLI's multi-line error and the engine's error diagnostics, drops the noise", () => {
    const stderr = [
      "warning: A new version of Pulumi is available.",
      'error: resource "urn:x" cannot be deleted',
      "because it is protected. To unprotect the resource, run `pulumi state unprotect 'urn:x'`",
    ].join("\n");
    const stdout = "Updating (s):\n    pulumi:pulumi:Stack s running\n    error: update failed\n";
    assert.equal(
      errorSummary(stdout, stderr),
      "error: resource \"urn:x\" cannot be deleted\nbecause it is protected. To unprotect the resource, run `pulumi state unprotect 'urn:x'`\n    error: update failed",
    );
    assert.equal(errorSummary("", "panic: boom\n\n"), "panic: boom");
    assert.equal(errorSummary("", ""), "the pulumi command failed");
  });
});
