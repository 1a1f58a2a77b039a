/**
 * In-cluster stores of the shared tiers: custom resources of the operators the platform installs once
 * per cluster, in the tenant namespace, sized from the tier and fenced by NetworkPolicies.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TIER_SPECS } from "../../domain/tiers.js";
import { type BackupTarget, type ResolvedBackupTarget, scheduledBackup } from "./backups.js";
import type { BuiltStore, StoreScope } from "./datastore.js";
import {
  POSTGRES_PORT,
  REDIS_CONFIG_NAME,
  REDIS_PORT,
  cnpgCluster,
  datastoreNetworkPolicies,
  redisObject,
  redisPersistenceConfig,
} from "./in-cluster-spec.js";
import {
  type DatastoreSettings,
  POSTGRES_DATABASE,
  POSTGRES_USER,
  REDIS_USER,
  objectName,
} from "./settings.js";

export interface InClusterContext {
  /** The tenant namespace's name: service host names are built from it. */
  readonly namespaceName: string;
  /** The namespace as an output of the Namespace object, so every object waits for it. */
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly provider: k8s.Provider;
  /** The operator's Helm release, when this stack installs it: its CRDs must exist first. */
  readonly operator?: pulumi.Resource;
  /**
   * Where a Postgres backs up, as the cloud's module gave it for this tenant.
   * @default none: no backups (the cluster has no object store configured)
   */
  readonly backup?: BackupTarget;
  /** The object store's port, when it is not 443 (an S3-compatible endpoint of an existing cluster). */
  readonly backupPort?: number;
}

/** Builds one in-cluster store under `scope.parent`. */
export function buildInClusterStore(
  name: string,
  settings: DatastoreSettings,
  ctx: InClusterContext,
  scope: StoreScope,
): BuiltStore {
  const { parent } = scope;
  const target = { namespace: ctx.namespaceName, labels: ctx.labels };
  const inNamespace = (object: Record<string, unknown>) => ({
    ...object,
    metadata: { ...(object["metadata"] as Record<string, unknown>), namespace: ctx.namespace },
  });
  for (const [policyName, spec] of Object.entries(
    datastoreNetworkPolicies(settings.kind, settings.kind === "postgres" ? ctx.backupPort : undefined),
  )) {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-${policyName}`,
      {
        metadata: { name: policyName, namespace: ctx.namespace, labels: { ...ctx.labels } },
        spec: spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec,
      },
      { parent, provider: ctx.provider },
    );
  }
  const postgres = settings.kind === "postgres";
  // The services the operators create: CloudNativePG's read-write service, redis-operator's by name.
  const service = postgres ? `${objectName("postgres")}-rw` : objectName("redis");
  return {
    endpoint: {
      host: `${service}.${ctx.namespaceName}.svc`,
      port: postgres ? POSTGRES_PORT : REDIS_PORT,
      username: postgres ? POSTGRES_USER : REDIS_USER,
      password: scope.newPassword(),
      // CloudNativePG serves TLS and rejects plain connections; in-cluster Redis is reached only from
      // the tenant's own pods (NetworkPolicy) and authenticates with the password.
      tls: postgres,
      database: postgres ? POSTGRES_DATABASE : undefined,
    },
    afterSecret: (secret) => {
      const after: pulumi.Resource[] = [secret, ...(ctx.operator ? [ctx.operator] : [])];
      let object: Record<string, unknown>;
      let spec: pulumi.Input<unknown>;
      if (postgres) {
        const backup = ctx.backup;
        object = cnpgCluster(target, settings);
        // With backups, the spec takes the backup target's values once they are known (a bucket's name).
        spec = backup
          ? pulumi
              .output(backup)
              .apply((resolved) => cnpgCluster(target, settings, resolved as ResolvedBackupTarget)["spec"])
          : object["spec"];
        after.push(...(backup?.dependsOn ?? []));
      } else {
        object = redisObject(target, settings);
        spec = object["spec"];
        after.push(
          new k8s.core.v1.ConfigMap(
            `${name}-config`,
            {
              metadata: { name: REDIS_CONFIG_NAME, namespace: ctx.namespace, labels: { ...ctx.labels } },
              data: {
                "redis-additional.conf": redisPersistenceConfig(TIER_SPECS[settings.tier].redisPersistence),
              },
            },
            { parent, provider: ctx.provider },
          ),
        );
      }
      const store = new k8s.apiextensions.CustomResource(
        `${name}-${postgres ? "cluster" : "store"}`,
        { ...inNamespace(object), spec } as unknown as k8s.apiextensions.CustomResourceArgs,
        {
          parent,
          provider: ctx.provider,
          dependsOn: after,
          // Deleting the object deletes the data: removing a store takes an explicit unprotect first.
          protect: true,
        },
      );
      if (postgres && ctx.backup) {
        new k8s.apiextensions.CustomResource(
          `${name}-daily-backup`,
          inNamespace(
            scheduledBackup({ namespace: ctx.namespaceName, labels: ctx.labels }, settings.tier),
          ) as k8s.apiextensions.CustomResourceArgs,
          { parent, provider: ctx.provider, dependsOn: [store] },
        );
      }
    },
  };
}
