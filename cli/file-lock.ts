/**
 * A lock file held across processes. It is created atomically, as a hard link to a complete temporary
 * file, so no process ever reads it half-written. It names its holder: pid, host, command, start time.
 * When the holder's process is gone from this host, the lock is stale and gets broken. A live holder is
 * waited for, but only up to a bound.
 *
 * The stack-file module uses it to serialise writes to `stacks/`; nothing here knows about stack files.
 */
import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { CliError, EXIT_FAILURE } from "./exit.js";

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** What holds the lock, e.g. `cloudtier onboard`. */
  readonly command: string;
  /** When the lock was taken, ISO 8601. */
  readonly since: string;
  /** Unique to one acquisition: tells this lock apart from a later one taken by the same process. */
  readonly token: string;
  /** The holder process's start time as the kernel counts it (Linux), so a reused pid is not mistaken for it. */
  readonly processStart?: string;
}

export interface HeldLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Whether the lock file is still this acquisition's (a stale-lock breaker may, in a narrow race, take it). */
  stillHeld(): boolean;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export interface LockOptions {
  /** Who is asking, for the lock file and for the messages of those who wait. */
  readonly command: string;
  /** What the lock guards, in words, for messages: "stacks/ of /srv/platform". */
  readonly what: string;
  /** How long to wait for a live holder before giving up, milliseconds. */
  readonly timeoutMs: number;
  /** Called once, when the lock is found held and waiting begins. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  /** Called when a stale lock (its holder gone) is broken. */
  readonly onBreak?: (holder: LockHolder | undefined) => void;
}

/** An unreadable lock file older than this is taken as left behind by a process killed while creating it. */
const UNREADABLE_STALE_MS = 10_000;

/** Exit 1: the lock was held by a live process for longer than the caller would wait. */
export class LockTimeoutError extends CliError {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
    what: string,
  ) {
    super(
      `${what} is locked by ${describeLockHolder(holder)}; waited ${Math.round(waitedMs / 1000)} s ` +
        `for ${path}. Nothing was written. Run again once that command has finished` +
        (holder && holder.host !== hostname()
          ? `; if it is no longer running on ${holder.host}, delete ${path}.`
          : "."),
      EXIT_FAILURE,
    );
    this.name = "LockTimeoutError";
  }
}

export function describeLockHolder(holder: LockHolder | undefined): string {
  if (!holder) return "a process that did not say who it is";
  return `\`${holder.command}\` (pid ${holder.pid} on ${holder.host}, since ${holder.since})`;
}

/** Start time of a process, field 22 of /proc/<pid>/stat; undefined where there is no /proc. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

type Observed = { state: "absent" } | { state: "held"; holder: LockHolder | undefined; ageMs: number };

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof value.pid === "number" &&
      typeof value.host === "string" &&
      typeof value.command === "string" &&
      typeof value.since === "string" &&
      typeof value.token === "string"
    ) {
      return value as LockHolder;
    }
  } catch {
    // An unreadable lock file: its holder is unknown.
  }
  return undefined;
}

/** Who holds a lock file now, if anyone. */
export function readLockHolder(path: string): Observed {
  try {
    const text = readFileSync(path, "utf8");
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return { state: "held", holder: parseHolder(text), ageMs };
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return { state: "absent" };
    throw err;
  }
}

/** A holder is stale when its process is gone from this host (or its pid now belongs to another process). */
export function isStale(observed: Extract<Observed, { state: "held" }>): boolean {
  const { holder } = observed;
  if (!holder) return observed.ageMs > UNREADABLE_STALE_MS;
  if (holder.host !== hostname()) return false;
  if (!processAlive(holder.pid)) return true;
  if (holder.processStart === undefined) return false;
  const now = processStart(holder.pid);
  return now !== undefined && now !== holder.processStart;
}

/** Creates the lock file holding `holder`; false when it exists. */
function tryCreate(path: string, holder: LockHolder): boolean {
  const temp = `${path}.${holder.pid}-${holder.token.slice(0, 8)}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(holder)}\n`, { flag: "wx" });
    linkSync(temp, path);
    return true;
  } catch (err) {
    if (errnoCode(err) === "EEXIST") return false;
    if (errnoCode(err) === "ENOENT") {
      // Another process removed the (empty) directory meanwhile: make it again and retry.
      mkdirSync(dirname(path), { recursive: true });
      return false;
    }
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Breaks a stale lock. Moving it aside first is atomic, so of several processes that found it stale one
 * alone removes it; one that moved aside a newer, live lock instead puts that one back.
 */
function breakStale(path: string, stale: LockHolder | undefined): void {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return;
    throw err;
  }
  try {
    const taken = parseHolder(readFileSync(aside, "utf8"));
    if (taken?.token !== stale?.token) {
      try {
        linkSync(aside, path);
      } catch {
        // A third process took the lock meanwhile; the one moved aside sees it lost at `stillHeld`.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function held(path: string, holder: LockHolder): HeldLock {
  let released = false;
  const stillHeld = () => {
    if (released) return false;
    const now = readLockHolder(path);
    return now.state === "held" && now.holder?.token === holder.token;
  };
  const release = () => {
    if (released) return;
    const mine = stillHeld();
    released = true;
    process.off("exit", onExit);
    if (mine) rmSync(path, { force: true });
  };
  // A command that exits while holding the lock (process.exit in a library) still lets it go if it can.
  const onExit = () => {
    try {
      release();
    } catch {
      // The next taker finds it stale: this process is gone by then.
    }
  };
  process.on("exit", onExit);
  return { path, holder, stillHeld, release };
}

/**
 * The steps of taking a lock: yields how long to sleep before the next attempt, returns the held lock.
 * Written once, driven by a synchronous and an asynchronous sleeper.
 */
function* acquiring(path: string, options: LockOptions): Generator<number, HeldLock> {
  const start = processStart(process.pid);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command: options.command,
    since: new Date().toISOString(),
    token: randomUUID(),
    ...(start !== undefined ? { processStart: start } : {}),
  };
  const started = Date.now();
  let announced = false;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, holder)) return held(path, holder);
    const observed = readLockHolder(path);
    if (observed.state === "absent") continue;
    if (isStale(observed)) {
      breakStale(path, observed.holder);
      options.onBreak?.(observed.holder);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) {
      throw new LockTimeoutError(path, observed.holder, waited, options.what);
    }
    if (!announced) {
      options.onWait?.(observed.holder);
      announced = true;
    }
    // Short at first (most holders finish in milliseconds), then up to a quarter second, with jitter so that
    // waiting processes do not retry in step.
    const pause = Math.min(250, 10 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random() / 2);
    yield Math.max(1, Math.min(pause, options.timeoutMs - waited));
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Takes the lock, blocking this thread while it waits. For short, synchronous sections. */
export function acquireLockSync(path: string, options: LockOptions): HeldLock {
  const steps = acquiring(path, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    Atomics.wait(sleeper, 0, 0, step.value);
  }
}

/** Takes the lock, letting other work of this process run while it waits. */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const steps = acquiring(path, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, step.value));
  }
}
