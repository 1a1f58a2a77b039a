/**
 * The configuration of one stack, as stored under the `cloudtier:stack` key of `stacks/Pulumi.<stack>.yaml`
 * and parsed once, with this schema, at program entry. Two kinds: a `platform` stack (a shared regional
 * cluster and the tenants of the shared tiers in that region) and an `environment` stack (one Cloud-tier
 * customer's isolated environment in one region).
 */
import { z } from "zod";
import type { CloudName, RegionRef } from "../regions/index.js";
import {
  type Customer,
  ROLES,
  displayNameProblems,
  parseMembers,
  parseQuota,
  validateCustomerId,
  validateDerivedNames,
} from "./customer.js";
import { type InputProblem, InputError, throwIfProblems } from "./errors.js";
import { parseCidr } from "./network-plan.js";
import { contextKey, isProblem, parseRegionKey } from "./region-key.js";
import { QUOTA_FIELDS, type QuotaSpec, TIERS } from "./tiers.js";

export const STACK_CONFIG_KEY = "cloudtier:stack";

const quotaOverrideSchema = z
  .object(
    Object.fromEntries(QUOTA_FIELDS.map((f) => [f, z.number().int().nonnegative().optional()])) as Record<
      keyof QuotaSpec,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();

export const tenantSchema = z
  .object({
    id: z.string().min(1),
    displayName: z.string().optional(),
    tier: z.enum(TIERS),
    members: z.array(z.object({ email: z.string(), role: z.enum(ROLES) }).strict()).default([]),
    redis: z.boolean().default(false),
    postgres: z.boolean().default(false),
    quota: quotaOverrideSchema.default({}),
  })
  .strict();

/** One customer as a stack sees it: everything but its other regions. */
export type Tenant = z.output<typeof tenantSchema>;

const clusterOptionsSchema = z
  .object({
    /**
     * CIDRs allowed to reach the Kubernetes API publicly, besides the project's `cloudtier:deployerCidrs`.
     * Empty (the default): only the deployer's.
     */
    apiAllowedCidrs: z.array(z.string()).default([]),
    /**
     * kubeconfig stacks: the kubeconfig context's own name, when the region key is a stack-name-safe form
     * of it (`arn:aws:eks:...:cluster/prod` for `kubeconfig:arn-aws-eks-...-cluster-prod`).
     */
    context: z.string().min(1).optional(),
  })
  .strict()
  .default({ apiAllowedCidrs: [] });

const regionKeySchema = z.string().regex(/^[a-z]+:[a-z0-9-]+$/, "must be CLOUD:REGION");

export const stackConfigSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("platform"),
      region: regionKeySchema,
      /** Platform stacks of a region are sharded; shard 0 also owns the cluster, later shards only tenants. */
      shard: z.number().int().nonnegative().default(0),
      /**
       * Read from shard 0 only, by onboarding: the most tenants a new tenant may join a shard up to.
       * Absent: `DEFAULT_TENANTS_PER_SHARD` (domain/placement.ts).
       */
      tenantsPerShard: z.number().int().positive().optional(),
      cluster: clusterOptionsSchema,
      tenants: z.array(tenantSchema).default([]),
    })
    .strict(),
  z
    .object({
      kind: z.literal("environment"),
      region: regionKeySchema,
      cluster: clusterOptionsSchema,
      customer: tenantSchema,
    })
    .strict(),
]);

export type StackConfigInput = z.input<typeof stackConfigSchema>;
export type StackConfig = z.output<typeof stackConfigSchema>;
export type PlatformStackConfig = Extract<StackConfig, { kind: "platform" }>;
export type EnvironmentStackConfig = Extract<StackConfig, { kind: "environment" }>;

