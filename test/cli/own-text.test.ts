/**
 * The project's own text against what it describes: the help and the README's CLI reference against the
 * command tree (every command listed, every command and option they name real), and against the cloud
 * registry (every cloud named), so a new command or cloud cannot be left out of them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { COMMANDS, buildProgram } from "../../cli/main.js";
import { CLOUDS, type CloudName } from "../../regions/types.js";
import { ROOT, removeTempDir, runMain } from "../support/cli.js";
import { deployProject } from "./harness.js";

/** How the help and the README name each cloud: a cloud added to the registry fails to compile here. */
const NAMED = {
  aws: "AWS",
  gcp: "GCP",
  azure: "Azure",
  scaleway: "Scaleway",
  digitalocean: "DigitalOcean",
  kubeconfig: "existing cluster",
} as const satisfies Record<CloudName, string>;

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { description: string };

/** The README's "CLI reference" section. */
function cliReference(): string {
  const start = README.indexOf("## CLI reference");
  const end = README.indexOf("\n## ", start + 1);
  assert.ok(start >= 0 && end > start, "README has a CLI reference section");
  return README.slice(start, end);
}

/** The first cell of each table row of the CLI reference that is a command line: `cloudtier ...`. */
function referenceRows(): string[] {
  return cliReference()
    .split("\n")
    .filter((l) => l.startsWith("| `cloudtier "))
    .map((l) => l.slice(3, l.indexOf("` ", 2)).replace(/\\\|/g, "|"));
}

/** Every command and subcommand, by its words (`customer show`). */
function commandTree(program: Command): Map<string, Command> {
  const out = new Map<string, Command>();
  const walk = (cmd: Command, prefix: string[]) => {
    for (const sub of cmd.commands) {
      const words = [...prefix, sub.name()];
      out.set(words.join(" "), sub);
      walk(sub, words);
    }
  };
  walk(program, []);
  return out;
}

describe("the project's own text", () => {
  it("the top-level help, the package's description and the README's introduction name every cloud", async () => {
    const help = await runMain(["--help"]);
    assert.equal(help.code, 0);
    for (const cloud of CLOUDS) {
      assert.ok(help.stdout.includes(NAMED[cloud]), `--help names ${cloud} (${NAMED[cloud]})`);
      assert.ok(PACKAGE.description.includes(NAMED[cloud]), `package.json's description names ${cloud}`);
      assert.ok(
        README.slice(0, README.indexOf("## ")).includes(NAMED[cloud]),
        `README's intro names ${cloud}`,
      );
    }
  });

  it("the top-level help lists every command, and `help <command>` shows each", async () => {
    const help = await runMain(["--help"]);
    for (const name of Object.keys(COMMANDS)) {
      assert.match(help.stdout, new RegExp(`^  ${name}\\b`, "m"), `--help lists ${name}`);
      const one = await runMain(["help", name]);
      assert.equal(one.code, 0, name);
      assert.match(one.stdout, new RegExp(`^Usage: cloudtier ${name}\\b`), name);
    }
  });

  it("`help` of an unknown command is refused, naming it", async () => {
    const r = await runMain(["help", "nosuch"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^refused: /);
    assert.match(r.stderr, /help <command>: must name a cloudtier command .*received "nosuch"/);
  });

  it("the README's CLI reference has a row for every command, and names only real commands and options", async () => {
    const tree = commandTree(await buildProgram());
    const rows = referenceRows();
    for (const name of Object.keys(COMMANDS)) {
      assert.ok(
        rows.some((r) => r.split(/\s+/)[1]?.split("|").includes(name)),
        `the README's CLI reference has a row for ${name}`,
      );
    }
    const problems: string[] = [];
    for (const row of rows) {
      const words = row.split(/\s+/).slice(1);
      // The commands a row names: `preview|up|refresh|destroy` is four; a subcommand follows its parent.
      const names = words[0].split("|").map((n) => (tree.has(`${n} ${words[1]}`) ? `${n} ${words[1]}` : n));
      for (const name of names) {
        const cmd = tree.get(name);
        if (!cmd) {
          problems.push(`${row}: no command ${name}`);
          continue;
        }
        const known = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
        known.add("-C").add("--project-dir").add("--help");
        for (const flag of row.matchAll(/(?<![\w-])(--[a-z][a-z-]*|-[A-Z])\b/g)) {
          if (!known.has(flag[1])) problems.push(`${row}: ${name} has no option ${flag[1]}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it("`regions` shows the list prices its help promises", async () => {
    const help = await runMain(["help", "regions"]);
    assert.match(help.stdout, /prices/);
    const r = await runMain(["regions", "--cloud", "aws"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\$\d+\.\d+\/h/, "an hourly price");
    const kube = await runMain(["regions", "--cloud", "kubeconfig", "--json"]);
    const regions = (JSON.parse(kube.stdout) as { regions: { geo: string }[] }).regions;
    assert.ok(
      regions.every((g) => g.geo === "any"),
      "an existing cluster claims no geography",
    );
  });

  it("counts of one are singular: a stack, a tenant", async () => {
    const project = deployProject();
    try {
      const onboard = await runMain([
        "-C",
        project,
        "onboard",
        "acme",
        "--tier",
        "team",
        "--regions",
        "aws:eu-west-1",
        "--no-plan",
      ]);
      assert.equal(onboard.code, 0, onboard.stderr);
      const doctor = await runMain(["-C", project, "doctor", "--json"], {
        PULUMI_CONFIG_PASSPHRASE: undefined,
        PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
        PULUMI_BACKEND_URL: undefined,
      });
      const secrets = (
        JSON.parse(doctor.stdout) as { checks: { check: string; detail: string }[] }
      ).checks.find((c) => c.check === "secrets");
      assert.match(secrets?.detail ?? "", /^1 stack uses the passphrase provider/);
      const cost = await runMain(["-C", project, "cost", "--json"]);
      assert.equal(cost.code, 0, cost.stderr);
      assert.match(cost.stdout, /for 1 tenant in 1 shard\)/);
      assert.doesNotMatch(cost.stdout, /\b1 tenants\b|\b1 stacks\b|\b1 shards\b/);
      const plan = await runMain(["-C", project, "plan", "--stack", "platform-aws-eu-west-1", "--summary"]);
      assert.match(plan.stdout, /^Planned 1 of 1 stack, \d+ resources/m);
    } finally {
      removeTempDir(project);
    }
  });
});
