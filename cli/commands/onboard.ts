import { Command } from "commander";
import { InputError, throwIfProblems } from "../../domain/errors.js";
import type { CustomerFlags } from "../customer-stacks.js";
import {
  type DeployFlags,
  ENVIRONMENT_HELP,
  addBackendOptions,
  addRunOptions,
  connect,
  deploySettings,
  reportResults,
  runWithProgress,
} from "../deploy-options.js";
import { CliError, EXIT_BAD_INPUT, EXIT_FAILURE } from "../exit.js";
import { withCustomerOptions } from "../customer-options.js";
import { log } from "../logger.js";
import type { FileChange } from "../onboarding.js";
import { exclusive } from "../options.js";
import { projectDir } from "../project.js";

interface OnboardFlags extends CustomerFlags, Omit<DeployFlags, "stack" | "customer" | "all"> {
  readonly file?: string;
  readonly gcpProject?: string;
  readonly plan?: boolean;
  readonly deploy?: boolean;
}

const CUSTOMER_FLAGS = ["displayName", "tier", "regions", "member", "redis", "postgres", "quota"] as const;

export function onboardCommand(): Command {
  const command = withCustomerOptions(
    new Command("onboard")
      .description(
        "Onboard customers: validate everything, write their stack files under stacks/ (an environment stack per " +
          "region for the cloud tier; for shared tiers, the customer added as a tenant of each region's platform " +
          "stack), plan them offline and, with --deploy, run `up` on them. Re-running with the same spec changes " +
          "nothing; a changed spec updates the files.",
      )
      .argument("[customer]", "customer id (DNS-1123 label, at most 40 characters)"),
  )
    .option(
      "--file <path>",
      "onboard a batch: a YAML file `customers: [{id, tier, regions, members, redis, postgres, quota}]`",
    )
    .option(
      "--gcp-project <id>",
      "Google Cloud project of new GCP stacks, written into their stack files (default: Pulumi.yaml's gcp:project)",
    )
    .option("--no-plan", "skip the offline plan summary (faster for large batches)")
    .option("--deploy", "run `up` on the customers' stacks after writing them");
  addRunOptions(command);
  addBackendOptions(command);
  command.addHelpText(
    "after",
    `
Exit codes: 0 onboarded, 1 planning or a deployment failed, 2 bad input (nothing written).
Project settings (Pulumi.yaml \`config:\`, or a stack file's own keys) a new stack needs, checked before
anything is written (bad input otherwise): gcp:project for GCP regions (or --gcp-project; the project is
pinned in each new GCP stack file), cloudtier:deployerCidrs for clusters cloudtier creates (where
deployments reach their API from; [] when they run inside the networks), cloudtier:memberOidc for members
on EKS and Kapsule clusters. See README, "Project settings".
Existing keys of a stack file (Pulumi's encryptionsalt, secretsprovider, other config) are kept. Stacks that
still hold a customer but are no longer in its spec are reported, never changed: use \`cloudtier offboard\`.
${ENVIRONMENT_HELP}

Examples:
  cloudtier onboard acme --tier cloud --regions aws:eu-west-1,gcp:europe-west1 --postgres --member ann@example.com:owner
  cloudtier onboard beta --tier team --regions kubeconfig:local --redis --deploy
  cloudtier onboard gamma --tier cloud --regions gcp:europe-west1 --gcp-project gamma-prod-4711
  cloudtier onboard --file customers.yaml --no-plan --json`,
  );
  command.action(async (id: string | undefined, flags: OnboardFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
    const { flagField, parseBatch, planOnboarding, readBatchFile, renameFields, writeOnboarding } =
      await import("../onboarding.js");
    const { parseCustomerFlags } = await import("../customer-stacks.js");
    const { readStackFileInfo } = await import("../stack-selection.js");

    // 1. Validate everything: customers, merged stack configs, and (with --deploy) backend and CLI.
    exclusive({ customer: id, file: flags.file }, ["customer", "file"]);
    let customers;
    if (flags.file !== undefined) {
      const mixed = CUSTOMER_FLAGS.find((f) => flags[f] !== undefined);
      if (mixed) {
        throw InputError.single({
          field: `--${mixed.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
          rule: "cannot be combined with --file",
          received: flags[mixed],
          fix: "Put the customer's fields in the batch file, or onboard one customer with flags.",
        });
      }
      customers = parseBatch(readBatchFile(flags.file));
    } else {
      if (id === undefined) {
        throw InputError.single({
          field: "<customer>",
          rule: "is required unless --file is given",
          received: undefined,
          fix: "Give the customer id, e.g. `cloudtier onboard acme --tier team --regions kubeconfig:local`.",
        });
      }
      try {
        customers = [parseCustomerFlags(flags, id)];
      } catch (err) {
        throw renameFields(err, flagField);
      }
    }
    const stackPlan = planOnboarding(project, customers);
    const { deployReadiness } = await import("../deploy-readiness.js");
    const readiness = deployReadiness(project, stackPlan.stacks, { gcpProject: flags.gcpProject });
    throwIfProblems([...readiness.problems]);
    const plan = { ...stackPlan, keys: readiness.keys };
    const settings = flags.deploy
      ? deploySettings(
          project,
          plan.stacks.map((s) => {
            const info = readStackFileInfo(project, s.name, `stacks/Pulumi.${s.name}.yaml`);
            return {
              stack: s.name,
              config: s.config,
              offboarded: false,
              ...(info?.secretsProvider ? { secretsProvider: info.secretsProvider } : {}),
            };
          }),
          {
            ...(flags.parallel !== undefined ? { parallel: flags.parallel } : {}),
            ...(flags.json !== undefined ? { json: flags.json } : {}),
            ...(flags.backend !== undefined ? { backend: flags.backend } : {}),
            ...(flags.secretsProvider !== undefined ? { secretsProvider: flags.secretsProvider } : {}),
          },
        )
      : undefined;
    const deployer = settings ? await connect(settings) : undefined;

    // 2. The offline plan, its policy verdicts and cost, before anything is written: a stack the program
    //    rejects, or one that breaks a mandatory policy, is never written.
    const planned = new Map<string, { resources: number; monthlyUSD: number | undefined }>();
    const planNotes: string[] = [];
    if (flags.plan !== false) {
      const [{ planStacks }, { resourceCount }, { judgePlans }, { renderCustomerCost }, { programConfig }] =
        await Promise.all([
          import("../../planner/plan.js"),
          import("../output/plan-tree.js"),
          import("../plan-report.js"),
          import("../output/cost.js"),
          import("../program-config.js"),
        ]);
      log.info(`Planning ${plan.stacks.length} stack${plan.stacks.length === 1 ? "" : "s"} offline...`);
      const outcome = await planStacks(
        plan.stacks.map((s) => ({
          name: s.name,
          config: s.config,
          otherConfig: { ...programConfig(project, s.name), ...readiness.keys.get(s.name) },
        })),
        settings ? { parallel: settings.parallel } : {},
      );
      if (outcome.errors.length > 0) {
        const input = outcome.errors.every((e) => e.kind === "input");
        throw new CliError(
          `nothing was written: ${outcome.errors.map((e) => e.message).join("\n")}`,
          input ? EXIT_BAD_INPUT : EXIT_FAILURE,
        );
      }
      const judged = await judgePlans(outcome.plans, customers.length === 1 ? customers[0] : undefined);
      if (judged.mandatory.length > 0) {
        throw new CliError(
          `nothing was written: mandatory policy violations:\n${judged.mandatory
            .map((v) => `  ${v.stack}: ${v.policy}: ${v.message}`)
            .join("\n")}`,
          EXIT_FAILURE,
        );
      }
      for (const r of judged.stacks) {
        planned.set(r.plan.stack, {
          resources: resourceCount(r.plan),
          monthlyUSD: r.cost.estimated ? r.cost.monthlyUSD : undefined,
        });
      }
      planNotes.push(judged.policySummary, judged.costSummary);
      if (judged.customer) planNotes.push(...renderCustomerCost(judged.customer));
    }

    // 3. Write the stack files.
    const changes = writeOnboarding(project, plan);
    const rows = plan.stacks.map((s) => ({
      stack: s.name,
      kind: s.config.kind,
      region: s.config.region,
      file: changes.get(s.name) as FileChange,
      ...(planned.has(s.name) ? planned.get(s.name) : {}),
    }));
    const warnings = plan.stale.map(
      (s) =>
        `${s.stack} still holds ${s.customer}, which the new spec does not place there; it was left unchanged ` +
        `(\`cloudtier offboard\` removes a customer everywhere).`,
    );
    const report = {
      customers: plan.customers.map((c) => ({ id: c.id, tier: c.tier })),
      stacks: rows,
      warnings,
      ...(planNotes.length > 0 ? { plan: planNotes.slice(0, 2) } : {}),
    };
    if (!flags.json) {
      const { default: Table } = await import("cli-table3");
      const withPlan = planned.size > 0;
      const table = new Table({
        head: ["stack", "kind", "region", "file", ...(withPlan ? ["resources", "$/month"] : [])],
        style: { head: [], border: [] },
      });
      for (const r of rows) {
        const p = planned.get(r.stack);
        const cost = p?.monthlyUSD === undefined ? "not estimated" : `$${p.monthlyUSD.toFixed(2)}`;
        table.push([r.stack, r.kind, r.region, r.file, ...(withPlan ? [p?.resources ?? "-", cost] : [])]);
      }
      log.out(table.toString());
      for (const note of planNotes) log.out(note);
      const count = (c: FileChange) => rows.filter((r) => r.file === c).length;
      log.out(
        `${plan.customers.length} customer${plan.customers.length === 1 ? "" : "s"}, ${rows.length} stack files under stacks/: ` +
          `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged.`,
      );
      for (const w of warnings) log.info(`warning: ${w}`);
      if (!deployer) {
        const who = plan.customers.map((c) => `--customer ${c.id}`).join(" ");
        log.info(`Deploy with \`cloudtier up ${who}\`, or onboard again with --deploy.`);
      }
    }

    // 4. Deploy.
    if (!deployer || !settings) {
      if (flags.json) log.out(JSON.stringify(report, null, 2));
      return;
    }
    const results = await runWithProgress(
      settings,
      plan.stacks.map((s) => s.name),
      "up",
      deployer.driver,
    );
    await reportResults("up", results, settings.json, (deploy) => ({ ...report, deploy }));
  });
  return command;
}
