import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import type { Customer } from "../../domain/customer.js";
import { InputError, throwIfProblems } from "../../domain/errors.js";
import type { PricedStack } from "../../cost/book.js";
import type { RecordedPlan, StackRequest } from "../../planner/types.js";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from "../exit.js";
import { withCustomerOptions } from "../customer-options.js";
import { log } from "../logger.js";
import { collect, exclusive, flagName, parsePositiveInt } from "../options.js";
import { planTestHooks } from "../plan-hooks.js";
import { HANDFUL, type OutputModeFlags, checkOutputMode, outputMode } from "../output-mode.js";
import type { StackReport } from "../plan-report.js";
import { projectDir } from "../project.js";
import type { CustomerFlags } from "../customer-stacks.js";

export { planTestHooks };

interface PlanFlags extends CustomerFlags, OutputModeFlags {
  readonly stack?: string[];
  readonly json?: boolean;
  readonly parallel?: string;
  readonly manifests?: string;
}

/** The options that describe a customer; they mean nothing with --stack. */
const CUSTOMER_FLAGS = ["displayName", "tier", "regions", "member", "redis", "postgres", "quota"] as const;

export function planCommand(): Command {
  return withCustomerOptions(
    new Command("plan")
      .description(
        "Plan stacks offline: run the real stack program against Pulumi's mock runtime (no credentials, no Pulumi CLI), " +
          "show the resources it would create, check them against the cloudtier policy pack and estimate their monthly " +
          "cost. Either describe a customer (nothing is written) or name stack files.",
      )
      .option("--customer <id>", "customer id (DNS-1123 label, at most 40 characters)"),
  )
    .option("--stack <name>", "plan the stack file stacks/Pulumi.<name>.yaml instead; repeatable", collect)
    .option("--parallel <n>", "stacks planned at once (default: the number of cores)")
    .option(
      "--verbose",
      "print each stack's resource tree, policy verdicts and cost lines, however many stacks",
    )
    .option("--summary", `print one row per stack only (the default above ${HANDFUL} stacks)`)
    .option(
      "--manifests <dir>",
      "also write every planned Kubernetes object as YAML, one file per stack: DIR/<stack>.yaml " +
        "(only when the plan succeeds)",
    )
    .option(
      "--json",
      'print JSON: {"stacks":[{"stack","kind","cloud","region","resources":[...],' +
        '"policy":{"violations":[{"policy","level","urn","message"}]},' +
        '"cost":{"monthlyUSD","estimated","items":[{"urn","category","description","monthlyUSD"}],"notes",' +
        '"platform":{"region","shard","clusterMonthlyUSD","regionTenants","regionShards","sizing","tenants",' +
        '"clusterShareMonthlyUSD","idleMonthlyUSD","ownMonthlyUSD"}}}],' +
        '"customer":{"customer","tier","seats","environments","pricePerSeatMonthlyUSD","pricePerEnvironmentMonthlyUSD",' +
        '"priceMonthlyUSD","costMonthlyUSD","marginMonthlyUSD","marginPercent","estimated",' +
        '"stacks":[{"stack","kind","estimated","monthlyUSD","basis"}],"breakEven"},' +
        '"warnings":[{"code","customer","stack","message","marginMonthlyUSD","breakEven"}],' +
        '"usage":[{"customer","resources","byStack"}],"errors":[...]}; "customer" only with --customer',
    )
    .addHelpText(
      "after",
      `
Policy: every planned stack is checked against the cloudtier policy pack (policy/, the same rules Pulumi
enforces at deploy time). Mandatory violations fail the plan; advisory ones are shown as warnings.

Cost: each stack's estimated monthly cost, line by line (cluster fee, nodes, NAT, load balancers and
public IPv4 addresses, data stores, storage), from the list prices in the region catalog (clouds/*/catalog.ts,
730 h/month). A platform cluster is sized for the requests of every tenant of its region (all shards),
each over its tier's overcommit ratio, within the autoscaler's bounds, and each tenant pays its part; a
platform stack costs what its tenants pay. With --customer, the customer's cost is compared with its
tier's price (seats, at least the tier's minimum, and a fee per environment where the tier charges one;
see \`cloudtier tiers\`) and the margin is shown; a customer whose price does not cover its cost gets a
warning with the break-even seats or fee (\`cloudtier cost\` prices every customer). Existing clusters
(kubeconfig) are not estimated and count as 0.

Output: each stack's resource tree, policy verdicts and cost lines; above ${HANDFUL} stacks one row per stack
instead (--verbose and --summary choose either way). On a terminal, a live line shows the progress of a plan
that takes more than a second. --customer alone plans the customer's stored spec, as its stack files hold it.

Manifests: with --manifests, each stack's Kubernetes objects (namespaces, quotas, limit ranges, network
policies, roles and bindings, service accounts, Secrets without their values, data store and alerting
custom resources), in apply order, for scanners and GitOps repositories. Helm releases are listed in each
file's header: Helm renders them at deploy time. Nothing is written unless every stack planned and no
mandatory policy was violated.

Exit codes: 0 planned and no mandatory policy violated, 1 a stack failed to plan or a mandatory policy
was violated, 2 bad input.

Examples:
  cloudtier plan --customer acme --tier team --regions kubeconfig:local --member ann@example.com:owner
  cloudtier plan --customer acme --tier cloud --regions aws:eu-west-1,gcp:europe-west1 --postgres --json
  cloudtier plan --stack platform-kubeconfig-local
  cloudtier plan --customer acme --tier team --regions kubeconfig:local --manifests out/`,
    )
    .action(async (flags: PlanFlags, command: Command) => {
      const globals = command.optsWithGlobals<{ projectDir?: string }>();
      const project = projectDir(globals.projectDir);
      const parallel = parsePositiveInt(flags.parallel, "--parallel", 64);
      checkOutputMode(flags);
      if (flags.manifests !== undefined) checkManifestsDir(flags.manifests);
      const { requests, customer } = await planRequests(project, flags);
      const [{ planStacks }, { judgePlans }, { startActivity }, { resourceCount }] = await Promise.all([
        import("../../planner/plan.js"),
        import("../plan-report.js"),
        import("../../deploy/progress.js"),
        import("../output/plan-tree.js"),
      ]);
      // On a terminal, a live line once planning takes more than a second.
      const activity = startActivity(
        `Planning ${requests.length} stack${requests.length === 1 ? "" : "s"} offline`,
        { json: flags.json ?? false },
      );
      let planned = 0;
      let registered = 0;
      let outcome;
      let report;
      let book;
      try {
        outcome = await planStacks(planTestHooks.beforePlan ? planTestHooks.beforePlan(requests) : requests, {
          ...(parallel === undefined ? {} : { parallel }),
          onStackDone: (plan) => {
            planned++;
            registered += resourceCount(plan);
            activity.set(
              `${planned} of ${requests.length} planned (${registered.toLocaleString("en-US")} resources)`,
            );
          },
        });
        activity.set("checking the policy pack");
        report = await judgePlans(
          planTestHooks.afterPlan ? planTestHooks.afterPlan(outcome.plans) : outcome.plans,
        );
        // What the stacks and the customer cost (the stacks' lines, sized and shared: see `cloudtier cost`).
        activity.set("pricing");
        const { pricePlanned } = await import("./cost.js");
        book =
          outcome.errors.length === 0
            ? await pricePlanned(
                project,
                requests,
                report.stacks.map((s) => s.cost),
                parallel,
              )
            : undefined;
      } finally {
        await activity.end();
      }
      const plans = report.stacks.map((s) => s.plan);
      const { resourcesPerCustomer } = await import("../../analysis/usage.js");
      const usage = resourcesPerCustomer(plans);
      const costs = await import("../output/cost.js");
      const priced = new Map(book?.stacks.map((s) => [s.stack, s]));
      const customerCost = customer && book?.customers.find((c) => c.customer === customer.id);
      // Other tenants of a planned shard may have stacks not planned here: only this customer's margin.
      const warnings = (book?.warnings ?? []).filter((w) => !w.customer || w.customer === customer?.id);
      if (flags.json) {
        log.out(
          JSON.stringify(
            {
              stacks: report.stacks.map(({ plan: { durationMs: _d, ...plan }, violations }) => {
                const cost = priced.get(plan.stack);
                return {
                  ...plan,
                  policy: { violations },
                  ...(cost ? { cost: costs.stackCostJson(cost) } : {}),
                };
              }),
              ...(customerCost ? { customer: customerCost } : {}),
              warnings,
              usage,
              errors: outcome.errors.map((e) => ({ stack: e.stackName, message: e.message })),
            },
            null,
            2,
          ),
        );
      } else {
        const { renderPlan } = await import("../output/plan-tree.js");
        const { renderVerdicts } = await import("../output/verdicts.js");
        if (outputMode(flags, report.stacks.length) === "detailed") {
          for (const { plan, violations } of report.stacks) {
            const cost = priced.get(plan.stack);
            log.out(
              `${[renderPlan(plan), ...renderVerdicts(violations, report.rules), ...(cost ? costs.renderStackCost(cost) : [])].join("\n")}\n`,
            );
          }
        } else {
          log.out(await renderSummary(report.stacks, priced));
        }
        const total = plans.reduce((n, p) => n + resourceCount(p), 0);
        log.out(
          `Planned ${plans.length} of ${requests.length} stack${requests.length === 1 ? "" : "s"}, ${total} resource${total === 1 ? "" : "s"} (offline, mock runtime).`,
        );
        log.out(
          `Resources per customer (by metering label or tag): ${usage
            .map((u) => `${u.customer} ${u.resources}`)
            .join(", ")}.`,
        );
        log.out(report.policySummary);
        if (customerCost) log.out(costs.renderCustomerCost(customerCost).join("\n"));
        else if (book && book.stacks.length > 1) log.out(costs.renderCostSummary(book.stacks));
      }
      for (const w of costs.renderWarnings(warnings)) log.info(w);
      const failures = outcome.errors.map((e) => e.message);
      if (report.mandatory.length > 0) {
        failures.push(
          `mandatory policy violations:\n${report.mandatory
            .map((v) => `  ${v.policy} (${v.stack}): ${v.message}`)
            .join("\n")}`,
        );
      }
      if (failures.length > 0) {
        const input = report.mandatory.length === 0 && outcome.errors.every((e) => e.kind === "input");
        throw new CliError(failures.join("\n"), input ? EXIT_BAD_INPUT : EXIT_FAILURE);
      }
      if (flags.manifests !== undefined) await writeManifests(flags.manifests, plans);
    });
}

