/**
 * `cloudtier completion bash|zsh|fish`, each script loaded into its real shell and asked to complete command
 * lines: bash through its completion function with the words readline would split, zsh through a
 * pseudo-terminal driving its completion system (zpty), fish through `complete -C`. A shell that is not
 * installed is skipped, with the reason printed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { COMMANDS } from "../../cli/main.js";
import { run, tempProject } from "./harness.js";
import { tempDir } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";

const has = (shell: string) => spawnSync(shell, ["-c", "exit 0"]).status === 0;

let project: string;
let scripts: Record<string, string>;

before(async () => {
  project = tempProject("cloudtier-completion-");
  setProjectConfig(project);
  for (const args of [
    ["onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local"],
    ["onboard", "zed", "--tier", "cloud", "--regions", "aws:eu-west-1"],
  ]) {
    const r = await run(["-C", project, ...args, "--no-plan"]);
    assert.equal(r.code, 0, r.stderr);
  }
  const dir = tempDir("cloudtier-completion-scripts-");
  scripts = {};
  for (const shell of ["bash", "zsh", "fish"]) {
    const r = await run(["completion", shell]);
    assert.equal(r.code, 0, r.stderr);
    scripts[shell] = join(dir, `cloudtier.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

/** Command lines (the cursor at the end) and completions each must offer: exactly, or at least. */
const CASES: readonly { line: string; exactly?: string[]; includes?: string[] }[] = [
  { line: "cloudtier pl", exactly: ["plan"] },
  { line: "cloudtier cust", exactly: ["customer", "customers"] },
  { line: "cloudtier plan --tier ", exactly: ["cloud", "community", "developer", "team"] },
  { line: "cloudtier regions --cloud g", exactly: ["gcp"] },
  { line: "cloudtier up --stack ", exactly: ["platform-kubeconfig-local", "zed-aws-eu-west-1"] },
  { line: "cloudtier offboard ", exactly: ["acme", "zed"] },
  { line: "cloudtier customer ", exactly: ["show"] },
  { line: "cloudtier customer show ", exactly: ["acme", "zed"] },
  { line: "cloudtier completion ", exactly: ["bash", "fish", "zsh"] },
  { line: "cloudtier -C . onb", exactly: ["onboard"] },
  { line: "cloudtier onboard acme --me", exactly: ["--member"] },
  { line: "cloudtier plan --quota po", exactly: ["pods="] },
  { line: "cloudtier ci github --b", exactly: ["--branch"] },
  {
    line: "cloudtier onboard acme --",
    includes: ["--replace", "--dry-run", "--tier", "--regions", "--verbose"],
  },
  { line: "cloudtier plan --regions gcp:europe-west", includes: ["gcp:europe-west1", "gcp:europe-west4"] },
];

/** The words readline gives a completion function: split at blanks, `:` a word of its own. */
function readlineWords(line: string): string[] {
  const words = line
    .split(/\s+/)
    .flatMap((w) => w.split(/(:)/).filter((p, i, all) => p !== "" || i === all.length - 1));
  return words;
}

function bash(line: string): string[] {
  const words = readlineWords(line);
  const script = [
    `source ${JSON.stringify(scripts["bash"])}`,
    `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=${line.length}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_cloudtier",
    // What bash shows: each reply after the part of the word up to its last ':'.
    'cur=${COMP_LINE##* }; keep=""; [[ $cur == *:* ]] && keep=${cur%"${cur##*:}"}',
    'for w in "${COMPREPLY[@]}"; do printf "%s\\n" "$keep$w"; done',
  ].join("\n");
  const r = spawnSync("bash", ["-c", script], { cwd: project, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter(Boolean);
}

// The pty echoes the lines typed into it, and when the inner shell starts late (a loaded machine) its line
// editor draws them back whole: the markers read from the output (MATCH:, ENDOFCOMPLETION) are never typed
// whole, so an echoed definition cannot be read as a completion.
const ZPTY = `
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; PROMPT=''; autoload -U compinit; compinit -u -D; source \${(q)1}"
zpty -w z 'compadd() { local -a __m; local __p=MAT; __p+=CH:; builtin compadd -O __m "$@"; print -rl -- \${(@)__m/#/$__p} }'
zpty -w z "finish() { print -r -- END''OF''COMPLETION; }; comppostfuncs=(finish)"
zpty -w z 'bindkey "^I" complete-word'
zpty -w -n z "$2"$'\\t'
local line out
while zpty -r z line; do
  out+=$line
  [[ $line == *ENDOFCOMPLETION* ]] && break
done
zpty -d z
print -r -- $out
`;

function zsh(line: string): string[] {
  const driver = join(tempDir("cloudtier-zpty-"), "capture.zsh");
  writeFileSync(driver, ZPTY);
  const r = spawnSync("zsh", ["-f", driver, scripts["zsh"], line], {
    cwd: project,
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const matches = [...r.stdout.replace(/\r/g, "").matchAll(/MATCH:([^\n]*)/g)].map((m) => m[1]);
  // The part of the word before the completed item (the regions before a comma) is kept as typed.
  const word = line.slice(line.lastIndexOf(" ") + 1);
  const head = word.includes(",") ? word.slice(0, word.lastIndexOf(",") + 1) : "";
  return [...new Set(matches.map((m) => `${head}${m}`))];
}

function fish(line: string): string[] {
  const r = spawnSync("fish", ["-c", `source ${scripts["fish"]}; complete -C ${JSON.stringify(line)}`], {
    cwd: project,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t")[0]);
}

/** The completed word as the shell leaves it: the whole word, the list before a comma included. */
function expected(line: string, items: readonly string[]): string[] {
  const word = line.slice(line.lastIndexOf(" ") + 1);
  const head = word.includes(",") ? word.slice(0, word.lastIndexOf(",") + 1) : "";
  return items.map((i) => `${head}${i}`);
}

for (const [shell, complete] of [
  ["bash", bash],
  ["zsh", zsh],
  ["fish", fish],
] as const) {
  describe(`completion in ${shell}`, { skip: !has(shell) && `${shell} is not installed` }, () => {
    for (const c of CASES) {
      it(`completes ${JSON.stringify(c.line)}`, () => {
        const got = complete(c.line).sort();
        if (c.exactly) assert.deepEqual(got, expected(c.line, c.exactly).sort());
        for (const item of expected(c.line, c.includes ?? []))
          assert.ok(got.includes(item), `${item} in ${got.join(" ")}`);
      });
    }
  });
}

describe("completion follows the commands", { skip: !has("bash") && "bash is not installed" }, () => {
  it("offers every command, and every option of each command", async () => {
    const top = bash("cloudtier ");
    for (const name of Object.keys(COMMANDS)) assert.ok(top.includes(name), name);
    for (const [name, load] of Object.entries(COMMANDS)) {
      const command = await load();
      if (command.commands.length > 0) continue;
      const offered = bash(`cloudtier ${name} --`);
      for (const option of command.options)
        assert.ok(offered.includes(option.long!), `${name} ${option.long}`);
    }
  });

  it("an unknown shell is bad input", async () => {
    const r = await run(["completion", "powershell"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /value 'powershell' is invalid for argument 'shell'/);
  });
});
