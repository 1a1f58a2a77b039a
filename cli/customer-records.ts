/**
 * Customers as records, read back from the stack files: the one place a customer's spec is stored is the
 * stack files `pulumi up` deploys (its tenant entry in the platform stack of each shared-tier region, or the
 * customer section of each of its environment stacks), so no second copy can drift from what is deployed.
 * Its regions are the regions of the stacks that hold it. Onboarding writes every copy in one commit, so they
 * agree; copies edited apart by hand are reported, never guessed between. Pure over the files read (reading
 * and validating them is `stack-files.ts`'s job).
 */
import { type Customer, parseCustomer } from "../domain/customer.js";
import { InputError, type InputProblem } from "../domain/errors.js";
import {
  STACK_CONFIG_KEY,
  type Tenant,
  canonicalMembers,
  canonicalQuota,
  tenantSchema,
} from "../domain/stack-config.js";
import { type StackFile, stackFileName } from "./stack-file-format.js";

export interface RecordStack {
  readonly stack: string;
  readonly kind: "platform" | "environment";
  readonly region: string;
  /** An environment stack whose customer was offboarded with its data kept: not part of the spec. */
  readonly offboarded: boolean;
}

/** A customer's spec as its stack files hold it (regions as keys), with where it is held. */
export interface CustomerRecord extends Omit<Customer, "regions"> {
  /** Region keys (`cloud:region`) of the stacks that hold the customer, offboarded ones left out; sorted. */
  readonly regions: readonly string[];
  /** Every stack file holding the customer, by name. */
  readonly stacks: readonly RecordStack[];
  /** `offboarded`: only stacks kept for their data (offboarded with `--delete-data` left out) hold it. */
  readonly state: "onboarded" | "offboarded";
  /** Where two stack files hold different specs of the customer (edited by hand): one problem per field. */
  readonly conflicts: readonly InputProblem[];
  /**
   * The regions as a command line names them: a kubeconfig region whose stack keeps its context's own name
   * (`cluster.context`) is `kubeconfig:<that name>`, not its key, which onboarding would take for another
   * context. In the order of `regions`.
   */
  readonly regionArgs: readonly string[];
}

interface Copy {
  readonly file: StackFile;
  /** The field path of the copy inside its file, e.g. `config.cloudtier:stack.tenants[2]`. */
  readonly path: string;
  readonly tenant: Tenant;
}

/** The customer copies each stack file holds. */
function copiesOf(files: readonly StackFile[]): Map<string, Copy[]> {
  const byId = new Map<string, Copy[]>();
  const add = (copy: Copy) => byId.set(copy.tenant.id, [...(byId.get(copy.tenant.id) ?? []), copy]);
  for (const file of files) {
    const key = `config.${STACK_CONFIG_KEY}`;
    if (file.config.kind === "environment") {
      add({ file, path: `${key}.customer`, tenant: tenantSchema.parse(file.config.customer) });
    } else {
      (file.config.tenants ?? []).forEach((t, i) =>
        add({ file, path: `${key}.tenants[${i}]`, tenant: tenantSchema.parse(t) }),
      );
    }
  }
  return byId;
}

/** The parts of a spec two copies must agree on, each in a form that compares as text. */
function comparable(t: Tenant): Record<string, string> {
  const sortedQuota = Object.fromEntries(Object.entries(t.quota).sort(([a], [b]) => a.localeCompare(b)));
  return {
    displayName: JSON.stringify(t.displayName ?? t.id),
    tier: JSON.stringify(t.tier),
    members: JSON.stringify([...t.members].sort((a, b) => a.email.localeCompare(b.email))),
    redis: JSON.stringify(t.redis),
    postgres: JSON.stringify(t.postgres),
    quota: JSON.stringify(sortedQuota),
  };
}

function conflictsOf(copies: readonly Copy[]): InputProblem[] {
  const [first, ...rest] = copies;
  const reference = comparable(first.tenant);
  const problems: InputProblem[] = [];
  for (const copy of rest) {
    const mine = comparable(copy.tenant);
    for (const key of Object.keys(reference)) {
      if (mine[key] === reference[key]) continue;
      problems.push({
        field: `${stackFileName(copy.file.stack)}: ${copy.path}.${key}`,
        rule: `differs from ${stackFileName(first.file.stack)}, which holds the same customer (${first.tenant.id})`,
        limit: `${key} there: ${reference[key]}`,
        received: JSON.parse(mine[key]) as unknown,
        fix:
          `Onboard ${first.tenant.id} again with its whole spec (with --replace if that removes anything): ` +
          "it writes one spec to every stack file; or correct the file by hand.",
      });
    }
  }
  return problems;
}

