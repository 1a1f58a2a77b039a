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

/** What every refusal says first when its command gives no verdict of its own. */
export const DEFAULT_VERDICT = "invalid input; nothing was changed";

/** The verdict of a refusal (exit 2): what `refused: ` starts its output with. */
export function refusalVerdict(err: unknown): string | undefined {
  if (err instanceof InputError) return err.verdict ?? DEFAULT_VERDICT;
  if (err instanceof CliError && err.exitCode === EXIT_BAD_INPUT) return err.message;
  return undefined;
}

/**
 * The JSON of an error: `{"refused","errors":[{"field","rule","limit","received","fix"}]}` for bad input
 * (the verdict first, as in text), and `{"errors":[{"message"}]}` for a failure.
 */
export function errorsJson(err: unknown): {
  refused?: string;
  errors: (ProblemJson | { message: string })[];
  details?: readonly string[];
} {
  if (err instanceof InputError) {
    return {
      refused: refusalVerdict(err)!,
      errors: err.problems.map(problemJson),
      ...(err.details.length > 0 ? { details: err.details } : {}),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  const refused = refusalVerdict(err);
  return refused !== undefined ? { refused, errors: [{ message }] } : { errors: [{ message }] };
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
    // The verdict first, then every problem, then what the command would have done.
    log.error(
      [
        `refused: ${refusalVerdict(err)}`,
        ...err.problems.map((p) => `  - ${formatProblem(p)}`),
        ...err.details,
      ].join("\n"),
    );
  } else if (refusalVerdict(err) !== undefined) {
    log.error(`refused: ${refusalVerdict(err)}`);
  } else if (err instanceof Error) {
    log.error(`error: ${err.message}`);
    if (process.env["CLOUDTIER_DEBUG"] && err.stack) log.error(err.stack);
  } else {
    log.error(`error: ${String(err)}`);
  }
  if (options.json && !resultPrinted()) log.out(JSON.stringify(errorsJson(err), null, 2));
  return code;
}
