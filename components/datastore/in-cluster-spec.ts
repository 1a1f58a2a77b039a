/**
 * The in-cluster data stores of the shared tiers, as pure builders: a CloudNativePG `Cluster` for Postgres
 * and an OT-Container-Kit redis-operator `Redis` / `RedisReplication` for Redis, their NetworkPolicies, and
 * what they take from the tenant's ResourceQuota. Tested without Pulumi; used by `in-cluster.ts`.
 */
import type { InputProblem } from "../../domain/errors.js";
import { effectiveQuota } from "../../domain/customer.js";
import type { Tenant } from "../../domain/stack-config.js";
import { type QuotaSpec, type RedisPersistence, TIER_SPECS } from "../../domain/tiers.js";
import type { SizeClass } from "../../regions/types.js";
import { OPERATOR_NAMESPACES } from "../platform/charts.js";
import { type ResolvedBackupTarget, cnpgBackupSpec } from "./backups.js";
import {
  DATASTORE_LABEL,
  type DatastoreKind,
  type DatastoreSettings,
  POSTGRES_DATABASE,
  POSTGRES_MAJOR,
  POSTGRES_USER,
  credentialsSecretName,
  datastoreSettings,
  objectName,
  requestedKinds,
} from "./settings.js";

/** Requests and limits of one data store container, by the tier's size class. */
export interface ContainerSize {
  readonly requestsCpuMillis: number;
  readonly requestsMemoryMiB: number;
  readonly limitsCpuMillis: number;
  readonly limitsMemoryMiB: number;
  /**
   * Local scratch space (logs, sockets, temporary files; the data is on the store's volume), MiB. Declared
   * rather than left to the LimitRange's defaults, so what a store takes from the quota is known here.
   */
  readonly requestsEphemeralStorageMiB: number;
  readonly limitsEphemeralStorageMiB: number;
}

export const IN_CLUSTER_SIZES = {
  small: {
    requestsCpuMillis: 100,
    requestsMemoryMiB: 256,
    limitsCpuMillis: 500,
    limitsMemoryMiB: 512,
    requestsEphemeralStorageMiB: 256,
    limitsEphemeralStorageMiB: 1024,
  },
  medium: {
    requestsCpuMillis: 250,
    requestsMemoryMiB: 512,
    limitsCpuMillis: 1000,
    limitsMemoryMiB: 1024,
    requestsEphemeralStorageMiB: 512,
    limitsEphemeralStorageMiB: 2048,
  },
  large: {
    requestsCpuMillis: 500,
    requestsMemoryMiB: 1024,
    limitsCpuMillis: 2000,
    limitsMemoryMiB: 2048,
    requestsEphemeralStorageMiB: 1024,
    limitsEphemeralStorageMiB: 4096,
  },
} as const satisfies Record<SizeClass, ContainerSize>;

export const CNPG_IMAGE = `ghcr.io/cloudnative-pg/postgresql:${POSTGRES_MAJOR}.5`;
export const REDIS_IMAGE = "quay.io/opstree/redis:v7.0.15";
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
/** CloudNativePG's instance manager status port, which the operator polls. */
export const CNPG_STATUS_PORT = 8000;
/** Ports of the Kubernetes API as clusters expose it (managed: 443; kubeadm, kind, k3s: 6443). */
export const KUBE_API_PORTS = [443, 6443] as const;

function resources(size: ContainerSize) {
  return {
    requests: {
      cpu: `${size.requestsCpuMillis}m`,
      memory: `${size.requestsMemoryMiB}Mi`,
      "ephemeral-storage": `${size.requestsEphemeralStorageMiB}Mi`,
    },
    limits: {
      cpu: `${size.limitsCpuMillis}m`,
      memory: `${size.limitsMemoryMiB}Mi`,
      "ephemeral-storage": `${size.limitsEphemeralStorageMiB}Mi`,
    },
  };
}

