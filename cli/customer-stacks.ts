/**
 * A customer given on the command line, as the raw shape `parseCustomer` validates. Shared by `plan` and
 * `onboard`, so both read the flags alike.
 */
import { type Customer, type CustomerInput, parseCustomer } from "../domain/customer.js";
import { type InputProblem, throwIfProblems } from "../domain/errors.js";

export interface CustomerFlags {
  readonly customer?: string;
  readonly displayName?: string;
  readonly tier?: string;
  readonly regions?: string;
  readonly member?: string[];
  readonly redis?: boolean;
  readonly postgres?: boolean;
  readonly quota?: string[];
}

/**
 * `--quota FIELD=N` items as a record. The value must be a whole number written in digits (`pods=` or
 * `pods=1e3` are not), each field once; which fields exist and their bounds are `parseCustomer`'s to check.
 * The record is built from entries, so a key such as `__proto__` is kept, to be reported, not swallowed.
 */
export function quotaFromFlags(items: readonly string[]): Record<string, number> {
  const problems: InputProblem[] = [];
  const entries: [string, number][] = [];
  for (const [i, item] of items.entries()) {
    const match = /^([^=]+)=([0-9]+)$/.exec(item);
    if (!match) {
      problems.push({
        field: `--quota[${i}]`,
        rule: "must be FIELD=N, N a whole number",
        received: item,
        fix: "Write e.g. --quota pods=60 (one field per --quota).",
      });
      continue;
    }
    const [, key, value] = match;
    if (entries.some(([k]) => k === key)) {
      problems.push({
        field: `--quota.${key}`,
        rule: "is given twice",
        received: item,
        fix: "Give each quota field once.",
      });
      continue;
    }
    entries.push([key, Number(value)]);
  }
  throwIfProblems(problems);
  return Object.fromEntries(entries);
}

/** Turns flags into the raw customer shape; validation happens in `parseCustomer`. */
export function customerInputFromFlags(flags: CustomerFlags, id: string | undefined): CustomerInput {
  return {
    id: id ?? "",
    ...(flags.displayName !== undefined ? { displayName: flags.displayName } : {}),
    tier: flags.tier ?? "",
    // An empty item (`a,,b`, a trailing comma) is reported by `parseCustomer`, not dropped.
    regions: flags.regions === undefined ? [] : flags.regions.split(",").map((r) => r.trim()),
    members: flags.member ?? [],
    redis: flags.redis ?? false,
    postgres: flags.postgres ?? false,
    quota: quotaFromFlags(flags.quota ?? []),
  };
}

export function parseCustomerFlags(flags: CustomerFlags, id: string | undefined): Customer {
  return parseCustomer(customerInputFromFlags(flags, id));
}
