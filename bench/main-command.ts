/**
 * The README's main command from a fresh clone: the ways to run the CLI side by side, each as a ratio to
 * `node -e 0` measured in the same run. The clone is made from this checkout's committed HEAD and set up
 * as the README says (`npm ci`, which builds); then each way runs `cloudtier --help` (what the launcher
 * costs) and the main command itself (an offline plan) is run through the README's way and through `npx`.
 *
 *   node bench/main-command.ts [--runs N]   (under tsx; `npm run bench -- --only main` runs it too)
 *
 * `npx`/`npm exec` install the project into npm's own cache on their first call in a clone (npm runs its
 * `prepare` build again) and walk the dependency tree on every later call; `npm link` puts the same
 * `bin/cloudtier.js` on PATH (here into a throw-away prefix, leaving the machine's global one alone).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ROOT, type Result, benchTempDir, fmtMs } from "./lib.js";

/** The main command of the README, after the launcher. */
export const MAIN_COMMAND = ["plan", "--customer", "acme", "--tier", "team", "--regions", "kubeconfig:local"];

interface Timed {
  readonly ms: number;
  readonly status: number | null;
  readonly stderr: string;
}

function timed(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
  const started = performance.now();
  const r = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return { ms: performance.now() - started, status: r.status, stderr: r.stderr ?? "" };
}

function must(t: Timed, what: string): Timed {
  if (t.status !== 0) throw new Error(`${what} exited ${t.status}: ${t.stderr.slice(0, 2000)}`);
  return t;
}

function median(n: number, run: () => Timed, what: string): number {
  const times = Array.from({ length: n }, () => must(run(), what).ms).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** npx keeps what it installed for a directory under the npm cache's `_npx`: removed with the clone. */
function removeNpxInstall(clone: string): void {
  const cache = process.env["npm_config_cache"] || join(homedir(), ".npm");
  const dir = join(cache, "_npx");
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const manifest = join(dir, entry, "package.json");
    if (existsSync(manifest) && readFileSync(manifest, "utf8").includes(clone)) {
      rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
}

export function benchMainCommand(runs = 7): Result[] {
  const work = benchTempDir("cloudtier-bench-clone-");
  const clone = join(work, "cloudtier");
  const prefix = join(work, "prefix");
  try {
    must(timed("git", ["clone", "--quiet", ROOT, clone], work), "git clone");
    const install = must(
      timed("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], clone),
      "npm ci",
    );
    console.log(`  fresh clone: npm ci (install and build) ${fmtMs(install.ms)}`);

    const node = process.execPath;
    const help = ["--help"];
    const baseline = median(runs, () => timed(node, ["-e", "0"], clone), "node -e 0");
    // npx's first call in a fresh clone, then its later ones.
    const npxFirst = must(timed("npx", ["cloudtier", ...help], clone), "npx cloudtier (first call)").ms;
    const link = must(timed("npm", ["link"], clone, { npm_config_prefix: prefix }), "npm link").ms;
    const linked = join(prefix, "bin", "cloudtier");
    const ways: [string, () => Timed, string][] = [
      [
        "node bin/cloudtier.js --help",
        () => timed(node, ["bin/cloudtier.js", ...help], clone),
        "the README's way",
      ],
      [
        "./bin/cloudtier.js --help",
        () => timed("./bin/cloudtier.js", help, clone),
        "the same file run directly",
      ],
      [
        "a wrapper script (sh, exec node bin/cloudtier.js) --help",
        () => timed("sh", ["-c", 'exec node bin/cloudtier.js "$@"', "cloudtier", ...help], clone),
        "compared",
      ],
      [
        `cloudtier --help after npm link (once: ${fmtMs(link)})`,
        () => timed(linked, help, clone),
        "compared",
      ],
      ["npx cloudtier --help (later calls)", () => timed("npx", ["cloudtier", ...help], clone), "compared"],
      [
        "npm exec -- cloudtier --help",
        () => timed("npm", ["exec", "--", "cloudtier", ...help], clone),
        "compared",
      ],
    ];
    const results: Result[] = [
      {
        name: "npx cloudtier --help, first call in a fresh clone",
        measured: fmtMs(npxFirst),
        baseline: `node -e 0: ${fmtMs(baseline)}`,
        ratio: npxFirst / baseline,
        target: "compared",
        met: true,
      },
    ];
    for (const [name, run, role] of ways) {
      const ms = median(runs, run, name);
      const readme = role === "the README's way";
      results.push({
        name,
        measured: fmtMs(ms),
        baseline: `node -e 0: ${fmtMs(baseline)}`,
        ratio: ms / baseline,
        target: readme ? "<= 2x" : "compared",
        met: readme ? ms / baseline <= 2 : true,
      });
    }
    // The main command itself: the README's way, and npx.
    const plan = median(
      Math.max(1, Math.ceil(runs / 3)),
      () => timed(node, ["bin/cloudtier.js", ...MAIN_COMMAND], clone),
      "plan",
    );
    const npxPlan = median(
      Math.max(1, Math.ceil(runs / 3)),
      () => timed("npx", ["cloudtier", ...MAIN_COMMAND], clone),
      "npx plan",
    );
    results.push(
      {
        name: `node bin/cloudtier.js ${MAIN_COMMAND.join(" ")}`,
        measured: fmtMs(plan),
        baseline: `node -e 0: ${fmtMs(baseline)}`,
        ratio: plan / baseline,
        target: "reported",
        met: true,
      },
      {
        name: `npx cloudtier ${MAIN_COMMAND.join(" ")}`,
        measured: fmtMs(npxPlan),
        baseline: `node -e 0: ${fmtMs(baseline)}`,
        ratio: npxPlan / baseline,
        target: "reported",
        met: true,
      },
    );
    return results;
  } finally {
    removeNpxInstall(clone);
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--runs");
  const runs = at > 0 ? Number(process.argv[at + 1]) : 7;
  const { printResults } = await import("./lib.js");
  printResults(benchMainCommand(runs));
}
