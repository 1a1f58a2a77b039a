/**
 * Runs the benchmarks, each target side by side with its baseline, and prints one table of ratios (and
 * the same as Markdown, for bench/README.md). `npm run bench` builds first: every target is measured on
 * the compiled CLI. Exits 1 when a target is not met.
 *
 *   npm run bench                         # every target at its full size (~6 minutes on 2 cores)
 *   npm run bench -- --quick              # smaller sizes, fewer runs: a smoke test, not the targets
 *   npm run bench -- --only startup,plan  # some of: startup, plan, platform, parallel, cost
 *   npm run bench -- --isolation          # also compare worker threads with child processes
 *   npm run bench -- --deploy[=T]         # also the parallel deploy bench (stand-in pulumi, T s per update)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { ROOT, type Result, markdownResults, printResults } from "./lib.js";
import { benchCost } from "./cost.js";
import { benchOneCloudPlan } from "./plan-one-cloud.js";
import { benchParallelPlan } from "./parallel.js";
import { benchPlatformStack } from "./platform-stack.js";
import { benchStartup } from "./startup.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyAt = args.findIndex((a) => a === "--only" || a.startsWith("--only="));
const only = onlyAt < 0 ? undefined : (args[onlyAt].split("=")[1] ?? args[onlyAt + 1] ?? "").split(",");
const selected = (name: string) => only === undefined || only.includes(name);
const deploy = args.find((a) => a.startsWith("--deploy"));

console.log(
  `cloudtier benchmarks${quick ? " (quick: reduced sizes, not the targets)" : ""}: node ${process.version}, ` +
    `${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), ${new Date().toISOString()}`,
);
const results: Result[] = [];
const step = async (name: string, label: string, bench: () => Result[] | Promise<Result[]>) => {
  if (!selected(name)) return;
  console.log(`${label}...`);
  results.push(...(await bench()));
};
await step("startup", "CLI start", () => benchStartup(quick ? 7 : 15));
await step("plan", "plan of one aws stack", () => benchOneCloudPlan(quick ? 3 : 5));
await step("platform", "large platform stack", () => benchPlatformStack(quick ? 250 : 1000));
await step("parallel", "parallel planning", () =>
  benchParallelPlan({ customers: quick ? 1000 : 5000, isolation: args.includes("--isolation") }),
);
await step("cost", "pricing a book of customers", () => benchCost(quick ? 1000 : 5000));

console.log("");
printResults(results);
const markdown = markdownResults(results);
console.log(`\n${markdown}\n`);
mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
writeFileSync(
  join(ROOT, "bench", "results", "latest.json"),
  JSON.stringify({ date: new Date().toISOString(), quick, cores: availableParallelism(), results }, null, 2),
);

if (deploy) {
  const seconds = deploy.split("=")[1] ?? (quick ? "2" : "10");
  console.log(`parallel deploys (stand-in pulumi, T = ${seconds} s)...`);
  const run = spawnSync(process.execPath, ["--import", "tsx", "bench/deploy-parallel.ts", seconds], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (run.status !== 0) process.exitCode = 1;
}
if (results.some((r) => !r.met)) process.exitCode = 1;
