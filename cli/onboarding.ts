/**
 * Onboarding, short of deploying: customers (from flags or a batch file) to the stack files they need,
 * merged with what `stacks/` already holds. Everything is validated before the first file is written, and
 * writing the same spec again leaves every file byte-identical.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { type Customer, parseCustomer } from "../domain/customer.js";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { parseStackConfig, type StackConfigInput } from "../domain/stack-config.js";
import { type StackSpec, stacksForCustomer } from "../domain/stack-plan.js";
import { stacksDir } from "./project.js";
import { readStackConfig, stackFilePath, writeStackConfig } from "./stack-files.js";
import { type StackFileInfo, allStackFiles, customerStacks, setOffboarded } from "./stack-selection.js";

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

/** A batch file: `customers: [...]` (or a bare list) of customers in the shape `parseCustomer` takes. */
export function readBatchFile(path: string): unknown[] {
  if (!existsSync(path)) {
    throw InputError.single({
      field: "--file",
      rule: "must be a readable YAML file",
      received: path,
      fix: "Give the path of a file such as customers.yaml with `customers: [{id, tier, regions, ...}]`.",
    });
  }
  const doc = parseDocument(readFileSync(path, "utf8"));
  if (doc.errors.length > 0) {
    throw InputError.single({
      field: "--file",
      rule: "must be valid YAML",
      received: doc.errors[0].message,
      fix: "Fix the YAML syntax at the position shown.",
    });
  }
  const raw: unknown = doc.toJS();
  const list = Array.isArray(raw) ? raw : (raw as { customers?: unknown } | null)?.customers;
  if (!Array.isArray(list) || list.length === 0) {
    throw InputError.single({
      field: `${path}: customers`,
      rule: "must be a non-empty list of customers",
      received: raw === null ? undefined : typeof raw,
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

export interface OnboardingPlan {
  readonly customers: readonly Customer[];
  /** Stacks to write, sorted by name; a platform stack shared by several customers appears once. */
  readonly stacks: readonly StackSpec[];
  /** Plain config keys each stack file gets beside its config (see `deployReadiness`). */
  readonly keys?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Stacks that hold a customer but are no longer in its spec: left alone, reported. */
  readonly stale: readonly { readonly customer: string; readonly stack: string }[];
}

/** The stack files the customers need, merged with `stacks/`; validated as the program will parse them. */
export function planOnboarding(project: string, customers: readonly Customer[]): OnboardingPlan {
  const files = new Map<string, StackFileInfo>(allStackFiles(project).map((f) => [f.stack, f]));
  const pending = new Map<string, StackSpec>();
  const problems: InputProblem[] = [];
  const stale: { customer: string; stack: string }[] = [];
  const current = (name: string): StackConfigInput | undefined =>
    pending.get(name)?.config ??
    files.get(name)?.config ??
    readStackConfig(project, name, `stacks/Pulumi.${name}.yaml`);
  for (const customer of customers) {
    const specs = stacksForCustomer(customer, current);
    for (const spec of specs) {
      const existing = current(spec.name);
      if (existing && existing.kind !== spec.config.kind) {
        problems.push({
          field: `stacks/Pulumi.${spec.name}.yaml`,
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
          field: `stacks/Pulumi.${spec.name}.yaml`,
          rule: `already belongs to customer ${existing.customer.id}`,
          received: customer.id,
          fix: "Choose another customer id: stack names must not collide.",
        });
        continue;
      }
      pending.set(spec.name, spec);
    }
    const wanted = new Set(specs.map((s) => s.name));
    const held = customerStacks([...files.values()], customer.id);
    for (const f of [...held.environment, ...held.platform]) {
      if (!wanted.has(f.stack)) stale.push({ customer: customer.id, stack: f.stack });
    }
  }
  throwIfProblems(problems);
  const stacks = [...pending.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const spec of stacks) {
    // What is written must be exactly what the program accepts at `pulumi up`.
    parseStackConfig(spec.config, `stacks/Pulumi.${spec.name}.yaml: config.cloudtier:stack`);
  }
  return { customers, stacks, stale };
}

export type FileChange = "created" | "updated" | "unchanged";

/** Writes the stack files (atomically, each one only if it changes); clears a stale offboarding marker. */
export function writeOnboarding(project: string, plan: OnboardingPlan): Map<string, FileChange> {
  const changes = new Map<string, FileChange>();
  mkdirSync(stacksDir(project), { recursive: true });
  for (const spec of plan.stacks) {
    const existed = existsSync(stackFilePath(project, spec.name));
    const written = writeStackConfig(project, spec.name, spec.config, plan.keys?.get(spec.name));
    const unmarked = setOffboarded(project, spec.name, false);
    changes.set(spec.name, !existed ? "created" : written || unmarked ? "updated" : "unchanged");
  }
  return changes;
}
