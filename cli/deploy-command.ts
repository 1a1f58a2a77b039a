/**
 * The shape every deploy command shares (preview, up, refresh, destroy, drift): select stacks, check
 * everything, drive Pulumi over them in parallel, print a summary, exit 1 if any stack did not succeed.
 */
import { Command } from "commander";
import type { Operation } from "../deploy/types.js";
import { log } from "./logger.js";
import { InputError } from "../domain/errors.js";
import {
  type DeployFlags,
  ENVIRONMENT_HELP,
  addBackendOptions,
  addRunOptions,
  addSelectionOptions,
  connect,
  deploySettings,
  reportResults,
  runWithProgress,
} from "./deploy-options.js";
import { projectDir } from "./project.js";

export interface DeployCommandSpec {
  readonly operation: Operation;
  readonly description: string;
  readonly examples: readonly string[];
  /** Extra help: what the exit codes mean for this command. */
  readonly exitCodes?: string;
  /** Require `--yes` (destructive commands). */
  readonly confirm?: boolean;
}

export function deployCommand(spec: DeployCommandSpec): Command {
  const command = new Command(spec.operation).description(spec.description);
  addSelectionOptions(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: spec.operation === "up" || spec.operation === "preview" });
  if (spec.confirm) command.option("--yes", `confirm: ${spec.operation} really changes infrastructure`);
  if (spec.operation === "up" || spec.operation === "preview") {
    command.option(
      "--refresh",
      spec.operation === "up"
        ? "refresh the state from the cluster and cloud first, so changes made outside Pulumi are undone"
        : "refresh the state from the cluster and cloud first, so changes made outside Pulumi are shown",
    );
  }
  command.addHelpText(
    "after",
    `
Exit codes: ${spec.exitCodes ?? "0 every stack succeeded, 1 a stack failed or was locked, 2 bad input (nothing ran)"}.
Runs the project's program (Pulumi.yaml) with the stack files under stacks/ through the Pulumi CLI, as a plain
\`pulumi ${spec.operation === "drift" ? "preview --expect-no-changes" : spec.operation} --stack S\` would. Stacks run in parallel; one failing never stops the others.
${ENVIRONMENT_HELP}

Examples:
${spec.examples.map((e) => `  ${e}`).join("\n")}`,
  );
  command.action(async (flags: DeployFlags & { yes?: boolean }, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir, { writes: true });
    const { selectStacks } = await import("./stack-selection.js");
    const stacks = selectStacks(project, flags);
    if (spec.confirm && !flags.yes) {
      // Options checked first; no passphrase is asked for what will not run.
      deploySettings(project, stacks, flags, { secrets: false });
      throw new InputError(
        [
          {
            field: "--yes",
            rule: `is required: ${spec.operation} deletes infrastructure`,
            received: undefined,
            fix: `Check the stacks (${stacks.map((s) => s.stack).join(", ")}) and re-run with --yes.`,
          },
        ],
        { verdict: `${spec.operation} needs --yes; nothing was changed` },
      );
    }
    const settings = deploySettings(project, stacks, flags);
    log.info(`Project: ${project}`);
    const deployer = await connect(settings);
    const results = await runWithProgress(
      settings,
      stacks.map((s) => s.stack),
      spec.operation,
      deployer.driver,
    );
    await reportResults(spec.operation, results, settings.json, (summary) => ({ project, ...summary }));
  });
  return command;
}
