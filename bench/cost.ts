/**
 * Pricing a book of customers: 5,000 customers over four clouds onboarded (`onboard --file --no-plan`:
 * platform shards in five regions and the Cloud tier's environments), then priced by the compiled CLI with
 * `cloudtier cost --json` (per platform region one plan of shard 0 holding a tenant of each distinct
 * shape, one plan per distinct environment; the rest is arithmetic), against pricing them by planning every
 * stack (bench/drivers/price-every-stack.mjs: the compiled planner and cost model, every resource of every
 * stack, no stand-ins, no policy pack or JSON of resources). The two must agree to the cent on every stack,
 * or no figure is reported. Target: at most 0.2x the time.
 */
import { readFileSync } from "node:fs";
import { listStackFiles } from "../cli/stack-files.js";
import { benchProject, writeBookFile } from "./fixtures.js";
import { type Result, fmtMiB, fmtMs, runTracked } from "./lib.js";

const node = process.execPath;

interface CostOutput {
  stacks: { stack: string; monthlyUSD: number }[];
  totals: { customers: number; stacksMonthlyUSD: number; reconciled: boolean };
}

interface BaselineOutput {
  stacks: { stack: string; monthlyUSD: number }[];
}

export async function benchCost(customers = 5000): Promise<Result[]> {
  const project = benchProject();
  const file = writeBookFile(project, customers);
  await runTracked(node, ["bin/cloudtier.js", "-C", project, "onboard", "--file", file, "--no-plan"]);
  const stacks = listStackFiles(project);
  console.log(`  ${customers} customers onboarded into ${stacks.length} stacks over four clouds`);

  const measured = await runTracked(node, ["bin/cloudtier.js", "-C", project, "cost", "--json"]);
  const cost = JSON.parse(readFileSync(measured.stdoutFile, "utf8")) as CostOutput;
  if (!cost.totals.reconciled || cost.totals.customers !== customers) {
    throw new Error(
      `cloudtier cost priced ${cost.totals.customers} customers, reconciled: ${cost.totals.reconciled}`,
    );
  }
  const baseline = await runTracked(node, ["bench/drivers/price-every-stack.mjs", project]);
  const every = JSON.parse(readFileSync(baseline.stdoutFile, "utf8")) as BaselineOutput;
  const planned = new Map(every.stacks.map((s) => [s.stack, s.monthlyUSD]));
  const differ = cost.stacks.filter((s) => planned.get(s.stack) !== s.monthlyUSD);
  if (differ.length > 0 || planned.size !== cost.stacks.length) {
    throw new Error(
      `cost and planning every stack disagree on ${differ.length} of ${cost.stacks.length} stacks: ` +
        differ
          .slice(0, 5)
          .map((s) => `${s.stack} ${s.monthlyUSD} vs ${planned.get(s.stack)}`)
          .join(", "),
    );
  }
  const ratio = measured.wallMs / baseline.wallMs;
  return [
    {
      name: `price ${customers} customers (${stacks.length} stacks, $${Math.round(cost.totals.stacksMonthlyUSD).toLocaleString("en-US")}/month)`,
      measured: `cloudtier cost: ${fmtMs(measured.wallMs)}, ${fmtMiB(measured.peakMiB)}`,
      baseline: `planning every stack: ${fmtMs(baseline.wallMs)}, ${fmtMiB(baseline.peakMiB)}`,
      ratio,
      target: "<= 0.2x",
      met: ratio <= 0.2,
    },
  ];
}
