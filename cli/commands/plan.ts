import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import type { Customer } from "../../domain/customer.js";
import { InputError } from "../../domain/errors.js";
import type { StackPlan, StackRequest } from "../../planner/types.js";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from "../exit.js";
import { withCustomerOptions } from "../customer-options.js";
import { log } from "../logger.js";
import { collect, exclusive, parsePositiveInt } from "../options.js";
import { projectDir } from "../project.js";
import type { CustomerFlags } from "../customer-stacks.js";

interface PlanFlags extends CustomerFlags {
  readonly stack?: string[];
  readonly json?: boolean;
  readonly parallel?: string;
  readonly manifests?: string;
}

/**
 * Test-only hook: `afterPlan` may rewrite the planned stacks before the policy pack judges them. The
 * command-line tests use it to weaken a plan (drop a tenant's default-deny NetworkPolicy) and check that
 * `plan` then fails naming the rule. No flag, environment variable or file reaches it: only code that
 * imports this module can set it, so it cannot weaken a user's plan.
 */
export const planTestHooks: { afterPlan?: (plans: StackPlan[]) => StackPlan[] } = {};

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
      "--manifests <dir>",
      "also write every planned Kubernetes object as YAML, one file per stack: DIR/<stack>.yaml " +
        "(only when the plan succeeds)",
    )
    .option(
      "--json",
      'print JSON: {"stacks":[{"stack","kind","cloud","region","resources":[...],' +
        '"policy":{"violations":[{"policy","level","urn","message"}]},' +
        '"cost":{"monthlyUSD","estimated","items":[{"urn","category","description","monthlyUSD"}],"notes"}}],' +
        '"customer":{"customer","tier","seats","priceMonthlyUSD","costMonthlyUSD","marginMonthlyUSD","marginPercent",' +
        '"stacks":[{"stack","share","basis","monthlyUSD"}]},"usage":[{"customer","resources","byStack"}],"errors":[...]}; ' +
        '"customer" only with --customer',
    )
    .addHelpText(
      "after",
      `
Policy: every planned stack is checked against the cloudtier policy pack (policy/, the same rules Pulumi
enforces at deploy time). Mandatory violations fail the plan; advisory ones are shown as warnings.

Cost: each stack's estimated monthly cost, line by line (cluster fee, nodes, NAT and load balancers, data
stores, storage), from the list prices in the region catalog (regions/*.ts, 730 h/month; node pools at
their minimum size). With --customer, the customer's total is compared with its tier's price for its
seats (at least the tier's minimum, see \`cloudtier tiers\`) and the margin is shown. Platform clusters are shared: a customer pays the share of
their shared lines that its quota requests take of the cluster's capacity. Existing clusters (kubeconfig)
are not estimated and count as 0.

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
      const { requests, customer } = await planRequests(project, flags);
      const { planStacks } = await import("../../planner/plan.js");
      const outcome = await planStacks(requests, parallel === undefined ? {} : { parallel });
      const plans = planTestHooks.afterPlan ? planTestHooks.afterPlan(outcome.plans) : outcome.plans;
      const { judgePlans } = await import("../plan-report.js");
      const report = await judgePlans(plans, customer);
      const { resourcesPerCustomer } = await import("../../analysis/usage.js");
      const usage = resourcesPerCustomer(plans);
      if (flags.json) {
        log.out(
          JSON.stringify(
            {
              stacks: report.stacks.map(({ plan: { durationMs: _d, ...plan }, violations, cost }) => ({
                ...plan,
                policy: { violations },
                cost: {
                  monthlyUSD: cost.monthlyUSD,
                  estimated: cost.estimated,
                  items: cost.items.map(({ capacity: _c, ...item }) => item),
                  notes: cost.notes,
                },
              })),
              ...(report.customer ? { customer: report.customer } : {}),
              usage,
              errors: outcome.errors.map((e) => ({ stack: e.stackName, message: e.message })),
            },
            null,
            2,
          ),
        );
      } else {
        const { renderPlan, resourceCount } = await import("../output/plan-tree.js");
        const { renderVerdicts } = await import("../output/verdicts.js");
        const { renderCustomerCost, renderStackCost } = await import("../output/cost.js");
        for (const { plan, violations, cost } of report.stacks) {
          log.out(
            `${[renderPlan(plan), ...renderVerdicts(violations, report.rules), ...renderStackCost(cost)].join("\n")}\n`,
          );
        }
        const total = plans.reduce((n, p) => n + resourceCount(p), 0);
        log.out(
          `Planned ${plans.length} of ${requests.length} stacks, ${total} resources (offline, mock runtime).`,
        );
        log.out(
          `Resources per customer (by metering label or tag): ${usage
            .map((u) => `${u.customer} ${u.resources}`)
            .join(", ")}.`,
        );
        log.out(report.policySummary);
        if (report.customer) log.out(renderCustomerCost(report.customer).join("\n"));
        else if (report.stacks.length > 1) log.out(report.costSummary);
      }
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

/** Writes each stack's Kubernetes objects to `<dir>/<stack>.yaml`, replacing each file atomically. */
async function writeManifests(dir: string, plans: readonly StackPlan[]): Promise<void> {
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
    const { readStackConfig } = await import("../stack-files.js");
    const requests = flags.stack.map((name) => {
      const config = readStackConfig(project, name);
      if (!config) {
        throw InputError.single({
          field: "--stack",
          rule: "must name a stack file under stacks/",
          received: name,
          fix: "Run `cloudtier status` to list the stacks, or onboard the customer first.",
        });
      }
      return { name, config, otherConfig: programConfig(project, name) };
    });
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
  const { parseCustomerFlags, stacksForCustomerInProject } = await import("../customer-stacks.js");
  const customer = parseCustomerFlags(flags, flags.customer);
  const specs = stacksForCustomerInProject(project, customer);
  // What onboarding would refuse (a project setting these stacks need to deploy): shown, not fatal.
  const { deployReadiness } = await import("../deploy-readiness.js");
  const { formatProblem } = await import("../../domain/errors.js");
  for (const problem of deployReadiness(project, specs, {}).problems) {
    log.info(`note: onboarding would stop here: ${formatProblem(problem)}`);
  }
  const requests = specs.map((s) => ({
    name: s.name,
    config: s.config,
    otherConfig: programConfig(project, s.name),
  }));
  return { requests, customer };
}
