/**
 * Plans every stack file of a project with the compiled planner only (no policy pack, cost or output), in
 * worker threads or child processes: `bench/parallel.ts` compares the two. Prints the wall time.
 *
 *   node bench/drivers/plan-stacks.mjs <project dir> <worker|process> <parallel>
 */
const dist = new URL("../../dist/", import.meta.url);
const { planStacks } = await import(new URL("planner/plan.js", dist).href);
const { listStackFiles, readStackConfig } = await import(new URL("cli/stack-files.js", dist).href);

const [project, isolation, parallel] = process.argv.slice(2);
const requests = listStackFiles(project).map((name) => ({ name, config: readStackConfig(project, name) }));
const started = performance.now();
const { plans, errors } = await planStacks(requests, { isolation, parallel: Number(parallel) });
if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
const resources = plans.reduce((n, p) => n + p.resources.length, 0);
console.log(
  `BENCH_PLANNED ${JSON.stringify({ ms: performance.now() - started, stacks: plans.length, resources })}`,
);
