import { Command } from "commander";
import type { Book } from "../../cost/book.js";
import type { StackCost } from "../../cost/estimate.js";
import type { StackConfigInput } from "../../domain/stack-config.js";
import type { StackRequest } from "../../planner/types.js";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from "../exit.js";
import { log } from "../logger.js";
import { parsePositiveInt } from "../options.js";
import { projectDir } from "../project.js";

interface CostFlags {
  readonly json?: boolean;
  readonly parallel?: string;
}

/** Where the price facts come from, and what is not checked: said under every cost report. */
export const PRICE_FACTS_NOTE =
  "Prices: the list prices of the region catalog (clouds/*/catalog.ts, each with its source and date; Scaleway's " +
  "euro prices at the catalog's dated exchange rate), not checked against the clouds' live pages; 730 " +
  "hours a month; platform clusters sized for their tenants' requests at the tiers' overcommit ratios; " +
  "NAT traffic at the tiers' assumed egress. Internet egress, logs, KMS, support and discounts are not priced.";

export function costCommand(): Command {
  return new Command("cost")
    .description(
      "Price every onboarded customer and every stack offline: what each stack costs a month, what each " +
        "customer costs against its tier's price (the margin), and totals where the customers' costs add up " +
        "to the stacks'. Reads the stack files under stacks/; writes nothing; needs no credentials.",
    )
    .option("--parallel <n>", "stacks planned at once (default: the number of cores)")
    .option(
      "--json",
      'print JSON: {"stacks":[{"stack","kind","cloud","region","estimated","monthlyUSD","platform",' +
        '"customers":[{"customer","monthlyUSD"}]}],"customers":[{"customer","tier","seats","environments",' +
        '"pricePerSeatMonthlyUSD","pricePerEnvironmentMonthlyUSD","priceMonthlyUSD","costMonthlyUSD",' +
        '"marginMonthlyUSD","marginPercent","estimated","stacks":[{"stack","kind","estimated","monthlyUSD","basis"}],' +
        '"breakEven"}],"totals":{"stacks","customers","stacksMonthlyUSD","customersMonthlyUSD","idleMonthlyUSD",' +
        '"priceMonthlyUSD","marginMonthlyUSD","reconciled"},"warnings":[{"code","customer","stack","message",' +
        '"marginMonthlyUSD","breakEven"}],"offboarded":[...]}',
    )
    .addHelpText(
      "after",
      `
How stacks and customers are priced:
  - an environment stack (Cloud tier) costs its lines at list prices, node pools at their minimum, plus
    NAT processing of the tier's assumed egress; all of it is its customer's;
  - a region's platform cluster is sized for the requests of every tenant of every shard, each over its
    tier's overcommit ratio, within the autoscaler's bounds; each tenant pays its part of the cluster by
    the part of a node its requests take, plus its own lines (volumes); a platform stack costs what its
    tenants pay, so the customers' costs add up to the stacks' (a region without tenants is idle cost);
  - the price is the tier's: seats (at least the tier's minimum) x price per seat, plus a fee per
    environment (cloud x region) on tiers that charge one (see \`cloudtier tiers\`).
A customer whose price does not cover its cost gets a warning with its break-even seats or fee; a
platform cluster that cannot grow as far as its tenants need gets one too. Offboarded stacks are left out.

${PRICE_FACTS_NOTE}

Exit codes: 0 priced, 1 a stack could not be planned, 2 bad input.

Examples:
  cloudtier cost
  cloudtier cost --json | jq '.customers[] | select(.marginMonthlyUSD < 0)'`,
    )
    .action(async (flags: CostFlags, command: Command) => {
      const project = projectDir(command.optsWithGlobals<{ projectDir?: string }>().projectDir);
      const parallel = parsePositiveInt(flags.parallel, "--parallel", 64);
      const { book, offboarded } = await priceProject(project, parallel);
      const output = await import("../output/cost.js");
      if (flags.json) {
        log.out(
          JSON.stringify(
            {
              stacks: book.stacks.map(({ items: _i, notes: _n, ...stack }) => stack),
              customers: book.customers,
              totals: book.totals,
              warnings: book.warnings,
              offboarded,
            },
            null,
            2,
          ),
        );
      } else if (book.stacks.length === 0) {
        log.out("No stacks under stacks/: nothing to price. Onboard customers with `cloudtier onboard`.");
      } else {
        log.out(await output.renderStacksTable(book.stacks));
        log.out(await output.renderCustomersTable(book.customers));
        log.out(output.renderTotals(book).join("\n"));
        if (offboarded.length > 0) log.out(`Left out, offboarded: ${offboarded.join(", ")}.`);
        log.out(PRICE_FACTS_NOTE);
      }
      for (const w of output.renderWarnings(book.warnings)) log.info(w);
      if (!book.totals.reconciled) {
        throw new CliError("the customers' costs do not add up to the stacks' costs", EXIT_FAILURE);
      }
    });
}

