/**
 * What the stack that owns a cluster installs for its tenants besides their namespaces (ingress,
 * certificates, DNS names, the autoscaler where the cloud has none of its own, the object store of the
 * in-cluster stores' backups), and what each tenant takes from the platform's settings (its egress
 * allowlist, where its Postgres backs up). Shared by both stack kinds.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { cloudModule } from "../clouds/index.js";
import type { Cluster, ManagedCluster } from "../components/cluster/types.js";
import {
  BACKUP_SECRET_KEYS,
  type BackupStoreRef,
  type BackupTarget,
  DEFAULT_BACKUP_SECRET,
} from "../components/datastore/backups.js";
import type { MeteringScope } from "../components/labels.js";
import { PlatformServices } from "../components/platform/services.js";
import type { TenantNamespaceArgs } from "../components/tenancy/tenant-namespace.js";
import { throwIfProblems } from "../domain/errors.js";
import { tenantHostProblems } from "../domain/hostnames.js";
import { EMPTY_PLATFORM_CONFIG, type PlatformConfig, ingressPlan } from "../domain/platform-config.js";
import type { Tenant } from "../domain/stack-config.js";
import type { RegionRef } from "../regions/index.js";
import type { StackSettings } from "./program.js";

export function platformConfigOf(settings: StackSettings): PlatformConfig {
  return settings.platform ?? EMPTY_PLATFORM_CONFIG;
}

function isManaged(cluster: Cluster): cluster is ManagedCluster {
  return "networkId" in cluster && "cloudProvider" in cluster;
}

/**
 * Checks the cluster's tenants' host names against DNS limits, before any resource exists: a problem
 * names `cloudtier:ingress.domain`.
 */
export function checkTenantHosts(
  region: RegionRef,
  tenants: readonly string[],
  settings: StackSettings,
): void {
  const plan = ingressPlan(platformConfigOf(settings).ingress, region.cloud);
  throwIfProblems(tenantHostProblems(tenants, region, plan.domain));
}

/**
 * Installs a cluster's services; on a cluster this stack created, with its cloud's parts, and with
 * `backups` the object store of in-cluster backups.
 */
export async function createClusterServices(
  name: string,
  args: {
    readonly cluster: Cluster;
    readonly region: RegionRef;
    readonly baseName: string;
    readonly metering: MeteringScope;
    readonly replicas: number;
    readonly settings: StackSettings;
    readonly backups?: boolean;
  },
  opts?: pulumi.ComponentResourceOptions,
): Promise<PlatformServices> {
  const { cluster, region, settings } = args;
  const managed = isManaged(cluster);
  const services = managed ? await cloudModule(region.cloud).services?.() : undefined;
  // The object store of in-cluster backups, for a platform cluster cloudtier created.
  const backups = managed && args.backups ? await cloudModule(region.cloud).backups?.() : undefined;
  return new PlatformServices(
    name,
    {
      region,
      metering: args.metering,
      ingress: ingressPlan(platformConfigOf(settings).ingress, region.cloud),
      replicas: args.replicas,
      charts: settings.charts,
      ...(services && isManaged(cluster)
        ? {
            cloud: {
              cluster,
              baseName: args.baseName,
              build: services.create,
              ...(backups ? { backups: backups.store } : {}),
            },
          }
        : {}),
    },
    { ...opts, provider: cluster.provider },
  );
}

/** What a tenant namespace takes from the platform's settings and its cluster's network plugin. */
export function tenantTraffic(
  region: RegionRef,
  settings: StackSettings,
): Pick<TenantNamespaceArgs, "allowlist" | "fqdnPolicies"> {
  const { allowlist } = platformConfigOf(settings).egress;
  return { allowlist, fqdnPolicies: cloudModule(region.cloud).fqdnPolicies };
}

/** The stack output that carries the backup store from the cluster's owner to later shards. */
export const BACKUPS_OUTPUT = "backups";

/** Where a tenant's Postgres backs up, made per tenant (its cloud identity and grant, where it has one). */
export type TenantBackups = (
  tenant: Tenant,
  scope: { readonly parent: pulumi.Resource; readonly namespace: pulumi.Output<string> },
) => BackupTarget | undefined;

/**
 * The backups of a platform stack's tenants: to the object store its cloud's module created (shard 0)
 * or shard 0 exported (later shards), or, on an existing cluster, to the S3-compatible endpoint of
 * `cloudtier:backups`; none when an existing cluster has none configured.
 */
export async function tenantBackups(args: {
  readonly region: RegionRef;
  readonly settings: StackSettings;
  readonly cluster: Cluster;
  readonly k8sProvider: k8s.Provider;
  /** The store, when this stack created it or reads it from the cluster's owner. */
  readonly store?: BackupStoreRef;
  /** Prefix of a cloud provider's name, for stacks that did not create the cluster. */
  readonly providerName: string;
}): Promise<TenantBackups | undefined> {
  const { region, settings } = args;
  if (region.cloud === "kubeconfig") {
    const config = platformConfigOf(settings).backups;
    if (!config.endpoint || !config.bucket) return undefined;
    const { endpoint, bucket } = config;
    const secret = config.credentialsSecret ?? DEFAULT_BACKUP_SECRET;
    return (tenant) => ({
      destinationPath: `s3://${bucket}/${tenant.id}/`,
      endpointUrl: endpoint,
      credentials: {
        kind: "secret",
        name: secret,
        accessKeyIdKey: BACKUP_SECRET_KEYS.accessKeyId,
        secretAccessKeyKey: BACKUP_SECRET_KEYS.secretAccessKey,
      },
    });
  }
  const backups = await cloudModule(region.cloud).backups?.();
  if (!backups || args.store === undefined) return undefined;
  const store = args.store;
  let cloudProvider: pulumi.ProviderResource | undefined = isManaged(args.cluster)
    ? args.cluster.cloudProvider
    : undefined;
  return (tenant, scope) => {
    const metering = { customer: tenant.id, tier: tenant.tier, region };
    cloudProvider ??= backups.provider?.(`${args.providerName}-${region.cloud}`, region, {
      customer: "platform",
      tier: "shared",
      region,
    });
    return backups.tenant({
      name: `${tenant.id}-backups`,
      parent: scope.parent,
      tenant: tenant.id,
      region,
      clusterName: args.cluster.clusterName,
      store,
      ...(cloudProvider ? { cloudProvider } : {}),
      namespace: scope.namespace,
      k8sProvider: args.k8sProvider,
      metering,
    });
  };
}
