/**
 * Keeping a customer's data when it is offboarded. Pure edits of an exported stack state (`pulumi stack
 * export` / `import`), so they are tested without Pulumi:
 *
 * - an environment stack's data stores are marked `protect`; `destroy --exclude-protected` then removes
 *   everything else and keeps them together with what they depend on (network, subnets);
 * - on a platform stack, a leaving tenant's data stores (and its namespace, whose deletion would take the
 *   volumes with it) are marked `retainOnDelete` and unprotected; the `up` that drops the tenant then
 *   forgets them instead of deleting them.
 *
 * `--delete-data` clears those marks instead, so the data goes with the rest.
 */
import { TYPE } from "../clouds/tokens.js";
import { DATASTORE_TYPE_PREFIX } from "../components/datastore/settings.js";

/** A resource of an exported state (apitype.ResourceV3); only the fields read or set here are typed. */
export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly custom?: boolean;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly [key: string]: unknown;
}

/** What `pulumi stack export` prints. */
export interface StackState {
  readonly version: number;
  readonly deployment: { readonly resources?: readonly StateResource[]; readonly [key: string]: unknown };
}

/** Managed databases and caches on every cloud, and the Kubernetes objects that hold in-cluster data. */
export const DATA_STORE_TYPES: ReadonlySet<string> = new Set([
  TYPE.awsRdsInstance,
  TYPE.awsRdsCluster,
  TYPE.awsElasticacheReplicationGroup,
  TYPE.awsElasticacheCluster,
  TYPE.awsElasticacheServerlessCache,
  TYPE.gcpSqlDatabaseInstance,
  TYPE.gcpRedisInstance,
  TYPE.gcpMemorystoreInstance,
  TYPE.azureDbforpostgresqlServer,
  TYPE.azureDbforpostgresqlSingleServer,
  TYPE.azureRedis,
  TYPE.scwDatabasesInstance,
  TYPE.scwRedisCluster,
  TYPE.k8sCorePersistentVolumeClaim,
  TYPE.k8sCorePersistentVolume,
]);

/** Operator-managed in-cluster stores (CloudNativePG, the Redis operator), matched by API group. */
const DATA_STORE_TYPE_PREFIXES = [
  "kubernetes:postgresql.cnpg.io/",
  "kubernetes:redis.redis.opstreelabs.in/",
] as const;

export function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function resourcesOf(state: StackState): readonly StateResource[] {
  return state.deployment.resources ?? [];
}

/** Custom resources that hold data: a known type, or anything inside a data store component. */
export function dataStoreUrns(resources: readonly StateResource[]): Set<string> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  // Inside a Datastore component (`cloudtier:datastore:Postgres`, `...:Redis`) or its private-access
  // parts: everything under them (the store, its passwords, subnet groups) belongs with the data.
  const insideDataComponent = (r: StateResource): boolean => {
    for (let p = r.parent; p !== undefined; p = byUrn.get(p)?.parent) {
      const parent = byUrn.get(p);
      if (!parent) return false;
      if (parent.type.startsWith(DATASTORE_TYPE_PREFIX)) return true;
    }
    return false;
  };
  const urns = new Set<string>();
  for (const r of resources) {
    if (r.custom === false || r.type.startsWith("pulumi:providers:")) continue;
    if (
      DATA_STORE_TYPES.has(r.type) ||
      DATA_STORE_TYPE_PREFIXES.some((p) => r.type.startsWith(p)) ||
      insideDataComponent(r)
    ) {
      urns.add(r.urn);
    }
  }
  return urns;
}

/** A resource and everything parented under it. */
export function subtree(resources: readonly StateResource[], rootUrn: string): Set<string> {
  const found = new Set([rootUrn]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of resources) {
      if (r.parent !== undefined && found.has(r.parent) && !found.has(r.urn)) {
        found.add(r.urn);
        grew = true;
      }
    }
  }
  return found;
}

function withFlags(
  state: StackState,
  flags: ReadonlyMap<string, Partial<Pick<StateResource, "protect" | "retainOnDelete">>>,
): StackState {
  return {
    ...state,
    deployment: {
      ...state.deployment,
      resources: resourcesOf(state).map((r) => {
        const set = flags.get(r.urn);
        return set ? { ...r, ...set } : r;
      }),
    },
  };
}

export interface StateEdit {
  readonly state: StackState;
  /** URNs of the data store resources found. */
  readonly dataStores: readonly string[];
  /** Whether the state differs from the exported one (no import needed otherwise). */
  readonly changed: boolean;
}

/**
 * Environment stack: protect its data stores (keep) or unprotect them (delete), before a destroy with
 * `--exclude-protected`. Everything else is unprotected either way: a cluster is protected against an
 * accidental deletion, and offboarding is a deliberate one.
 */
export function markEnvironmentData(state: StackState, keep: boolean): StateEdit {
  const resources = resourcesOf(state);
  const stores = dataStoreUrns(resources);
  const flags = new Map<string, { protect: boolean }>();
  for (const r of resources) {
    const wanted = keep && stores.has(r.urn);
    if ((r.protect ?? false) !== wanted && (stores.has(r.urn) || r.protect === true)) {
      flags.set(r.urn, { protect: wanted });
    }
  }
  return { state: withFlags(state, flags), dataStores: [...stores], changed: flags.size > 0 };
}

/**
 * Platform stack: the tenant's resources are the subtree of its `TenantNamespace` component. When keeping
 * data and the tenant has data stores, they and the tenant's Namespace are marked `retainOnDelete`.
 */
export function markTenantData(state: StackState, tenantId: string, keep: boolean): StateEdit {
  const resources = resourcesOf(state);
  const root = resources.find(
    (r) => r.type === "cloudtier:tenancy:TenantNamespace" && urnName(r.urn) === tenantId,
  );
  if (!root) return { state, dataStores: [], changed: false };
  const mine = subtree(resources, root.urn);
  const stores = [...dataStoreUrns(resources)].filter((u) => mine.has(u));
  const retain = new Set(stores);
  // Deleting data also releases a namespace an earlier offboarding kept.
  if (stores.length > 0 || !keep) {
    for (const r of resources) {
      if (mine.has(r.urn) && r.type === TYPE.k8sCoreNamespace) retain.add(r.urn);
    }
  }
  // The tenant leaves the stack either way, and Pulumi refuses to drop a protected resource (data stores
  // protect their passwords), so these are unprotected: retained ones are then forgotten, others deleted.
  const flags = new Map<string, { retainOnDelete: boolean; protect: false }>();
  for (const r of resources) {
    if (retain.has(r.urn) && ((r.retainOnDelete ?? false) !== keep || r.protect === true)) {
      flags.set(r.urn, { retainOnDelete: keep, protect: false });
    }
  }
  return { state: withFlags(state, flags), dataStores: stores, changed: flags.size > 0 };
}

/** Custom resources still in a state (the stack's own root and providers excluded). */
export function remainingResources(state: StackState): StateResource[] {
  return resourcesOf(state).filter(
    (r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"),
  );
}
