/**
 * From customers to stacks: which stacks a customer needs and what each one's configuration becomes.
 * A Cloud-tier customer gets one environment stack per region; a shared-tier customer joins a shard of the
 * platform stack of each of its regions. Pure: reading and writing the stack files is the CLI's job.
 *
 * Sharding: a region's platform is split into stacks `platform-<cloud>-<region>` (shard 0, which also
 * owns the cluster), `...-1`, `...-2`, numbered without gaps, so that no stack grows past a few thousand
 * resources (a preview slows down sharply beyond that). A tenant stays in the shard it was placed in; a
 * new tenant goes to the first shard with room, or to a new shard after the last.
 */
import type { RegionRef } from "../regions/index.js";
import { regionKey } from "../regions/index.js";
import type { Customer } from "./customer.js";
import { InputError } from "./errors.js";
import { environmentStackName, platformStackName } from "./naming.js";
import { type StackConfigInput, type Tenant, tenantOf, tenantSchema } from "./stack-config.js";

export interface StackSpec {
  /** The Pulumi stack name, e.g. `acme-aws-eu-west-1` or `platform-kubeconfig-local`. */
  readonly name: string;
  readonly ref: RegionRef;
  readonly config: StackConfigInput;
}

/**
 * Tenants per platform stack unless the region's shard 0 says otherwise (`tenantsPerShard`): a tenant is
 * 14 to 30 resources (namespace and its policies, roles, SLO rules, data stores), so a full shard stays
 * between about 2,000 and 4,500.
 */
export const DEFAULT_TENANTS_PER_SHARD = 150;

/** Most shards a region may have: a guard against a runaway loop, far beyond any real region. */
export const MAX_SHARDS = 10_000;

/** How far past the first missing shard to look for a later one (a gap in the numbering). */
export const SHARD_GAP_PROBE = 8;

type PlatformConfigInput = Extract<StackConfigInput, { kind: "platform" }>;

/** One existing shard of a region's platform stack. */
export interface PlatformShard {
  readonly shard: number;
  readonly name: string;
  readonly config: PlatformConfigInput;
}

export interface ShardingOptions {
  /**
   * Most tenants per shard for new placements; recorded in shard 0 when it is created.
   * @default shard 0's `tenantsPerShard`, else `DEFAULT_TENANTS_PER_SHARD`
   */
  readonly tenantsPerShard?: number;
}

/** Adds or replaces a tenant in a platform stack's tenant list, keeping the list sorted by id. */
export function upsertTenant(tenants: readonly Tenant[], tenant: Tenant): Tenant[] {
  return [...tenants.filter((t) => t.id !== tenant.id), tenant].sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Which shard a tenant goes to, given each shard's tenant ids in shard order: the shard that already holds
 * it, else the first with fewer than `perShard` tenants, else a new one (`shards.length`).
 */
export function placeTenant(
  shards: readonly (readonly string[])[],
  tenantId: string,
  perShard: number,
): number {
  const holding = shards.findIndex((ids) => ids.includes(tenantId));
  if (holding >= 0) return holding;
  const room = shards.findIndex((ids) => ids.length < perShard);
  return room >= 0 ? room : shards.length;
}

/** The shard a stack name stands for in a region (`platform-aws-eu-west-1-2` is 2), if it is one. */
export function shardOfStackName(ref: RegionRef, name: string): number | undefined {
  const base = platformStackName(ref);
  if (name === base) return 0;
  const suffix = name.startsWith(`${base}-`) ? name.slice(base.length + 1) : "";
  return /^[1-9][0-9]*$/.test(suffix) ? Number(suffix) : undefined;
}

/**
 * The existing shards of a region, shard 0 first, as far as they are contiguous: the lookup answers by
 * stack name; a platform stack of another kind ends the list like a missing one.
 */
export function platformShards(
  ref: RegionRef,
  existing: (name: string) => StackConfigInput | undefined,
): PlatformShard[] {
  const shards: PlatformShard[] = [];
  for (let shard = 0; shard < MAX_SHARDS; shard++) {
    const name = platformStackName(ref, shard);
    const config = existing(name);
    if (!config || config.kind !== "platform") break;
    shards.push({ shard, name, config });
  }
  // A later shard past a missing one would hide its tenants, which could then be placed a second time.
  const missing = shards.length;
  for (let shard = missing + 1; shard <= missing + SHARD_GAP_PROBE; shard++) {
    const name = platformStackName(ref, shard);
    if (existing(name)) {
      throw InputError.single({
        field: `stacks/Pulumi.${platformStackName(ref, missing)}.yaml`,
        rule: `is missing, but the later shard ${name} exists: shards are numbered without gaps`,
        received: undefined,
        fix: "Restore the missing stack file (from version control), or renumber the later shards.",
      });
    }
  }
  return shards;
}

/**
 * The stacks a customer needs. `existingPlatform` returns the current config of a stack by name (or
 * undefined when it does not exist yet), so the customer is merged into its region's shards rather than
 * replacing them.
 */
export function stacksForCustomer(
  customer: Customer,
  existingPlatform: (name: string) => StackConfigInput | undefined = () => undefined,
  options: ShardingOptions = {},
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
    const shards = platformShards(ref, existingPlatform);
    const held = shards[0]?.config.cluster?.context ?? shards[0]?.config.region.slice("kubeconfig:".length);
    if (ref.cloud === "kubeconfig" && held !== undefined && held !== (ref.context ?? ref.region)) {
      throw InputError.single({
        field: "customer.regions",
        rule: `names the kubeconfig context "${ref.context ?? ref.region}", whose key ${ref.region} already stands for the context "${held}"`,
        received: `kubeconfig:${ref.context ?? ref.region}`,
        fix: "Rename one of the two contexts so that their keys differ (`kubectl config rename-context`).",
      });
    }
    const perShard =
      options.tenantsPerShard ?? shards[0]?.config.tenantsPerShard ?? DEFAULT_TENANTS_PER_SHARD;
    const tenantIds = shards.map((s) => (s.config.tenants ?? []).map((t) => t.id));
    const shard = placeTenant(tenantIds, customer.id, perShard);
    const base: PlatformConfigInput = shards[shard]?.config ?? {
      kind: "platform",
      region,
      ...(shard > 0 ? { shard } : {}),
      // Every shard of an existing cluster reaches it through the same context.
      ...(ref.context !== undefined ? { cluster: { context: ref.context } } : {}),
      ...(shard === 0 && options.tenantsPerShard !== undefined ? { tenantsPerShard: perShard } : {}),
      tenants: [],
    };
    return {
      name: platformStackName(ref, shard),
      ref,
      config: {
        ...base,
        // The program tells shard 0 (which creates the cluster) from the others by this field.
        ...(shard > 0 ? { shard } : {}),
        tenants: upsertTenant(parseTenants(base.tenants ?? []), tenantOf(customer)),
      },
    };
  });
}

/**
 * Tenants as read from a stack file get their defaults here. Onboarding a batch merges each customer into
 * configs this function produced for the previous one: remembering what it parsed keeps that linear.
 */
const parsed = new WeakMap<object, Tenant>();

function parseTenants(raw: readonly unknown[]): Tenant[] {
  return raw.map((t) => {
    const known = typeof t === "object" && t !== null ? parsed.get(t) : undefined;
    if (known) return known;
    const tenant = tenantSchema.parse(t);
    parsed.set(tenant, tenant);
    return tenant;
  });
}
