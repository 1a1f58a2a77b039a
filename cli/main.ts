/**
 * The command line: wires the commands, parses, and maps every error to an exit code in one place.
 * Command modules are small; heavy modules (Pulumi, provider SDKs, the planner) load inside actions, so
 * `--help`, `regions` and `tiers` start fast.
 */
import { Command, CommanderError } from "commander";
import { planCommand } from "./commands/plan.js";
import { regionsCommand } from "./commands/regions.js";
import { tiersCommand } from "./commands/tiers.js";
import { ciCommand } from "./commands/ci.js";
import { destroyCommand } from "./commands/destroy.js";
import { driftCommand } from "./commands/drift.js";
import { exportCommand } from "./commands/export.js";
import { offboardCommand } from "./commands/offboard.js";
import { onboardCommand } from "./commands/onboard.js";
import { previewCommand } from "./commands/preview.js";
import { refreshCommand } from "./commands/refresh.js";
import { statusCommand } from "./commands/status.js";
import { upCommand } from "./commands/up.js";
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from "./exit.js";
import { log } from "./logger.js";

export function buildProgram(): Command {
  const program = new Command("cloudtier")
    .description(
      "Provision a multi-tenant Kubernetes platform and isolated customer environments on AWS, GCP, Azure, " +
        "Scaleway and existing clusters, with Pulumi.",
    )
    .version("0.1.0")
    .option(
      "-C, --project-dir <dir>",
      "project holding Pulumi.yaml and stacks/ (default: found from the working directory)",
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => log.out(text),
      writeErr: (text) => log.error(text.trimEnd()),
    });
  // Commander errors (unknown option, bad choice, missing argument) are bad input: exit 2, not 1.
  program.exitOverride();
  for (const command of [
    planCommand(),
    regionsCommand(),
    tiersCommand(),
    onboardCommand(),
    previewCommand(),
    upCommand(),
    refreshCommand(),
    destroyCommand(),
    driftCommand(),
    statusCommand(),
    offboardCommand(),
    ciCommand(),
    exportCommand(),
  ]) {
    // Commands built on their own do not inherit output and exit settings unless copied.
    program.addCommand(command.copyInheritedSettings(program));
  }
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help"
      ) {
        return EXIT_OK;
      }
      return EXIT_BAD_INPUT;
    }
    return reportError(err);
  }
}
