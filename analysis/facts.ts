/**
 * Facts read back from a plan, the same for every reader: what a cluster provides (zones, control-plane
 * tier, minimum nodes) and what each data store is (kind, HA, instances, backups, and what the cloud bills
 * for it). Each cloud's readers live in its folder (`clouds/<cloud>/facts.ts`) and are reached through
 * the registry; the SLA check and the cost estimate both read these facts, so a data store's copies and
 * HA are derived once. Pure: works on any plan's JSON.
 */
import { CLOUD_MODULES } from "../clouds/index.js";
import { TYPE } from "../clouds/tokens.js";
import type { PlannedResource, RecordedPlan } from "../planner/types.js";

export interface ClusterFacts {
  /** Availability zones the nodes span. */
  readonly zones: number | null;
  /** The control plane runs on the cloud's uptime-SLA tier. */
  readonly controlPlaneSla: boolean | null;
  /** Nodes the autoscalers never go below, over all zones. */
  readonly minNodes: number | null;
}

/** What the cloud bills for a managed store: the catalog class, how many of it, and the storage of each. */
export interface StoreBilling {
  /** How the cost estimate names the line, e.g. `RDS acme-pg (Multi-AZ)`. */
  readonly label: string;
  /** The service's class name as the catalog lists it (`db.r7g.xlarge`, `STANDARD_HA-5GB`). */
  readonly className: unknown;
  /** Instances or nodes billed at the class's price (1 where the price already includes the standby). */
  readonly copies: number;
  /**
   * Storage billed per copy, GiB: a PostgreSQL's at the service's storage rate where the catalog lists one
   * (`databaseStorageGiBMonthUSD`), else at the region's block storage price; absent where the class
   * includes it.
   */
  readonly storageGiB?: number;
}

export interface StoreFacts {
  readonly kind: "postgres" | "redis";
  /** The cloud's managed service (true) or an operator's store inside the cluster (false). */
  readonly managed: boolean;
  /** A standby in another zone takes over by itself. */
  readonly ha: boolean;
  /** Instances or nodes that serve the store; 1 for a single managed instance, 2 for a pair. */
  readonly replicas: number;
  /** Days automated backups are kept; null where the service has no retention setting. */
  readonly backupRetentionDays: number | null;
  /** Managed stores only. */
  readonly billing?: StoreBilling;
}

/** Reads one store type's facts from its planned inputs. */
export type StoreReader = (r: PlannedResource) => StoreFacts;

/** What one cloud knows how to read back from a plan. */
export interface CloudFacts {
  readonly cluster: (plan: Pick<RecordedPlan, "resources">) => ClusterFacts;
  /** The data stores of the cloud, by type token. */
  readonly stores: Readonly<Record<string, StoreReader>>;
}

type Inputs = Record<string, unknown>;
export const get = (r: PlannedResource, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v as Inputs | undefined)?.[k], r.inputs);
export const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
export const ofType = (plan: Pick<RecordedPlan, "resources">, type: string) =>
  plan.resources.filter((r) => r.type === type);
export const distinct = (values: unknown[]) => new Set(values.filter((v) => v !== undefined)).size;
export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Stores the platform's operators run inside a cluster, on every cloud. */
export const IN_CLUSTER_STORES: Readonly<Record<string, StoreReader>> = {
  [TYPE.k8sPostgresqlCluster]: (r) => ({
    kind: "postgres",
    managed: false,
    ha: num(get(r, "spec.instances")) >= 2,
    replicas: num(get(r, "spec.instances")),
    // In-cluster backups need an object store the shared tiers do not have yet.
    backupRetentionDays: null,
  }),
  [TYPE.k8sRedis]: () => ({
    kind: "redis",
    managed: false,
    ha: false,
    replicas: 1,
    backupRetentionDays: null,
  }),
  [TYPE.k8sRedisRedisReplication]: (r) => ({
    kind: "redis",
    managed: false,
    ha: num(get(r, "spec.clusterSize")) >= 2,
    replicas: num(get(r, "spec.clusterSize")),
    backupRetentionDays: null,
  }),
};

/** Every store reader by type; built on first use, since the registry's cloud modules import this one. */
let storeReaders: ReadonlyMap<string, StoreReader> | undefined;

/** The facts of a data store resource; undefined for anything else. */
export function storeFactsOf(r: PlannedResource): StoreFacts | undefined {
  storeReaders ??= new Map([
    ...Object.values(CLOUD_MODULES).flatMap((m) => Object.entries(m.facts.stores)),
    ...Object.entries(IN_CLUSTER_STORES),
  ]);
  return storeReaders.get(r.type)?.(r);
}

/** The cluster's zones, control-plane tier and minimum nodes, by the stack's cloud. */
export function clusterFacts(plan: Pick<RecordedPlan, "cloud" | "resources">): ClusterFacts {
  return CLOUD_MODULES[plan.cloud].facts.cluster(plan);
}
