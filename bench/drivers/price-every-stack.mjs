/**
 * Baseline of pricing a book: every stack file of a project planned with the compiled planner (all of
 * its resources, no stand-ins), estimated and priced with the compiled cost model, as `cloudtier cost`
 * would without its stand-ins. Prints each stack's cost and the totals as one line of JSON.
 *
 *   node bench/drivers/price-every-stack.mjs <project dir>
 */
const dist = new URL("../../dist/", import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { planStacks } = await load("planner/plan.js");
const { listStackFiles, readStackConfig } = await load("cli/stack-files.js");
const { programConfig } = await load("cli/program-config.js");
const { estimateStackCost } = await load("cost/estimate.js");
const { priceBook } = await load("cost/book.js");

const [project] = process.argv.slice(2);
const names = listStackFiles(project);
const configs = new Map(names.map((name) => [name, readStackConfig(project, name)]));
const { plans, errors } = await planStacks(
  names.map((name) => ({ name, config: configs.get(name), otherConfig: programConfig(project, name) })),
);
if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
const costs = new Map(plans.map((plan) => [plan.stack, estimateStackCost(plan)]));
const book = priceBook({ stacks: names, configOf: (name) => configs.get(name), costs });
console.log(
  JSON.stringify({
    stacks: book.stacks.map((s) => ({ stack: s.stack, monthlyUSD: s.monthlyUSD })),
    totals: book.totals,
  }),
);
