/**
 * The vocabulary of deployments, shared by the orchestration, the summary and the CLI. Pure: nothing here
 * loads Pulumi, so commands can describe and validate a deployment before the SDK is loaded.
 */

/** What a deploy command does to each selected stack. `drift` is a preview that expects no changes. */
export const OPERATIONS = ["preview", "up", "refresh", "destroy", "drift"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Resource operation counts as the engine reports them (`create`, `update`, `same`, ...). */
export type ChangeCounts = Readonly<Record<string, number>>;

/**
 * How a stack ended:
 * - `succeeded`: the operation completed (for `drift`: no changes were proposed);
 * - `drifted`: `drift` found changes;
 * - `locked`: another update holds the stack's lock;
 * - `failed`: anything else went wrong;
 * - `skipped`: there was nothing to do (e.g. `destroy` of a stack that was never deployed).
 */
export type StackResultKind = "succeeded" | "drifted" | "locked" | "failed" | "skipped";

/** Who holds a stack's lock, as the backend reports it. */
export interface LockHolder {
  /** `user@host`, when the backend names it (file, s3, gs and azblob backends do). */
  readonly holder?: string;
  readonly pid?: number;
  /** When the lock was taken, as the backend printed it. */
  readonly since?: string;
  /** The lock file, for DIY backends. */
  readonly lockFile?: string;
}

export interface StackResult {
  readonly stack: string;
  readonly operation: Operation;
  readonly result: StackResultKind;
  /** Engine operation counts; empty when the stack failed before the engine ran. */
  readonly changes: ChangeCounts;
  readonly durationMs: number;
  /** One short paragraph: why it failed, or a note (e.g. "not deployed"). */
  readonly message?: string;
  /** Set when `result` is `locked`. */
  readonly lock?: { readonly holders: readonly LockHolder[]; readonly advice: string };
  /** Stack outputs after `up`, when the driver reports them. */
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/**
 * A stack operation that did not succeed, thrown by a driver and turned into a StackResult by the runner.
 * Drivers translate SDK errors into this so nothing past the driver depends on the SDK's classes.
 */
export class StackFailure extends Error {
  constructor(
    readonly kind: Exclude<StackResultKind, "succeeded">,
    message: string,
    readonly details: {
      readonly changes?: ChangeCounts;
      readonly lock?: StackResult["lock"];
    } = {},
  ) {
    super(message);
    this.name = "StackFailure";
  }
}

/** Operation counts that are not changes: the resource stayed as it was, or was only read. */
const NOT_CHANGES = new Set(["same", "read", "refresh"]);

/** Whether an engine step's operation changes the resource. */
export function isChange(op: string): boolean {
  return !NOT_CHANGES.has(op);
}

/** The number of resources an operation changes (creates, updates, deletes, replaces, ...). */
export function changeCount(changes: ChangeCounts): number {
  return Object.entries(changes).reduce((n, [op, count]) => (NOT_CHANGES.has(op) ? n : n + count), 0);
}
