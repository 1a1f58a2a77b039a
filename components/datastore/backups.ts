/**
 * Backups of the shared tiers' in-cluster Postgres: CloudNativePG's base backups and WAL archiving to the
 * cluster's object store, each tenant under its own prefix (or container) and reachable by its own store's
 * identity alone, kept for the tier's retention; and the recovery path. Pure: the shapes of the objects,
 * and the types a cloud's module fills in; no Pulumi resource is created here.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { RegionRef } from "../../regions/index.js";
import type { ManagedCluster } from "../cluster/types.js";
import type { MeteringScope } from "../labels.js";
import { TIER_SPECS, type TierName } from "../../domain/tiers.js";
import { objectName, parseHHMM } from "./settings.js";

/**
 * The object store of a cluster's backups, as the stack that owns the cluster exports it (`backups`) and
 * later shards read it: its name (bucket, or Azure storage account) and what a tenant's access needs.
 */
export interface BackupStoreRef {
  /** The bucket (S3, GCS, Spaces, S3-compatible) or storage account (Azure). */
  readonly name: pulumi.Output<string>;
  /** Cloud-specific values a tenant's access needs (the backup role's ARN, the account's id, an endpoint). */
  readonly details: pulumi.Output<Readonly<Record<string, string>>>;
}

/** A store read back from the cluster owner's stack output (`{ name, details }`). */
export function backupStoreFromOutput(output: pulumi.Output<unknown>): BackupStoreRef {
  const value = output.apply((v) => (v ?? {}) as { name?: string; details?: Record<string, string> });
  return {
    name: value.apply((v) => v.name ?? ""),
    details: value.apply((v) => v.details ?? {}),
  };
}

/** How a tenant's Postgres authenticates to the object store. */
export type BackupCredentials =
  /** The pod's cloud identity: IAM (EKS Pod Identity), GKE Workload Identity, Entra Workload ID. */
  | { readonly kind: "aws-iam" | "gke" | "azure-ad" }
  /** Keys in a Secret of the tenant namespace (S3-compatible stores). */
  | {
      readonly kind: "secret";
      readonly name: string;
      readonly accessKeyIdKey: string;
      readonly secretAccessKeyKey: string;
    };

/**
 * The Secret of a tenant namespace that holds its keys for an S3-compatible store (existing clusters,
 * Scaleway: made by the platform's operators; DigitalOcean: made by cloudtier), and its keys.
 */
export const DEFAULT_BACKUP_SECRET = "backup-credentials";
export const BACKUP_SECRET_KEYS = {
  accessKeyId: "ACCESS_KEY_ID",
  secretAccessKey: "ACCESS_SECRET_KEY",
} as const;

/** Where a tenant's backups go and as whom: what a cloud's module gives each tenant. */
export interface BackupTarget {
  /** Barman's destination: `s3://bucket/<tenant>/`, `gs://bucket/<tenant>/`, `https://<account>.blob.core.windows.net/<container>/`. */
  readonly destinationPath: pulumi.Input<string>;
  /** The endpoint of an S3-compatible store. */
  readonly endpointUrl?: pulumi.Input<string>;
  readonly credentials: BackupCredentials;
  /** Annotations of the store's service account (the cloud identity it is bound to). */
  readonly serviceAccountAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Labels the store's pods need (Entra Workload ID's webhook selects pods by label). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Cloud resources the store waits for: the identity and its grant. */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** The same, resolved: the shape the pure builders take. */
export type ResolvedBackupTarget = Omit<
  BackupTarget,
  "destinationPath" | "endpointUrl" | "serviceAccountAnnotations" | "dependsOn"
> & {
  readonly destinationPath: string;
  readonly endpointUrl?: string;
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
};

/** What a cloud's module is given to create a cluster's object store of backups. */
export interface BackupStoreContext {
  /** Prefix of the children's names. */
  readonly name: string;
  /** The component the store's resources are parented on. */
  readonly parent: pulumi.Resource;
  readonly cluster: ManagedCluster;
  readonly region: RegionRef;
  /** Base of the cloud's physical names, already checked. */
  readonly baseName: string;
  readonly metering: MeteringScope;
}

