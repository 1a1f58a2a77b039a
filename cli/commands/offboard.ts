import { Command } from "commander";
import type { DriverOutcome, StackDriver } from "../../deploy/run-stacks.js";
import type { StackResult } from "../../deploy/types.js";
import { InputError, throwIfProblems } from "../../domain/errors.js";
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
import { addLockTimeoutOption, parseLockTimeout } from "../options.js";
import { projectDir } from "../project.js";

interface OffboardFlags extends BackendFlags {
  readonly yes?: boolean;
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
    .option("--delete-data", "also delete the customer's databases, caches and volumes");
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
  cloudtier offboard acme              # shows the stacks it would change
  cloudtier offboard acme --yes
  cloudtier offboard acme --yes --delete-data --json`,
  );
  command.action(async (id: string, flags: OffboardFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
    const lockTimeout = parseLockTimeout(flags.lockTimeout);
    const { validateCustomerId } = await import("../../domain/customer.js");
    const { markEnvironmentData, markTenantData, remainingResources } =
      await import("../../deploy/data-stores.js");
    const { configChange, editStackFile, offboardedChange, readStackFiles, removalChange, stackFileName } =
      await import("../stack-files.js");
    const { customerStacks } = await import("../stack-selection.js");
    throwIfProblems(validateCustomerId(id, "<customer>"));
    const { environment, platform } = customerStacks(readStackFiles(project), id);
    if (environment.length + platform.length === 0) {
      throw InputError.single({
        field: "<customer>",
        rule: "is not onboarded: no stack file under stacks/ holds it",
        received: id,
        fix: "Check the id; `cloudtier status` lists the stacks.",
      });
    }
    const keep = !flags.deleteData;
    const settings = deploySettings(project, [...environment, ...platform], { ...flags });
    const intent = [
      ...platform.map((p) => `  ${p.stack}: remove tenant ${id}, then up`),
      ...environment.map(
        (e) => `  ${e.stack}: destroy${keep ? " (data stores kept)" : ", then remove the stack"}`,
      ),
    ];
    if (!flags.yes) {
      log.info(
        `Offboarding ${id} would change:\n${intent.join("\n")}\nData stores: ${keep ? "kept" : "deleted"}.`,
      );
      throw InputError.single({
        field: "--yes",
        rule: "is required to offboard: nothing was changed",
        received: undefined,
        fix: `Check the stacks above and re-run \`cloudtier offboard ${id} --yes\`${keep ? "" : " --delete-data"}.`,
      });
    }
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
