/**
 * Parallel deploys: 6 stacks at `--parallel 6`, each update taking T seconds in the stand-in pulumi
 * (test/fixtures/fake-pulumi), should take about T, not 6 T. Prints the wall time as a ratio of T for a
 * first deploy (stacks created) and a second one (stacks selected), and how many `pulumi up` processes ran
 * at once. Exits 1 when the second run is not under 1.5 T. Beyond the updates, a run costs a fixed few
 * seconds: about 20 short pulumi calls (version, stack ls/init, and the SDK's `stack output` twice and
 * `stack history` after each up), each a Node process start of the stand-in; the default T is 10 s so that
 * fixed part does not hide the parallelism (real updates take minutes). The overhead is printed too.
 *
 *   node --import tsx bench/deploy-parallel.ts [T seconds, default 10]
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setLogger } from "../cli/logger.js";
import { main } from "../cli/main.js";
import { writeStackConfig } from "../cli/stack-files.js";
import { benchTempDir } from "./lib.js";

const repo = resolve(import.meta.dirname, "..");
const T = Number(process.argv[2] ?? process.env["BENCH_DELAY_SECONDS"] ?? 10);
const STACKS = 6;
const LIMIT = 1.5;

interface Call {
  command: string;
  stack: string | null;
  start: number;
  end: number;
}

function project(): string {
  const dir = benchTempDir();
  copyFileSync(join(repo, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  mkdirSync(join(dir, "stacks"));
  for (let i = 0; i < STACKS; i++) {
    const id = `bench${i}`;
    writeStackConfig(dir, `${id}-aws-eu-west-1`, {
      kind: "environment",
      region: "aws:eu-west-1",
      customer: { id, tier: "cloud" },
    });
  }
  return dir;
}

function calls(log: string, from: number): Call[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Call)
    .filter((c) => c.start >= from);
}

/** The most `up` processes alive at the same moment. */
function peakOverlap(ups: readonly Call[]): number {
  const edges = ups.flatMap((c) => [
    { t: c.start, d: 1 },
    { t: c.end, d: -1 },
  ]);
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let peak = 0;
  for (const e of edges) peak = Math.max(peak, (now += e.d));
  return peak;
}

async function timedRun(dir: string, log: string, label: string): Promise<number> {
  const from = Date.now();
  const start = performance.now();
  const code = await main(["-C", dir, "up", "--all", "--parallel", String(STACKS), "--json"]);
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`${label}: cloudtier up exited ${code}`);
  const all = calls(log, from);
  const ups = all.filter((c) => c.command === "up");
  const ratio = seconds / T;
  // Where the time went: the updates themselves, and the other pulumi calls (version, stack ls/init,
  // stack output and history after each up), each a process start of the Node stand-in.
  const window = (Math.max(...ups.map((c) => c.end)) - Math.min(...ups.map((c) => c.start))) / 1000;
  console.log(
    `${label.padEnd(28)} ${seconds.toFixed(2).padStart(6)} s  = ${ratio.toFixed(2)} T   ` +
      `(${ups.length} pulumi up, at most ${peakOverlap(ups)} at once, all within ${(window / T).toFixed(2)} T; ` +
      `${all.length - ups.length} other pulumi calls; ${(seconds - T).toFixed(1)} s beyond T)`,
  );
  return ratio;
}

const dir = project();
const log = join(dir, "pulumi-calls.jsonl");
Object.assign(process.env, {
  CLOUDTIER_PULUMI_ROOT: join(repo, "test/fixtures/fake-pulumi"),
  FAKE_PULUMI_LOG: log,
  FAKE_PULUMI_DELAY: String(T),
  PULUMI_CONFIG_PASSPHRASE: "bench",
});
delete process.env["PULUMI_BACKEND_URL"];
delete process.env["FAKE_PULUMI_FAIL"];
delete process.env["FAKE_PULUMI_LOCKED"];
setLogger({ out: () => undefined, info: () => undefined, error: (t) => process.stderr.write(`${t}\n`) });

console.log(
  `${STACKS} stacks, --parallel ${STACKS}, T = ${T} s per update (stand-in pulumi); sequential would be ${STACKS} T`,
);
await timedRun(dir, log, "first deploy (stack init)");
const ratio = await timedRun(dir, log, "second deploy (stack select)");
console.log(
  ratio < LIMIT ? `ok: under ${LIMIT} T` : `too slow: ${ratio.toFixed(2)} T is not under ${LIMIT} T`,
);
process.exitCode = ratio < LIMIT ? 0 : 1;
