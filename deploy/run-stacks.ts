/**
 * Running one operation over many stacks: at most `parallel` at a time, each stack's failure recorded and
 * never stopping the others, results in the order the stacks were given. The driver does the Pulumi work;
 * this module knows nothing of the SDK, so it is tested with plain functions.
 */
import { availableParallelism } from "node:os";
import { type ChangeCounts, type Operation, StackFailure, type StackResult } from "./types.js";

/**
 * Stacks deployed at once by default. Each stack runs a Pulumi engine, a Node language host and provider
 * plugins (several hundred MB together) and mostly waits on cloud APIs, so a few more than the cores, but
 * not many more.
 */
export const DEFAULT_PARALLEL = Math.max(2, Math.min(4, availableParallelism()));
export const MAX_PARALLEL = 64;

/** Maps over items with at most `limit` calls in flight; never rejects, keeps the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i], i) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

/** Runs critical sections one at a time, in call order (e.g. commands that rewrite a shared file). */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The next caller waits for this one whether it succeeded or not.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** What a driver returns for a stack that did not fail. */
export interface DriverOutcome {
  readonly changes: ChangeCounts;
  /** `skipped` when there was nothing to do; default `succeeded`. */
  readonly result?: "succeeded" | "skipped";
  readonly message?: string;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** Does one operation on one stack. Throws StackFailure (or any error) when it does not succeed. */
export type StackDriver = (
  stack: string,
  operation: Operation,
  report: (text: string) => void,
) => Promise<DriverOutcome>;

/** Progress display: a live line per stack on a terminal, plain lines otherwise. */
export interface ProgressReporter {
  begin(stacks: readonly string[], operation: Operation): void;
  started(stack: string): void;
  update(stack: string, text: string): void;
  finished(result: StackResult): void;
  /** Waits until the display has drawn its last frame. */
  end(): Promise<void>;
}

export const silentProgress: ProgressReporter = {
  begin: () => undefined,
  started: () => undefined,
  update: () => undefined,
  finished: () => undefined,
  end: () => Promise.resolve(),
};

export interface RunOptions {
  readonly parallel?: number;
  readonly progress?: ProgressReporter;
  /** Clock, replaceable in tests. */
  readonly now?: () => number;
}

export function toStackResult(
  stack: string,
  operation: Operation,
  durationMs: number,
  outcome: PromiseSettledResult<DriverOutcome>,
): StackResult {
  if (outcome.status === "fulfilled") {
    const { changes, result = "succeeded", message, outputs } = outcome.value;
    return {
      stack,
      operation,
      result,
      changes,
      durationMs,
      ...(message !== undefined ? { message } : {}),
      ...(outputs !== undefined ? { outputs } : {}),
    };
  }
  const err: unknown = outcome.reason;
  if (err instanceof StackFailure) {
    return {
      stack,
      operation,
      result: err.kind,
      changes: err.details.changes ?? {},
      durationMs,
      message: err.message,
      ...(err.details.lock !== undefined ? { lock: err.details.lock } : {}),
    };
  }
  return {
    stack,
    operation,
    result: "failed",
    changes: {},
    durationMs,
    message: err instanceof Error ? err.message : String(err),
  };
}

/** Runs the operation on every stack; resolves with one result per stack, in the given order. */
export async function runStacks(
  stacks: readonly string[],
  operation: Operation,
  driver: StackDriver,
  options: RunOptions = {},
): Promise<StackResult[]> {
  const progress = options.progress ?? silentProgress;
  const now = options.now ?? (() => performance.now());
  progress.begin(stacks, operation);
  const results: StackResult[] = new Array<StackResult>(stacks.length);
  await mapBounded(stacks, options.parallel ?? DEFAULT_PARALLEL, async (stack, i) => {
    progress.started(stack);
    const start = now();
    let outcome: PromiseSettledResult<DriverOutcome>;
    try {
      outcome = {
        status: "fulfilled",
        value: await driver(stack, operation, (text) => progress.update(stack, text)),
      };
    } catch (reason) {
      outcome = { status: "rejected", reason };
    }
    results[i] = toStackResult(stack, operation, Math.round(now() - start), outcome);
    progress.finished(results[i]);
  });
  await progress.end();
  return results;
}
