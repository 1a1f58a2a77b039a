/**
 * From customers to stacks: which stacks a customer needs and what each one's configuration becomes.
 * A Cloud-tier customer gets one environment stack per region; a shared-tier customer joins the platform
 * stack of each of its regions. Pure: reading and writing the stack files is the CLI's job.
 */
import type { RegionRef } from "../regions/index.js";
import { regionKey } from "../regions/index.js";
import type { Customer } from "./customer.js";
import { environmentStackName, platformStackName } from "./naming.js";
import { type StackConfigInput, type Tenant, tenantOf, tenantSchema } from "./stack-config.js";

export interface StackSpec {
  /** The Pulumi stack name, e.g. `acme-aws-eu-west-1` or `platform-kubeconfig-local`. */
  readonly name: string;
  readonly ref: RegionRef;
  readonly config: StackConfigInput;
}

/** Tenants per platform stack: no platform stack grows past a few thousand resources. */
export const DEFAULT_TENANTS_PER_SHARD = 250;

/** Adds or replaces a tenant in a platform stack's tenant list, keeping the list sorted by id. */
export function upsertTenant(tenants: readonly Tenant[], tenant: Tenant): Tenant[] {
  return [...tenants.filter((t) => t.id !== tenant.id), tenant].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The stacks a customer needs. `existingPlatform` returns the current config of a platform stack (or
 * undefined when it does not exist yet) so the customer is merged into it rather than replacing it.
 */
export function stacksForCustomer(
  customer: Customer,
  existingPlatform: (name: string) => StackConfigInput | undefined = () => undefined,
): StackSpec[] {
  return customer.regions.map((ref): StackSpec => {
    const region = regionKey(ref);
    if (customer.tier === "cloud") {
      return {
        name: environmentStackName(customer.id, ref),
        ref,
        config: { kind: "environment", region, customer: tenantOf(customer) },
      };
    }
    const name = platformStackName(ref);
    const existing = existingPlatform(name);
    const base: StackConfigInput =
      existing && existing.kind === "platform" ? existing : { kind: "platform", region, tenants: [] };
    if (base.kind !== "platform") throw new Error("unreachable");
    return {
      name,
      ref,
      config: { ...base, tenants: upsertTenant(parseTenants(base.tenants ?? []), tenantOf(customer)) },
    };
  });
}

function parseTenants(raw: readonly unknown[]): Tenant[] {
  return raw.map((t) => tenantSchema.parse(t));
}
