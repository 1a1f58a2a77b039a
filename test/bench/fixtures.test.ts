/**
 * The benchmarks' projects and books are accepted by the CLI as it is today: a benchmark whose input
 * onboarding refuses measures nothing, and would be found broken only when someone runs `npm run bench`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { benchProject, writeBookFile, writeCustomersFile, writePlatformStack } from "../../bench/fixtures.js";
import { listStackFiles } from "../../cli/stack-files.js";
import { REPO, run } from "../cli/harness.js";

describe("benchmark fixtures", () => {
  it("a book over four clouds onboards, as the cost benchmark runs it", async () => {
    const project = benchProject();
    const r = await run(["-C", project, "onboard", "--file", writeBookFile(project, 60), "--no-plan"]);
    assert.equal(r.code, 0, r.stderr);
    const clouds = new Set(
      listStackFiles(project).map((s) => /-(aws|gcp|azure|scaleway|digitalocean)-/.exec(s)?.[1]),
    );
    assert.ok(clouds.size >= 4, `stacks on ${[...clouds].join(", ")}`);
  });

  it("shared-tier customers onboard into one region's shards, as the parallel benchmark runs it", async () => {
    const project = benchProject();
    const file = writeCustomersFile(project, "aws:eu-west-1", 40);
    const r = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(listStackFiles(project).length >= 1);
  });

  it("the naive platform program registers what the platform program does (on the compiled build)", async () => {
    const project = benchProject();
    const stack = "platform-kubeconfig-local";
    writePlatformStack(project, stack, "kubeconfig:local", 12);
    const naive = spawnSync(
      process.execPath,
      [join(REPO, "bench/baselines/naive-platform.mjs"), project, stack],
      {
        encoding: "utf8",
      },
    );
    assert.equal(naive.status, 0, naive.stderr);
    const registered = Number(/^BENCH_RESOURCES (\d+)$/m.exec(naive.stdout)?.[1]);
    const plan = await run(["-C", project, "plan", "--stack", stack, "--json"]);
    assert.equal(plan.code, 0, plan.stderr);
    const planned = (JSON.parse(plan.stdout) as { stacks: { resources: unknown[] }[] }).stacks[0].resources
      .length;
    assert.equal(registered, planned, "the benchmark compares the same resources");
  });
});