/** What a cloud's module is given to let one tenant's Postgres back up to the cluster's object store. */
export interface TenantBackupContext {
  /** Prefix of the children's names. */
  readonly name: string;
  /** The tenant's component the cloud's resources are parented on. */
  readonly parent: pulumi.Resource;
  /** The tenant's id: its namespace's name and its prefix in the store. */
  readonly tenant: string;
  readonly region: RegionRef;
  /** The cluster's name, as the cloud knows it. */
  readonly clusterName: pulumi.Input<string>;
  readonly store: BackupStoreRef;
  /** The cloud's provider of the cluster's account and region (absent where the module offers none). */
  readonly cloudProvider?: pulumi.ProviderResource;
  /** The tenant namespace and its cluster's provider, for a Secret of credentials where the cloud needs one. */
  readonly namespace: pulumi.Input<string>;
  readonly k8sProvider: k8s.Provider;
  /** The tenant's metering scope, for tags and labels. */
  readonly metering: MeteringScope;
}

/** The cloud provider a tenant's backup resources are created with; a module that creates any has one. */
export function providerOf(ctx: TenantBackupContext): pulumi.ProviderResource {
  if (!ctx.cloudProvider)
    throw new Error(`${ctx.name}: no provider of ${ctx.region.cloud} for the tenant's backups`);
  return ctx.cloudProvider;
}

/** What a cloud's module offers the in-cluster stores' backups (`clouds/<cloud>/backups.ts`). */
export interface CloudBackupsModule {
  /** The cluster's object store. */
  readonly store: (ctx: BackupStoreContext) => BackupStoreRef;
  /** A tenant's access to it: where its backups go and as whom. */
  readonly tenant: (ctx: TenantBackupContext) => BackupTarget;
  /**
   * A provider of the cloud for the cluster's region, for stacks that reach a cluster another stack
   * created (later platform shards) and still create per-tenant cloud resources.
   */
  readonly provider?: (name: string, region: RegionRef, metering: MeteringScope) => pulumi.ProviderResource;
}

/** Days past the longest retention the bucket's lifecycle keeps objects barman should have removed. */
export const LIFECYCLE_MARGIN_DAYS = 7;
/** Days a replaced or deleted object version is kept where the store keeps versions. */
export const NONCURRENT_VERSION_DAYS = 7;

/** The longest backup retention of the shared tiers, days. */
export function longestSharedRetentionDays(): number {
  return Math.max(
    ...Object.values(TIER_SPECS)
      .filter((t) => t.shared)
      .map((t) => t.sla.backupRetentionDays),
  );
}

/**
 * When the bucket's lifecycle deletes objects: a safety net past the longest shared-tier retention,
 * which barman enforces itself (with daily base backups, nothing older is needed for recovery).
 */
export function lifecycleExpiryDays(): number {
  return longestSharedRetentionDays() + LIFECYCLE_MARGIN_DAYS;
}

/** The prefix of a tenant's backups in a shared bucket. */
export function tenantPrefix(tenant: string): string {
  return `${tenant}/`;
}

/** How barman authenticates, as CloudNativePG's object store section says it. */
function credentialsSpec(credentials: BackupCredentials): Record<string, unknown> {
  if (credentials.kind === "secret") {
    return {
      s3Credentials: {
        accessKeyId: { name: credentials.name, key: credentials.accessKeyIdKey },
        secretAccessKey: { name: credentials.name, key: credentials.secretAccessKeyKey },
      },
    };
  }
  switch (credentials.kind) {
    case "aws-iam":
      return { s3Credentials: { inheritFromIAMRole: true } };
    case "gke":
      return { googleCredentials: { gkeEnvironment: true } };
    case "azure-ad":
      return { azureCredentials: { inheritFromAzureAD: true } };
  }
}