function recordOf(copies: readonly Copy[]): CustomerRecord {
  const active = copies.filter((c) => !c.file.offboarded);
  // The spec shown is the first onboarded copy's (by stack name); conflicts say where others differ.
  const shown = (active[0] ?? copies[0]).tenant;
  const regions = [...new Set(active.map((c) => c.file.config.region))].sort();
  return {
    id: shown.id,
    displayName: shown.displayName ?? shown.id,
    tier: shown.tier,
    regions,
    // Shown and turned into a command line in the one order onboarding writes them.
    members: canonicalMembers(shown.members).map((m) => ({ ...m })),
    redis: shown.redis,
    postgres: shown.postgres,
    quota: canonicalQuota({ ...shown.quota }),
    stacks: copies.map((c) => ({
      stack: c.file.stack,
      kind: c.file.config.kind,
      region: c.file.config.region,
      offboarded: c.file.offboarded,
    })),
    state: active.length > 0 ? "onboarded" : "offboarded",
    conflicts: conflictsOf(active.length > 0 ? active : copies),
    regionArgs: regions.map((region) => {
      const config = active.find((c) => c.file.config.region === region)?.file.config;
      const context = config?.kind === "platform" ? config.cluster?.context : undefined;
      return context !== undefined ? `kubeconfig:${context}` : region;
    }),
  };
}

/** Every customer the stack files hold, sorted by id. */
export function customerRecords(files: readonly StackFile[]): CustomerRecord[] {
  const sorted = [...files].sort((a, b) => a.stack.localeCompare(b.stack));
  return [...copiesOf(sorted).values()].map(recordOf).sort((a, b) => a.id.localeCompare(b.id));
}

/** One customer's record; undefined when no stack file holds it. */
export function findCustomerRecord(files: readonly StackFile[], id: string): CustomerRecord | undefined {
  const sorted = [...files].sort((a, b) => a.stack.localeCompare(b.stack));
  const copies = copiesOf(sorted).get(id);
  return copies ? recordOf(copies) : undefined;
}

/**
 * Every distinct copy of an onboarded customer's spec the stack files hold (one when they agree), each with
 * the customer's regions; none when no stack file holds it, or only stacks kept for data after offboarding.
 */
export function storedSpecs(files: readonly StackFile[], id: string): StoredSpec[] {
  const sorted = [...files].sort((a, b) => a.stack.localeCompare(b.stack));
  const active = (copiesOf(sorted).get(id) ?? []).filter((c) => !c.file.offboarded);
  const regions = [...new Set(active.map((c) => c.file.config.region))].sort();
  const distinct = new Map<string, Tenant>();
  for (const c of active) {
    const text = JSON.stringify(comparable(c.tenant));
    if (!distinct.has(text)) distinct.set(text, c.tenant);
  }
  return [...distinct.values()].map((t) => ({
    id: t.id,
    displayName: t.displayName ?? t.id,
    tier: t.tier,
    regions,
    members: t.members,
    redis: t.redis,
    postgres: t.postgres,
    quota: t.quota,
  }));
}

/** A stored spec as compared with a new one: a record's spec, for one copy of it. */
export type StoredSpec = Pick<
  CustomerRecord,
  "id" | "displayName" | "tier" | "regions" | "members" | "redis" | "postgres" | "quota"
>;

/** The stored spec as a customer, validated as onboarding validates one. */
export function recordCustomer(record: CustomerRecord): Customer {
  return parseCustomer({
    id: record.id,
    displayName: record.displayName,
    tier: record.tier,
    regions: [...record.regionArgs],
    members: record.members.map((m) => ({ ...m })),
    redis: record.redis,
    postgres: record.postgres,
    quota: { ...record.quota },
  });
}

/**
 * The stored spec of an onboarded customer, to plan it as it is (`plan --customer ID`): bad input when no
 * stack file holds it, when only stacks kept for their data do, or when the copies disagree.
 */
export function storedCustomer(files: readonly StackFile[], id: string, field: string): Customer {
  const record = findCustomerRecord(files, id);
  if (!record) {
    throw InputError.single({
      field,
      rule: "is not onboarded: no stack file under stacks/ holds it, so its spec must be given",
      received: id,
      fix: "Describe the customer with --tier and --regions (and its members, data stores, quota), or check the id: `cloudtier customers` lists them.",
    });
  }
  if (record.state === "offboarded") {
    throw InputError.single({
      field,
      rule: "was offboarded: only environment stacks kept for their data hold it",
      received: id,
      fix: "Describe the customer with --tier and --regions to plan it anew.",
    });
  }
  if (record.conflicts.length > 0) throw new InputError(record.conflicts);
  return recordCustomer(record);
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line that onboards this spec: what to edit to change the customer. */
export function onboardCommandLine(record: CustomerRecord): string {
  const words = ["cloudtier", "onboard", record.id, "--tier", record.tier];
  if (record.regionArgs.length > 0) words.push("--regions", record.regionArgs.join(","));
  if (record.displayName !== record.id) words.push("--display-name", record.displayName);
  for (const m of record.members) words.push("--member", `${m.email}:${m.role}`);
  if (record.redis) words.push("--redis");
  if (record.postgres) words.push("--postgres");
  for (const [field, value] of Object.entries(record.quota)) words.push("--quota", `${field}=${value}`);
  return words.map(shellWord).join(" ");
}
