/**
 * The command line: wires the commands, parses, and maps every error to an exit code in one place.
 * Command modules are small; heavy modules (Pulumi, provider SDKs, the planner) load inside actions, so
 * `--help`, `regions` and `tiers` start fast. A command line that names its command loads that command's
 * module only; the others are loaded for the top-level help, `help <command>` and unknown commands.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "../domain/errors.js";
import { EXIT_BAD_INPUT, EXIT_OK, reportError } from "./exit.js";
import { log, resetResultMark } from "./logger.js";
import { rejectRepeatedOptions } from "./options.js";
import { checkProjectDir } from "./project.js";

/**
 * The clouds as the help names them, one per cloud of the registry (`regions/types.ts` CLOUDS; a test holds
 * the two together), without loading the catalog.
 */
export const CLOUD_NAMES =
  "AWS, GCP, Azure, Scaleway, DigitalOcean and existing clusters (a kubeconfig context)";

/** Every command, by name, in the order the help lists them. */
export const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  plan: async () => (await import("./commands/plan.js")).planCommand(),
  regions: async () => (await import("./commands/regions.js")).regionsCommand(),
  tiers: async () => (await import("./commands/tiers.js")).tiersCommand(),
  cost: async () => (await import("./commands/cost.js")).costCommand(),
  onboard: async () => (await import("./commands/onboard.js")).onboardCommand(),
  customers: async () => (await import("./commands/customers.js")).customersCommand(),
  customer: async () => (await import("./commands/customer.js")).customerCommand(),
  preview: async () => (await import("./commands/preview.js")).previewCommand(),
  up: async () => (await import("./commands/up.js")).upCommand(),
  refresh: async () => (await import("./commands/refresh.js")).refreshCommand(),
  destroy: async () => (await import("./commands/destroy.js")).destroyCommand(),
  drift: async () => (await import("./commands/drift.js")).driftCommand(),
  status: async () => (await import("./commands/status.js")).statusCommand(),
  offboard: async () => (await import("./commands/offboard.js")).offboardCommand(),
  ci: async () => (await import("./commands/ci.js")).ciCommand(),
  export: async () => (await import("./commands/export.js")).exportCommand(),
  doctor: async () => (await import("./commands/doctor.js")).doctorCommand(),
  completion: async () => (await import("./commands/completion.js")).completionCommand(),
  restore: async () => (await import("./commands/restore.js")).restoreCommand(),
};

/** The command a command line runs, when it names one before any help or version flag. */
export function commandOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-C" || arg === "--project-dir") i++;
    else if (arg.startsWith("--project-dir=") || (arg.startsWith("-C") && arg.length > 2)) continue;
    else if (arg.startsWith("-")) return undefined;
    else return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/** The program with the commands `argv` needs: the one it names, or all of them. */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command("cloudtier")
    .description(
      `Provision a multi-tenant Kubernetes platform and isolated customer environments on ${CLOUD_NAMES}, ` +
        "with Pulumi.",
    )
    .version("0.1.0")
    .option(
      "-C, --project-dir <dir>",
      "project holding Pulumi.yaml and stacks/; must exist, never created (default: found from the working directory)",
    )
    // A refusal is its verdict and a pointer to the help, not the whole help (whose text describes what
    // the command does when it succeeds). With --json the error goes to stdout as JSON; stderr keeps
    // commander's one line.
    .showHelpAfterError(argv !== undefined && wantsJson(argv) ? false : "(see --help for usage)")
    .configureOutput({
      writeOut: (text) => log.out(text),
      // The parser's errors are refusals like every other bad input: the verdict first.
      writeErr: (text) => log.error(text.trimEnd().replace(/^error: /, "refused: ")),
    });
  // Commander errors (unknown option, bad choice, missing argument) are bad input: exit 2, not 1.
  program.exitOverride();
  const named = argv === undefined ? undefined : commandOf(argv);
  const commands = await Promise.all(
    (named ? [named] : Object.keys(COMMANDS)).map((name) => COMMANDS[name]()),
  );
  for (const command of commands) {
    // Commands built on their own do not inherit output and exit settings unless copied.
    program.addCommand(command.copyInheritedSettings(program));
  }
  rejectRepeatedOptions(program);
  // A project directory that does not exist, or is not a project, is bad input for every command.
  program.hook("preAction", () => {
    const dir = program.opts<{ projectDir?: string }>().projectDir;
    if (dir !== undefined) checkProjectDir(dir);
  });
  return program;
}

/** Whether a command line asks for JSON: `--json` before any `--`. */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

/** `help <name>` naming no command: the name, else undefined. */
function unknownHelpTopic(argv: readonly string[]): string | undefined {
  const words = argv.filter(
    (a, i) => !a.startsWith("-") && argv[i - 1] !== "-C" && argv[i - 1] !== "--project-dir",
  );
  return words[0] === "help" && words[1] !== undefined && !Object.hasOwn(COMMANDS, words[1])
    ? words[1]
    : undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  resetResultMark();
  const json = wantsJson(argv);
  const topic = unknownHelpTopic(argv);
  if (topic !== undefined) {
    return reportError(
      InputError.single({
        field: "help <command>",
        rule: "must name a cloudtier command",
        limit: Object.keys(COMMANDS).join(", "),
        received: topic,
        fix: "Run `cloudtier --help` for the commands.",
      }),
      { json },
    );
  }
  const program = await buildProgram(argv);
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
      // commander printed its message already; with --json the same problem goes to stdout too. Its
      // errors are bad input: exit 2, not 1.
      if (!json) return EXIT_BAD_INPUT;
      const { parseErrorProblem } = await import("./parse-errors.js");
      const command = ["cloudtier", commandOf(argv)].filter(Boolean).join(" ");
      return reportError(new InputError([parseErrorProblem(err, command)]), { json, alreadyShown: true });
    }
    return reportError(err, { json });
  }
}
