/**
 * Managed stores on Scaleway: Managed Database for PostgreSQL and Managed Redis, attached to the
 * environment's private network only (no public endpoint), encrypted at rest (PostgreSQL) and TLS for
 * Redis, with the tier's backups and HA where the SLA asks for it.
 */
import { Database } from "@pulumiverse/scaleway/databases/database.js";
import { Instance } from "@pulumiverse/scaleway/databases/instance.js";
import { Cluster as RedisCluster } from "@pulumiverse/scaleway/redis/cluster.js";
import * as pulumi from "@pulumi/pulumi";
import { cloudSpec, regionSpec } from "../../regions/index.js";
import { meteringCloudLabels } from "../../components/labels.js";
import { privateNetworkCidr } from "./layout.js";
import { Datastore } from "../../components/datastore/datastore.js";
import { POSTGRES_PORT, REDIS_PORT } from "../../components/datastore/in-cluster-spec.js";
import {
  type ManagedContext,
  PrivateAccess,
  managedStoreName,
  storeArgs,
  tagList,
} from "../../components/datastore/managed.js";
import {
  type DatastoreKind,
  POSTGRES_DATABASE,
  POSTGRES_USER,
  datastoreSettings,
} from "../../components/datastore/settings.js";

/** Newest PostgreSQL engine Scaleway offers as generally available. */
export const SCALEWAY_PG_ENGINE = "PostgreSQL-16";
export const SCALEWAY_REDIS_VERSION = "7.0.5";
/** Managed Redis runs one node (standalone) or a cluster of at least three; two is not offered. */
export const SCALEWAY_REDIS_HA_NODES = 3;
/** Hours between automated backups. */
export const SCALEWAY_BACKUP_FREQUENCY_HOURS = 24;
/** Scaleway's Redis user must not be `default`. */
export const SCALEWAY_REDIS_USER = "app";

export function createScalewayStores(
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
): Datastore[] {
  const access = new PrivateAccess(`${name}-access`, opts);
  const tags = tagList(meteringCloudLabels(ctx.metering));
  const spec = regionSpec(ctx.region);
  // The cluster's explicit provider: same project, region and zone.
  const provider = ctx.cloudProvider;
  access.complete({});
  const base = ctx.baseName;
  const classes = cloudSpec("scaleway").datastoreClasses;
  return kinds.map((kind) => {
    const s = datastoreSettings(kind, ctx.tier);
    const physical = managedStoreName(base, kind);
    return new Datastore(
      `${name}-${kind}`,
      {
        ...storeArgs(ctx, kind),
        build: (scope) => {
          const child = { parent: scope.parent, provider };
          const password = scope.newPassword();
          if (kind === "postgres") {
            // Only a private network endpoint: without `loadBalancer` the instance has no public one.
            const instance = new Instance(
              `${name}-pg`,
              {
                name: physical,
                region: spec.id,
                engine: SCALEWAY_PG_ENGINE,
                nodeType: classes.postgres[s.sizeClass],
                isHaCluster: s.ha,
                volumeType: "sbs_5k",
                volumeSizeInGb: s.storageGiB,
                encryptionAtRest: true,
                disableBackup: false,
                backupScheduleFrequency: SCALEWAY_BACKUP_FREQUENCY_HOURS,
                backupScheduleRetention: s.backupRetentionDays,
                // Backups in another region survive the loss of this one.
                backupSameRegion: false,
                privateNetwork: { pnId: ctx.networkId, enableIpam: true },
                userName: POSTGRES_USER,
                password,
                tags,
              },
              { ...child, protect: true },
            );
            new Database(`${name}-pg-db`, { instanceId: instance.id, name: POSTGRES_DATABASE }, child);
            return {
              endpoint: {
                host: instance.privateNetwork.apply((pn) => pn?.ip ?? ""),
                port: instance.privateNetwork.apply((pn) => pn?.port ?? POSTGRES_PORT),
                // IPAM gives the store an address of the cluster's private network.
                privateRanges: [privateNetworkCidr(ctx)],
                username: POSTGRES_USER,
                password,
                tls: true,
                database: POSTGRES_DATABASE,
                caCertificate: instance.certificate,
              },
            };
          }
          const cluster = new RedisCluster(
            `${name}-redis`,
            {
              name: physical,
              zone: spec.zones[0],
              version: SCALEWAY_REDIS_VERSION,
              nodeType: classes.redis[s.sizeClass],
              clusterSize: s.ha ? Math.max(SCALEWAY_REDIS_HA_NODES, s.replicas) : 1,
              tlsEnabled: true,
              privateNetworks: [{ id: ctx.networkId }],
              userName: SCALEWAY_REDIS_USER,
              password,
              tags,
            },
            { ...child, protect: true },
          );
          return {
            endpoint: {
              host: cluster.privateIps.apply((ips) => ips[0]?.address ?? ""),
              port: REDIS_PORT,
              privateRanges: [privateNetworkCidr(ctx)],
              username: SCALEWAY_REDIS_USER,
              password,
              tls: true,
              caCertificate: cluster.certificate,
            },
          };
        },
      },
      opts,
    );
  });
}
