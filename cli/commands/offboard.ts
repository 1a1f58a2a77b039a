import { Command } from "commander";
import type { DriverOutcome, StackDriver } from "../../deploy/run-stacks.js";
import type { StackResult } from "../../deploy/types.js";
import { InputError, type InputProblem, throwIfProblems } from "../../domain/errors.js";
import type { StackConfigInput } from "../../domain/stack-config.js";
import type { StackFile } from "../stack-file-format.js";
import {
  type BackendFlags,
  ENVIRONMENT_HELP,
  addBackendOptions,
  addRunOptions,
  connect,
  deploySettings,
  failIfAny,
  runWithProgress,
} from "../deploy-options.js";
import { log } from "../logger.js";
import { addLockTimeoutOption, exclusive, parseLockTimeout } from "../options.js";
import { projectDir } from "../project.js";

interface OffboardFlags extends BackendFlags {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly regions?: string;
  readonly deleteData?: boolean;
  readonly parallel?: string;
  readonly json?: boolean;
  readonly lockTimeout?: string;
}

export function offboardCommand(): Command {
  const command = new Command("offboard")
    .description(
      "Offboard a customer: remove it from the platform stacks it is a tenant of (and `up` them), and destroy " +
        "its environment stacks. Data stores are kept unless --delete-data. Asks for --yes.",
    )
    .argument("<customer>", "customer id")
    .option("--yes", "confirm: without it, only shows what would happen")
    .option("--delete-data", "also delete the customer's databases, caches and volumes")
    .option(
      "--regions <list>",
      "only these of its regions, comma-separated CLOUD:REGION keys: the customer stays in the others",
    )
    .option("--dry-run", "show what would change, stack files as diffs; change nothing, start no pulumi");
  addLockTimeoutOption(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: false });
  command.addHelpText(
    "after",
    `
Exit codes: 0 offboarded, 1 a stack failed or was locked, 2 bad input or no --yes (nothing changed).
Each stack file is edited under the lock on stacks/ (stacks/.cloudtier.lock), on its content at that moment:
onboardings running meanwhile keep their customers. If the \`up\` of a platform stack fails, the tenant is
put back into the file as it is then, so offboarding can simply be run again.

Keeping data: on an environment stack, data stores are marked protected in its state and the destroy skips
them and what they depend on (network); the stack and its file stay, marked offboarded, so \`--all\` leaves
them alone. On a platform stack, the tenant's data stores and namespace are marked retainOnDelete: the
\`up\` that drops the tenant stops managing them instead of deleting them. Re-run with --delete-data to
delete what was kept.
${ENVIRONMENT_HELP}

Examples:
  cloudtier offboard acme --dry-run    # shows what it would change
  cloudtier offboard acme --yes
  cloudtier offboard acme --regions gcp:europe-west1 --yes
  cloudtier offboard acme --yes --delete-data --json`,
  );
  command.action(async (id: string, flags: OffboardFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir, { writes: true });
    const lockTimeout = parseLockTimeout(flags.lockTimeout);
    const { validateCustomerId } = await import("../../domain/customer.js");
    const { markEnvironmentData, markTenantData, remainingResources } =
      await import("../../deploy/data-stores.js");
    const { configChange, editStackFile, offboardedChange, readStackFiles, removalChange, stackFileName } =
      await import("../stack-files.js");
    const { customerStacks } = await import("../stack-selection.js");
    exclusive({ yes: flags.yes, dryRun: flags.dryRun }, ["yes", "dryRun"]);
    throwIfProblems(validateCustomerId(id, "<customer>"));
    const held = customerStacks(readStackFiles(project), id);
    if (held.environment.length + held.platform.length === 0) {
      throw InputError.single({
        field: "<customer>",
        rule: "is not onboarded: no stack file under stacks/ holds it",
        received: id,
        fix: "Check the id; `cloudtier status` lists the stacks.",
      });
    }
    const regionKeys = await import("../../domain/region-key.js");
    const regions = offboardRegions(regionKeys, flags.regions, id, [...held.environment, ...held.platform]);
    const inRegions = (f: StackFile) => regions === undefined || regions.includes(f.config.region);
    const environment = held.environment.filter(inRegions);
    const platform = held.platform.filter(inRegions);
    const keep = !flags.deleteData;
    // The options are checked before anything is shown; the passphrase only once pulumi is about to run.
    deploySettings(project, [...environment, ...platform], { ...flags }, { secrets: false });
    if (flags.dryRun) {
      const { unifiedDiff } = await import("../text-diff.js");
      const stacks = [
        ...platform.map((p) => {
          const tenants = (p.config.kind === "platform" ? (p.config.tenants ?? []) : []).filter(
            (t) => t.id !== id,
          );
          const change = configChange(p.stack, p, { ...p.config, tenants } as StackConfigInput);
          return {
            stack: p.stack,
            operation: "up",
            diff: unifiedDiff(change.before, change.after, { path: stackFileName(p.stack) }),
          };
        }),
        ...environment.map((e) => ({
          stack: e.stack,
          operation: "destroy",
          ...(keep ? {} : { diff: unifiedDiff(e.text, undefined, { path: stackFileName(e.stack) }) }),
        })),
      ];
      if (flags.json) {
        log.out(JSON.stringify({ project, customer: id, dryRun: true, dataKept: keep, stacks }, null, 2));
        return;
      }
      log.out(
        [
          `Project: ${project}`,
          `Offboarding ${id} would change:`,
          ...intentLines(id, platform, environment, keep),
          `Data stores: would be ${keep ? "kept" : "deleted"}.`,
          ...stacks.filter((s) => s.diff).map((s) => s.diff!.trimEnd()),
        ].join("\n"),
      );
      log.info("Dry run: nothing was changed and pulumi was not started.");
      return;
    }
    if (!flags.yes) {
      const again = [id, ...(flags.regions ? ["--regions", flags.regions] : []), "--yes"];
      throw new InputError(
        [
          {
            field: "--yes",
            rule: "is required to offboard: nothing was changed",
            received: undefined,
            fix: `Check the stacks below and re-run \`cloudtier offboard ${again.join(" ")}\`${keep ? "" : " --delete-data"} (--dry-run shows the stack files' diffs).`,
          },
        ],
        {
          verdict: `offboarding ${id} needs --yes; nothing was changed`,
          details: [
            `Offboarding ${id} would change:`,
            ...intentLines(id, platform, environment, keep),
            `Data stores: would be ${keep ? "kept" : "deleted"}.`,
          ],
        },
      );
    }
    const settings = deploySettings(project, [...environment, ...platform], { ...flags });
    log.info(`Project: ${project}`);
    const deployer = await connect(settings);
    // Each edit of a stack file is a short section under the lock on stacks/, made on the file as it is
    // then: onboardings running meanwhile keep their tenants.
    const locking = {
      command: `cloudtier offboard ${id}`,
      ...(lockTimeout !== undefined ? { timeoutSeconds: lockTimeout } : {}),
    };

    /** Removes the tenant from a platform stack's file; returns its entry, to put back if the `up` fails. */
    const removeTenant = (stack: string) =>
      editStackFile(project, stack, locking, (file) => {
        if (file?.config.kind !== "platform") return { result: undefined };
        const tenants = file.config.tenants ?? [];
        const entry = tenants.find((t) => t.id === id);
        if (!entry) return { result: undefined };
        const config = { ...file.config, tenants: tenants.filter((t) => t.id !== id) };
        return { change: configChange(stack, file, config), result: entry };
      });

    /** Puts a removed tenant back into the file as it is now, keeping tenants others added meanwhile. */
    const restoreTenant = (stack: string, entry: NonNullable<Awaited<ReturnType<typeof removeTenant>>>) =>
      editStackFile(project, stack, locking, (file) => {
        if (file?.config.kind !== "platform") return { result: undefined };
        const tenants = file.config.tenants ?? [];
        if (tenants.some((t) => t.id === id)) return { result: undefined };
        const config = {
          ...file.config,
          tenants: [...tenants, entry].sort((a, b) => a.id.localeCompare(b.id)),
        };
        return { change: configChange(stack, file, config), result: undefined };
      });

    const platformDriver: StackDriver = async (stack, _op, report): Promise<DriverOutcome> => {
      const state = await deployer.exportState(stack);
      const edit = state ? markTenantData(state, id, keep) : undefined;
      if (state && edit?.changed) await deployer.importState(stack, edit.state);
      const entry = await removeTenant(stack);
      if (!state)
        return { changes: {}, result: "skipped", message: `not deployed; ${id} removed from the stack file` };
      try {
        const outcome = await deployer.run(stack, "up", report);
        const kept = keep && edit && edit.dataStores.length > 0;
        return {
          ...outcome,
          message: kept
            ? `${id}'s ${edit.dataStores.length} data store resource(s) and namespace were kept (no longer managed by Pulumi)`
            : `${id} removed`,
        };
      } catch (err) {
        // The customer goes back into the file, so re-running offboard finds it and tries again.
        if (entry) {
          try {
            await restoreTenant(stack, entry);
          } catch (restoreErr) {
            log.error(
              `error: putting ${id} back into ${stackFileName(stack)} failed: ${
                restoreErr instanceof Error ? restoreErr.message : String(restoreErr)
              }`,
            );
          }
        }
        throw err;
      }
    };

    const removeFile = (stack: string) =>
      editStackFile(project, stack, locking, (file) => ({
        ...(file ? { change: removalChange(stack, file) } : {}),
        result: undefined,
      }));

    const environmentDriver: StackDriver = async (stack, _op, report): Promise<DriverOutcome> => {
      const state = await deployer.exportState(stack);
      if (!state) {
        await removeFile(stack);
        return { changes: {}, result: "skipped", message: "not deployed; stack file removed" };
      }
      const edit = markEnvironmentData(state, keep);
      if (edit.changed) await deployer.importState(stack, edit.state);
      const keeping = keep && edit.dataStores.length > 0;
      const outcome = await deployer.run(stack, "destroy", report, { excludeProtected: keeping });
      if (keeping) {
        await editStackFile(project, stack, locking, (file) => ({
          ...(file ? { change: offboardedChange(file, true) } : {}),
          result: undefined,
        }));
        const after = await deployer.exportState(stack);
        const left = after ? remainingResources(after).length : 0;
        return {
          ...outcome,
          message:
            `kept ${edit.dataStores.length} data store resource(s) and what they depend on (${left} resources left); ` +
            `the stack stays, marked offboarded. Delete them with \`cloudtier offboard ${id} --yes --delete-data\`.`,
        };
      }
      await deployer.removeStack(stack);
      await removeFile(stack);
      return { ...outcome, message: "destroyed; stack and stack file removed" };
    };

    // Tenants leave the shared clusters first, then the customer's own environments go.
    const results: StackResult[] = [];
    if (platform.length > 0) {
      results.push(
        ...(await runWithProgress(
          settings,
          platform.map((p) => p.stack),
          "up",
          platformDriver,
        )),
      );
    }
    if (environment.length > 0) {
      results.push(
        ...(await runWithProgress(
          settings,
          environment.map((e) => e.stack),
          "destroy",
          environmentDriver,
        )),
      );
    }
    const summary = await import("../../deploy/summary.js");
    if (settings.json) {
      log.out(
        JSON.stringify(
          {
            project,
            customer: id,
            dataKept: keep,
            ok: !results.some(summary.isFailure),
            stacks: results.map((r) => ({
              ...summary.toJson(r.operation, [r]).stacks[0],
              operation: r.operation,
            })),
          },
          null,
          2,
        ),
      );
    } else {
      log.out(summary.renderTable(results));
      const details = results
        .filter((r) => r.message)
        .map((r) => `${r.stack}: ${r.lock ? r.lock.advice : r.message}`)
        .join("\n");
      if (details) log.out(details);
    }
    failIfAny("destroy", results);
  });
  return command;
}

