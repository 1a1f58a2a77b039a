/**
 * The benchmarks' projects and books are accepted by the CLI as it is today: a benchmark whose input
 * onboarding refuses measures nothing, and would be found broken only when someone runs `npm run bench`.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { benchProject, writeBookFile, writeCustomersFile } from "../../bench/fixtures.js";
import { listStackFiles } from "../../cli/stack-files.js";
import { run } from "../cli/harness.js";

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
});
