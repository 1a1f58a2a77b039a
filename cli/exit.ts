/**
 * Exit codes and the one place errors become them: 0 success, 1 a failure (a stack failed, a mandatory
 * policy was violated), 2 bad input. Input errors print a short message, never a stack trace. With
 * `--json`, errors are also printed on stdout as JSON, unless the command already printed its result there.
 */
import { InputError, type InputProblem, formatProblem } from "../domain/errors.js";
import { log, resultPrinted } from "./logger.js";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** An error that carries its own exit code and an already user-facing message. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof InputError) return EXIT_BAD_INPUT;
  if (err instanceof CliError) return err.exitCode;
  return EXIT_FAILURE;
}

/** One bad input in the JSON shape: every key present, `null` where there is no limit or no value. */
export interface ProblemJson {
  readonly field: string;
  readonly rule: string;
  readonly limit: string | null;
  readonly received: unknown;
  readonly fix: string;
}

export function problemJson(p: InputProblem): ProblemJson {
  return { field: p.field, rule: p.rule, limit: p.limit ?? null, received: p.received ?? null, fix: p.fix };
}

/**
 * The JSON of an error: `{"errors":[{"field","rule","limit","received","fix"}]}` for bad input, and
 * `{"errors":[{"message"}]}` for a failure.
 */
export function errorsJson(err: unknown): { errors: (ProblemJson | { message: string })[] } {
  if (err instanceof InputError) return { errors: err.problems.map(problemJson) };
  return { errors: [{ message: err instanceof Error ? err.message : String(err) }] };
}

export interface ReportOptions {
  /** The command line asked for JSON. */
  readonly json?: boolean;
  /** The message was printed already (commander prints its own): only the JSON is left to print. */
  readonly alreadyShown?: boolean;
}

export function reportError(err: unknown, options: ReportOptions = {}): number {
  const code = exitCodeFor(err);
  if (options.alreadyShown) {
    // Printed by whoever raised it.
  } else if (err instanceof InputError) {
    log.error(`error: invalid input\n${err.problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
  } else if (err instanceof Error) {
    log.error(`error: ${err.message}`);
    if (process.env["CLOUDTIER_DEBUG"] && err.stack) log.error(err.stack);
  } else {
    log.error(`error: ${String(err)}`);
  }
  if (options.json && !resultPrinted()) log.out(JSON.stringify(errorsJson(err), null, 2));
  return code;
}
