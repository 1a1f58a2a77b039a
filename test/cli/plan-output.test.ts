/**
 * How much `plan` prints: every stack's resource tree up to a handful of stacks, one row per stack above that
 * (a 16-stack plan once printed 1,574 lines), `--verbose` and `--summary` either way.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { deployProject, run } from "./harness.js";

let project: string;
const stacks = (n: number) =>
  Array.from({ length: n }, (_, i) => [
    "--stack",
    i % 2 === 0 ? `c${i >> 1}-aws-eu-west-1` : `c${i >> 1}-gcp-europe-west1`,
  ]).flat();

before(async () => {
  project = deployProject();
  const file = join(project, "customers.yaml");
  writeFileSync(
    file,
    `customers:\n${[0, 1, 2].map((i) => `  - { id: c${i}, tier: cloud, regions: [aws:eu-west-1, gcp:europe-west1] }`).join("\n")}\n`,
  );
  const r = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
  assert.equal(r.code, 0, r.stderr);
});

describe("plan output", () => {
  it("above a handful of stacks: one row per stack, the totals, no resource tree", async () => {
    const result = await run(["-C", project, "plan", ...stacks(6)]);
    assert.equal(result.code, 0, result.stderr);
    const rows = result.stdout.split("\n").filter((l) => /^│ c\d-/.test(l));
    assert.equal(rows.length, 6);
    const cells = rows[0]
      .split("│")
      .map((c) => c.trim())
      .filter(Boolean);
    assert.deepEqual(cells.slice(0, 3), ["c0-aws-eu-west-1", "environment", "aws:eu-west-1"]);
    assert.ok(Number(cells[3]) > 20, "resources counted");
    assert.match(cells[6], /^\$[\d,]+\.\d\d$/);
    assert.doesNotMatch(result.stdout, /├─ /, "no tree");
    assert.match(result.stdout, /^Planned 6 of 6 stacks, \d+ resources/m);
    assert.ok(result.stdout.split("\n").length < 40, `${result.stdout.split("\n").length} lines`);
  });

  it("--verbose prints every tree; a handful or fewer prints trees by default; --summary a table", async () => {
    const verbose = await run(["-C", project, "plan", ...stacks(6), "--verbose"]);
    assert.equal(verbose.code, 0);
    assert.equal(verbose.stdout.match(/^c\d-\S+ {2}\(environment, /gm)?.length, 6);
    const few = await run(["-C", project, "plan", ...stacks(2)]);
    assert.match(few.stdout, /├─ /);
    const summary = await run(["-C", project, "plan", ...stacks(2), "--summary"]);
    assert.doesNotMatch(summary.stdout, /├─ /);
    assert.match(summary.stdout, /^│ c0-gcp-europe-west1 /m);
  });

  it("--verbose with --summary is bad input", async () => {
    const result = await run(["-C", project, "plan", ...stacks(1), "--verbose", "--summary"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--verbose, --summary: cannot be combined/);
  });
});
