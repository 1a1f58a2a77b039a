import { Command, Option } from "commander";
import { TIERS } from "../../domain/tiers.js";
import { InputError } from "../../domain/errors.js";
import type { StackRequest } from "../../planner/types.js";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from "../exit.js";
import { log } from "../logger.js";
import { collect, exclusive, parsePositiveInt } from "../options.js";
import { projectDir } from "../project.js";
import type { CustomerFlags } from "../customer-stacks.js";

interface PlanFlags extends CustomerFlags {
  readonly stack?: string[];
  readonly json?: boolean;
  readonly parallel?: string;
}

export function planCommand(): Command {
  return new Command("plan")
    .description(
      "Plan stacks offline: run the real stack program against Pulumi's mock runtime (no credentials, no Pulumi CLI) " +
        "and show the resources it would create. Either describe a customer (nothing is written) or name stack files.",
    )
    .option("--customer <id>", "customer id (DNS-1123 label, at most 40 characters)")
    .option("--display-name <name>", "customer display name (default: the id)")
    .addOption(new Option("--tier <tier>", "customer tier").choices(TIERS))
    .option("--regions <list>", "comma-separated CLOUD:REGION keys, e.g. aws:eu-west-1,kubeconfig:local")
    .option("--member <email:role>", "a member and role (owner, developer, viewer); repeatable", collect)
    .option("--redis", "the customer gets Redis")
    .option("--postgres", "the customer gets PostgreSQL")
    .option(
      "--quota <field=value>",
      "quota override within the tier's bounds, e.g. pods=60; repeatable",
      collect,
    )
    .option("--stack <name>", "plan the stack file stacks/Pulumi.<name>.yaml instead; repeatable", collect)
    .option("--parallel <n>", "stacks planned at once (default: the number of cores)")
    .option("--json", 'print JSON: {"stacks":[{"stack","kind","cloud","region","resources":[...]}]}')
    .addHelpText(
      "after",
      `
Exit codes: 0 planned, 1 a stack failed to plan, 2 bad input.

Examples:
  cloudtier plan --customer acme --tier team --regions kubeconfig:local --member ann@example.com:owner
  cloudtier plan --customer acme --tier cloud --regions aws:eu-west-1,gcp:europe-west1 --postgres --json
  cloudtier plan --stack platform-kubeconfig-local`,
    )
    .action(async (flags: PlanFlags, command: Command) => {
      const globals = command.optsWithGlobals<{ projectDir?: string }>();
      const project = projectDir(globals.projectDir);
      const parallel = parsePositiveInt(flags.parallel, "--parallel", 64);
      const requests = await planRequests(project, flags);
      const { planStacks } = await import("../../planner/plan.js");
      const outcome = await planStacks(requests, parallel === undefined ? {} : { parallel });
      if (flags.json) {
        log.out(
          JSON.stringify(
            {
              stacks: outcome.plans.map(({ durationMs: _d, ...plan }) => plan),
              errors: outcome.errors.map((e) => ({ stack: e.stackName, message: e.message })),
            },
            null,
            2,
          ),
        );
      } else {
        const { renderPlan, resourceCount } = await import("../output/plan-tree.js");
        for (const plan of outcome.plans) log.out(`${renderPlan(plan)}\n`);
        const total = outcome.plans.reduce((n, p) => n + resourceCount(p), 0);
        log.out(
          `Planned ${outcome.plans.length} of ${requests.length} stacks, ${total} resources (offline, mock runtime).`,
        );
      }
      if (outcome.errors.length > 0) {
        const input = outcome.errors.every((e) => e.kind === "input");
        throw new CliError(
          outcome.errors.map((e) => e.message).join("\n"),
          input ? EXIT_BAD_INPUT : EXIT_FAILURE,
        );
      }
    });
}

async function planRequests(project: string, flags: PlanFlags): Promise<StackRequest[]> {
  exclusive({ stack: flags.stack, customer: flags.customer }, ["stack", "customer"]);
  if (flags.stack) {
    const { readStackConfig } = await import("../stack-files.js");
    return flags.stack.map((name) => {
      const config = readStackConfig(project, name);
      if (!config) {
        throw InputError.single({
          field: "--stack",
          rule: "must name a stack file under stacks/",
          received: name,
          fix: "Run `cloudtier status` to list the stacks, or onboard the customer first.",
        });
      }
      return { name, config };
    });
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
  return stacksForCustomerInProject(project, customer).map((s) => ({ name: s.name, config: s.config }));
}