/**
 * Line estimates of stacks planned for pricing only; a stack that cannot be planned fails the command.
 * Stacks on existing clusters are not planned: nothing of theirs is priced. Each plan sees the config
 * `pulumi up` would give its stack (Pulumi.yaml's and the stack file's), like `plan`'s.
 */
async function planForPricing(
  project: string,
  requests: readonly StackRequest[],
  parallel?: number,
): Promise<StackCost[]> {
  if (requests.length === 0) return [];
  const { estimateStackCost } = await import("../../cost/estimate.js");
  const existing = requests.filter((r) => r.config.region.startsWith("kubeconfig:"));
  const costs = existing.map((r) =>
    estimateStackCost({
      stack: r.name,
      kind: r.config.kind,
      cloud: "kubeconfig",
      region: r.config.region.slice("kubeconfig:".length),
      resources: [],
    }),
  );
  const managed = requests.filter((r) => !existing.includes(r));
  if (managed.length === 0) return costs;
  const [{ planStacks }, { programConfig }, { readStackFile }] = await Promise.all([
    import("../../planner/plan.js"),
    import("../program-config.js"),
    import("../stack-files.js"),
  ]);
  const outcome = await planStacks(
    managed.map((r) => ({
      ...r,
      otherConfig: r.otherConfig ?? programConfig(project, readStackFile(project, r.name)),
    })),
    parallel === undefined ? {} : { parallel },
  );
  if (outcome.errors.length > 0) {
    const input = outcome.errors.every((e) => e.kind === "input");
    throw new CliError(
      outcome.errors.map((e) => e.message).join("\n"),
      input ? EXIT_BAD_INPUT : EXIT_FAILURE,
    );
  }
  return [...costs, ...outcome.plans.map((p) => estimateStackCost(p))];
}

/**
 * Prices every stack file of a project (offboarded ones left out): plans, per platform region, shard 0
 * with one tenant of each distinct shape, and one environment per distinct shape (`cost/probes.ts`).
 */
export async function priceProject(
  project: string,
  parallel?: number,
): Promise<{ book: Book; offboarded: string[] }> {
  const [{ readStackFiles }, { pricingProbes }, { priceBook }] = await Promise.all([
    import("../stack-files.js"),
    import("../../cost/probes.js"),
    import("../../cost/book.js"),
  ]);
  const files = readStackFiles(project);
  const configs = new Map(files.map((f) => [f.stack, f.config]));
  const offboarded = files.filter((f) => f.offboarded).map((f) => f.stack);
  const stacks = files.filter((f) => !f.offboarded).map((f) => f.stack);
  const configOf = (name: string) => configs.get(name);
  const probes = pricingProbes(stacks, configOf);
  const costs = await planForPricing(project, probes.requests, parallel);
  const book = priceBook({
    stacks,
    configOf,
    costs: new Map(costs.map((c) => [c.stack, c])),
    standIns: probes.standIns,
  });
  return { book, offboarded };
}

/**
 * Prices stacks just planned (`plan`, `onboard`): their configurations are the requests', the other
 * shards of their regions are read from `stacks/`, and a region whose shard 0 was not planned has its
 * cluster planned alone (without tenants) to price it.
 */
export async function pricePlanned(
  project: string,
  requests: readonly StackRequest[],
  costs: readonly StackCost[],
  parallel?: number,
): Promise<Book> {
  const [{ readStackConfig }, { priceBook }, { platformStackName }] = await Promise.all([
    import("../stack-files.js"),
    import("../../cost/book.js"),
    import("../../domain/naming.js"),
  ]);
  const pending = new Map(requests.map((r) => [r.name, r.config]));
  const read = new Map<string, StackConfigInput | undefined>();
  const configOf = (name: string): StackConfigInput | undefined => {
    if (pending.has(name)) return pending.get(name);
    if (!read.has(name)) read.set(name, readStackConfig(project, name, `stacks/Pulumi.${name}.yaml`));
    return read.get(name);
  };
  const byStack = new Map(costs.map((c) => [c.stack, c]));
  const clusters: StackRequest[] = [];
  for (const cost of costs) {
    if (cost.kind !== "platform") continue;
    const owner = platformStackName({ cloud: cost.cloud, region: cost.region });
    const config = configOf(owner);
    if (byStack.has(owner) || clusters.some((c) => c.name === owner) || config?.kind !== "platform") continue;
    clusters.push({ name: owner, config: { ...config, tenants: [] } });
  }
  for (const cost of await planForPricing(project, clusters, parallel)) byStack.set(cost.stack, cost);
  return priceBook({ stacks: costs.map((c) => c.stack), configOf, costs: byStack, detail: true });
}