/** Where a tenant's store runs: its namespace and the labels every object carries. */
export interface InClusterTarget {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The CloudNativePG `Cluster` of a tenant (postgresql.cnpg.io/v1); with a backup target, base backups and
 * WAL archiving to it at the tier's retention, as the identity the target names.
 */
export function cnpgCluster(
  target: InClusterTarget,
  s: DatastoreSettings,
  backup?: ResolvedBackupTarget,
): Record<string, unknown> {
  const labels = { ...target.labels, [DATASTORE_LABEL]: "postgres", ...(backup?.podLabels ?? {}) };
  const annotations = backup?.serviceAccountAnnotations ?? {};
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: objectName("postgres"), namespace: target.namespace, labels },
    spec: {
      instances: s.replicas,
      imageName: CNPG_IMAGE,
      // Tenants get an owner role on their database, never the superuser.
      enableSuperuserAccess: false,
      bootstrap: {
        initdb: {
          database: POSTGRES_DATABASE,
          owner: POSTGRES_USER,
          secret: { name: credentialsSecretName("postgres") },
        },
      },
      storage: { size: `${s.storageGiB}Gi` },
      resources: resources(IN_CLUSTER_SIZES[s.sizeClass]),
      // Pods and volumes inherit the metering labels, so allocation per customer sees them too.
      inheritedMetadata: { labels },
      affinity: {
        enablePodAntiAffinity: true,
        topologyKey: "topology.kubernetes.io/zone",
        // Spread over zones where the cluster has them, without blocking scheduling where it has one.
        podAntiAffinityType: "preferred",
      },
      postgresql: {
        // CloudNativePG serves TLS with its own CA; reject every connection that does not use it.
        pg_hba: ["hostnossl all all all reject"],
      },
      // Only the read-write service: the read-only ones would count against the tenant's service quota.
      managed: { services: { disabledDefaultServices: ["ro", "r"] } },
      primaryUpdateStrategy: "unsupervised",
      ...(backup ? { backup: cnpgBackupSpec(backup, s.tier) } : {}),
      // The pods' service account carries the cloud identity the backups are written as.
      ...(Object.keys(annotations).length > 0
        ? { serviceAccountTemplate: { metadata: { annotations: { ...annotations } } } }
        : {}),
    },
  };
}

/** The ConfigMap of a Redis's persistence settings (redis-operator's `additionalRedisConfig`). */
export const REDIS_CONFIG_NAME = `${objectName("redis")}-config`;

/**
 * `redis.conf` lines for the tier's persistence: none (a cache: no snapshots, no log), RDB snapshots, or
 * the append-only file fsynced every second beside the snapshots. The data lives on the store's volume.
 */
export function redisPersistenceConfig(persistence: RedisPersistence): string {
  switch (persistence) {
    case "none":
      return ['save ""', "appendonly no"].join("\n");
    case "snapshot":
      return ["save 3600 1 300 100 60 10000", "appendonly no"].join("\n");
    case "append-only":
      return ["save 3600 1 300 100 60 10000", "appendonly yes", "appendfsync everysec"].join("\n");
  }
}

/** Pod and container security that Pod Security `restricted` (the tenant namespace's level) admits. */
const RESTRICTED_POD = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: "RuntimeDefault" },
};
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
};

/**
 * The redis-operator object of a tenant (redis.redis.opstreelabs.in/v1beta2): a standalone `Redis` for one
 * replica, a `RedisReplication` (primary and replicas, which the operator fails over) for more.
 */
