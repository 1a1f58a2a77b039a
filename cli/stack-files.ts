/**
 * The one owner of the stack files `stacks/Pulumi.<stack>.yaml`, the same files a plain `pulumi up` reads.
 * This module lists them and reads them, validating each with the stack-config schema: bad content is bad
 * input naming the file and the field. Changes to them are bytes before and after (their format is
 * `stack-file-format.ts`, re-exported here), so a diff exists before anything is written. This module
 * writes and removes them under the project's stack lock; nothing else does.
 *
 * Writes touch only cloudtier's keys and the project settings onboarding pins (`gcp:project`; Pulumi keeps
 * its encryption salt and secrets in the same file) and leave a file byte-identical when nothing changed. The changes of one command are committed together.
 * Each new file is written to a temporary file first. A journal listing the renames then marks the commit,
 * and only after it do the renames run. A commit that fails before the journal leaves every file as it
 * was and removes its temporary files. A commit interrupted after it (a killed process, a file system
 * turned read-only) is finished by the next command that takes the lock or reads the files.
 */
import { randomUUID } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { STACK_CONFIG_KEY, type StackConfigInput } from "../domain/stack-config.js";
import { CliError, EXIT_FAILURE } from "./exit.js";
import {
  type HeldLock,
  type LockOptions,
  acquireLock,
  acquireLockSync,
  describeLockHolder,
  processAlive,
} from "./file-lock.js";
import { log } from "./logger.js";
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from "./options.js";
import { stacksDir } from "./project.js";
import {
  type StackFile,
  type StackFileChange,
  checkStackName,
  configChange,
  isRecord,
  parseStackFile,
  stackFileName,
  stackNameProblem,
} from "./stack-file-format.js";

export {
  type FileChange,
  OFFBOARDED_KEY,
  type RenderOptions,
  type StackFile,
  type StackFileChange,
  checkStackName,
  configChange,
  fileChange,
  offboardedChange,
  parseStackFile,
  removalChange,
  renderStackFile,
  stackFileName,
} from "./stack-file-format.js";

/** The lock that serialises writes to `stacks/`, inside it. */
export const LOCK_FILE = ".cloudtier.lock";
/** The journal of a commit in progress, inside `stacks/`. */
export const JOURNAL_FILE = ".cloudtier-commit.json";

/** Larger than any real stack file (a full shard is a few hundred kilobytes); refused before reading. */
const MAX_STACK_FILE_BYTES = 64 * 1024 * 1024;

export function stackFilePath(project: string, stack: string): string {
  return join(stacksDir(project), `Pulumi.${stack}.yaml`);
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** `ENOSPC: no space left on device`, from a file-system error. */
function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!e?.code) return err instanceof Error ? err.message : String(err);
  const text = e.message.replace(/^[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "");
  return `${e.code}: ${text}`;
}

/** Exit 1: the file system refused a read or write; the message names the path. */
export class FileSystemError extends CliError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(message, EXIT_FAILURE);
    this.name = "FileSystemError";
  }
}

