/**
 * What the rules share: typed validation by type token, lookups over a stack's resources, and the small
 * predicates (open CIDRs, tenant namespaces) several rules use. Type-only imports of `@pulumi/policy` and
 * the SDKs: nothing here loads a provider SDK or the policy server at run time.
 */
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
} from "@pulumi/policy";
import type { Unwrap } from "@pulumi/pulumi";
import { CUSTOMER_LABEL, PLATFORM_CUSTOMER, TIER_LABEL } from "../../components/labels.js";
import { namespaceReservedBy } from "../../domain/customer.js";
import { TOKENS, type TokenGroup } from "../../clouds/tokens.js";

/** The plain (resolved) shape of a resource's args, as a policy sees its props. */
export type Props<TArgs> = Unwrap<NonNullable<TArgs>>;

export type TypedValidation<TArgs> = (
  props: Props<TArgs>,
  args: ResourceValidationArgs,
  reportViolation: ReportViolation,
) => void | Promise<void>;

/**
 * `validateResourceOfType` by type token: runs `validate` on resources of the group's types with their
 * props typed as the SDK's args. Like the SDK helper, it tags the function with the token when there is
 * one, so the policy server can skip other resources without calling it.
 */
export function ofType<TArgs>(group: TokenGroup, validate: TypedValidation<TArgs>): ResourceValidation {
  const types: readonly string[] = TOKENS[group];
  const fn: ResourceValidation = (args, reportViolation) => {
    if (types.includes(args.type)) return validate(args.props as Props<TArgs>, args, reportViolation);
  };
  return types.length === 1 ? Object.assign(fn, { __pulumiType: types[0] }) : fn;
}

type Found = { resource: PolicyResource; props: unknown };

/**
 * A stack's resources by token group, and by group and namespace, computed once per resource list:
 * stack rules look objects up namespace by namespace, which over a platform stack's thousands of tenants
 * would otherwise scan the whole stack once per tenant.
 */
const groupIndex = new WeakMap<readonly PolicyResource[], Map<TokenGroup, Found[]>>();
const namespaceIndex = new WeakMap<readonly PolicyResource[], Map<TokenGroup, Map<string, Found[]>>>();

function ofGroup(resources: readonly PolicyResource[], group: TokenGroup): Found[] {
  let groups = groupIndex.get(resources);
  if (!groups) groupIndex.set(resources, (groups = new Map<TokenGroup, Found[]>()));
  let found = groups.get(group);
  if (!found) {
    const types: readonly string[] = TOKENS[group];
    found = resources
      .filter((r) => types.includes(r.type))
      .map((resource) => ({ resource, props: resource.props }));
    groups.set(group, found);
  }
  return found;
}

/** A stack's resources of a token group, with their props typed as the SDK's args. */
export function resourcesOf<TArgs>(
  resources: readonly PolicyResource[],
  group: TokenGroup,
): { resource: PolicyResource; props: Props<TArgs> }[] {
  return [...ofGroup(resources, group)] as { resource: PolicyResource; props: Props<TArgs> }[];
}

/**
 * A CIDR that opens an endpoint to the internet at large: 0.0.0.0/0, ::/0, or anything wider than an IPv4
 * /8 (IPv6 /16), such as the pair 0.0.0.0/1 + 128.0.0.0/1. Text that is not a CIDR counts as open, since
 * nothing can be said about what it admits.
 */
export const OPEN_IPV4_PREFIX = 8;
export const OPEN_IPV6_PREFIX = 16;

export function isOpenCidr(text: string): boolean {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return /^[0-9.]+$/.test(text.trim()) ? false : true;
  const prefix = Number(match[2]);
  return match[1].includes(":") ? prefix < OPEN_IPV6_PREFIX : prefix < OPEN_IPV4_PREFIX;
}

/** Values that may arrive as booleans or as strings ("true"), as provider and some SDK inputs do. */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true" || value === "True";
}

export function isFalse(value: unknown): boolean {
  return value === false || value === "false" || value === "False";
}

// Kubernetes objects -------------------------------------------------------------------------------------

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export function metaOf(props: unknown): ObjectMeta {
  const meta = (props as { metadata?: ObjectMeta } | undefined)?.metadata;
  return meta ?? {};
}

export { CUSTOMER_LABEL, PLATFORM_CUSTOMER, TIER_LABEL };

/**
 * Namespaces of the platform itself or its clouds: the names `domain/customer.ts` reserves, which no
 * customer can take (kube-system, monitoring, the operators' namespaces, the clouds' add-ons', ...). In
 * an environment stack these carry the customer's metering labels (the customer pays for them), so the
 * labels alone do not tell them apart.
 */
export function isPlatformNamespace(name: string): boolean {
  return namespaceReservedBy(name) !== undefined;
}

/**
 * Whether a Kubernetes object belongs to a tenant: it is (for a Namespace) or lives in (otherwise) a
 * namespace the platform does not reserve, and is not labelled as the platform's. Objects without labels
 * count as tenant objects, so a missing label never exempts an object from the tenant rules (the metering
 * rule reports the label itself).
 */
export function isTenantObject(props: unknown): boolean {
  const meta = metaOf(props);
  const kind = (props as { kind?: unknown } | undefined)?.kind;
  const namespace = kind === "Namespace" ? meta.name : (meta.namespace ?? "default");
  if (namespace !== undefined && isPlatformNamespace(namespace)) return false;
  return meta.labels?.[CUSTOMER_LABEL] !== PLATFORM_CUSTOMER;
}

export interface TenantNamespace {
  readonly name: string;
  readonly urn: string;
  /** The customer label; undefined when the namespace lacks it. */
  readonly customer: string | undefined;
  /** The tier label; undefined when the namespace lacks it. */
  readonly tier: string | undefined;
}

/** The tenant namespaces of a stack (see `isTenantObject`). */
export function tenantNamespaces(resources: readonly PolicyResource[]): TenantNamespace[] {
  const found: TenantNamespace[] = [];
  for (const { resource, props } of resourcesOf<unknown>(resources, "namespace")) {
    const meta = metaOf(props);
    if (!meta.name || !isTenantObject({ ...(props as object), kind: "Namespace" })) continue;
    found.push({
      name: meta.name,
      urn: resource.urn,
      customer: meta.labels?.[CUSTOMER_LABEL],
      tier: meta.labels?.[TIER_LABEL],
    });
  }
  return found;
}

/** Objects of a token group inside a namespace (no namespace means `default`). */
export function inNamespace<TArgs>(
  resources: readonly PolicyResource[],
  group: TokenGroup,
  namespace: string,
): { resource: PolicyResource; props: Props<TArgs> }[] {
  let groups = namespaceIndex.get(resources);
  if (!groups) namespaceIndex.set(resources, (groups = new Map<TokenGroup, Map<string, Found[]>>()));
  let byNamespace = groups.get(group);
  if (!byNamespace) {
    byNamespace = new Map<string, Found[]>();
    for (const found of ofGroup(resources, group)) {
      const ns = metaOf(found.props).namespace ?? "default";
      const bucket = byNamespace.get(ns);
      if (bucket) bucket.push(found);
      else byNamespace.set(ns, [found]);
    }
    groups.set(group, byNamespace);
  }
  return [...(byNamespace.get(namespace) ?? [])] as { resource: PolicyResource; props: Props<TArgs> }[];
}

/** Quantities of a ResourceQuota / LimitRange as given (`"2000m"`, `"4Gi"`, `"0"`). */
export type Quantities = Readonly<Record<string, string | number>>;
