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
import { projectDir } from "../project.js";

interface OffboardFlags extends BackendFlags {
  readonly yes?: boolean;
  readonly deleteData?: boolean;
  readonly parallel?: string;
  readonly json?: boolean;
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
  addRunOptions(command);
  addBackendOptions(command);
  command.addHelpText(
    "after",
    `
Exit codes: 0 offboarded, 1 a stack failed or was locked, 2 bad input or no --yes (nothing changed).

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
    const { validateCustomerId } = await import("../../domain/customer.js");
    const { markEnvironmentData, markTenantData, remainingResources } =
      await import("../../deploy/data-stores.js");
    const { writeStackConfig } = await import("../stack-files.js");
    const { allStackFiles, customerStacks, removeStackFile, setOffboarded, snapshotStackFile } =
      await import("../stack-selection.js");
    throwIfProblems(validateCustomerId(id, "<customer>"));
    const { environment, platform } = customerStacks(allStackFiles(project), id);
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

    const platformDriver: StackDriver = async (stack, _op, report): Promise<DriverOutcome> => {
      const info = platform.find((p) => p.stack === stack)!;
      if (info.config.kind !== "platform") throw new Error("unreachable");
      const restore = snapshotStackFile(project, stack);
      const state = await deployer.exportState(stack);
      const edit = state ? markTenantData(state, id, keep) : undefined;
      if (state && edit?.changed) await deployer.importState(stack, edit.state);
      writeStackConfig(project, stack, {
        ...info.config,
        tenants: (info.config.tenants ?? []).filter((t) => t.id !== id),
      });
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
        // The customer stays in the file, so re-running offboard finds it and tries again.
        restore();
        throw err;
      }
    };

    const environmentDriver: StackDriver = async (stack, _op, report): Promise<DriverOutcome> => {
      const state = await deployer.exportState(stack);
      if (!state) {
        removeStackFile(project, stack);
        return { changes: {}, result: "skipped", message: "not deployed; stack file removed" };
      }
      const edit = markEnvironmentData(state, keep);
      if (edit.changed) await deployer.importState(stack, edit.state);
      const keeping = keep && edit.dataStores.length > 0;
      const outcome = await deployer.run(stack, "destroy", report, { excludeProtected: keeping });
      if (keeping) {
        setOffboarded(project, stack, true);
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
      removeStackFile(project, stack);
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
