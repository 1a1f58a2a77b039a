/**
 * Exit codes and the one place errors become them: 0 success, 1 a failure (a stack failed, a mandatory
 * policy was violated), 2 bad input. Input errors print a short message, never a stack trace.
 */
import { InputError, formatProblem } from "../domain/errors.js";
import { log } from "./logger.js";

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

export function reportError(err: unknown): number {
  const code = exitCodeFor(err);
  if (err instanceof InputError) {
    log.error(`error: invalid input\n${err.problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
  } else if (err instanceof Error) {
    log.error(`error: ${err.message}`);
    if (process.env["CLOUDTIER_DEBUG"] && err.stack) log.error(err.stack);
  } else {
    log.error(`error: ${String(err)}`);
  }
  return code;
}