/** The `backup` section of a CloudNativePG Cluster (postgresql.cnpg.io/v1). */
export function cnpgBackupSpec(target: ResolvedBackupTarget, tier: TierName): Record<string, unknown> {
  const auth = credentialsSpec(target.credentials);
  return {
    barmanObjectStore: {
      destinationPath: target.destinationPath,
      ...(target.endpointUrl ? { endpointURL: target.endpointUrl } : {}),
      ...auth,
      wal: { compression: "gzip", maxParallel: 2 },
      data: { compression: "gzip" },
    },
    retentionPolicy: `${TIER_SPECS[tier].sla.backupRetentionDays}d`,
  };
}

/** Name of a tenant's daily base backup schedule. */
export const SCHEDULED_BACKUP_NAME = `${objectName("postgres")}-daily`;

/**
 * The daily base backup (CloudNativePG `ScheduledBackup`), at the tier's backup window. CloudNativePG's
 * schedule has six fields, seconds first; WAL is archived continuously in between.
 */
export function scheduledBackup(
  target: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
  tier: TierName,
): Record<string, unknown> {
  const { hour, minute } = parseHHMM(TIER_SPECS[tier].sla.backupWindowUtc);
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "ScheduledBackup",
    metadata: { name: SCHEDULED_BACKUP_NAME, namespace: target.namespace, labels: { ...target.labels } },
    spec: {
      schedule: `0 ${minute} ${hour} * * *`,
      // The first base backup right away: WAL archiving needs one to be worth anything.
      immediate: true,
      backupOwnerReference: "self",
      method: "barmanObjectStore",
      cluster: { name: objectName("postgres") },
    },
  };
}

/**
 * The name of a recovered Cluster. Its pods run as a service account of that name, which the tenant's
 * backup identity admits beside the store's own (`BACKUP_SERVICE_ACCOUNTS`).
 */
export function restoreName(source: string): string {
  return `${source}-restore`;
}

/** The service accounts a tenant's backup identity admits: the store's and its recovery's. */
export const BACKUP_SERVICE_ACCOUNTS = [objectName("postgres"), restoreName(objectName("postgres"))] as const;

/** Options of a recovery. */
export interface RecoveryOptions {
  /** The new Cluster's name. @default `<name>-restore` */
  readonly name?: string;
  /** Recover to this moment (RFC 3339), else to the end of the archived WAL. */
  readonly targetTime?: string;
}

/**
 * The recovery path: a new CloudNativePG Cluster in the same namespace that bootstraps from the tenant's
 * backups, made from the live Cluster (`kubectl get cluster.postgresql.cnpg.io postgres -o json`): its
 * object store becomes the new Cluster's external source, and the new Cluster archives to the same store
 * under its own name (barman's server name), so the two never write into each other's WAL. Throws when
 * the Cluster has no backups.
 */
export function recoveryCluster(
  live: Record<string, unknown>,
  options: RecoveryOptions = {},
): Record<string, unknown> {
  const metadata = (live["metadata"] ?? {}) as {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  const spec = (live["spec"] ?? {}) as Record<string, unknown>;
  const backup = spec["backup"] as { barmanObjectStore?: Record<string, unknown> } | undefined;
  const store = backup?.barmanObjectStore;
  if (!metadata.name || !store || typeof store["destinationPath"] !== "string") {
    throw new Error(
      `Cluster ${metadata.namespace ?? "?"}/${metadata.name ?? "?"} has no spec.backup.barmanObjectStore: it has no backups to recover from`,
    );
  }
  const source = metadata.name;
  const name = options.name ?? restoreName(source);
  const rest = Object.fromEntries(
    Object.entries(spec).filter(([key]) => !["bootstrap", "backup", "externalClusters"].includes(key)),
  );
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: {
      name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      labels: { ...(metadata.labels ?? {}) },
    },
    spec: {
      ...rest,
      bootstrap: {
        recovery: {
          source,
          ...(options.targetTime ? { recoveryTarget: { targetTime: options.targetTime } } : {}),
        },
      },
      externalClusters: [{ name: source, barmanObjectStore: { ...store, serverName: source } }],
      backup,
    },
  };
}
