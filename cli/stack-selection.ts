/**
 * Which stacks a deploy command works on (`--stack`, `--customer`, `--all`), which stacks hold a customer,
 * and the few keys of a stack file besides `cloudtier:stack` that deploy commands read or set: the secrets
 * provider Pulumi recorded, and the offboarding marker.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { validateCustomerId } from "../domain/customer.js";
import { InputError, throwIfProblems } from "../domain/errors.js";
import type { StackConfigInput } from "../domain/stack-config.js";
import { exclusive } from "./options.js";
import { listStackFiles, readStackConfig, stackFilePath } from "./stack-files.js";

/**
 * Set on an environment stack whose customer was offboarded while its data stores were kept: the stack
 * still holds them, and `--all`/`--customer` leave it alone so no later `up` recreates the environment.
 */
export const OFFBOARDED_KEY = "cloudtier:offboarded";

export interface SelectionFlags {
  readonly stack?: string[];
  readonly customer?: string[];
  readonly all?: boolean;
}

export interface StackFileInfo {
  readonly stack: string;
  readonly config: StackConfigInput;
  /** `secretsprovider:` as Pulumi recorded it; undefined for the passphrase and Pulumi Cloud providers. */
  readonly secretsProvider?: string;
  readonly offboarded: boolean;
}

export function readStackFileInfo(
  project: string,
  stack: string,
  field = "--stack",
): StackFileInfo | undefined {
  const config = readStackConfig(project, stack, field);
  if (config === undefined) return undefined;
  const doc = parseDocument(readFileSync(stackFilePath(project, stack), "utf8"));
  const provider: unknown = doc.get("secretsprovider");
  return {
    stack,
    config,
    ...(typeof provider === "string" && provider !== "" ? { secretsProvider: provider } : {}),
    offboarded: doc.getIn(["config", OFFBOARDED_KEY]) === true,
  };
}

export function allStackFiles(project: string): StackFileInfo[] {
  return listStackFiles(project).flatMap(
    (s) => readStackFileInfo(project, s, `stacks/Pulumi.${s}.yaml`) ?? [],
  );
}

/** Whether a stack's config involves a customer: its environment, or a tenant of a platform stack. */
export function holdsCustomer(config: StackConfigInput, id: string): boolean {
  return config.kind === "environment"
    ? config.customer.id === id
    : (config.tenants ?? []).some((t) => t.id === id);
}

/** The stacks that hold a customer, environment stacks and platform stacks apart. */
export function customerStacks(
  files: readonly StackFileInfo[],
  id: string,
): { environment: StackFileInfo[]; platform: StackFileInfo[] } {
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
 * skip stacks marked offboarded (name them with `--stack` to act on them).
 */
export function selectStacks(
  project: string,
  flags: SelectionFlags,
  options: SelectOptions = {},
): StackFileInfo[] {
  exclusive({ stack: flags.stack, customer: flags.customer, all: flags.all }, ["stack", "customer", "all"]);
  if (flags.stack) {
    const problems = flags.stack.flatMap((name) =>
      readStackFileInfo(project, name) === undefined
        ? [
            {
              field: "--stack",
              rule: "must name a stack file under stacks/",
              received: name,
              fix: "Run `cloudtier status` to list the stacks, or onboard the customer first.",
            },
          ]
        : [],
    );
    throwIfProblems(problems);
    return [...new Set(flags.stack)].sort().map((name) => readStackFileInfo(project, name)!);
  }
  if (flags.customer) {
    throwIfProblems(flags.customer.flatMap((id) => validateCustomerId(id, "--customer")));
    const files = allStackFiles(project).filter((f) => !f.offboarded);
    const chosen = new Map<string, StackFileInfo>();
    for (const id of flags.customer) {
      const { environment, platform } = customerStacks(files, id);
      if (environment.length + platform.length === 0) {
        throw InputError.single({
          field: "--customer",
          rule: "must name an onboarded customer: no stack file under stacks/ holds it",
          received: id,
          fix: "Check the id (`cloudtier status` lists the stacks) or onboard the customer first.",
        });
      }
      for (const f of [...environment, ...platform]) chosen.set(f.stack, f);
    }
    return [...chosen.values()].sort((a, b) => a.stack.localeCompare(b.stack));
  }
  if (flags.all || options.defaultAll) {
    const files = allStackFiles(project).filter((f) => !f.offboarded);
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

function replaceFile(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/** Sets or clears the offboarding marker of a stack file; returns whether the file changed. */
export function setOffboarded(project: string, stack: string, offboarded: boolean): boolean {
  const path = stackFilePath(project, stack);
  if (!existsSync(path)) return false;
  const before = readFileSync(path, "utf8");
  const doc = parseDocument(before);
  if (offboarded) doc.setIn(["config", OFFBOARDED_KEY], true);
  else if (doc.hasIn(["config", OFFBOARDED_KEY])) doc.deleteIn(["config", OFFBOARDED_KEY]);
  else return false;
  const after = doc.toString({ lineWidth: 0 });
  if (after === before) return false;
  replaceFile(path, after);
  return true;
}

/** Reads a stack file's bytes, to put them back if a deployment that needed a change fails. */
export function snapshotStackFile(project: string, stack: string): () => void {
  const path = stackFilePath(project, stack);
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  return () => {
    if (before === undefined) rmSync(path, { force: true });
    else replaceFile(path, before);
  };
}

export function removeStackFile(project: string, stack: string): void {
  rmSync(stackFilePath(project, stack), { force: true });
}
