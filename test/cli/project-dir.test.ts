/**
 * Commands that write act only on a project the user named (`-C`) or is inside (a Pulumi.yaml found from the
 * working directory up), never on the installed package's own `stacks/`; outside any project they exit 2
 * naming what was looked for. Every writing command says which project it acts on. Reading commands still
 * fall back to the package's embedded default, and the README's main command works from the repository.
 */
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT, removeTempDir, snapshot, tempDir } from "../support/cli.js";
import { deployProject, fakeEnv, run } from "./harness.js";

const TEAM = ["--tier", "team", "--regions", "kubeconfig:local"];
const WRITERS: readonly (readonly string[])[] = [
  ["onboard", "acme", ...TEAM, "--no-plan"],
  ["onboard", "acme", ...TEAM, "--dry-run", "--no-plan"],
  ["offboard", "beta", "--yes"],
  ["offboard", "beta", "--dry-run"],
  ["up", "--all"],
  ["preview", "--all"],
  ["refresh", "--all"],
  ["destroy", "--all", "--yes"],
  ["drift", "--all"],
];

let outside: string;
const home = process.cwd();

before(() => {
  // A directory with no Pulumi.yaml in it or above it.
  outside = tempDir("cloudtier-outside-");
  mkdirSync(join(outside, "deeper"));
  process.chdir(join(outside, "deeper"));
});
after(() => {
  process.chdir(home);
  removeTempDir(outside);
});

describe("the project a command acts on", () => {
  for (const args of WRITERS) {
    it(`${args.join(" ")} outside any project: exit 2, naming Pulumi.yaml and -C, the package untouched`, async () => {
      const packageStacks = snapshot(join(ROOT, "stacks"));
      const r = await run([...args], fakeEnv(outside));
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^refused: /);
      assert.match(r.stderr, /-C, --project-dir: must name the project to change: no Pulumi\.yaml/);
      assert.ok(r.stderr.includes(join(outside, "deeper")), r.stderr);
      assert.deepEqual(snapshot(join(ROOT, "stacks")), packageStacks, "the package's stacks/ untouched");
    });
  }

  it("reading commands outside a project still read the embedded default", async () => {
    for (const args of [["status"], ["customers"], ["regions"], ["tiers"]]) {
      const r = await run(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    }
  });

  it("onboard, offboard and the deploy commands name the project they act on", async () => {
    const project = deployProject();
    try {
      const env = fakeEnv(project);
      const onboard = await run(["-C", project, "onboard", "acme", ...TEAM, "--no-plan"], env);
      assert.equal(onboard.code, 0, onboard.stderr);
      assert.match(onboard.stdout, new RegExp(`^Project: ${project}$`, "m"));
      const json = await run(["-C", project, "onboard", "acme", ...TEAM, "--no-plan", "--json"], env);
      assert.equal((JSON.parse(json.stdout) as { project: string }).project, project);
      const dry = await run(["-C", project, "offboard", "acme", "--dry-run"], env);
      assert.match(dry.stdout, new RegExp(`^Project: ${project}$`, "m"));
      // From inside the project, found upwards.
      process.chdir(join(project, "stacks"));
      try {
        const up = await run(["up", "--all"], env);
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stderr, new RegExp(`^Project: ${project}$`, "m"));
        const upJson = await run(["up", "--all", "--json"], env);
        assert.equal((JSON.parse(upJson.stdout) as { project: string }).project, project);
      } finally {
        process.chdir(join(outside, "deeper"));
      }
    } finally {
      removeTempDir(project);
    }
  });

  it("the README's main command plans from the repository", async () => {
    process.chdir(ROOT);
    try {
      const r = await run(["plan", "--customer", "acme", "--tier", "team", "--regions", "kubeconfig:local"]);
      assert.equal(r.code, 0, r.stderr);
    } finally {
      process.chdir(join(outside, "deeper"));
    }
  });
});
