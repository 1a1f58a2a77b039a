/**
 * Commands that need no stack (`--help`, `regions`, `tiers`) start fast: the compiled CLI loads neither
 * Pulumi nor any provider SDK for them, nor the schema and YAML libraries that only reading stacks needs
 * (together those would triple the start-up time; `npm run bench` measures it). Each case runs the
 * compiled CLI in a fresh process with a tracer that lists every module the process loaded: ES modules
 * through a loader hook, CommonJS ones (all the Pulumi SDKs) from `require.cache` at exit. The negative
 * control runs `status`, which does load Pulumi's Automation API in the same process, and must see it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { COMMANDS, commandOf } from "../../cli/main.js";
import { BIN, ROOT, runMain, tempProject } from "../support/cli.js";

const TRACER = `
import { register, createRequire } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function load(url, context, next) {
  process.stderr.write("LOADED " + url + "\\\\n");
  return next(url, context);
}\`));
const require = createRequire(import.meta.url);
process.on("exit", () => {
  for (const file of Object.keys(require.cache)) process.stderr.write("LOADED file://" + file + "\\n");
});
`;

/** Packages whose loading a stack-free command must not pay for. */
const HEAVY = [
  "@pulumi/pulumi",
  "@pulumi/aws",
  "@pulumi/gcp",
  "@pulumi/azure-native",
  "@pulumi/kubernetes",
  "@pulumi/random",
  "@pulumi/policy",
  "@pulumiverse/scaleway",
  "zod",
  "yaml",
] as const;

let dir: string;
let tracer: string;

interface Trace {
  readonly code: number;
  /** Every module URL the process loaded. */
  readonly loaded: string[];
}

function traced(args: readonly string[], env: NodeJS.ProcessEnv = {}): Trace {
  const child = spawnSync(process.execPath, ["--import", tracer, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const loaded = child.stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED "))
    .map((l) => l.slice("LOADED ".length));
  return { code: child.status ?? -1, loaded };
}

/** The heavy packages a trace shows loaded. */
function heavyLoaded(trace: Trace): string[] {
  return HEAVY.filter((pkg) => trace.loaded.some((url) => url.includes(`/node_modules/${pkg}/`)));
}

describe("commands that need no stack", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cloudtier-startup-"));
    tracer = join(dir, "tracer.mjs");
    writeFileSync(tracer, TRACER);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const args of [
    ["--help"],
    ["regions", "--json"],
    ["regions"],
    ["tiers"],
    ["plan", "--help"],
    ["cost", "--help"],
  ]) {
    it(`cloudtier ${args.join(" ")} loads neither Pulumi nor a provider SDK`, () => {
      const trace = traced(args);
      assert.equal(trace.code, 0);
      assert.ok(
        trace.loaded.some((url) => url.endsWith("/dist/cli/main.js")),
        "the tracer saw the CLI's own modules",
      );
      assert.deepEqual(heavyLoaded(trace), []);
    });
  }

  it("would see Pulumi if a command loaded it (negative control: status loads the Automation API)", () => {
    const project = tempProject("cloudtier-startup-status-");
    try {
      const trace = traced(["-C", project, "status", "--json"], {
        CLOUDTIER_PULUMI_ROOT: join(ROOT, "test", "fixtures", "fake-pulumi"),
        PULUMI_CONFIG_PASSPHRASE: "startup-test",
        PULUMI_BACKEND_URL: undefined,
      });
      assert.equal(trace.code, 0);
      // Pulumi is CommonJS (seen in require.cache), zod an ES module (seen by the loader hook).
      const heavy = heavyLoaded(trace);
      for (const pkg of ["@pulumi/pulumi", "zod", "yaml"]) assert.ok(heavy.includes(pkg), heavy.join(", "));
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe("loading only the command a command line names", () => {
  it("finds the command after the global options, and none before a help or version flag", () => {
    assert.equal(commandOf(["regions", "--json"]), "regions");
    assert.equal(commandOf(["-C", "/tmp/x", "plan", "--stack", "s"]), "plan");
    assert.equal(commandOf(["--project-dir", "regions", "tiers"]), "tiers");
    assert.equal(commandOf(["--project-dir=/tmp/x", "up"]), "up");
    assert.equal(commandOf(["-C/tmp/x", "status"]), "status");
    assert.equal(commandOf(["--help", "plan"]), undefined);
    assert.equal(commandOf(["help", "plan"]), undefined);
    assert.equal(commandOf(["plna"]), undefined);
    assert.equal(commandOf([]), undefined);
  });

  it("names every command by the name it registers under", async () => {
    for (const [name, load] of Object.entries(COMMANDS)) assert.equal((await load()).name(), name);
  });

  it("lists every command in the top-level help and still suggests one for a typo", async () => {
    const help = await runMain(["--help"]);
    assert.equal(help.code, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(help.stdout, new RegExp(`^  ${name} `, "m"));
    const typo = await runMain(["plna"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean plan\?/);
  });
});
