/**
 * Lazy clouds: the offline plan of one aws environment stack, by the compiled CLI (`cloudtier plan
 * --customer ... --json`: worker, Pulumi, the program, schema checks, policy pack, cost, JSON), against a
 * bare process that imports `@pulumi/pulumi` and `@pulumi/aws` and registers the resources that plan
 * recorded directly (bench/baselines/register-recorded.mjs). Target: at most 1.25x.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchProject } from "./fixtures.js";
import { type Result, fmtMs, runTracked } from "./lib.js";

const node = process.execPath;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function registeredCount(stdout: string): number {
  const count = /^BENCH_RESOURCES (\d+)$/m.exec(stdout)?.[1];
  if (count === undefined) throw new Error("the baseline did not report its resources");
  return Number(count);
}

export async function benchOneCloudPlan(runs = 5): Promise<Result[]> {
  const project = benchProject();
  const stack = "acme-aws-eu-west-1";
  const cli = [
    ...["bin/cloudtier.js", "-C", project, "plan", "--customer", "acme", "--tier", "cloud"],
    ...["--regions", "aws:eu-west-1", "--postgres", "--redis", "--json"],
  ];
  // The first run (also a warm-up) records what the baseline registers.
  const first = await runTracked(node, cli);
  const plan = JSON.parse(readFileSync(first.stdoutFile, "utf8")) as {
    stacks: { stack: string; resources: unknown[] }[];
  };
  const { resources } = plan.stacks.find((s) => s.stack === stack)!;
  const recorded = join(project, "recorded.json");
  writeFileSync(recorded, JSON.stringify({ resources }));
  const baseline = ["bench/baselines/register-recorded.mjs", recorded, stack, "@pulumi/aws"];
  const check = await runTracked(node, baseline);
  const registered = registeredCount(readFileSync(check.stdoutFile, "utf8"));
  if (registered !== resources.length) {
    throw new Error(`the baseline registered ${registered} resources, the plan ${resources.length}`);
  }

  const measured: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    measured.push((await runTracked(node, cli)).wallMs);
    base.push((await runTracked(node, baseline)).wallMs);
  }
  const ratio = median(measured) / median(base);
  return [
    {
      name: `plan one aws stack (${resources.length} resources)`,
      measured: `cloudtier plan: ${fmtMs(median(measured))}`,
      baseline: `pulumi + aws, same registrations: ${fmtMs(median(base))}`,
      ratio,
      target: "<= 1.25x",
      met: ratio <= 1.25,
    },
  ];
}