/** `tenants.3.id` as `tenants[3].id`: the path of a zod issue as a field name. */
export function fieldPath(source: string, path: readonly PropertyKey[]): string {
  let out = source;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const FIX = "Correct the stack file, or regenerate it with `cloudtier onboard`.";

/**
 * What a customer's spec must satisfy holds for a tenant read back from a stack file too: a valid id, display
 * name, members within the tier's seats and quota within its bounds. A stack file edited by hand is input.
 */
export function tenantProblems(tenant: Tenant, field: string): InputProblem[] {
  const problems = [
    ...validateCustomerId(tenant.id, `${field}.id`),
    ...displayNameProblems(tenant.displayName, `${field}.displayName`),
    ...parseMembers(tenant.members, tenant.tier, `${field}.members`).problems,
    ...parseQuota(tenant.quota, tenant.tier, `${field}.quota`).problems,
  ];
  return problems.map((p) => ({ ...p, fix: `${p.fix} (${FIX})` }));
}

function cidrProblems(cidrs: readonly string[], field: string): InputProblem[] {
  return cidrs.flatMap((text, i) => {
    try {
      parseCidr(text);
      return [];
    } catch {
      return [
        {
          field: `${field}[${i}]`,
          rule: "must be an IPv4 CIDR",
          received: text,
          fix: "Write it as a network address and prefix length, e.g. 203.0.113.0/24.",
        },
      ];
    }
  });
}

/**
 * Parses a stack's config object; problems name the stack file's fields. The one schema for stack files:
 * the program parses its config with it at `pulumi up`, and every command that reads a stack file does too.
 */
export function parseStackConfig(raw: unknown, source = STACK_CONFIG_KEY): StackConfig & { ref: RegionRef } {
  const result = stackConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue): InputProblem => ({
        field: fieldPath(source, issue.path),
        rule: issue.message,
        received: valueAt(raw, issue.path),
        fix: FIX,
      })),
    );
  }
  const config = result.data;
  const parsed = parseRegionKey(config.region, `${source}.region`);
  if (isProblem(parsed)) throw InputError.single(parsed);
  const problems: InputProblem[] = [
    ...cidrProblems(config.cluster.apiAllowedCidrs, `${source}.cluster.apiAllowedCidrs`),
  ];
  const context = config.cluster.context;
  if (context !== undefined && (parsed.cloud !== "kubeconfig" || contextKey(context) !== parsed.region)) {
    problems.push({
      field: `${source}.cluster.context`,
      rule:
        parsed.cloud === "kubeconfig"
          ? `must be the context the region key stands for: its key is ${contextKey(context)}`
          : "is for kubeconfig regions only",
      received: context,
      fix: "Regenerate the stack file with `cloudtier onboard`, or correct the context name.",
    });
  }
  const ref: RegionRef = context !== undefined ? { ...parsed, context } : parsed;
  if (config.kind === "environment") {
    const field = `${source}.customer`;
    if (config.customer.tier !== "cloud") {
      problems.push({
        field: `${field}.tier`,
        rule: "environment stacks are for the cloud tier",
        received: config.customer.tier,
        fix: "Put shared-tier customers in the region's platform stack.",
      });
    } else {
      problems.push(...tenantProblems(config.customer, field));
      if (problems.length === 0) {
        problems.push(
          ...validateDerivedNames({ ...config.customer, regions: [ref] }).map((p) => ({
            ...p,
            field: `${field}.id`,
          })),
        );
      }
    }
  } else {
    const seen = new Map<string, number>();
    config.tenants.forEach((tenant, i) => {
      const field = `${source}.tenants[${i}]`;
      if (tenant.tier === "cloud") {
        problems.push({
          field: `${field}.tier`,
          rule: "platform stacks host the shared tiers only",
          limit: "community, developer, team",
          received: "cloud",
          fix: "Give cloud-tier customers their own environment stacks.",
        });
        return;
      }
      problems.push(...tenantProblems(tenant, field));
      const first = seen.get(tenant.id);
      if (first !== undefined) {
        problems.push({
          field: `${field}.id`,
          rule: `is listed twice (also tenants[${first}])`,
          received: tenant.id,
          fix: "Keep one entry per tenant: merge the two, or offboard one of them.",
        });
      } else {
        seen.set(tenant.id, i);
      }
    });
  }
  throwIfProblems(problems);
  return { ...config, ref };
}

/**
 * Quota overrides in their one written order, the tier's field order (`QUOTA_FIELDS`), whatever order the
 * `--quota` flags or a batch file gave them in: the same spec is always the same bytes.
 */
export function canonicalQuota<Q extends Readonly<Partial<QuotaSpec>>>(quota: Q): Q {
  const fields = QUOTA_FIELDS as readonly string[];
  const entries = Object.entries(quota);
  const known = QUOTA_FIELDS.filter((f) => Object.hasOwn(quota, f)).map((f) => [f, quota[f]] as const);
  // A key that is not a quota field is kept, after the known ones: validation names it, not this.
  const unknown = entries
    .filter(([k]) => !fields.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries([...known, ...unknown]) as Q;
}

/**
 * Members in their one written order: by e-mail address compared without case, then as spelled. The same
 * members in another order are the same spec, so the same bytes.
 */
export function canonicalMembers<M extends { readonly email: string }>(members: readonly M[]): M[] {
  const order = (a: M, b: M) => {
    const [x, y] = [a.email.toLowerCase(), b.email.toLowerCase()];
    if (x !== y) return x < y ? -1 : 1;
    return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
  };
  return [...members].sort(order);
}

/** A customer as a stack stores it, in the canonical order of its members and quota overrides. */
export function tenantOf(customer: Customer): Tenant {
  return {
    id: customer.id,
    displayName: customer.displayName,
    tier: customer.tier,
    members: canonicalMembers(customer.members).map((m) => ({ ...m })),
    redis: customer.redis,
    postgres: customer.postgres,
    quota: canonicalQuota({ ...customer.quota }),
  };
}

/** The clouds whose SDKs a stack needs: its own cloud, and Kubernetes always. */
export function stackCloud(config: { region: string }): CloudName {
  return config.region.slice(0, config.region.indexOf(":")) as CloudName;
}