/** What offboarding does to each stack, one line each. */
function intentLines(
  id: string,
  platform: readonly StackFile[],
  environment: readonly StackFile[],
  keep: boolean,
): string[] {
  return [
    ...platform.map((p) => `  ${p.stack}: remove tenant ${id}, then up`),
    ...environment.map(
      (e) =>
        `  ${e.stack}: destroy${keep ? " (data stores kept); the stack file stays, marked offboarded" : ", then remove the stack and its file"}`,
    ),
  ];
}

/**
 * `--regions`: each a catalog region the customer has a stack in. Undefined (every region) when not given.
 */
function offboardRegions(
  { isProblem, parseRegionKey }: typeof import("../../domain/region-key.js"),
  value: string | undefined,
  id: string,
  held: readonly StackFile[],
): string[] | undefined {
  if (value === undefined) return undefined;
  const own = [...new Set(held.map((f) => f.config.region))].sort();
  const problems: InputProblem[] = [];
  const regions: string[] = [];
  value.split(",").forEach((raw, i) => {
    const ref = parseRegionKey(raw.trim(), `--regions[${i}]`);
    if (isProblem(ref)) {
      problems.push(ref);
      return;
    }
    const key = `${ref.cloud}:${ref.region}`;
    if (!own.includes(key)) {
      problems.push({
        field: `--regions[${i}]`,
        rule: `is not a region of ${id}: no stack of ${id} is there`,
        limit: own.join(", "),
        received: raw,
        fix: `Give regions ${id} is in (\`cloudtier customer show ${id}\`), or leave --regions out to offboard it everywhere.`,
      });
      return;
    }
    if (!regions.includes(key)) regions.push(key);
  });
  throwIfProblems(problems);
  return regions;
}
