/**
 * SLA rules checked on a plan: what the resources the program registered actually provide (zones,
 * control-plane tier, nodes, data store HA, replicas and backup retention, SLO rules), read from their
 * inputs, against the SLA the tier promises (`domain/tiers.ts`). Pure: works on any plan's JSON.
 *
 * Facts a plan cannot show (the zones of an existing cluster reached by kubeconfig) are `null` and not
 * checked; every fact a plan can show is.
 */
import { METERING_LABEL_KEYS, METERING_TAG_KEYS } from "../components/labels.js";
import { sloRuleGroups } from "../components/observability/slo.js";
import { type SlaSpec, TIERS, TIER_SPECS, type TierName } from "../domain/tiers.js";
import { isKubernetesObject } from "./k8s-schema.js";
import { meteringTagsOf } from "./metering/index.js";
import type { PlannedResource, StackPlan } from "./types.js";

export interface ClusterFacts {
  /** Availability zones the nodes span. */
  readonly zones: number | null;
  /** The control plane runs on the cloud's uptime-SLA tier. */
  readonly controlPlaneSla: boolean | null;
  /** Nodes the autoscalers never go below, over all zones. */
  readonly minNodes: number | null;
}

export interface DatastoreFacts {
  readonly urn: string;
  readonly kind: "postgres" | "redis";
  readonly managed: boolean;
  /** Tier of the customer the store is metered to. */
  readonly tier: TierName | undefined;
  /** A standby in another zone takes over by itself. */
  readonly ha: boolean;
  /** Instances (in-cluster) or nodes (managed Redis); 1 for a single managed instance, 2 for a pair. */
  readonly replicas: number;
  /** Days automated backups are kept; null where the service has no retention setting. */
  readonly backupRetentionDays: number | null;
}

export interface SloRuleFacts {
  readonly urn: string;
  readonly namespace: string;
  readonly tier: TierName | undefined;
  readonly groups: unknown;
}

type Inputs = Record<string, unknown>;
const get = (r: PlannedResource, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v as Inputs | undefined)?.[k], r.inputs);
const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
const ofType = (plan: Pick<StackPlan, "resources">, type: string) =>
  plan.resources.filter((r) => r.type === type);
const distinct = (values: unknown[]) => new Set(values.filter((v) => v !== undefined)).size;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The cluster's zones, control-plane tier and minimum nodes, per cloud. */
export function clusterFacts(plan: Pick<StackPlan, "cloud" | "resources">): ClusterFacts {
  switch (plan.cloud) {
    case "aws": {
      const privateSubnets = ofType(plan, "aws:ec2/subnet:Subnet").filter(
        (s) => (get(s, "tags") as Inputs | undefined)?.["kubernetes.io/role/internal-elb"] !== undefined,
      );
      const groups = ofType(plan, "aws:eks/nodeGroup:NodeGroup");
      return {
        zones: distinct(privateSubnets.map((s) => get(s, "availabilityZone"))),
        // EKS runs every control plane over three zones under its SLA; there is no cheaper tier.
        controlPlaneSla: ofType(plan, "aws:eks/cluster:Cluster").length > 0,
        minNodes: sum(groups.map((g) => num(get(g, "scalingConfig.minSize")))),
      };
    }
    case "gcp": {
      const cluster = ofType(plan, "gcp:container/cluster:Cluster")[0];
      const pools = ofType(plan, "gcp:container/nodePool:NodePool");
      const zonesOf = (p: PlannedResource) => ((get(p, "nodeLocations") as unknown[]) ?? []).length;
      return {
        zones: pools.length ? Math.min(...pools.map(zonesOf)) : 0,
        // A regional cluster (location is a region, not a zone) has the replicated, SLA-backed control plane.
        controlPlaneSla: cluster ? !/-[a-z]$/.test(String(get(cluster, "location"))) : false,
        // GKE's minimum is per zone.
        minNodes: sum(pools.map((p) => num(get(p, "autoscaling.minNodeCount")) * zonesOf(p))),
      };
    }
    case "azure": {
      const cluster = ofType(plan, "azure-native:containerservice:ManagedCluster")[0];
      const pools = ofType(plan, "azure-native:containerservice:AgentPool");
      return {
        zones: pools.length
          ? Math.min(...pools.map((p) => ((get(p, "availabilityZones") as unknown[]) ?? []).length))
          : 0,
        controlPlaneSla: cluster ? get(cluster, "sku.tier") === "Standard" : false,
        minNodes: sum(pools.map((p) => num(get(p, "minCount")))),
      };
    }
    case "scaleway": {
      const cluster = ofType(plan, "scaleway:kubernetes/cluster:Cluster")[0];
      const pools = ofType(plan, "scaleway:kubernetes/pool:Pool");
      return {
        zones: distinct(pools.map((p) => get(p, "zone"))),
        // Dedicated control planes come with Scaleway's SLA; the mutualised one does not.
        controlPlaneSla: cluster ? String(get(cluster, "type")).startsWith("kapsule-dedicated") : false,
        minNodes: sum(pools.map((p) => num(get(p, "minSize")))),
      };
    }
    case "kubeconfig":
      return { zones: null, controlPlaneSla: null, minNodes: null };
  }
}

