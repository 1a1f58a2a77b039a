/**
 * Onboarding, short of deploying: customers (from flags or a batch file) to the changes of the stack files
 * they need, merged with what `stacks/` holds. Computing the changes is pure over the files read; writing
 * them is one commit (`stack-files.ts`), so a batch is written all or nothing, and the same spec again
 * changes no byte.
 */
import { type Customer, customerInputSchema, parseCustomer } from "../domain/customer.js";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { type StackConfigInput, tenantOf } from "../domain/stack-config.js";
import { datastoreQuotaProblems } from "../components/datastore/in-cluster-spec.js";
import { type StackSpec, stacksForCustomer } from "../domain/placement.js";
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

export { readBatch, readBatchFile } from "./batch-file.js";

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

/**
 * What the stack program checks of a customer before any resource exists, checked when onboarding whether
 * or not it plans: `--no-plan` skips the plan, never validation. A shared-tier customer's in-cluster data
 * stores must fit its namespace's quota. Fields as `customer.quota...`.
 */
export function programProblems(customer: Customer): InputProblem[] {
  if (customer.tier === "cloud") return [];
  return datastoreQuotaProblems(tenantOf(customer), "customer.quota");
}

/** Parses a customer and checks what its stacks' program checks of it; throws every problem at once. */
export function parseOnboardingCustomer(input: unknown): Customer {
  const customer = parseCustomer(input);
  throwIfProblems(programProblems(customer));
  return customer;
}

const CUSTOMER_KEYS = Object.keys(customerInputSchema.shape);

/**
 * An entry's keys that are not a customer's fields, as problems, and the entry without them: the rest is
 * still checked, so one run reports every problem of a batch (a wrong tier, a bad e-mail, an unknown role
 * and an unknown key at once).
 */
function unknownKeys(item: unknown, i: number): { item: unknown; problems: InputProblem[] } {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return { item, problems: [] };
  const unknown = Object.keys(item).filter((k) => !CUSTOMER_KEYS.includes(k));
  if (unknown.length === 0) return { item, problems: [] };
  return {
    item: Object.fromEntries(Object.entries(item).filter(([k]) => CUSTOMER_KEYS.includes(k))),
    problems: unknown.map((key) => ({
      field: `customers[${i}].${key}`,
      rule: "is not a customer field",
      limit: CUSTOMER_KEYS.join(", "),
      received: key,
      fix: "Remove it or correct its spelling; see `cloudtier onboard --help` for the fields a customer takes.",
    })),
  };
}

/**
 * Parses every customer of a batch; one InputError lists every problem (with `prior`, those of the file's
 * top level), fields as `customers[i]...`.
 */
export function parseBatch(raw: readonly unknown[], prior: readonly InputProblem[] = []): Customer[] {
  const problems: InputProblem[] = [...prior];
  const customers: Customer[] = [];
  const seen = new Map<string, number>();
  raw.forEach((entry, i) => {
    const { item, problems: extra } = unknownKeys(entry, i);
    problems.push(...extra);
    try {
      const customer = parseOnboardingCustomer(item);
      if (extra.length > 0) return;
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
  /**
   * Stacks that hold a customer but are not in its new spec (a region left out, a move between the shared
   * tiers and the cloud tier); stacks kept for their data after offboarding are not counted. Onboarding never
   * changes them: `onboard` refuses such a spec.
   */
  readonly stale: readonly {
    readonly customer: string;
    readonly stack: string;
    readonly region: string;
    readonly kind: "platform" | "environment";
  }[];
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
  const stale: { customer: string; stack: string; region: string; kind: "platform" | "environment" }[] = [];
  const active = files.filter((f) => !f.offboarded);
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
    const held = customerStacks(active, customer.id);
    for (const f of [...held.environment, ...held.platform]) {
      if (!wanted.has(f.stack)) {
        stale.push({ customer: customer.id, stack: f.stack, region: f.config.region, kind: f.config.kind });
      }
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
