/**
 * What the deploy-type commands share: the selection, backend and output flags, the checks made before any
 * stack is touched, and the run itself. The Automation API module is loaded here, inside actions only.
 */
import type { Command } from "commander";
import {
  type Backend,
  checkSecretsProvider,
  passphraseProblems,
  resolveBackend,
  stackSecretsProvider,
} from "../deploy/backend.js";
import { DEFAULT_PARALLEL, MAX_PARALLEL, type StackDriver } from "../deploy/run-stacks.js";
import type { DeploySummaryJson } from "../deploy/summary.js";
import type { Operation, StackResult } from "../deploy/types.js";
import { throwIfProblems } from "../domain/errors.js";
import { CliError, EXIT_FAILURE } from "./exit.js";
import { log } from "./logger.js";
import { collect, parsePositiveInt } from "./options.js";
import type { SelectionFlags } from "./stack-selection.js";

export interface BackendFlags {
  readonly backend?: string;
  readonly secretsProvider?: string;
}

export interface DeployFlags extends SelectionFlags, BackendFlags {
  readonly parallel?: string;
  readonly json?: boolean;
  readonly refresh?: boolean;
}

export const ENVIRONMENT_HELP = `
Environment:
  PULUMI_BACKEND_URL        state backend when --backend is not given (default: file://<project>/.pulumi-state)
  PULUMI_CONFIG_PASSPHRASE  passphrase of stacks using the passphrase secrets provider (or PULUMI_CONFIG_PASSPHRASE_FILE)
  CLOUDTIER_PULUMI_ROOT     a directory holding bin/pulumi to use instead of the pulumi on PATH / in $PULUMI_HOME
Install the Pulumi CLI: https://www.pulumi.com/docs/install/`;

export function addSelectionOptions(command: Command): Command {
  return command
    .option("--stack <name>", "a stack, by its file stacks/Pulumi.<name>.yaml; repeatable", collect)
    .option("--customer <id>", "every stack holding this customer; repeatable", collect)
    .option(
      "--file <path>",
      "every stack holding a customer of this batch file (customers: [{id, ...}], as onboard --file reads)",
    )
    .option("--all", "every stack under stacks/ (except offboarded ones)");
}

/**
 * `--backend`, and `--secrets-provider` where the command may create stacks (`up`, `preview`, `onboard
 * --deploy`): elsewhere it would be silently ignored, so it is not offered.
 */
export function addBackendOptions(command: Command, options: { createsStacks: boolean }): Command {
  command.option(
    "--backend <url>",
    "state backend: file://..., s3://..., gs://..., azblob://..., https://api.pulumi.com",
  );
  if (!options.createsStacks) return command;
  return command.option(
    "--secrets-provider <provider>",
    "secrets provider for stacks created by this run: passphrase (default on self-managed backends), " +
      "default (Pulumi Cloud), or a KMS key URL (awskms://, gcpkms://, azurekeyvault://, hashivault://)",
  );
}

export function addRunOptions(command: Command): Command {
  return command
    .option(
      "--parallel <n>",
      `stacks run at once, 1 to ${MAX_PARALLEL} (default: ${DEFAULT_PARALLEL} on this machine)`,
    )
    .option(
      "--json",
      'print JSON on stdout: {"operation","ok","stacks":[{"stack","result","changes","changeCount","durationMs",...}]}; ' +
        "progress goes to stderr as plain lines",
    );
}

export interface DeploySettings {
  readonly project: string;
  readonly backend: Backend;
  readonly secretsProvider?: string;
  readonly parallel: number;
  readonly json: boolean;
  /** `up`/`preview --refresh`. */
  readonly refresh?: boolean;
}

/**
 * Checks the flags and environment for these stacks before anything runs: parallelism, backend, secrets
 * provider, and the passphrase of every stack that needs one.
 */
export function deploySettings(
  project: string,
  stacks: readonly { readonly stack: string; readonly secretsProvider?: string | undefined }[],
  flags: DeployFlags,
  options: {
    /**
     * Whether pulumi is about to run, so the stacks' secrets are needed now: a command that only shows
     * what it would do (a dry run, a missing --yes) checks its options and asks for no passphrase.
     * @default true
     */
    readonly secrets?: boolean;
  } = {},
): DeploySettings {
  const parallel = parsePositiveInt(flags.parallel, "--parallel", MAX_PARALLEL) ?? DEFAULT_PARALLEL;
  const backend = resolveBackend(project, flags.backend, process.env);
  const secretsProvider = checkSecretsProvider(flags.secretsProvider);
  if (options.secrets ?? true) {
    throwIfProblems(
      passphraseProblems(
        stacks.map((s) => ({
          stack: s.stack,
          provider: stackSecretsProvider(s.secretsProvider, secretsProvider, backend),
        })),
        process.env,
      ),
    );
  }
  return {
    project,
    backend,
    parallel,
    json: flags.json ?? false,
    refresh: flags.refresh ?? false,
    ...(secretsProvider !== undefined ? { secretsProvider } : {}),
  };
}

/** Loads the Automation API and connects to the Pulumi CLI. */
export async function connect(settings: DeploySettings) {
  const { Deployer } = await import("../deploy/automation.js");
  return Deployer.connect({
    project: settings.project,
    backend: settings.backend,
    refresh: settings.refresh,
    note: (text) => log.info(text),
    ...(settings.secretsProvider !== undefined ? { secretsProvider: settings.secretsProvider } : {}),
  });
}

/** Runs a driver over the stacks with the right progress display. */
export async function runWithProgress(
  settings: DeploySettings,
  stacks: readonly string[],
  operation: Operation,
  driver: StackDriver,
): Promise<StackResult[]> {
  const [{ runStacks }, { chooseProgress }] = await Promise.all([
    import("../deploy/run-stacks.js"),
    import("../deploy/progress.js"),
  ]);
  const progress = chooseProgress({
    json: settings.json,
    parallel: settings.parallel,
    write: (line) => log.info(line),
  });
  return runStacks(stacks, operation, driver, { parallel: settings.parallel, progress });
}

/** Prints the table (or JSON) and the details; throws a CliError (exit 1) when a stack did not succeed. */
export async function reportResults(
  operation: Operation,
  results: readonly StackResult[],
  json: boolean,
  wrapJson: (summary: DeploySummaryJson) => unknown = (s) => s,
): Promise<void> {
  const summary = await import("../deploy/summary.js");
  if (json) {
    log.out(JSON.stringify(wrapJson(summary.toJson(operation, results)), null, 2));
  } else {
    log.out(summary.renderTable(results));
    log.out(summary.renderTotals(operation, results));
    const details = summary.renderDetails(results);
    if (details) log.out(`\n${details}`);
  }
  failIfAny(operation, results);
}

export function failIfAny(operation: Operation, results: readonly StackResult[]): void {
  const bad = results.filter((r) => r.result === "failed" || r.result === "locked" || r.result === "drifted");
  if (bad.length === 0) return;
  const verb =
    operation === "drift" && bad.every((r) => r.result === "drifted") ? "drifted" : "did not succeed";
  throw new CliError(
    `${bad.length} of ${results.length} stack${results.length === 1 ? "" : "s"} ${verb}: ${bad.map((r) => `${r.stack} (${r.result})`).join(", ")}`,
    EXIT_FAILURE,
  );
}