const asTier = (v: unknown): TierName | undefined =>
  (TIERS as readonly unknown[]).includes(v) ? (v as TierName) : undefined;

interface StoreReader {
  readonly kind: "postgres" | "redis";
  readonly managed: boolean;
  read(r: PlannedResource): Pick<DatastoreFacts, "ha" | "replicas" | "backupRetentionDays">;
}

const STORE_READERS: Readonly<Record<string, StoreReader>> = {
  "aws:rds/instance:Instance": {
    kind: "postgres",
    managed: true,
    read: (r) => ({
      ha: get(r, "multiAz") === true,
      replicas: get(r, "multiAz") === true ? 2 : 1,
      backupRetentionDays: num(get(r, "backupRetentionPeriod")),
    }),
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    kind: "redis",
    managed: true,
    read: (r) => ({
      ha:
        get(r, "multiAzEnabled") === true &&
        get(r, "automaticFailoverEnabled") === true &&
        num(get(r, "numCacheClusters")) >= 2,
      replicas: num(get(r, "numCacheClusters")),
      backupRetentionDays: num(get(r, "snapshotRetentionLimit")),
    }),
  },
  "gcp:sql/databaseInstance:DatabaseInstance": {
    kind: "postgres",
    managed: true,
    read: (r) => ({
      ha: get(r, "settings.availabilityType") === "REGIONAL",
      replicas: get(r, "settings.availabilityType") === "REGIONAL" ? 2 : 1,
      backupRetentionDays:
        get(r, "settings.backupConfiguration.enabled") === true
          ? num(get(r, "settings.backupConfiguration.backupRetentionSettings.retainedBackups"))
          : 0,
    }),
  },
  "gcp:redis/instance:Instance": {
    kind: "redis",
    managed: true,
    read: (r) => ({
      ha: get(r, "tier") === "STANDARD_HA",
      replicas: 1 + num(get(r, "replicaCount")),
      // RDB snapshots have no retention count: Memorystore keeps the latest.
      backupRetentionDays: null,
    }),
  },
  "azure-native:dbforpostgresql:Server": {
    kind: "postgres",
    managed: true,
    read: (r) => ({
      ha: get(r, "highAvailability.mode") === "ZoneRedundant",
      replicas: get(r, "highAvailability.mode") === "ZoneRedundant" ? 2 : 1,
      backupRetentionDays: num(get(r, "backup.backupRetentionDays")),
    }),
  },
  "azure-native:redis:Redis": {
    kind: "redis",
    managed: true,
    read: (r) => ({
      ha: ((get(r, "zones") as unknown[]) ?? []).length >= 2 && num(get(r, "replicasPerPrimary")) >= 1,
      replicas: 1 + num(get(r, "replicasPerPrimary")),
      backupRetentionDays: null,
    }),
  },
  "scaleway:databases/instance:Instance": {
    kind: "postgres",
    managed: true,
    read: (r) => ({
      ha: get(r, "isHaCluster") === true,
      replicas: get(r, "isHaCluster") === true ? 2 : 1,
      backupRetentionDays: get(r, "disableBackup") === true ? 0 : num(get(r, "backupScheduleRetention")),
    }),
  },
  "scaleway:redis/cluster:Cluster": {
    kind: "redis",
    managed: true,
    read: (r) => ({
      ha: num(get(r, "clusterSize")) >= 3,
      replicas: num(get(r, "clusterSize")),
      backupRetentionDays: null,
    }),
  },
  "kubernetes:postgresql.cnpg.io/v1:Cluster": {
    kind: "postgres",
    managed: false,
    read: (r) => ({
      ha: num(get(r, "spec.instances")) >= 2,
      replicas: num(get(r, "spec.instances")),
      // In-cluster backups need an object store the shared tiers do not have yet.
      backupRetentionDays: null,
    }),
  },
  "kubernetes:redis.redis.opstreelabs.in/v1beta2:Redis": {
    kind: "redis",
    managed: false,
    read: () => ({ ha: false, replicas: 1, backupRetentionDays: null }),
  },
  "kubernetes:redis.redis.opstreelabs.in/v1beta2:RedisReplication": {
    kind: "redis",
    managed: false,
    read: (r) => ({
      ha: num(get(r, "spec.clusterSize")) >= 2,
      replicas: num(get(r, "spec.clusterSize")),
      backupRetentionDays: null,
    }),
  },
};

