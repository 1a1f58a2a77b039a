/**
 * On a terminal, a plan that takes more than a second shows a live progress line; without one (a pipe, CI),
 * nothing but the results. The compiled CLI runs under a pseudo-terminal made by util-linux `script`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { BIN, runBin, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";
import { shellWord } from "../../cli/customer-records.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
// Four stacks one at a time: well over a second even on an idle machine, so the live line is drawn.
const STACKS = [
  "--stack",
  "z-aws-eu-west-1",
  "--stack",
  "z-gcp-europe-west1",
  "--stack",
  "z-azure-westeurope",
  "--stack",
  "z-scaleway-fr-par",
  "--parallel",
  "1",
  "--summary",
];

function project(): string {
  const dir = tempProject("cloudtier-terminal-");
  setProjectConfig(dir);
  const r = runBin([
    "-C",
    dir,
    "onboard",
    "z",
    "--tier",
    "cloud",
    "--regions",
    "aws:eu-west-1,gcp:europe-west1,azure:westeurope,scaleway:fr-par",
    "--no-plan",
  ]);
  assert.equal(r.code, 0, r.stderr);
  return dir;
}

/** What a terminal of 100 columns shows while the command runs, escape sequences removed. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number; screen: string } {
  const command = [process.execPath, BIN, ...args].map(shellWord).join(" ");
  const result = spawnSync("script", ["-qefc", `stty cols 100 rows 40; ${command}`, "/dev/null"], {
    encoding: "utf8",
    env: { ...process.env, CI: undefined, ...env },
    timeout: 120_000,
  });
  // eslint-disable-next-line no-control-regex
  return { code: result.status ?? -1, screen: result.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "") };
}

describe("progress on a terminal", { skip: !hasScript && "util-linux script is not installed" }, () => {
  it("a plan of more than a second shows its live line, then the results", () => {
    const dir = project();
    const { code, screen } = onTerminal(["-C", dir, "plan", ...STACKS]);
    assert.equal(code, 0, screen);
    assert.match(screen, /Planning 4 stacks offline: [1-3] of 4 planned \(\d+ resources\) \(\d+ s\)/);
    assert.match(screen, /Planning 4 stacks offline: done/);
    assert.match(screen, /Planned 4 of 4 stacks/);
  });

  it("no live line without a terminal, in CI or with --json", () => {
    const dir = project();
    const piped = runBin(["-C", dir, "plan", ...STACKS]);
    assert.equal(piped.code, 0, piped.stderr);
    assert.doesNotMatch(piped.stderr, /Planning 4 stacks/);
    assert.doesNotMatch(
      onTerminal(["-C", dir, "plan", ...STACKS], { CI: "true" }).screen,
      /Planning 4 stacks/,
    );
    const json = onTerminal(["-C", dir, "plan", "--stack", "z-gcp-europe-west1", "--json"]);
    assert.doesNotMatch(json.screen, /Planning 1 stack/);
  });
});
