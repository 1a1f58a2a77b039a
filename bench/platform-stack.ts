/**
 * Large platform stacks: one platform stack of 1,000 tenants (shard 0 of an existing cluster, so nearly
 * every resource is a tenant's), planned by the compiled CLI (`cloudtier plan --stack ... --json`), against
 * the same program written naively (bench/baselines/naive-platform.mjs: every tenant at once, default SDK
 * settings, the planner's mocks, its own process). Resources per second are the resources registered over
 * each process's wall time; memory is each process tree's peak. Targets: at least 2.5x the resources per
 * second, at most half the peak memory.
 */
import { readFileSync } from "node:fs";
import { benchProject, writePlatformStack } from "./fixtures.js";
import { type Result, fmtMiB, fmtMs, runTracked } from "./lib.js";

const node = process.execPath;

export async function benchPlatformStack(tenants = 1000): Promise<Result[]> {
  const project = benchProject();
  const stack = "platform-kubeconfig-local";
  writePlatformStack(project, stack, "kubeconfig:local", tenants);

  const baseline = await runTracked(node, ["bench/baselines/naive-platform.mjs", project, stack]);
  const naiveCount = Number(/^BENCH_RESOURCES (\d+)$/m.exec(readFileSync(baseline.stdoutFile, "utf8"))?.[1]);
  const measured = await runTracked(node, [
    "bin/cloudtier.js",
    "-C",
    project,
    "plan",
    "--stack",
    stack,
    "--json",
  ]);
  const plan = JSON.parse(readFileSync(measured.stdoutFile, "utf8")) as {
    stacks: { resources: unknown[] }[];
  };
  const count = plan.stacks[0].resources.length;
  if (count !== naiveCount)
    throw new Error(`the plan has ${count} resources, the naive program ${naiveCount}`);

  const rate = (ms: number) => count / (ms / 1000);
  const speed = rate(measured.wallMs) / rate(baseline.wallMs);
  const memory = measured.peakMiB / baseline.peakMiB;
  const label = `${tenants} tenants, ${count} resources`;
  return [
    {
      name: `platform stack, ${label}: resources/s`,
      measured: `${Math.round(rate(measured.wallMs))}/s (${fmtMs(measured.wallMs)})`,
      baseline: `naive: ${Math.round(rate(baseline.wallMs))}/s (${fmtMs(baseline.wallMs)})`,
      ratio: speed,
      target: ">= 2.5x",
      met: speed >= 2.5,
    },
    {
      name: `platform stack, ${label}: peak memory`,
      measured: fmtMiB(measured.peakMiB),
      baseline: `naive: ${fmtMiB(baseline.peakMiB)}`,
      ratio: memory,
      target: "<= 0.5x",
      met: memory <= 0.5,
    },
  ];
}