/** One row per stack, its priced cost, and the mandatory violations that fail the plan. */
async function renderSummary(
  stacks: readonly StackReport[],
  priced: ReadonlyMap<string, PricedStack>,
): Promise<string> {
  const [{ renderMandatory, renderPlanSummary }, { resourceCount }] = await Promise.all([
    import("../output/plan-summary.js"),
    import("../output/plan-tree.js"),
  ]);
  const rows = stacks.map(({ plan, violations }) => {
    const cost = priced.get(plan.stack);
    return {
      stack: plan.stack,
      kind: plan.kind,
      region: `${plan.cloud}:${plan.region}`,
      resources: resourceCount(plan),
      violations,
      monthlyUSD: cost?.estimated ? cost.monthlyUSD : undefined,
    };
  });
  return [
    await renderPlanSummary(rows),
    ...renderMandatory(rows),
    "--verbose shows each stack's resources.",
  ].join("\n");
}

/** `--manifests` before anything is planned: a directory, or a path where one can be created. */
function checkManifestsDir(dir: string): void {
  const problem = (rule: string) =>
    InputError.single({
      field: "--manifests",
      rule,
      received: dir,
      fix: "Give a directory to write the manifests into, e.g. --manifests out/manifests.",
    });
  if (dir.trim() === "") throw problem("must name a directory");
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw problem("must be a directory, not a file");
}

