import { Command } from "commander";
import type { CostWarning, CustomerCost } from "../../cost/customer.js";
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
import { type OutputModeFlags, addOutputModeOptions, checkOutputMode, outputMode } from "../output-mode.js";
import { projectDir } from "../project.js";
import type { StackLock } from "../stack-files.js";

interface OnboardFlags
  extends CustomerFlags, OutputModeFlags, Omit<DeployFlags, "stack" | "customer" | "all" | "file"> {
  readonly file?: string;
  readonly gcpProject?: string;
  readonly plan?: boolean;
  readonly deploy?: boolean;
  readonly lockTimeout?: string;
  readonly dryRun?: boolean;
  readonly replace?: boolean;
  /** False with --no-cluster-check. */
  readonly clusterCheck?: boolean;
}

const CUSTOMER_FLAGS = ["displayName", "tier", "regions", "member", "redis", "postgres", "quota"] as const;

export function onboardCommand(): Command {
  const command = withCustomerOptions(
    new Command("onboard")
      .description(
        "Onboard customers: validate everything, show what changes (each customer's spec against the one its " +
          "stack files hold, and each stack file as a diff), plan them offline, write their stack files under " +
          "stacks/ (an environment stack per region for the cloud tier; for shared tiers, the customer added as a " +
          "tenant of each region's platform stack) and, with --deploy, run `up` on them. Re-running with the same " +
          "spec changes nothing; removing anything a customer has (a member, a quota override, a data store, its " +
          "display name) needs --replace.",
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
    .option(
      "--no-plan",
      "skip the offline plan, its cost and the margins (faster for large batches); validation is never skipped",
    )
    .option(
      "--replace",
      "let the new spec remove what the stored one has: members, quota overrides, data stores",
    )
    .option("--dry-run", "show the changes, plan and check them, and write nothing")
    .option(
      "--no-cluster-check",
      "do not read existing clusters (kubeconfig: regions) for a namespace of the customer's name that is not cloudtier's",
    )
    .option("--deploy", "run `up` on the customers' stacks after writing them");
  addOutputModeOptions(command, "each customer's spec diff and each stack file's diff");
  addLockTimeoutOption(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: true });
  command.addHelpText(
    "after",
    `
Exit codes: 0 onboarded (or, with --dry-run, would be), 1 planning, a policy, writing or a deployment failed,
or stacks/ stayed locked; 2 bad input (nothing written), a removal without --replace included.
Re-onboarding an existing customer shows the change of its spec (members and roles, quota overrides,
regions, data stores, display name) and of each stack file (a unified diff, as \`patch -p1\` reads it), then
writes exactly that diff. A spec that removes something the customer has is refused, naming each item and
the option that keeps it, unless --replace is given. Onboarding never takes a customer out of a region or
moves it between the shared tiers and the cloud tier: \`cloudtier offboard ID --regions ...\` does that.
With more than a handful of stacks the output is a summary (--verbose for every diff); a batch ends with
one row per customer: created, changed or unchanged, and its margin when planned.
The stack files are written together, all or nothing, while holding a lock on stacks/ (stacks/.cloudtier.lock):
concurrent onboardings wait for each other, up to --lock-timeout, and none loses another's customer. A stack
that fails to plan or breaks a mandatory policy is never written. --parallel, --backend and
--secrets-provider apply only with --deploy.
Project settings (Pulumi.yaml \`config:\`, or a stack file's own keys) a new stack needs, checked before
anything is written (bad input otherwise): gcp:project for GCP regions (or --gcp-project; the project is
pinned in each new GCP stack file), cloudtier:deployerCidrs for clusters cloudtier creates (where
deployments reach their API from; [] when they run inside the networks), cloudtier:memberOidc for members
on EKS and Kapsule clusters. See README, "Project settings".
Existing keys of a stack file (Pulumi's encryptionsalt, secretsprovider, other config) are kept.
On an existing cluster (a kubeconfig: region), onboarding first reads the customer's namespace through the
context's kubeconfig credentials (client certificates or tokens; not exec plugins): one that exists and is not
labelled for this customer is refused (exit 2, naming the namespace and context), and a cluster that cannot
be asked stops onboarding (exit 1) unless --no-cluster-check is given. A context absent from this machine's
kubeconfig is not checked (a note says so). \`cloudtier plan\` never reads a cluster.
${ENVIRONMENT_HELP}

Examples:
  cloudtier onboard acme --tier cloud --regions aws:eu-west-1,gcp:europe-west1 --postgres --member ann@example.com:owner
  cloudtier onboard beta --tier team --regions kubeconfig:local --redis --deploy
  cloudtier onboard beta --tier team --regions kubeconfig:local --dry-run      # what would change
  cloudtier onboard beta --tier team --regions kubeconfig:local --replace      # drops its Redis
  cloudtier onboard gamma --tier cloud --regions gcp:europe-west1 --gcp-project gamma-prod-4711
  cloudtier onboard --file customers.yaml --no-plan --json`,
  );
  command.action(async (id: string | undefined, flags: OnboardFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir, { writes: true });

    // 1. Validate every option, then the customers, before anything is read from stacks/ or written.
    exclusive({ customer: id, file: flags.file }, ["customer", "file"]);
    exclusive({ dryRun: flags.dryRun, deploy: flags.deploy }, ["dryRun", "deploy"]);
    checkOutputMode(flags);
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
    const json = flags.json ?? false;
    const {
      commitOnboarding,
      flagField,
      onboardingChanges,
      parseBatch,
      pinSettings,
      programProblems,
      readBatch,
      renameFields,
    } = await import("../onboarding.js");
    const { deployReadiness } = await import("../deploy-readiness.js");
    const { parseCustomerFlags } = await import("../customer-stacks.js");
    const { readStackFiles, withStackLock } = await import("../stack-files.js");
    const review = await import("../onboard-review.js");
    const { startActivity } = await import("../../deploy/progress.js");
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
      const batchFile = readBatch(flags.file);
      customers = parseBatch(batchFile.entries, batchFile.problems);
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
        const customer = parseCustomerFlags(flags, id);
        throwIfProblems(programProblems(customer));
        customers = [customer];
      } catch (err) {
        throw renameFields(err, flagField);
      }
    }
    const batch = flags.file !== undefined;
    const sources = customers.map((_, index) =>
      batch ? { kind: "batch" as const, index } : { kind: "flags" as const },
    );
    const who = customers.length === 1 ? customers[0].id : `${customers.length} customers`;

    // 2. Under the lock on stacks/ (a dry run takes none: it writes nothing): read the files, compute the
    //    changes and show them, refuse removals without --replace, check the backend and CLI for --deploy,
    //    plan offline and judge the plans, then commit. A stack the program rejects, or one that breaks a
    //    mandatory policy, is never written; no other writer changes a file in between.
    const planned = new Map<string, { resources: number; monthlyUSD: number | undefined }>();
    const planNotes: string[] = [];
    let margins: CustomerCost[] | undefined;
    let costWarnings: CostWarning[] = [];
    const onboard = async (lock: StackLock | undefined) => {
      const files = readStackFiles(project);
      const byName = new Map(files.map((f) => [f.stack, f]));
      const placed = onboardingChanges(files, customers);
      // The project settings the stacks need to deploy, checked before anything is written; the GCP
      // project each new GCP stack resolves to is pinned into its file.
      const readiness = deployReadiness(project, placed.stacks, byName, { gcpProject: flags.gcpProject });
      const changes = pinSettings(placed, files, readiness.keys);
      const reviewed = review.reviewOnboarding(files, changes, sources);
      const mode = outputMode(flags, changes.stacks.length);
      // Every problem at once: what the new spec would remove, and the settings the stacks lack. A refusal
      // says so first; the changes it would have made follow, worded as what would be.
      throwIfProblems([...review.reviewProblems(reviewed, flags.replace ?? false), ...readiness.problems], {
        verdict: `onboarding ${who}; nothing was written`,
        details: json
          ? []
          : review.renderReview(reviewed, changes, mode, { wouldBe: true, changesOnly: true }),
      });
      // An existing cluster's namespace of the customer's name must be absent or cloudtier's own.
      if (flags.clusterCheck !== false) {
        const { checkClusterNamespaces } = await import("../cluster-check.js");
        await checkClusterNamespaces(customers, { batch, verdict: `onboarding ${who}; nothing was written` });
      }
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
        const [
          { planStacks },
          { resourceCount },
          { judgePlans },
          { planTestHooks },
          { programConfig },
          { pricePlanned },
          costs,
        ] = await Promise.all([
          import("../../planner/plan.js"),
          import("../output/plan-tree.js"),
          import("../plan-report.js"),
          import("../plan-hooks.js"),
          import("../program-config.js"),
          import("./cost.js"),
          import("../output/cost.js"),
        ]);
        const count = changes.stacks.length;
        const requests = changes.stacks.map((s) => ({
          name: s.name,
          config: s.config,
          otherConfig: { ...programConfig(project, byName.get(s.name)), ...readiness.keys.get(s.name) },
        }));
        const activity = startActivity(`Onboarding ${who}`, { json });
        let done = 0;
        let resources = 0;
        activity.set(`planning ${count} stack${count === 1 ? "" : "s"} offline`);
        let outcome;
        let judged;
        let book;
        try {
          outcome = await planStacks(
            planTestHooks.beforePlan ? planTestHooks.beforePlan(requests) : requests,
            {
              ...(settings ? { parallel: settings.parallel } : {}),
              onStackDone: (plan) => {
                done++;
                resources += resourceCount(plan);
                activity.set(
                  `${done} of ${count} stacks planned (${resources.toLocaleString("en-US")} resources)`,
                );
              },
            },
          );
          if (outcome.errors.length === 0) {
            activity.set(`checking ${count} stack${count === 1 ? "" : "s"} against the policy pack`);
            const plans = planTestHooks.afterPlan ? planTestHooks.afterPlan(outcome.plans) : outcome.plans;
            judged = await judgePlans(plans);
            if (judged.mandatory.length === 0) {
              // What each stack and each onboarded customer costs, against its tier's price.
              activity.set("pricing");
              book = await pricePlanned(
                project,
                changes.stacks.map((s) => ({ name: s.name, config: s.config })),
                judged.stacks.map((s) => s.cost),
                settings?.parallel,
              );
            }
          }
        } finally {
          await activity.end();
        }
        if (outcome.errors.length > 0 || !judged) {
          const input = outcome.errors.every((e) => e.kind === "input");
          throw new CliError(
            `nothing was written: ${outcome.errors.map((e) => e.message).join("\n")}`,
            input ? EXIT_BAD_INPUT : EXIT_FAILURE,
          );
        }
        if (judged.mandatory.length > 0) {
          throw new CliError(
            `nothing was written: mandatory policy violations:\n${judged.mandatory
              .map((v) => `  ${v.stack}: ${v.policy}: ${v.message}`)
              .join("\n")}`,
            EXIT_FAILURE,
          );
        }
        if (!book) throw new Error("onboard: the plans were judged but not priced");
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
        // A batch shows its margins in the table of customers at the end.
        if (margins.length === 1) planNotes.push(...costs.renderCustomerCost(margins[0]));
      }
      if (lock) commitOnboarding(lock, changes);
      return { files, changes, reviewed, mode, settings, deployer };
    };
    const {
      files,
      changes: onboarding,
      reviewed,
      mode,
      settings,
      deployer,
    } = flags.dryRun
      ? await onboard(undefined)
      : await withStackLock(
          project,
          {
            command: `cloudtier onboard ${who}`,
            ...(lockTimeout !== undefined ? { timeoutSeconds: lockTimeout } : {}),
          },
          onboard,
        );

    // 3. Report what was written (or, with --dry-run, would be): the review first, once nothing refused it.
    const output = await import("../output/onboard.js");
    if (!json) {
      const lines = review.renderReview(reviewed, onboarding, mode, { wouldBe: flags.dryRun ?? false });
      log.out([`Project: ${project}`, ...lines].join("\n"));
    }
    const rows = onboarding.stacks.map((s, i) => ({
      stack: s.name,
      kind: s.config.kind,
      region: s.config.region,
      file: reviewed.files[i].file,
      ...(reviewed.files[i].diff ? { diff: reviewed.files[i].diff } : {}),
      ...(planned.has(s.name) ? planned.get(s.name) : {}),
    }));
    const costOf = new Map(margins?.map((c) => [c.customer, c]));
    const customerRows = reviewed.customers.map((diff) => ({
      id: diff.id,
      tier: diff.tier,
      change: diff.status,
      stacks: onboarding.placement.get(diff.id)?.length ?? 0,
      ...(costOf.has(diff.id) ? { cost: costOf.get(diff.id) } : {}),
    }));
    const report = {
      project,
      ...(flags.dryRun ? { dryRun: true } : {}),
      customers: reviewed.customers.map((diff, i) => ({
        id: diff.id,
        tier: diff.tier,
        change: diff.status,
        spec: diff.changes,
        stacks: onboarding.placement.get(diff.id) ?? [],
        ...(customerRows[i].cost ? { cost: customerRows[i].cost } : {}),
      })),
      stacks: rows,
      ...(planNotes.length > 0 ? { plan: planNotes.slice(0, 2) } : {}),
      ...(margins ? { costs: { customers: margins, warnings: costWarnings } } : {}),
    };
    if (!json) {
      const withPlan = planned.size > 0;
      if (mode === "detailed") {
        const { default: Table } = await import("cli-table3");
        const table = new Table({
          head: ["stack", "kind", "region", "file", ...(withPlan ? ["resources", "$/month"] : [])],
          style: { head: [], border: [] },
        });
        for (const r of rows) {
          const p = planned.get(r.stack);
          const cost = p?.monthlyUSD === undefined ? "not estimated" : `$${p.monthlyUSD.toFixed(2)}`;
          const file = flags.dryRun && r.file !== "unchanged" ? `would be ${r.file}` : r.file;
          table.push([r.stack, r.kind, r.region, file, ...(withPlan ? [p?.resources ?? "-", cost] : [])]);
        }
        log.out(table.toString());
      }
      for (const note of planNotes) log.out(note);
      if (customers.length > 1)
        log.out(await output.renderCustomerSummary(customerRows, withPlan, flags.dryRun ?? false));
      const count = (c: string) => rows.filter((r) => r.file === c).length;
      const verb = flags.dryRun ? "would be " : "";
      log.out(
        `${output.customerTotals(customerRows, flags.dryRun ?? false)} ${rows.length} stack file${rows.length === 1 ? "" : "s"} under stacks/: ` +
          `${count("created")} ${verb}created, ${count("updated")} ${verb}updated, ${count("unchanged")} unchanged.`,
      );
      for (const w of costWarnings) log.info(`warning: ${w.message}`);
      if (flags.dryRun) log.info("Dry run: nothing was written.");
      else if (!deployer) {
        const written = new Set(onboarding.stacks.map((s) => s.name));
        const projectStacks = [
          ...new Set([...files.filter((f) => !f.offboarded).map((f) => f.stack), ...written]),
        ];
        const command = output.deployCommand(
          onboarding.customers.map((c) => c.id),
          [...written],
          projectStacks,
          flags.file,
        );
        log.info(`Deploy with \`${command}\`, or onboard again with --deploy.`);
      }
    }

    // 4. Deploy.
    if (!deployer || !settings) {
      if (json) log.out(JSON.stringify(report, null, 2));
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
