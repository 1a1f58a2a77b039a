/**
 * Parallel planning: 5,000 shared-tier customers onboarded into one aws region (`cloudtier onboard --file
 * ... --no-plan`, which shards them), then every shard planned by the compiled CLI: one by one (a `plan
 * --stack` per shard, as a pipeline planning each stack on its own would) and all at once (one `plan` of
 * every shard, a worker per stack, as many at a time as there are cores). Parallel efficiency: the sum of
 * the one-by-one times over the number of cores, over the all-at-once time. Target: at least 75%.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { listStackFiles } from "../cli/stack-files.js";
import { benchProject, writeCustomersFile } from "./fixtures.js";
import { type Result, fmtMiB, fmtMs, runTracked } from "./lib.js";

const node = process.execPath;

function resourceCount(stdoutFile: string): number {
  const plan = JSON.parse(readFileSync(stdoutFile, "utf8")) as { stacks: { resources: unknown[] }[] };
  return plan.stacks.reduce((n, s) => n + s.resources.length, 0);
}

export interface ParallelOptions {
  readonly customers?: number;
  readonly region?: string;
  /** Also compare worker threads with child processes (planner only, both at `cores` at a time). */
  readonly isolation?: boolean;
}

export async function benchParallelPlan(options: ParallelOptions = {}): Promise<Result[]> {
  const customers = options.customers ?? 5000;
  const region = options.region ?? "aws:eu-west-1";
  const project = benchProject();
  const file = writeCustomersFile(project, region, customers);
  const onboard = await runTracked(node, [
    "bin/cloudtier.js",
    "-C",
    project,
    "onboard",
    "--file",
    file,
    "--no-plan",
  ]);
  const stacks = listStackFiles(project);
  const cores = availableParallelism();
  console.log(
    `  ${customers} customers onboarded into ${stacks.length} shards of ${region} in ${fmtMs(onboard.wallMs)}`,
  );

  let oneByOne = 0;
  let counted = 0;
  for (const stack of stacks) {
    const run = await runTracked(node, [
      "bin/cloudtier.js",
      "-C",
      project,
      "plan",
      "--stack",
      stack,
      "--json",
    ]);
    oneByOne += run.wallMs;
    counted += resourceCount(run.stdoutFile);
  }
  const planAll = (...extra: string[]) =>
    runTracked(node, [
      ...["bin/cloudtier.js", "-C", project, "plan", "--json", ...extra],
      ...stacks.flatMap((s) => ["--stack", s]),
    ]);
  const all = await planAll();
  const total = resourceCount(all.stdoutFile);
  if (total !== counted) throw new Error(`planned together: ${total} resources; one by one: ${counted}`);
  // The same command on one core: how much of the gain is the cores, rather than each planner serving
  // several stacks (which the one-by-one runs cannot).
  const single = await planAll("--parallel", "1");
  console.log(
    `  all at once on 1 core (--parallel 1): ${fmtMs(single.wallMs)}; on ${cores}: ${fmtMs(all.wallMs)}, ` +
      `a speed-up of ${(single.wallMs / all.wallMs).toFixed(2)} (${Math.round((100 * single.wallMs) / all.wallMs / cores)}% of ${cores} cores)`,
  );
  if (options.isolation) await compareIsolation(project, cores);

  const efficiency = oneByOne / cores / all.wallMs;
  return [
    {
      name: `plan ${customers} tenants (${stacks.length} shards, ${total} resources) on ${cores} cores`,
      measured: `all at once: ${fmtMs(all.wallMs)}, ${fmtMiB(all.peakMiB)}`,
      baseline: `one by one: ${fmtMs(oneByOne)} / ${cores} cores`,
      ratio: efficiency,
      target: ">= 0.75 efficiency",
      met: efficiency >= 0.75,
    },
  ];
}

/** Worker threads against child processes, planner only, alternating twice. */
async function compareIsolation(project: string, cores: number): Promise<void> {
  const runs: Record<string, { ms: number[]; peak: number[] }> = {
    worker: { ms: [], peak: [] },
    process: { ms: [], peak: [] },
  };
  for (let i = 0; i < 2; i++) {
    for (const isolation of ["worker", "process"]) {
      const run = await runTracked(node, [
        "bench/drivers/plan-stacks.mjs",
        project,
        isolation,
        String(cores),
      ]);
      runs[isolation].ms.push(run.wallMs);
      runs[isolation].peak.push(run.peakMiB);
    }
  }
  for (const [isolation, r] of Object.entries(runs)) {
    console.log(
      `  planner only, ${isolation === "worker" ? "worker threads" : "child processes"} x${cores}: ` +
        `${r.ms.map(fmtMs).join(", ")}; peak ${r.peak.map(fmtMiB).join(", ")}`,
    );
  }
}
