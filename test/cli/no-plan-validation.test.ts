/**
 * `--no-plan` skips the offline plan, never validation: a sample of the bad-input corpus's onboardings runs
 * both with and without it, and each exits 2, names its field and writes nothing either way. What only the
 * stack program used to check (a shared-tier customer's data stores fitting its quota) is among them.
 */
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { writeStackConfig } from "../../cli/stack-files.js";
import { type BadCase, GOOD_ENV, GOOD_PLATFORM, badInputCases } from "./bad-input-corpus.js";
import { run, snapshot } from "./harness.js";
import { removeTempDir, tempProject } from "../support/cli.js";

/** One onboarding in this many of the corpus runs here; every case the program used to catch runs. */
const SAMPLE = 4;

const onboardings = badInputCases().filter(
  (c) => c.args[0] === "onboard" && !c.ownProjectFlag && !c.env && !c.args.includes("--deploy"),
);
const programCases = onboardings.filter((c) => /leaves no room/.test(c.name));
const sample = [...new Set([...onboardings.filter((_, i) => i % SAMPLE === 0), ...programCases])];

function withPlan(args: readonly string[]): string[] {
  return args.filter((a) => a !== "--no-plan");
}
function withoutPlan(args: readonly string[]): string[] {
  return args.includes("--no-plan") ? [...args] : [...args, "--no-plan"];
}

/** The corpus's project: acme and beta tenants of the local platform, zed's environment (bad-inputs.test.ts). */
function projectFor(c: BadCase): string {
  const project = tempProject("cloudtier-noplan-");
  if (!c.bare) {
    writeStackConfig(project, GOOD_PLATFORM, {
      kind: "platform",
      region: "kubeconfig:local",
      tenants: [
        { id: "acme", tier: "team", members: [{ email: "ann@example.com", role: "owner" }] },
        { id: "beta", tier: "developer" },
      ],
    });
    writeStackConfig(project, GOOD_ENV, {
      kind: "environment",
      region: "aws:eu-west-1",
      customer: { id: "zed", tier: "cloud", postgres: true },
    });
  }
  for (const [path, content] of Object.entries(c.files ?? {})) {
    rmSync(join(project, path), { recursive: true, force: true });
    mkdirSync(dirname(join(project, path)), { recursive: true });
    if (content === null) mkdirSync(join(project, path));
    else writeFileSync(join(project, path), content);
  }
  return project;
}

async function check(c: BadCase, args: readonly string[], label: string) {
  const project = projectFor(c);
  try {
    const full = args.map((a) => (a === "customers.yaml" ? join(project, a) : a));
    const before = snapshot(project);
    const r = await run(["-C", project, ...full]);
    assert.equal(r.code, 2, `${c.name} (${label}): exit ${r.code}\n${r.stdout}${r.stderr}`);
    assert.ok(r.stderr.includes(c.field), `${c.name} (${label}): names ${c.field}:\n${r.stderr}`);
    assert.deepEqual(snapshot(project), before, `${c.name} (${label}): nothing written`);
  } finally {
    removeTempDir(project);
  }
}

describe("onboard --no-plan still validates", () => {
  it("samples the corpus's onboardings, those the program checks included", () => {
    assert.ok(programCases.length >= 5, `${programCases.length} cases the program used to catch`);
    assert.ok(sample.length >= 20, `${sample.length} cases`);
  });
  for (const c of sample) {
    it(c.name, async () => {
      await check(c, withoutPlan(c.args), "--no-plan");
      await check(c, withPlan(c.args), "planned");
    });
  }
});
