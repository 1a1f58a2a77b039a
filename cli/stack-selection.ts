/**
 * Which stacks a deploy command works on (`--stack`, `--customer`, `--all`), and which stacks hold a
 * customer. Selection only: reading, validating and writing stack files is `stack-files.ts`'s job.
 */
import { validateCustomerId } from "../domain/customer.js";
import { InputError, throwIfProblems } from "../domain/errors.js";
import type { StackConfigInput } from "../domain/stack-config.js";
import { exclusive } from "./options.js";
import { type StackFile, readStackFile, readStackFiles } from "./stack-files.js";

export interface SelectionFlags {
  readonly stack?: string[];
  readonly customer?: string[];
  readonly all?: boolean;
}

/** Whether a stack's config involves a customer: its environment, or a tenant of a platform stack. */
export function holdsCustomer(config: StackConfigInput, id: string): boolean {
  return config.kind === "environment"
    ? config.customer.id === id
    : (config.tenants ?? []).some((t) => t.id === id);
}

/** The stacks that hold a customer, environment stacks and platform stacks apart. */
export function customerStacks(
  files: readonly StackFile[],
  id: string,
): { environment: StackFile[]; platform: StackFile[] } {
  const mine = files.filter((f) => holdsCustomer(f.config, id));
  return {
    environment: mine.filter((f) => f.config.kind === "environment"),
    platform: mine.filter((f) => f.config.kind === "platform"),
  };
}

export interface SelectOptions {
  /** Select every stack when no selection flag is given (status, CI recipes). */
  readonly defaultAll?: boolean;
}

/**
 * The selected stacks, sorted and without duplicates. `--stack` names stack files; `--customer` and `--all`
 * skip stacks marked offboarded (name them with `--stack` to act on them). Every stack file read is
 * validated; every problem is reported at once.
 */
export function selectStacks(
  project: string,
  flags: SelectionFlags,
  options: SelectOptions = {},
): StackFile[] {
  exclusive({ stack: flags.stack, customer: flags.customer, all: flags.all }, ["stack", "customer", "all"]);
  if (flags.stack) {
    const names = [...new Set(flags.stack)].sort();
    const problems = [];
    const files: StackFile[] = [];
    for (const name of names) {
      try {
        const file = readStackFile(project, name);
        if (file) files.push(file);
        else {
          problems.push({
            field: "--stack",
            rule: "must name a stack file under stacks/",
            received: name,
            fix: "Run `cloudtier status` to list the stacks, or onboard the customer first.",
          });
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems);
      }
    }
    throwIfProblems(problems);
    return files;
  }
  if (flags.customer) {
    throwIfProblems(flags.customer.flatMap((id) => validateCustomerId(id, "--customer")));
    const files = readStackFiles(project).filter((f) => !f.offboarded);
    const chosen = new Map<string, StackFile>();
    const problems = [];
    for (const id of flags.customer) {
      const { environment, platform } = customerStacks(files, id);
      if (environment.length + platform.length === 0) {
        problems.push({
          field: "--customer",
          rule: "must name an onboarded customer: no stack file under stacks/ holds it",
          received: id,
          fix: "Check the id (`cloudtier status` lists the stacks) or onboard the customer first.",
        });
      }
      for (const f of [...environment, ...platform]) chosen.set(f.stack, f);
    }
    throwIfProblems(problems);
    return [...chosen.values()].sort((a, b) => a.stack.localeCompare(b.stack));
  }
  if (flags.all || options.defaultAll) {
    const files = readStackFiles(project).filter((f) => !f.offboarded);
    if (files.length === 0 && !options.defaultAll) {
      throw InputError.single({
        field: "--all",
        rule: "found no stack files under stacks/",
        received: true,
        fix: "Onboard a customer first (`cloudtier onboard`), or check --project-dir.",
      });
    }
    return files;
  }
  throw InputError.single({
    field: "--stack, --customer, --all",
    rule: "one of them is required",
    received: undefined,
    fix: "Name stacks with --stack (repeatable), a customer's stacks with --customer, or every stack with --all.",
  });
}