/** Writes each stack's Kubernetes objects to `<dir>/<stack>.yaml`, replacing each file atomically. */
async function writeManifests(dir: string, plans: readonly RecordedPlan[]): Promise<void> {
  const { manifestFileName, renderManifests } = await import("../../planner/manifests.js");
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw InputError.single({
      field: "--manifests",
      rule: "must be a directory that can be created and written",
      received: dir,
      fix: `Choose a writable directory (${err instanceof Error ? err.message : String(err)}).`,
    });
  }
  for (const plan of plans) {
    const path = join(dir, manifestFileName(plan.stack));
    writeFileSync(`${path}.${process.pid}.tmp`, renderManifests(plan));
    renameSync(`${path}.${process.pid}.tmp`, path);
  }
  log.info(
    `Wrote the Kubernetes objects of ${plans.length} stack${plans.length === 1 ? "" : "s"} to ${dir}.`,
  );
}

async function planRequests(
  project: string,
  flags: PlanFlags,
): Promise<{ requests: StackRequest[]; customer?: Customer }> {
  exclusive({ stack: flags.stack, customer: flags.customer }, ["stack", "customer"]);
  const { programConfig } = await import("../program-config.js");
  if (flags.stack) {
    const misplaced = CUSTOMER_FLAGS.filter((f) => flags[f] !== undefined);
    if (misplaced.length > 0) {
      throw new InputError(
        misplaced.map((f) => ({
          field: flagName(f),
          rule: "describes a customer, so it applies only with --customer, not with --stack",
          received: flags[f],
          fix: "Plan the stack files as they are with --stack alone, or describe a customer with --customer.",
        })),
      );
    }
    const { readStackFile } = await import("../stack-files.js");
    const requests: StackRequest[] = [];
    const problems = [];
    for (const name of flags.stack) {
      try {
        const file = readStackFile(project, name);
        if (file) requests.push({ name, config: file.config, otherConfig: programConfig(project, file) });
        else {
          problems.push({
            field: "--stack",
            rule: "must name a stack file under stacks/",
            received: name,
            fix: "Run `cloudtier status` to list the stacks, or onboard the customer first.",
          });
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
    }
    if (problems.length > 0) throw new InputError(problems);
    return { requests };
  }
  if (flags.customer === undefined) {
    throw InputError.single({
      field: "--customer",
      rule: "is required unless --stack is given",
      received: undefined,
      fix: "Describe a customer (--customer, --tier, --regions) or name a stack with --stack.",
    });
  }
  const { parseCustomerFlags } = await import("../customer-stacks.js");
  const { flagField, onboardingChanges, renameFields } = await import("../onboarding.js");
  const { readStackFiles } = await import("../stack-files.js");
  const files = readStackFiles(project);
  let customer: Customer;
  if (CUSTOMER_FLAGS.every((f) => flags[f] === undefined)) {
    // The customer alone: its stored spec, as the stack files hold it.
    const [{ validateCustomerId }, { storedCustomer }] = await Promise.all([
      import("../../domain/customer.js"),
      import("../customer-records.js"),
    ]);
    throwIfProblems(validateCustomerId(flags.customer, "--customer"));
    customer = storedCustomer(files, flags.customer, "--customer");
  } else {
    try {
      customer = parseCustomerFlags(flags, flags.customer);
    } catch (err) {
      throw renameFields(err, (field) => flagField(field).replace(/^<customer>/, "--customer"));
    }
  }
  // Exactly what onboarding would write, merged with the stack files and refused where onboarding refuses.
  const byName = new Map(files.map((f) => [f.stack, f]));
  const changes = onboardingChanges(files, [customer]);
  // What onboarding would refuse (a project setting these stacks need to deploy): shown, not fatal.
  const { deployReadiness } = await import("../deploy-readiness.js");
  const { formatProblem } = await import("../../domain/errors.js");
  for (const problem of deployReadiness(project, changes.stacks, byName, {}).problems) {
    log.info(`note: onboarding would stop here: ${formatProblem(problem)}`);
  }
  return {
    requests: changes.stacks.map((s) => ({
      name: s.name,
      config: s.config,
      otherConfig: programConfig(project, byName.get(s.name)),
    })),
    customer,
  };
}