function providerIndex(plan: Pick<StackPlan, "resources">): Map<string, PlannedResource> {
  return new Map(plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

function tierOf(r: PlannedResource, providers: ReadonlyMap<string, PlannedResource>): TierName | undefined {
  if (isKubernetesObject(r)) {
    return asTier((get(r, "metadata.labels") as Inputs | undefined)?.[METERING_LABEL_KEYS[1]]);
  }
  return asTier(meteringTagsOf(r, providers)?.[METERING_TAG_KEYS[1]]);
}

export function datastoreFacts(plan: Pick<StackPlan, "resources">): DatastoreFacts[] {
  const providers = providerIndex(plan);
  return plan.resources.flatMap((r) => {
    const reader = STORE_READERS[r.type];
    if (!reader) return [];
    return [
      {
        urn: r.urn,
        kind: reader.kind,
        managed: reader.managed,
        tier: tierOf(r, providers),
        ...reader.read(r),
      },
    ];
  });
}

export function sloRuleFacts(plan: Pick<StackPlan, "resources">): SloRuleFacts[] {
  return plan.resources
    .filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
    .map((r) => ({
      urn: r.urn,
      namespace: String(get(r, "metadata.namespace")),
      tier: asTier((get(r, "metadata.labels") as Inputs | undefined)?.[METERING_LABEL_KEYS[1]]),
      groups: get(r, "spec.groups"),
    }));
}

/** JSON with object keys sorted: recorded inputs do not keep the program's key order. */
function canonical(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Inputs)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sortKeys(x)]),
          )
        : v;
  return JSON.stringify(sortKeys(value));
}

/**
 * Every way a plan falls short of its SLAs: the cluster against `clusterSla` (the platform cluster's, or
 * the Cloud-tier customer's), each data store and SLO rule against its own customer's tier. Empty when
 * the plan keeps every promise it can show.
 */
export function slaViolations(plan: Pick<StackPlan, "cloud" | "resources">, clusterSla: SlaSpec): string[] {
  const problems: string[] = [];
  const cluster = clusterFacts(plan);
  if (cluster.zones !== null && cluster.zones < clusterSla.zones) {
    problems.push(`cluster spans ${cluster.zones} zones; the SLA needs ${clusterSla.zones}`);
  }
  if (cluster.controlPlaneSla !== null && clusterSla.controlPlaneSla && !cluster.controlPlaneSla) {
    problems.push("control plane is not on the cloud's uptime-SLA tier");
  }
  if (cluster.minNodes !== null && cluster.minNodes < clusterSla.zones) {
    problems.push(
      `cluster keeps ${cluster.minNodes} nodes at least; the SLA needs one per zone (${clusterSla.zones})`,
    );
  }
  for (const store of datastoreFacts(plan)) {
    if (!store.tier) {
      problems.push(`${store.urn}: carries no tier label or tag`);
      continue;
    }
    const sla = TIER_SPECS[store.tier].sla;
    if (sla.datastoreHa && !store.ha)
      problems.push(`${store.urn}: not highly available; the ${store.tier} SLA needs HA`);
    if (!store.managed && store.replicas < sla.replicas) {
      problems.push(`${store.urn}: ${store.replicas} instances; the ${store.tier} SLA needs ${sla.replicas}`);
    }
    if (store.backupRetentionDays !== null && store.backupRetentionDays < sla.backupRetentionDays) {
      problems.push(
        `${store.urn}: keeps backups ${store.backupRetentionDays} days; the ${store.tier} SLA needs ${sla.backupRetentionDays}`,
      );
    }
  }
  for (const rule of sloRuleFacts(plan)) {
    if (!rule.tier) {
      problems.push(`${rule.urn}: carries no tier label`);
    } else if (canonical(rule.groups) !== canonical(sloRuleGroups(rule.namespace, rule.tier))) {
      problems.push(`${rule.urn}: alert rules do not match the ${rule.tier} tier's SLA objectives`);
    }
  }
  return problems;
}
