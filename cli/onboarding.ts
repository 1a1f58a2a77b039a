/**
 * Onboarding, short of deploying: customers (from flags or a batch file) to the changes of the stack files
 * they need, merged with what `stacks/` holds. Computing the changes is pure over the files read; writing
 * them is one commit (`stack-files.ts`), so a batch is written all or nothing, and the same spec again
 * changes no byte.
 */
import { statSync } from "node:fs";
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { type Customer, parseCustomer } from "../domain/customer.js";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import type { StackConfigInput } from "../domain/stack-config.js";
import { type StackSpec, stacksForCustomer } from "../domain/stack-plan.js";
import { CliError } from "./exit.js";
import {
  type StackFile,
  type StackFileChange,
  type StackLock,
  StackWriteError,
  commitChanges,
  configChange,
  stackFileName,
} from "./stack-files.js";
import { customerStacks } from "./stack-selection.js";

/** Rewrites the field of every problem of an InputError (e.g. `customer.tier` to `customers[3].tier`). */
export function renameFields(err: unknown, rename: (field: string) => string): unknown {
  if (!(err instanceof InputError)) return err;
  return new InputError(err.problems.map((p) => ({ ...p, field: rename(p.field) })));
}

/** Field names of a customer given by flags: `customer.tier` becomes `--tier`. */
export function flagField(field: string): string {
  const map: [RegExp, string][] = [
    [/^customer\.id\b/, "<customer>"],
    [/^customer\.displayName\b/, "--display-name"],
    [/^customer\.tier\b/, "--tier"],
    [/^customer\.regions\b/, "--regions"],
    [/^customer\.members\b/, "--member"],
    [/^customer\.quota\b/, "--quota"],
    [/^customer\b/, "<customer>"],
  ];
  for (const [pattern, flag] of map) if (pattern.test(field)) return field.replace(pattern, flag);
  return field;
}

