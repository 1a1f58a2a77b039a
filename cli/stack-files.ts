/**
 * The one owner of the stack files `stacks/Pulumi.<stack>.yaml`, the same files a plain `pulumi up` reads.
 * This module lists them and reads them, validating each with the stack-config schema: bad content is bad
 * input naming the file and the field. It computes changes to them as bytes before and after, so a diff
 * exists before anything is written. It writes and removes them under the project's stack lock.
 *
 * Writes touch only cloudtier's keys (Pulumi keeps its encryption salt and secrets in the same file) and
 * leave a file byte-identical when nothing changed. The changes of one command are committed together.
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
import { parseDocument, stringify } from "yaml";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { NAME_RULES, environmentStackName, platformStackName } from "../domain/naming.js";
import { isProblem, parseRegionKey } from "../domain/region-key.js";
import { STACK_CONFIG_KEY, type StackConfigInput, parseStackConfig } from "../domain/stack-config.js";
import { shardOfStackName } from "../domain/stack-plan.js";
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

/**
 * Set on an environment stack whose customer was offboarded while its data stores were kept: the stack
 * still holds them, and `--all`/`--customer` leave it alone so no later `up` recreates the environment.
 */
export const OFFBOARDED_KEY = "cloudtier:offboarded";

/** The lock that serialises writes to `stacks/`, inside it. */
export const LOCK_FILE = ".cloudtier.lock";
/** The journal of a commit in progress, inside `stacks/`. */
export const JOURNAL_FILE = ".cloudtier-commit.json";

/** Larger than any real stack file (a full shard is a few hundred kilobytes); refused before reading. */
const MAX_STACK_FILE_BYTES = 64 * 1024 * 1024;

/** YAML aliases a stack file may expand; more is the signature of an alias bomb. */
const MAX_ALIASES = 100;

export function stackFilePath(project: string, stack: string): string {
  return join(stacksDir(project), `Pulumi.${stack}.yaml`);
}

/** The stack file's name as problems and messages show it, relative to the project. */
export function stackFileName(stack: string): string {
  return `stacks/Pulumi.${stack}.yaml`;
}

function stackNameProblem(stack: string, field: string): InputProblem | undefined {
  const rule = NAME_RULES.stack;
  if (rule.pattern.test(stack) && stack.length <= rule.maxLength) return undefined;
  return {
    field,
    rule: `must be a stack name: ${rule.patternText}`,
    limit: `${rule.maxLength} characters`,
    received: stack,
    fix: "Run `cloudtier status` to list the stacks.",
  };
}