function fsError(err: unknown, path: string, doing: string, consequence: string): FileSystemError {
  return new FileSystemError(
    `${doing} ${path} failed: ${describeFsError(err)}. ${consequence}`,
    path,
    errnoCode(err),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** The directory entries of `stacks/`; none when it does not exist. */
function stacksEntries(project: string): string[] {
  const dir = stacksDir(project);
  try {
    return readdirSync(dir);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return [];
    if (errnoCode(err) === "ENOTDIR") {
      throw InputError.single({
        field: "stacks/",
        rule: "must be a directory",
        received: dir,
        fix: "Move the file named stacks out of the way: stack files live in the directory stacks/.",
      });
    }
    throw fsError(err, dir, "Reading", "Nothing was written.");
  }
}

/** Names of the stacks that have a file under `stacks/`, sorted. */
export function listStackFiles(project: string): string[] {
  return stacksEntries(project)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** A stack file's bytes, or undefined when it does not exist; anything but a readable file is bad input. */
function readStackBytes(project: string, stack: string): string | undefined {
  const path = stackFilePath(project, stack);
  const name = stackFileName(stack);
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw InputError.single({
        field: name,
        rule: "must be a file, but is a directory",
        received: path,
        fix: "Remove or rename the directory: a stack file is a YAML file.",
      });
    }
    if (!stat.isFile()) {
      throw InputError.single({
        field: name,
        rule: "must be a regular file",
        received: path,
        fix: "Replace it with the stack's YAML file.",
      });
    }
    size = stat.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (errnoCode(err) === "ENOENT") return undefined;
    if (errnoCode(err) === "ENOTDIR") stacksEntries(project);
    throw fsError(err, path, "Reading", "Nothing was written.");
  }
  if (size > MAX_STACK_FILE_BYTES) {
    throw InputError.single({
      field: name,
      rule: "is too large for a stack file",
      limit: `${MAX_STACK_FILE_BYTES / 1024 / 1024} MiB`,
      received: `${size} bytes`,
      fix: "Restore the stack file from version control.",
    });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return undefined;
    throw fsError(err, path, "Reading", "Nothing was written.");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw InputError.single({
      field: name,
      rule: "must be UTF-8 text",
      received: `${bytes.length} bytes`,
      fix: "Restore the stack file from version control, or save it as UTF-8.",
    });
  }
}

/**
 * A stack file, validated; undefined when it does not exist. `field` names the stack in problems with the
 * name itself (`--stack`).
 */
export function readStackFile(project: string, stack: string, field = "--stack"): StackFile | undefined {
  checkStackName(stack, field);
  completeInterruptedCommit(project);
  const text = readStackBytes(project, stack);
  return text === undefined ? undefined : parseStackFile(stack, text);
}

/** The `cloudtier:stack` config of a stack file, or undefined when the file does not exist. */
export function readStackConfig(
  project: string,
  stack: string,
  field = "--stack",
): StackConfigInput | undefined {
  return readStackFile(project, stack, field)?.config;
}

/**
 * Every stack file under `stacks/`, sorted by name, each validated; one InputError lists the problems of
 * all of them, and tenants held by two platform stacks of one region.
 */
export function readStackFiles(project: string): StackFile[] {
  completeInterruptedCommit(project);
  const files: StackFile[] = [];
  const problems: InputProblem[] = [];
  for (const stack of listStackFiles(project)) {
    try {
      const named = stackNameProblem(stack, stackFileName(stack));
      if (named) throw InputError.single(named);
      const text = readStackBytes(project, stack);
      if (text !== undefined) files.push(parseStackFile(stack, text));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(...err.problems);
    }
  }
  const holders = new Map<string, string>();
  for (const file of files) {
    if (file.config.kind !== "platform") continue;
    for (const [i, tenant] of (file.config.tenants ?? []).entries()) {
      const key = `${file.config.region} ${tenant.id}`;
      const first = holders.get(key);
      if (first === undefined) {
        holders.set(key, file.stack);
        continue;
      }
      problems.push({
        field: `${stackFileName(file.stack)}: config.${STACK_CONFIG_KEY}.tenants[${i}].id`,
        rule: `is also a tenant of ${stackFileName(first)}: a tenant has one shard per region`,
        received: tenant.id,
        fix: `Keep the tenant in one of the two files (\`cloudtier offboard\` removes it from both).`,
      });
    }
  }
  throwIfProblems(problems);
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// The lock

/** Proof that this process holds the lock on a project's `stacks/`. */
export interface StackLock {
  readonly project: string;
  readonly held: HeldLock;
}

export interface StackLockOptions {
  /** Who takes the lock, e.g. `cloudtier onboard`. */
  readonly command: string;
  /** How long to wait for another holder. @default DEFAULT_LOCK_TIMEOUT_SECONDS */
  readonly timeoutSeconds?: number;
}

function lockOptions(project: string, options: StackLockOptions): LockOptions {
  const timeout = options.timeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  const path = join(stacksDir(project), LOCK_FILE);
  return {
    command: options.command,
    what: `stacks/ of ${project}`,
    timeoutMs: timeout * 1000,
    onWait: (holder) =>
      log.info(
        `Waiting up to ${timeout} s for ${describeLockHolder(holder)}, which is writing stacks/ (lock ${path})...`,
      ),
    onBreak: (holder) =>
      log.info(`Removed a stale lock on stacks/ left by ${describeLockHolder(holder)}, no longer running.`),
  };
}

/** Locks this process holds, by project: a synchronous section inside one reuses it instead of waiting. */
const heldHere = new Map<string, StackLock>();

/** Creates `stacks/` when missing; returns whether this call created it. */
function ensureStacksDir(project: string): boolean {
  const dir = stacksDir(project);
  if (existsSync(dir)) {
    stacksEntries(project);
    return false;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw fsError(err, dir, "Creating", "Nothing was written.");
  }
  return true;
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (something was written, by this process or another), or already gone.
  }
}

/**
 * Lets the lock go. A file system that turned read-only keeps the lock file: that must not hide the error
 * the command is reporting, and the next command breaks the lock once the file system is writable again
 * (its holder, this process, will be gone).
 */
function release(held: HeldLock): void {
  try {
    held.release();
  } catch (err) {
    log.error(
      `warning: could not remove the lock ${held.path}: ${describeFsError(err)}. The next cloudtier command ` +
        "removes it once the file system is writable (this process will be gone by then).",
    );
  }
}

function lockError(err: unknown, project: string): unknown {
  if (err instanceof CliError || err instanceof InputError || !errnoCode(err)) return err;
  return fsError(err, join(stacksDir(project), LOCK_FILE), "Locking stacks/ with", "Nothing was written.");
}

/**
 * Runs `fn` holding the lock on the project's `stacks/`: writes by other cloudtier processes wait until it
 * returns. A commit a killed process left half done is finished first.
 */
export async function withStackLock<T>(
  project: string,
  options: StackLockOptions,
  fn: (lock: StackLock) => Promise<T> | T,
): Promise<T> {
  const created = ensureStacksDir(project);
  let held: HeldLock;
  try {
    held = await acquireLock(join(stacksDir(project), LOCK_FILE), lockOptions(project, options));
  } catch (err) {
    if (created) removeIfEmpty(stacksDir(project));
    throw lockError(err, project);
  }
  const lock: StackLock = { project, held };
  heldHere.set(project, lock);
  try {
    recover(lock);
    return await fn(lock);
  } finally {
    heldHere.delete(project);
    release(held);
    if (created) removeIfEmpty(stacksDir(project));
  }
}

/** `withStackLock` for short synchronous sections; waiting blocks this thread. */
export function withStackLockSync<T>(
  project: string,
  options: StackLockOptions,
  fn: (lock: StackLock) => T,
): T {
  const mine = heldHere.get(project);
  if (mine) return fn(mine);
  const created = ensureStacksDir(project);
  let held: HeldLock;
  try {
    held = acquireLockSync(join(stacksDir(project), LOCK_FILE), lockOptions(project, options));
  } catch (err) {
    if (created) removeIfEmpty(stacksDir(project));
    throw lockError(err, project);
  }
  const lock: StackLock = { project, held };
  heldHere.set(project, lock);
  try {
    recover(lock);
    return fn(lock);
  } finally {
    heldHere.delete(project);
    release(held);
    if (created) removeIfEmpty(stacksDir(project));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Committing

interface Journal {
  readonly version: 1;
  readonly id: string;
  /** In order: a write renames `temp` over the stack's file; a removal (`temp` absent) deletes the file. */
  readonly steps: readonly { readonly stack: string; readonly temp?: string }[];
}

function parseJournal(text: string): Journal {
  const raw = JSON.parse(text) as unknown;
  if (!isRecord(raw) || raw["version"] !== 1 || !Array.isArray(raw["steps"])) {
    throw new Error("not a commit journal");
  }
  const steps = (raw["steps"] as unknown[]).map((step) => {
    if (!isRecord(step) || typeof step["stack"] !== "string") throw new Error("a step names no stack");
    checkStackName(step["stack"], JOURNAL_FILE);
    const temp = step["temp"];
    if (
      temp !== undefined &&
      (typeof temp !== "string" || !/^\.Pulumi\..+\.yaml\.[0-9a-f-]+\.tmp$/.test(temp))
    ) {
      throw new Error("a step names no temporary file of its own");
    }
    return { stack: step["stack"], ...(temp !== undefined ? { temp } : {}) };
  });
  return { version: 1, id: String(raw["id"]), steps };
}

/** A point in a commit, for tests that inject faults there (no flag or environment variable reaches it). */
export interface CommitStep {
  readonly phase: "temp" | "journal" | "apply";
  readonly stack?: string;
  /** How many steps of this phase were done before this one. */
  readonly index: number;
}

export const stackFileTestHooks: { beforeStep?: (step: CommitStep) => void } = {};

export interface CommitResult {
  /** Stacks whose files were written or removed, in commit order. */
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
}

/** Exit 1: a commit failed; says which stack files were written and which were not. */
export class StackWriteError extends FileSystemError {
  constructor(
    message: string,
    path: string,
    code: string | undefined,
    readonly written: readonly string[],
    readonly notWritten: readonly string[],
  ) {
    super(message, path, code);
    this.name = "StackWriteError";
  }
}

function listNames(stacks: readonly string[]): string {
  const names = stacks.map(stackFileName);
  return names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
}

/** Writes a file and flushes it to the disk before anything refers to it. */
function writeDurable(path: string, text: string): void {
  const fd = openSync(path, "wx");
  try {
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot sync a directory; the renames are still atomic.
  }
}

/** Removes files; returns those that could not be removed. */
function removeAll(paths: readonly string[]): string[] {
  return paths.filter((path) => {
    try {
      rmSync(path, { force: true });
      return false;
    } catch {
      return true;
    }
  });
}

function currentBytes(project: string, stack: string): string | undefined {
  try {
    return readFileSync(stackFilePath(project, stack), "utf8");
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return undefined;
    throw fsError(err, stackFilePath(project, stack), "Reading", "Nothing was written.");
  }
}

/**
 * Commits changes to stack files, all or nothing: either every changed file is written or removed, or none
 * is. Each file must still hold the bytes its change was computed from; a file another program changed
 * meanwhile stops the commit before anything is written.
 */
export function commitChanges(lock: StackLock, changes: readonly StackFileChange[]): CommitResult {
  const { project } = lock;
  const dir = stacksDir(project);
  if (!lock.held.stillHeld()) {
    throw new CliError(
      `the lock on stacks/ (${lock.held.path}) was taken by another process; nothing was written. Run the command again.`,
    );
  }
  const pending = changes.filter((c) => c.before !== c.after);
  const unchanged = changes.filter((c) => c.before === c.after).map((c) => c.stack);
  if (pending.length === 0) return { written: [], unchanged };
  for (const change of pending) {
    if (currentBytes(project, change.stack) !== change.before) {
      throw new CliError(
        `${stackFileName(change.stack)} was changed by another program since it was read; nothing was written. ` +
          "Run the command again.",
      );
    }
  }

  const id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const temps: string[] = [];
  const steps: { stack: string; temp?: string }[] = [];
  const journal = join(dir, JOURNAL_FILE);
  let target = journal;
  let temp: string | undefined;
  try {
    for (const change of pending) {
      if (change.after === undefined) {
        steps.push({ stack: change.stack });
        continue;
      }
      const name = `.Pulumi.${change.stack}.yaml.${id}.tmp`;
      target = stackFilePath(project, change.stack);
      temp = join(dir, name);
      stackFileTestHooks.beforeStep?.({ phase: "temp", stack: change.stack, index: temps.length });
      temps.push(temp);
      writeDurable(temp, change.after);
      steps.push({ stack: change.stack, temp: name });
    }
    const record: Journal = { version: 1, id, steps };
    target = journal;
    temp = join(dir, `${JOURNAL_FILE}.${id}.tmp`);
    stackFileTestHooks.beforeStep?.({ phase: "journal", index: 0 });
    temps.push(temp);
    writeDurable(temp, `${JSON.stringify(record)}\n`);
    temp = undefined;
    renameSync(temps[temps.length - 1], journal);
    temps.pop();
  } catch (err) {
    const left = removeAll(temps);
    throw new StackWriteError(
      `writing ${target}${temp === undefined ? "" : ` (through ${temp})`} failed: ${describeFsError(err)}. ` +
        "Nothing was written: every stack file is as it was" +
        (left.length > 0
          ? `; these temporary files could not be removed, and the next command that writes stacks/ removes them: ${left.join(", ")}.`
          : "."),
      target,
      errnoCode(err),
      [],
      pending.map((c) => c.stack),
    );
  }
  // Committed: from here on the journal lets anyone finish the job.
  const done: string[] = [];
  for (const [i, step] of steps.entries()) {
    const target = stackFilePath(project, step.stack);
    try {
      stackFileTestHooks.beforeStep?.({ phase: "apply", stack: step.stack, index: i });
      if (step.temp === undefined) rmSync(target, { force: true });
      else renameSync(join(dir, step.temp), target);
      done.push(step.stack);
    } catch (err) {
      const rest = steps.slice(i).map((s) => s.stack);
      throw new StackWriteError(
        `${step.temp === undefined ? "removing" : "writing"} ${target} failed: ${describeFsError(err)}. ` +
          `Written: ${done.length > 0 ? listNames(done) : "none"}; not written: ${listNames(rest)}. ` +
          `The rest is recorded in ${journal} and is finished by the next cloudtier command that reads or writes ` +
          "stacks/ once the file system allows it.",
        target,
        errnoCode(err),
        done,
        rest,
      );
    }
  }
  syncDir(dir);
  try {
    rmSync(journal, { force: true });
  } catch {
    // Every file is written; the next writer removes the finished journal.
  }
  return { written: done, unchanged };
}

const TEMP_PATTERNS = [
  /^\.Pulumi\..+\.yaml\.(\d+)-[0-9a-f]+\.tmp$/,
  new RegExp(`^${JOURNAL_FILE.replace(/\./g, "\\.")}\\.(\\d+)-[0-9a-f]+\\.tmp$`),
  // Left by a process killed while taking or breaking the lock.
  new RegExp(`^${LOCK_FILE.replace(/\./g, "\\.")}\\.(?:stale-)?(\\d+)-[0-9a-f]+(?:\\.tmp)?$`),
  // Written by earlier versions of cloudtier, which did not lock.
  /^Pulumi\..+\.yaml\.(\d+)\.tmp$/,
];

/**
 * Under the lock: finishes a commit a process left half done (its journal is there), then removes temporary
 * files whose process is gone.
 */
function recover(lock: StackLock): void {
  const dir = stacksDir(lock.project);
  const journal = join(dir, JOURNAL_FILE);
  if (existsSync(journal)) {
    let record: Journal;
    try {
      record = parseJournal(readFileSync(journal, "utf8"));
    } catch (err) {
      throw new CliError(
        `${journal} records an interrupted write of stack files but cannot be read (${err instanceof Error ? err.message : String(err)}). ` +
          "Check the stack files against version control, then delete it.",
      );
    }
    let finished = 0;
    for (const step of record.steps) {
      const target = stackFilePath(lock.project, step.stack);
      try {
        if (step.temp === undefined) {
          rmSync(target, { force: true });
        } else if (existsSync(join(dir, step.temp))) {
          renameSync(join(dir, step.temp), target);
          finished++;
        }
      } catch (err) {
        throw fsError(
          err,
          target,
          "Finishing the interrupted write of",
          `The interrupted write is still recorded in ${journal}.`,
        );
      }
    }
    syncDir(dir);
    try {
      rmSync(journal, { force: true });
    } catch (err) {
      throw fsError(
        err,
        journal,
        "Removing the finished journal",
        "Every stack file it recorded is written.",
      );
    }
    log.info(
      `Finished an interrupted write of stacks/ (${record.steps.length} stack file${record.steps.length === 1 ? "" : "s"}, ${finished} left to rename).`,
    );
  }
  for (const entry of stacksEntries(lock.project)) {
    const i = TEMP_PATTERNS.findIndex((p) => p.test(entry));
    if (i < 0) continue;
    const pid = Number(TEMP_PATTERNS[i].exec(entry)![1]);
    // A process taking the lock, or an earlier cloudtier writing without one, may still be using its file.
    const shared = i >= 2;
    if (shared && pid !== process.pid && processAlive(pid)) continue;
    rmSync(join(dir, entry), { force: true });
  }
}

/** Readers finish a commit a killed process left half done, so they never see half of one. */
function completeInterruptedCommit(project: string): void {
  if (!existsSync(join(stacksDir(project), JOURNAL_FILE))) return;
  const mine = heldHere.get(project);
  if (mine) recover(mine);
  else withStackLockSync(project, { command: "cloudtier (finishing an interrupted write)" }, () => undefined);
}

// ---------------------------------------------------------------------------------------------------------
// One file at a time

/**
 * Edits one stack file under the lock: `edit` sees the file as it is now (validated; undefined when there is
 * none) and returns the change to commit, if any, with a result for the caller.
 */
export async function editStackFile<T>(
  project: string,
  stack: string,
  options: StackLockOptions,
  edit: (file: StackFile | undefined) => { change?: StackFileChange; result: T },
): Promise<T> {
  checkStackName(stack, "stack");
  return withStackLock(project, options, (lock) => {
    const text = readStackBytes(project, stack);
    const { change, result } = edit(text === undefined ? undefined : parseStackFile(stack, text));
    if (change) commitChanges(lock, [change]);
    return result;
  });
}

/**
 * Writes a stack's config, synchronously (fixtures and benchmarks set stacks up with it). Returns whether
 * the file changed.
 */
export function writeStackConfig(project: string, stack: string, config: StackConfigInput): boolean {
  checkStackName(stack, "stack");
  return withStackLockSync(project, { command: "cloudtier (writing a stack file)" }, (lock) => {
    const text = readStackBytes(project, stack);
    const change = configChange(stack, text === undefined ? undefined : parseStackFile(stack, text), config);
    return commitChanges(lock, [change]).written.length > 0;
  });
}