/** A batch file larger than this is not a list of customers someone wrote. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_ALIASES = 100;
const BATCH_KEYS = ["customers"];

function batchProblem(path: string, rule: string, received: unknown, fix: string): InputError {
  return InputError.single({ field: `--file ${path}`, rule, received, fix });
}

/** A batch file: `customers: [...]` (or a bare list) of customers in the shape `parseCustomer` takes. */
export function readBatchFile(path: string): unknown[] {
  const example = "Give a YAML file such as customers.yaml with `customers: [{id, tier, regions, ...}]`.";
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw batchProblem(path, "must be a readable YAML file", path, example);
  }
  if (stat.isDirectory()) throw batchProblem(path, "must be a file, but is a directory", path, example);
  if (!stat.isFile()) throw batchProblem(path, "must be a regular file", path, example);
  if (stat.size > MAX_BATCH_BYTES) {
    throw InputError.single({
      field: `--file ${path}`,
      rule: "is too large for a batch file",
      limit: `${MAX_BATCH_BYTES / 1024 / 1024} MiB`,
      received: `${stat.size} bytes`,
      fix: "Split the customers into several batch files.",
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    throw batchProblem(
      path,
      err instanceof TypeError ? "must be UTF-8 text" : "must be a readable YAML file",
      path,
      example,
    );
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0] ?? doc.warnings[0];
  if (syntax) {
    throw batchProblem(
      path,
      doc.errors.length > 0 ? "must be valid YAML" : "must be plain YAML (no custom tags)",
      syntax.message.split("\n")[0],
      "Fix the YAML at the position shown.",
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw InputError.single({
      field: `--file ${path}`,
      rule: "must not expand YAML aliases without bound",
      limit: `${MAX_ALIASES} alias expansions`,
      received: err instanceof Error ? err.message : String(err),
      fix: "Write each customer out instead of aliasing.",
    });
  }
  let list: unknown = raw;
  if (!Array.isArray(raw)) {
    if (typeof raw !== "object" || raw === null) {
      throw batchProblem(
        path,
        "must be a mapping with `customers:` or a list of customers",
        raw === null || raw === undefined ? "an empty document" : raw,
        example,
      );
    }
    const record = raw as Record<string, unknown>;
    throwIfProblems(
      Object.keys(record)
        .filter((k) => !BATCH_KEYS.includes(k))
        .map((key) => ({
          field: `${path}: ${key}`,
          rule: "is not a batch file key",
          limit: BATCH_KEYS.join(", "),
          received: key,
          fix: "A batch file holds `customers:` only; put each customer's fields under its entry.",
        })),
    );
    list = record["customers"];
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw InputError.single({
      field: `${path}: customers`,
      rule: "must be a non-empty list of customers",
      received: list === null || list === undefined ? undefined : Array.isArray(list) ? [] : typeof list,
      fix: "Write `customers:` followed by one `- id: ...` entry per customer.",
    });
  }
  return list;
}

/** Parses every customer of a batch; one InputError lists every problem, fields as `customers[i]...`. */
export function parseBatch(raw: readonly unknown[]): Customer[] {
  const problems: InputProblem[] = [];
  const customers: Customer[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    try {
      const customer = parseCustomer(item);
      const first = seen.get(customer.id);
      if (first !== undefined) {
        problems.push({
          field: `customers[${i}].id`,
          rule: `is listed twice (also customers[${first}])`,
          received: customer.id,
          fix: "List each customer once; merge the two entries.",
        });
        return;
      }
      seen.set(customer.id, i);
      customers.push(customer);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(
        ...err.problems.map((p) => ({ ...p, field: p.field.replace(/^customer\b/, `customers[${i}]`) })),
      );
    }
  });
  throwIfProblems(problems);
  return customers;
}

/** The changes of the stack files an onboarding makes: what `onboard` writes and `plan --customer` plans. */
export interface OnboardingChanges {
  readonly customers: readonly Customer[];
  /** Stacks to plan and write, sorted by name; a platform stack shared by several customers appears once. */
  readonly stacks: readonly StackSpec[];
  /** The change of each of those stacks' files, bytes before and after, in the same order. */
  readonly files: readonly StackFileChange[];
  /** The stacks each customer is placed in, by customer id. */
  readonly placement: ReadonlyMap<string, readonly string[]>;
  /** Stacks that hold a customer but are no longer in its spec: left alone, reported. */
  readonly stale: readonly { readonly customer: string; readonly stack: string }[];
}

/**
 * The stack files the customers need, merged with the files of `stacks/` (as read and validated). A stack
 * name taken by another kind of stack, or by another customer's environment, is bad input.
 */
export function onboardingChanges(
  files: readonly StackFile[],
  customers: readonly Customer[],
): OnboardingChanges {
  const byName = new Map<string, StackFile>(files.map((f) => [f.stack, f]));
  const pending = new Map<string, StackSpec>();
  const problems: InputProblem[] = [];
  const stale: { customer: string; stack: string }[] = [];
  const placement = new Map<string, string[]>();
  const current = (name: string): StackConfigInput | undefined =>
    pending.get(name)?.config ?? byName.get(name)?.config;
  for (const customer of customers) {
    const specs = stacksForCustomer(customer, current);
    for (const spec of specs) {
      const existing = current(spec.name);
      if (existing && existing.kind !== spec.config.kind) {
        problems.push({
          field: stackFileName(spec.name),
          rule: `is a ${existing.kind} stack, but ${customer.id} needs a ${spec.config.kind} stack of that name`,
          received: spec.name,
          fix: "Rename or remove the existing stack file, or choose another customer id.",
        });
        continue;
      }
      if (
        existing?.kind === "environment" &&
        spec.config.kind === "environment" &&
        existing.customer.id !== customer.id
      ) {
        problems.push({
          field: stackFileName(spec.name),
          rule: `already belongs to customer ${existing.customer.id}`,
          received: customer.id,
          fix: "Choose another customer id: stack names must not collide.",
        });
        continue;
      }
      pending.set(spec.name, spec);
    }
    placement.set(
      customer.id,
      specs.map((s) => s.name),
    );
    const wanted = new Set(specs.map((s) => s.name));
    const held = customerStacks(files, customer.id);
    for (const f of [...held.environment, ...held.platform]) {
      if (!wanted.has(f.stack)) stale.push({ customer: customer.id, stack: f.stack });
    }
  }
  throwIfProblems(problems);
  const stacks = [...pending.values()].sort((a, b) => a.name.localeCompare(b.name));
  const changes = stacks.map((spec) => stackChange(spec, byName.get(spec.name)));
  return { customers, stacks, files: changes, placement, stale };
}

/**
 * A stack's change: validated as the program will parse the file; onboarding clears an offboarding mark and
 * sets the project settings it pins (`keys`).
 */
function stackChange(
  spec: StackSpec,
  file: StackFile | undefined,
  keys?: Readonly<Record<string, string>>,
): StackFileChange {
  return configChange(spec.name, file, spec.config, { offboarded: false, ...(keys ? { keys } : {}) });
}

/**
 * The changes with project settings pinned into the files of the stacks named in `keys` (the GCP project
 * `deployReadiness` resolved for each new GCP stack), computed from the same files read.
 */
export function pinSettings(
  changes: OnboardingChanges,
  files: readonly StackFile[],
  keys: ReadonlyMap<string, Readonly<Record<string, string>>>,
): OnboardingChanges {
  if (keys.size === 0) return changes;
  const byName = new Map<string, StackFile>(files.map((f) => [f.stack, f]));
  return {
    ...changes,
    files: changes.stacks.map((spec, i) => {
      const pinned = keys.get(spec.name);
      return pinned ? stackChange(spec, byName.get(spec.name), pinned) : changes.files[i];
    }),
  };
}

/**
 * Commits an onboarding's changes. A commit fails all or nothing, except when the file system fails
 * between its renames: then the error says which customers' files were written and which were not.
 */
export function commitOnboarding(lock: StackLock, changes: OnboardingChanges) {
  try {
    return commitChanges(lock, changes.files);
  } catch (err) {
    if (!(err instanceof StackWriteError) || err.written.length === 0) throw err;
    const written = new Set(err.written);
    const ids = changes.customers.map((c) => c.id);
    const complete = ids.filter((id) => (changes.placement.get(id) ?? []).every((s) => written.has(s)));
    const incomplete = ids.filter((id) => !complete.includes(id));
    throw new CliError(
      `${err.message}\nCustomers whose stack files were all written: ${complete.join(", ") || "none"}; ` +
        `not (or not all) written: ${incomplete.join(", ")}. Running the same onboarding again finishes it.`,
    );
  }
}