export function redisObject(target: InClusterTarget, s: DatastoreSettings): Record<string, unknown> {
  const labels = { ...target.labels, [DATASTORE_LABEL]: "redis" };
  const replicated = s.replicas > 1;
  return {
    apiVersion: "redis.redis.opstreelabs.in/v1beta2",
    kind: replicated ? "RedisReplication" : "Redis",
    metadata: { name: objectName("redis"), namespace: target.namespace, labels },
    spec: {
      ...(replicated ? { clusterSize: s.replicas } : {}),
      kubernetesConfig: {
        image: REDIS_IMAGE,
        imagePullPolicy: "IfNotPresent",
        resources: resources(IN_CLUSTER_SIZES[s.sizeClass]),
        redisSecret: { name: credentialsSecretName("redis"), key: "password" },
      },
      storage: {
        volumeClaimTemplate: {
          metadata: { labels },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${s.storageGiB}Gi` } } },
        },
      },
      // Persistence as the tier asks (see `redisPersistenceConfig`).
      redisConfig: { additionalRedisConfig: REDIS_CONFIG_NAME },
      podSecurityContext: RESTRICTED_POD,
      securityContext: RESTRICTED_CONTAINER,
    },
  };
}

type NetworkPolicySpec = Record<string, unknown>;

const namespaceNamed = (ns: string) => ({ matchLabels: { "kubernetes.io/metadata.name": ns } });
const storePods = (kind: DatastoreKind) => ({ matchLabels: { [DATASTORE_LABEL]: kind } });

/**
 * NetworkPolicies of a store, by object name. The tenant namespace denies everything by default and admits
 * its own pods; these add only what the operator needs, and never another tenant's namespace.
 */
export function datastoreNetworkPolicies(
  kind: DatastoreKind,
  /** The object store's port, when backups go to one that is not on 443. */
  backupPort?: number,
): Record<string, NetworkPolicySpec> {
  if (kind === "postgres") {
    const ports = [...new Set([...KUBE_API_PORTS, ...(backupPort ? [backupPort] : [])])];
    return {
      "postgres-ingress": {
        podSelector: storePods("postgres"),
        policyTypes: ["Ingress"],
        ingress: [
          { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: POSTGRES_PORT }] },
          {
            from: [{ namespaceSelector: namespaceNamed(OPERATOR_NAMESPACES.postgres) }],
            ports: [{ protocol: "TCP", port: CNPG_STATUS_PORT }],
          },
        ],
      },
      // The instance manager in each Postgres pod watches its Cluster through the Kubernetes API, which
      // NetworkPolicies cannot select by label, and writes backups to the object store (HTTPS, or the
      // configured endpoint's port): allow those ports only, from the store's pods only.
      "postgres-egress-api": {
        podSelector: storePods("postgres"),
        policyTypes: ["Egress"],
        egress: [{ ports: ports.map((port) => ({ protocol: "TCP", port })) }],
      },
    };
  }
  return {
    "redis-ingress": {
      podSelector: storePods("redis"),
      policyTypes: ["Ingress"],
      ingress: [
        { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: REDIS_PORT }] },
        // The operator sets up replication and checks health over the Redis port.
        {
          from: [{ namespaceSelector: namespaceNamed(OPERATOR_NAMESPACES.redis) }],
          ports: [{ protocol: "TCP", port: REDIS_PORT }],
        },
      ],
    },
  };
}

/** What the in-cluster stores of a tenant take from its namespace quota, in the quota's own units. */
export type Footprint = Pick<
  QuotaSpec,
  | "requestsCpuMillis"
  | "requestsMemoryMiB"
  | "limitsCpuMillis"
  | "limitsMemoryMiB"
  | "pods"
  | "services"
  | "persistentVolumeClaims"
  | "storageGiB"
  | "configMaps"
  | "secrets"
  | "requestsEphemeralStorageGiB"
  | "limitsEphemeralStorageGiB"
>;

const ZERO: Footprint = {
  requestsCpuMillis: 0,
  requestsMemoryMiB: 0,
  limitsCpuMillis: 0,
  limitsMemoryMiB: 0,
  pods: 0,
  services: 0,
  persistentVolumeClaims: 0,
  storageGiB: 0,
  configMaps: 0,
  secrets: 0,
  requestsEphemeralStorageGiB: 0,
  limitsEphemeralStorageGiB: 0,
};

/**
 * Objects each operator creates in the tenant namespace beyond the instances. CloudNativePG: the `-rw`
 * service (the others are disabled), CA, server and replication secrets, and an initdb job pod while it
 * bootstraps. redis-operator: the service, its headless twin and the additional service, plus the
 * master and replica services of a replication.
 */
const OPERATOR_OBJECTS: Record<
  DatastoreKind,
  { services: (replicated: boolean) => number; secrets: number; jobPods: number }
> = {
  postgres: { services: () => 1, secrets: 3, jobPods: 1 },
  redis: { services: (replicated) => (replicated ? 5 : 3), secrets: 0, jobPods: 0 },
};

export function storeFootprint(s: DatastoreSettings): Footprint {
  const size = IN_CLUSTER_SIZES[s.sizeClass];
  const extra = OPERATOR_OBJECTS[s.kind];
  const pods = s.replicas + extra.jobPods;
  return {
    requestsCpuMillis: pods * size.requestsCpuMillis,
    requestsMemoryMiB: pods * size.requestsMemoryMiB,
    limitsCpuMillis: pods * size.limitsCpuMillis,
    limitsMemoryMiB: pods * size.limitsMemoryMiB,
    pods,
    services: extra.services(s.replicas > 1),
    persistentVolumeClaims: s.replicas,
    storageGiB: s.replicas * s.storageGiB,
    // Redis's persistence settings.
    configMaps: s.kind === "redis" ? 1 : 0,
    // Ours (the credentials) and the operator's.
    secrets: 1 + extra.secrets,
    // The quota counts whole GiB; a store's pods' scratch space, rounded up.
    requestsEphemeralStorageGiB: Math.ceil((pods * size.requestsEphemeralStorageMiB) / 1024),
    limitsEphemeralStorageGiB: Math.ceil((pods * size.limitsEphemeralStorageMiB) / 1024),
  };
}

export function tenantFootprint(tenant: Pick<Tenant, "tier" | "redis" | "postgres">): Footprint {
  return requestedKinds(tenant)
    .map((kind) => storeFootprint(datastoreSettings(kind, tenant.tier)))
    .reduce(
      (sum, f) =>
        Object.fromEntries(
          Object.entries(sum).map(([k, v]) => [k, v + f[k as keyof Footprint]]),
        ) as unknown as Footprint,
      ZERO,
    );
}

/**
 * Problems when a tenant's in-cluster stores do not fit its namespace: the ResourceQuota (with the
 * customer's overrides) and the LimitRange's per-container and per-volume maxima.
 */
export function datastoreQuotaProblems(tenant: Tenant, field = "customer.quota"): InputProblem[] {
  const kinds = requestedKinds(tenant);
  if (kinds.length === 0) return [];
  const quota = effectiveQuota(tenant.tier, tenant.quota);
  const footprint = tenantFootprint(tenant);
  const problems: InputProblem[] = [];
  for (const [key, needed] of Object.entries(footprint) as [keyof Footprint, number][]) {
    if (needed > quota[key]) {
      problems.push({
        field: `${field}.${key}`,
        rule: `leaves no room for the requested data stores (${kinds.join(", ")}), which need ${needed}`,
        limit: `at least ${needed}`,
        received: quota[key],
        fix: `Raise the quota's ${key} to ${needed} or more (within the ${tenant.tier} tier's maximum), or drop a data store.`,
      });
    }
  }
  const limits = TIER_SPECS[tenant.tier].limitRange;
  const size = IN_CLUSTER_SIZES[TIER_SPECS[tenant.tier].datastoreSize];
  if (
    size.limitsCpuMillis > limits.maxCpuMillis ||
    size.limitsMemoryMiB > limits.maxMemoryMiB ||
    size.limitsEphemeralStorageMiB > limits.maxEphemeralStorageMiB
  ) {
    problems.push({
      field: "tier.limitRange",
      rule: "is below the data store container's limits",
      limit: `${size.limitsCpuMillis}m CPU, ${size.limitsMemoryMiB}Mi memory, ${size.limitsEphemeralStorageMiB}Mi ephemeral storage`,
      received: `${limits.maxCpuMillis}m, ${limits.maxMemoryMiB}Mi, ${limits.maxEphemeralStorageMiB}Mi`,
      fix: "Change the tier's datastoreSize or its limit range.",
    });
  }
  if (TIER_SPECS[tenant.tier].datastoreStorageGiB > quota.storageGiB) {
    problems.push({
      field: `${field}.storageGiB`,
      rule: "is below one data store volume (the LimitRange's volume maximum is the storage quota)",
      limit: `at least ${TIER_SPECS[tenant.tier].datastoreStorageGiB}`,
      received: quota.storageGiB,
      fix: "Raise the storage quota.",
    });
  }
  return problems;
}