export function checkStackName(stack: string, field: string): void {
  const problem = stackNameProblem(stack, field);
  if (problem) throw InputError.single(problem);
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

export interface StackFile {
  readonly stack: string;
  /** The file's bytes as read. */
  readonly text: string;
  /** The `cloudtier:stack` config as stored, validated with the stack-config schema. */
  readonly config: StackConfigInput;
  /** `secretsprovider:` as Pulumi recorded it; undefined for the passphrase and Pulumi Cloud providers. */
  readonly secretsProvider?: string;
  readonly offboarded: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeShape(value: unknown): string {
  if (value === null || value === undefined) return "an empty document";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

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

/** The stack's name must say what the file holds: onboarding finds stacks by these names. */
function nameProblems(stack: string, config: StackConfigInput, source: string): InputProblem[] {
  const ref = parseRegionKey(config.region, `${source}.region`);
  if (isProblem(ref)) return [ref];
  if (config.kind === "environment") {
    const expected = environmentStackName(config.customer.id, ref);
    if (expected === stack) return [];
    const sameCustomer = stack.startsWith(`${config.customer.id}-`);
    return [
      {
        field: `${source}.${sameCustomer ? "region" : "customer.id"}`,
        rule: `must match the stack's name: the environment of ${config.customer.id} in ${config.region} is the stack ${expected}`,
        received: sameCustomer ? config.region : config.customer.id,
        fix: `Rename the file to ${stackFileName(expected)}, or correct the customer id or region in it.`,
      },
    ];
  }
  const shard = shardOfStackName(ref, stack);
  if (shard === undefined) {
    return [
      {
        field: `${source}.region`,
        rule: `must match the stack's name: platform stacks of ${config.region} are named ${platformStackName(ref)} and ${platformStackName(ref)}-<shard>`,
        received: config.region,
        fix: `Rename the file to ${stackFileName(platformStackName(ref))}, or correct the region in it.`,
      },
    ];
  }
  if ((config.shard ?? 0) !== shard) {
    return [
      {
        field: `${source}.shard`,
        rule: `must match the stack's name: ${stack} is shard ${shard}`,
        received: config.shard,
        fix:
          shard === 0
            ? "Remove the shard key: shard 0 is the stack that owns the cluster."
            : `Set shard: ${shard}.`,
      },
    ];
  }
  return [];
}

/** Validates a stack file's text: YAML, shape, the `cloudtier:stack` schema, the cloudtier keys beside it. */
export function parseStackFile(stack: string, text: string): StackFile {
  const name = stackFileName(stack);
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0] ?? doc.warnings[0];
  if (syntax) {
    throw InputError.single({
      field: name,
      rule: doc.errors.length > 0 ? "must be valid YAML" : "must be plain YAML (no custom tags)",
      received: syntax.message.split("\n")[0],
      fix: "Fix the file at the position shown, or restore it from version control.",
    });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw InputError.single({
      field: name,
      rule: "must not expand YAML aliases without bound",
      limit: `${MAX_ALIASES} alias expansions`,
      received: err instanceof Error ? err.message : String(err),
      fix: "Write the values out instead of aliasing them; restore the file from version control.",
    });
  }
  if (!isRecord(raw)) {
    throw InputError.single({
      field: name,
      rule: "must be a YAML mapping with a `config:` section",
      received: describeShape(raw),
      fix: "Restore the stack file from version control, or create it with `cloudtier onboard`.",
    });
  }
  const config = raw["config"];
  if (!isRecord(config)) {
    throw InputError.single({
      field: `${name}: config`,
      rule: "must be a mapping of config keys",
      received: config === undefined ? undefined : describeShape(config),
      fix: "Restore the stack file from version control, or create it with `cloudtier onboard`.",
    });
  }
  if (!Object.hasOwn(config, STACK_CONFIG_KEY)) {
    throw InputError.single({
      field: `${name}: config.${STACK_CONFIG_KEY}`,
      rule: "is required",
      received: undefined,
      fix: "Create the stack with `cloudtier onboard`.",
    });
  }
  const source = `${name}: config.${STACK_CONFIG_KEY}`;
  const stackConfig = config[STACK_CONFIG_KEY] as StackConfigInput;
  parseStackConfig(stackConfig, source);
  const problems = nameProblems(stack, stackConfig, source);
  const offboarded = config[OFFBOARDED_KEY];
  if (offboarded !== undefined && typeof offboarded !== "boolean") {
    problems.push({
      field: `${name}: config.${OFFBOARDED_KEY}`,
      rule: "must be true or false",
      received: offboarded,
      fix: "Set it to true (the customer was offboarded, its data kept) or remove the key.",
    });
  }
  const provider = raw["secretsprovider"];
  if (provider !== undefined && typeof provider !== "string") {
    problems.push({
      field: `${name}: secretsprovider`,
      rule: "must be a string, as Pulumi writes it",
      received: provider,
      fix: "Restore the key from version control; Pulumi sets it at `pulumi stack init --secrets-provider`.",
    });
  }
  throwIfProblems(problems);
  return {
    stack,
    text,
    config: stackConfig,
    ...(typeof provider === "string" && provider !== "" ? { secretsProvider: provider } : {}),
    offboarded: offboarded === true,
  };
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
// Changes

/** One stack file's change, as bytes: computed from what was read, written only by `commitChanges`. */
export interface StackFileChange {
  readonly stack: string;
  /** The file's bytes the change was computed from; undefined when there was no file. */
  readonly before: string | undefined;
  /** The bytes to write; undefined to remove the file. */
  readonly after: string | undefined;
}

export type FileChange = "created" | "updated" | "removed" | "unchanged";

export function fileChange(change: StackFileChange): FileChange {
  if (change.before === change.after) return "unchanged";
  if (change.after === undefined) return "removed";
  return change.before === undefined ? "created" : "updated";
}

export interface RenderOptions {
  /** Set (true) or clear (false) the offboarding marker; left as it is when undefined. */
  readonly offboarded?: boolean;
}

/** Serialized file content for a stack config, merged into the existing file's other keys. */
export function renderStackFile(
  existing: string | undefined,
  config: StackConfigInput | undefined,
  options: RenderOptions = {},
): string {
  if (existing === undefined) {
    const keys: Record<string, unknown> = { [STACK_CONFIG_KEY]: config };
    if (options.offboarded) keys[OFFBOARDED_KEY] = true;
    return stringify({ config: keys }, { lineWidth: 0 });
  }
  const doc = parseDocument(existing);
  if (config !== undefined) doc.setIn(["config", STACK_CONFIG_KEY], doc.createNode(config));
  if (options.offboarded === true) doc.setIn(["config", OFFBOARDED_KEY], true);
  if (options.offboarded === false && doc.hasIn(["config", OFFBOARDED_KEY])) {
    doc.deleteIn(["config", OFFBOARDED_KEY]);
  }
  const text = doc.toString({ lineWidth: 0 });
  // Re-serializing an untouched document can still change its bytes (quoting, indentation): keep them.
  return config === undefined && options.offboarded === undefined ? existing : text;
}

/**
 * The change that gives a stack this config (validated as the program will parse it), keeping the file's
 * other keys.
 */
export function configChange(
  stack: string,
  file: StackFile | undefined,
  config: StackConfigInput,
  options: RenderOptions = {},
): StackFileChange {
  checkStackName(stack, "stack");
  const source = `${stackFileName(stack)}: config.${STACK_CONFIG_KEY}`;
  // What is written must be exactly what the program accepts at `pulumi up`.
  parseStackConfig(config, source);
  throwIfProblems(nameProblems(stack, config, source));
  return { stack, before: file?.text, after: renderStackFile(file?.text, config, options) };
}

/** The change that sets or clears a stack file's offboarding marker. */
export function offboardedChange(file: StackFile, offboarded: boolean): StackFileChange {
  if (file.offboarded === offboarded) return { stack: file.stack, before: file.text, after: file.text };
  return {
    stack: file.stack,
    before: file.text,
    after: renderStackFile(file.text, undefined, { offboarded }),
  };
}

/** The change that removes a stack file. */
export function removalChange(stack: string, file: StackFile | undefined): StackFileChange {
  return { stack, before: file?.text, after: undefined };
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
      `Finished an interrupted write of stacks/ (${record.steps.length} stack files, ${finished} left to rename).`,
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
