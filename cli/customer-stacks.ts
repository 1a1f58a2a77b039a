/**
 * From a customer given on the command line (or in a batch file) to the stacks it needs, merged with the
 * stack files already under `stacks/`. Shared by `plan` and `onboard`, so what is planned is exactly what
 * onboarding would write.
 */
import { type Customer, type CustomerInput, parseCustomer } from "../domain/customer.js";
import { type StackSpec, stacksForCustomer } from "../domain/stack-plan.js";
import { readStackConfig } from "./stack-files.js";

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

/** Turns flags into the raw customer shape; validation happens in `parseCustomer`. */
export function customerInputFromFlags(flags: CustomerFlags, id: string | undefined): CustomerInput {
  const quota: Record<string, number> = {};
  for (const item of flags.quota ?? []) {
    const eq = item.indexOf("=");
    quota[eq > 0 ? item.slice(0, eq) : item] = eq > 0 ? Number(item.slice(eq + 1)) : Number.NaN;
  }
  return {
    id: id ?? "",
    ...(flags.displayName !== undefined ? { displayName: flags.displayName } : {}),
    tier: flags.tier ?? "",
    regions: (flags.regions ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter((r) => r.length > 0),
    members: flags.member ?? [],
    redis: flags.redis ?? false,
    postgres: flags.postgres ?? false,
    quota,
  };
}

export function stacksForCustomerInProject(project: string, customer: Customer): StackSpec[] {
  return stacksForCustomer(customer, (name) => readStackConfig(project, name));
}

export function parseCustomerFlags(flags: CustomerFlags, id: string | undefined): Customer {
  return parseCustomer(customerInputFromFlags(flags, id));
}
