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
import { addLockTimeoutOption, exclusive, onlyWith, parseLockTimeout } from "../options.js";
import type { CostWarning, CustomerCost } from "../../cost/customer.js";
import { projectDir } from "../project.js";

interface OnboardFlags extends CustomerFlags, Omit<DeployFlags, "stack" | "customer" | "all"> {
  readonly file?: string;
  readonly gcpProject?: string;
  readonly plan?: boolean;
  readonly deploy?: boolean;
  readonly lockTimeout?: string;
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
    .option("--no-plan", "skip the offline plan summary, its cost and the margins (faster for large batches)")
    .option("--deploy", "run `up` on the customers' stacks after writing them");
  addLockTimeoutOption(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: true });
  command.addHelpText(
    "after",
    `
Exit codes: 0 onboarded, 1 planning, a policy, writing or a deployment failed, or stacks/ stayed locked;
2 bad input (nothing written).
The stack files are written together, all or nothing, while holding a lock on stacks/ (stacks/.cloudtier.lock):
concurrent onboardings wait for each other, up to --lock-timeout, and none loses another's customer. A stack
that fails to plan or breaks a mandatory policy is never written. --parallel, --backend and
--secrets-provider apply only with --deploy.
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

    // 1. Validate every option, then the customers, before anything is read from stacks/ or written.
    exclusive({ customer: id, file: flags.file }, ["customer", "file"]);
    if (!flags.deploy) {
      onlyWith(
        { ...flags },
        ["parallel", "backend", "secretsProvider"],
        "--deploy",
        "Add --deploy to deploy the stacks after writing them, or leave the option out.",
      );
    }
    const lockTimeout = parseLockTimeout(flags.lockTimeout);
    if (flags.gcpProject !== undefined) {
      const { GCP_PROJECT_ID, gcpProjectProblem } = await import("../../domain/project-settings.js");
      if (!GCP_PROJECT_ID.test(flags.gcpProject)) {
        throw InputError.single(gcpProjectProblem("--gcp-project", flags.gcpProject));
      }
    }
    const {
      commitOnboarding,
      flagField,
      onboardingChanges,
      parseBatch,
      pinSettings,
      readBatchFile,
      renameFields,
    } = await import("../onboarding.js");
    const { deployReadiness } = await import("../deploy-readiness.js");
    const { parseCustomerFlags } = await import("../customer-stacks.js");
    const { fileChange, readStackFiles, withStackLock } = await import("../stack-files.js");
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
    const who = customers.length === 1 ? customers[0].id : `${customers.length} customers`;

    // 2. Under the lock on stacks/: read the files, compute the changes, check the backend and CLI for
    //    --deploy, plan offline and judge the plans, then commit. A stack the program rejects, or one that
    //    breaks a mandatory policy, is never written; no other writer changes a file in between.
    const planned = new Map<string, { resources: number; monthlyUSD: number | undefined }>();
    const planNotes: string[] = [];
    let margins: CustomerCost[] | undefined;
    let costWarnings: CostWarning[] = [];
    const {
      changes: onboarding,
      settings,
      deployer,
    } = await withStackLock(
      project,
      {
        command: `cloudtier onboard ${who}`,
        ...(lockTimeout !== undefined ? { timeoutSeconds: lockTimeout } : {}),
      },
      async (lock) => {
        const files = readStackFiles(project);
        const byName = new Map(files.map((f) => [f.stack, f]));
        const placed = onboardingChanges(files, customers);
        // The project settings the stacks need to deploy, checked before anything is written; the GCP
        // project each new GCP stack resolves to is pinned into its file.
        const readiness = deployReadiness(project, placed.stacks, byName, { gcpProject: flags.gcpProject });
        throwIfProblems(readiness.problems);
        const changes = pinSettings(placed, files, readiness.keys);
        const recorded = new Map(files.map((f) => [f.stack, f.secretsProvider]));
        const settings = flags.deploy
          ? deploySettings(
              project,
              changes.stacks.map((s) => ({ stack: s.name, secretsProvider: recorded.get(s.name) })),
              {
                ...(flags.parallel !== undefined ? { parallel: flags.parallel } : {}),
                ...(flags.json !== undefined ? { json: flags.json } : {}),
                ...(flags.backend !== undefined ? { backend: flags.backend } : {}),
                ...(flags.secretsProvider !== undefined ? { secretsProvider: flags.secretsProvider } : {}),
              },
            )
          : undefined;
        const deployer = settings ? await connect(settings) : undefined;
        if (flags.plan !== false) {
          const [{ planStacks }, { resourceCount }, { judgePlans }, { planTestHooks }, { programConfig }] =
            await Promise.all([
              import("../../planner/plan.js"),
              import("../output/plan-tree.js"),
              import("../plan-report.js"),
              import("../plan-hooks.js"),
              import("../program-config.js"),
            ]);
          log.info(
            `Planning ${changes.stacks.length} stack${changes.stacks.length === 1 ? "" : "s"} offline...`,
          );
          const requests = changes.stacks.map((s) => ({
            name: s.name,
            config: s.config,
            otherConfig: { ...programConfig(project, byName.get(s.name)), ...readiness.keys.get(s.name) },
          }));
          const outcome = await planStacks(
            planTestHooks.beforePlan ? planTestHooks.beforePlan(requests) : requests,
            settings ? { parallel: settings.parallel } : {},
          );
          if (outcome.errors.length > 0) {
            const input = outcome.errors.every((e) => e.kind === "input");
            throw new CliError(
              `nothing was written: ${outcome.errors.map((e) => e.message).join("\n")}`,
              input ? EXIT_BAD_INPUT : EXIT_FAILURE,
            );
          }
          const plans = planTestHooks.afterPlan ? planTestHooks.afterPlan(outcome.plans) : outcome.plans;
          const judged = await judgePlans(plans);
          if (judged.mandatory.length > 0) {
            throw new CliError(
              `nothing was written: mandatory policy violations:\n${judged.mandatory
                .map((v) => `  ${v.stack}: ${v.policy}: ${v.message}`)
                .join("\n")}`,
              EXIT_FAILURE,
            );
          }
          // What each stack and each onboarded customer costs, against its tier's price.
          const [{ pricePlanned }, costs] = await Promise.all([
            import("./cost.js"),
            import("../output/cost.js"),
          ]);
          const book = await pricePlanned(
            project,
            changes.stacks.map((s) => ({ name: s.name, config: s.config })),
            judged.stacks.map((s) => s.cost),
            settings?.parallel,
          );
          const priced = new Map(book.stacks.map((s) => [s.stack, s]));
          for (const r of judged.stacks) {
            const cost = priced.get(r.plan.stack);
            planned.set(r.plan.stack, {
              resources: resourceCount(r.plan),
              monthlyUSD: cost?.estimated ? cost.monthlyUSD : undefined,
            });
          }
          const ids = new Set(customers.map((c) => c.id));
          margins = book.customers.filter((c) => ids.has(c.customer));
          costWarnings = book.warnings.filter((w) => !w.customer || ids.has(w.customer));
          planNotes.push(judged.policySummary, costs.renderCostSummary(book.stacks));
          if (margins.length === 1) planNotes.push(...costs.renderCustomerCost(margins[0]));
          else planNotes.push(await costs.renderCustomersTable(margins));
        }
        commitOnboarding(lock, changes);
        return { changes, settings, deployer };
      },
    );
    // 3. Report what was written.
    const rows = onboarding.stacks.map((s, i) => ({
      stack: s.name,
      kind: s.config.kind,
      region: s.config.region,
      file: fileChange(onboarding.files[i]),
      ...(planned.has(s.name) ? planned.get(s.name) : {}),
    }));
    const warnings = onboarding.stale.map(
      (s) =>
        `${s.stack} still holds ${s.customer}, which the new spec does not place there; it was left unchanged ` +
        `(\`cloudtier offboard\` removes a customer everywhere).`,
    );
    const report = {
      customers: onboarding.customers.map((c) => ({ id: c.id, tier: c.tier })),
      stacks: rows,
      warnings,
      ...(planNotes.length > 0 ? { plan: planNotes.slice(0, 2) } : {}),
      ...(margins ? { costs: { customers: margins, warnings: costWarnings } } : {}),
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
      const count = (c: string) => rows.filter((r) => r.file === c).length;
      log.out(
        `${onboarding.customers.length} customer${onboarding.customers.length === 1 ? "" : "s"}, ${rows.length} stack files under stacks/: ` +
          `${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged.`,
      );
      for (const w of warnings) log.info(`warning: ${w}`);
      for (const w of costWarnings) log.info(`warning: ${w.message}`);
      if (!deployer) {
        const who = onboarding.customers.map((c) => `--customer ${c.id}`).join(" ");
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
      onboarding.stacks.map((s) => s.name),
      "up",
      deployer.driver,
    );
    await reportResults("up", results, settings.json, (deploy) => ({ ...report, deploy }));
  });
  return command;
}
