/**
 * The one error type for bad user input. Every problem names the field, the rule it broke, the limit
 * where there is one, the value received and how to fix it. The CLI maps it to exit code 2 and a short
 * message, never a stack trace.
 */
export interface InputProblem {
  /** Dotted path of the offending field, e.g. `customer.id` or `members[1].role`. */
  readonly field: string;
  /** The rule that was broken, in words: "must be a DNS-1123 label". */
  readonly rule: string;
  /** The limit involved, when the rule has one: "63 characters", "at most 64 pods". */
  readonly limit?: string;
  /** The value received, as given. */
  readonly received: unknown;
  /** What to do instead. */
  readonly fix: string;
}

/** How a refusal reads besides its problems: its verdict, and lines that explain it. */
export interface RefusalText {
  /**
   * What was refused, said first (`refused: <verdict>`): "onboarding acme; nothing was written".
   * @default "invalid input; nothing was changed"
   */
  readonly verdict?: string;
  /** Lines shown after the problems (what the command would have done), never a word of success. */
  readonly details?: readonly string[];
}

export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  readonly verdict: string | undefined;
  readonly details: readonly string[];

  constructor(problems: readonly InputProblem[], text: RefusalText = {}) {
    if (problems.length === 0) throw new Error("InputError needs at least one problem");
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = problems;
    this.verdict = text.verdict;
    this.details = text.details ?? [];
  }

  static single(problem: InputProblem): InputError {
    return new InputError([problem]);
  }
}

export function formatProblem(p: InputProblem): string {
  const limit = p.limit === undefined ? "" : ` (limit: ${p.limit})`;
  return `${p.field}: ${p.rule}${limit}; received ${describeValue(p.received)}. ${p.fix}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Throws one InputError holding every problem found, or returns when there are none. */
export function throwIfProblems(problems: readonly InputProblem[], text?: RefusalText): void {
  if (problems.length > 0) throw new InputError(problems, text);
}

/** The same refusal with its verdict (and details) said: for a command that knows what it refuses. */
export function withVerdict(err: unknown, text: RefusalText): unknown {
  if (!(err instanceof InputError)) return err;
  return new InputError(err.problems, {
    verdict: text.verdict ?? err.verdict,
    details: [...err.details, ...(text.details ?? [])],
  });
}
