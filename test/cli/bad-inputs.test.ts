/**
 * The bad-input corpus (bad-input-corpus.ts) through the real command parser: every case exits 2, names
 * its field, leaves the project byte for byte as it was (no file, not even an empty directory, written)
 * and starts no `pulumi` (the stand-in records every call it gets). All cases run in this process; one in
 * every SAMPLE also runs as the compiled CLI in a process of its own, as users run it. Every case of a
 * command that takes `--json` runs again with it: stdout must then hold the same problems as JSON.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { before, describe, it } from "node:test";
import { writeStackConfig } from "../../cli/stack-files.js";
import { type BadCase, GOOD_ENV, GOOD_PLATFORM, badInputCases } from "./bad-input-corpus.js";
import { fakeEnv, run, snapshot } from "./harness.js";
import { runBin, tempDir, tempProject } from "../support/cli.js";

/** One case in this many also runs as the compiled CLI. */
const SAMPLE = 60;
const CASES = badInputCases();

let template: string;
let bare: string;

before(() => {
  bare = tempProject("cloudtier-corpus-bare-");
  template = tempProject("cloudtier-corpus-");
  writeStackConfig(template, GOOD_PLATFORM, {
    kind: "platform",
    region: "kubeconfig:local",
    tenants: [
      { id: "acme", tier: "team", members: [{ email: "ann@example.com", role: "owner" }] },
      { id: "beta", tier: "developer" },
    ],
  });
  writeStackConfig(template, GOOD_ENV, {
    kind: "environment",
    region: "aws:eu-west-1",
    customer: { id: "zed", tier: "cloud", postgres: true },
  });
});

/** A fresh copy of the good project with the case's files laid over it. */
function projectFor(c: BadCase): string {
  const project = tempDir("cloudtier-corpus-case-");
  cpSync(c.bare ? bare : template, project, { recursive: true });
  for (const [path, content] of Object.entries(c.files ?? {})) {
    const full = join(project, path);
    rmSync(full, { recursive: true, force: true });
    mkdirSync(dirname(full), { recursive: true });
    if (content === null) mkdirSync(full);
    else writeFileSync(full, content);
  }
  return project;
}

function argsFor(c: BadCase, project: string): string[] {
  const args = c.args.map((a) => a.replaceAll("@PROJECT@", project));
  // Batch files are named relative to the project.
  const i = args.indexOf("--file");
  if (i >= 0 && args[i + 1] !== undefined && !args[i + 1].startsWith("/")) {
    args[i + 1] = join(project, args[i + 1]);
  }
  return c.ownProjectFlag ? args : ["-C", project, ...args];
}

/** Commands (and subcommands) that take --json: their errors go to stdout as JSON too. */
const JSON_COMMANDS = [
  "plan",
  "regions",
  "tiers",
  "onboard",
  "offboard",
  "status",
  "preview",
  "up",
  "refresh",
  "destroy",
  "drift",
  "customers",
  "customer show",
  "doctor",
];

/** The command line with --json right after the command's name, where no option can take it as its value. */
function withJson(args: readonly string[]): string[] | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-C" || a === "--project-dir") {
      i++;
      continue;
    }
    if (a.startsWith("-")) return undefined;
    const sub = JSON_COMMANDS.includes(`${a} ${args[i + 1]}`) ? 2 : JSON_COMMANDS.includes(a) ? 1 : 0;
    if (sub === 0 || args.includes("--json")) return undefined;
    return [...args.slice(0, i + sub), "--json", ...args.slice(i + sub)];
  }
  return undefined;
}

/** With --json, stdout is `{"refused","errors":[...]}` and one of the problems is the field the case names. */
function checkJson(c: BadCase, result: { stdout: string; stderr: string }) {
  let parsed: { errors?: Record<string, unknown>[] };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    assert.fail(`${c.name} --json: stdout is not JSON:\n${result.stdout}`);
  }
  // The verdict first, as in text; then the problems.
  assert.deepEqual(Object.keys(parsed).slice(0, 2), ["refused", "errors"], `${c.name} --json`);
  assert.equal(typeof (parsed as { refused?: unknown }).refused, "string", `${c.name} --json`);
  const errors = parsed.errors!;
  assert.ok(errors.length > 0, `${c.name} --json: no errors`);
  for (const e of errors) {
    assert.deepEqual(Object.keys(e), ["field", "rule", "limit", "received", "fix"], `${c.name} --json`);
    assert.equal(typeof e["field"], "string");
    assert.equal(typeof e["rule"], "string");
    assert.equal(typeof e["fix"], "string");
  }
  // The text commander prints (`unknown option '-acme'`) names the option the JSON names as its field.
  const names = (e: Record<string, unknown>) =>
    `${String(e["field"])}: ${String(e["rule"])}`.includes(c.field) ||
    c.field.includes(`'${String(e["field"]).replace(/^<(.*)>$/, "$1")}'`);
  assert.ok(errors.some(names), `${c.name} --json: a problem names ${c.field}:\n${result.stdout}`);
  // A pipeline reading JSON gets the problem there; stderr keeps one line, not the command's whole help.
  assert.doesNotMatch(result.stderr, /^Usage: /m, `${c.name} --json: no help on stderr`);
}

function check(
  c: BadCase,
  project: string,
  result: { code: number; stderr: string; stdout: string },
  before: unknown,
) {
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.code, 2, `${c.name}: exit ${result.code}\n${output}`);
  assert.ok(result.stderr.includes(c.field), `${c.name}: stderr names ${c.field}:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, `${c.name}: no stack trace`);
  assert.deepEqual(snapshot(project), before, `${c.name}: nothing written`);
  assert.equal(existsSync(join(project, "pulumi-calls.jsonl")), false, `${c.name}: no pulumi started`);
}

describe("the bad-input corpus", () => {
  it("holds at least 300 distinct cases over every command", () => {
    const keys = CASES.map((c) => JSON.stringify([c.args, c.files, c.env, c.bare]));
    assert.equal(new Set(keys).size, CASES.length, "no case repeats another");
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, "each case has its own name");
    assert.ok(CASES.length >= 300, `${CASES.length} cases`);
    const commands = new Set(CASES.map((c) => c.args.find((a) => !a.startsWith("-") && !a.startsWith("@"))));
    for (const command of [
      "plan",
      "regions",
      "tiers",
      "onboard",
      "offboard",
      "status",
      "preview",
      "up",
      "refresh",
      "destroy",
      "drift",
      "ci",
      "export",
      "customers",
      "customer",
      "completion",
      "doctor",
    ]) {
      assert.ok(commands.has(command), `the corpus covers ${command}`);
    }
    console.log(
      `# bad-input corpus: ${CASES.length} distinct cases, ${Math.ceil(CASES.length / SAMPLE)} of them also through the compiled CLI`,
    );
  });

  CASES.forEach((c, i) => {
    it(c.name, async () => {
      const project = projectFor(c);
      const env = fakeEnv(project, c.env ?? {});
      const before = snapshot(project);
      check(c, project, await run(argsFor(c, project), env), before);
      const json = withJson(argsFor(c, project));
      if (json) {
        const result = await run(json, env);
        check({ ...c, name: `${c.name} (--json)` }, project, result, before);
        checkJson(c, result);
      }
      if (i % SAMPLE === 0) {
        const compiled = projectFor(c);
        const compiledBefore = snapshot(compiled);
        const result = runBin(argsFor(c, compiled), { env: fakeEnv(compiled, c.env ?? {}) });
        check({ ...c, name: `${c.name} (compiled)` }, compiled, result, compiledBefore);
      }
    });
  });
});
