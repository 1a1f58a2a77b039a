/**
 * Measurement helpers shared by the benchmarks: every target is measured side by side with its baseline
 * in the same run, and reported as a ratio.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../", import.meta.url));

const temporary = new Set<string>();

/** A directory in the system's temporary directory, removed when the benchmark process exits. */
export function benchTempDir(prefix = "cloudtier-bench-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (temporary.size === 0) {
    process.on("exit", () => {
      for (const d of temporary) rmSync(d, { recursive: true, force: true });
    });
  }
  temporary.add(dir);
  return dir;
}

export interface Sample {
  readonly wallMs: number;
  /** Peak resident memory of the child, MiB, when it reports it (see `reportUsage`). */
  readonly peakMiB?: number;
  readonly stdout: string;
}

/** Runs a command once; fails loudly on a non-zero exit so a broken benchmark never reports a figure. */
export function runOnce(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Sample {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(0, 2000)}`);
  }
  const usage = /^BENCH_USAGE (\{.*\})$/m.exec(result.stderr)?.[1];
  const peakMiB = usage ? (JSON.parse(usage) as { peakMiB: number }).peakMiB : undefined;
  return peakMiB === undefined
    ? { wallMs, stdout: result.stdout }
    : { wallMs, peakMiB, stdout: result.stdout };
}

/** Runs a command `n` times (after one warm-up) and returns the median wall time. */
export function medianMs(
  n: number,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): number {
  runOnce(command, args, env);
  const times = Array.from({ length: n }, () => runOnce(command, args, env).wallMs).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Called at the end of a benchmarked child: prints its peak memory for `runOnce` to read. */
export function reportUsage(): void {
  process.stderr.write(
    `BENCH_USAGE ${JSON.stringify({ peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}

export interface Result {
  readonly name: string;
  readonly measured: string;
  readonly baseline: string;
  readonly ratio: number;
  /** The target, as text, and whether the ratio meets it. */
  readonly target: string;
  readonly met: boolean;
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function fmtMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${Math.round(mib)} MiB`;
}

export interface TrackedSample {
  readonly wallMs: number;
  /**
   * Peak resident memory of the command and every process it started, MiB: the largest sum of their
   * resident sets seen while sampling, or the largest single process's own high-water mark (VmHWM, exact)
   * when that is more. Worker threads are part of their process.
   */
  readonly peakMiB: number;
  /** Where the command's standard output went (a file, so a large output never blocks the command). */
  readonly stdoutFile: string;
  readonly stderr: string;
}

function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  } catch {
    return 0; // The process has ended.
  }
}

/** The process and its descendants, from /proc (Linux). */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]) ?? []));
  return tree;
}

/**
 * Runs a command once, sampling the memory of its process tree every 20 ms (the tree itself every 200 ms);
 * fails loudly on a non-zero exit.
 */
export async function runTracked(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<TrackedSample> {
  const stdoutFile = join(benchTempDir("cloudtier-bench-out-"), "stdout");
  const out = openSync(stdoutFile, "w");
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", out, "pipe"],
  });
  closeSync(out);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let pids = [child.pid!];
  let peakSumKiB = 0;
  let peakHwmKiB = 0;
  let ticks = 0;
  const sample = () => {
    if (ticks++ % 10 === 0) pids = processTree(child.pid!);
    let sum = 0;
    for (const pid of pids) {
      sum += statusKiB(pid, "VmRSS");
      peakHwmKiB = Math.max(peakHwmKiB, statusKiB(pid, "VmHWM"));
    }
    peakSumKiB = Math.max(peakSumKiB, sum);
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearInterval(timer);
  const wallMs = performance.now() - started;
  if (code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr.slice(0, 2000)}`);
  }
  return { wallMs, peakMiB: Math.max(peakSumKiB, peakHwmKiB) / 1024, stdoutFile, stderr };
}

/** Prints the results as a table, one line per target. */
export function printResults(results: readonly Result[]): void {
  const rows = results.map((r) => [
    r.name,
    r.measured,
    r.baseline,
    `${r.ratio.toFixed(2)}`,
    r.target,
    r.met ? "met" : "NOT MET",
  ]);
  const head = ["target", "measured", "baseline", "ratio", "goal", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}

/** The same results as a Markdown table, for bench/README.md. */
export function markdownResults(results: readonly Result[]): string {
  return [
    "| target | measured | baseline | ratio | goal | |",
    "|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.measured} | ${r.baseline} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.met ? "met" : "**not met**"} |`,
    ),
  ].join("\n");
}
