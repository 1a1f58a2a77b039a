/**
 * Managed stores on GCP: Cloud SQL for PostgreSQL and Memorystore for Redis, reached through private
 * service access (a reserved range peered into the environment's VPC), without public IPs, TLS only,
 * with the tier's backups, regional HA where the SLA asks for it, deletion protection and a final backup.
 */
import { GlobalAddress } from "@pulumi/gcp/compute/globalAddress.js";
import { Instance as RedisInstance } from "@pulumi/gcp/redis/instance.js";
import { Connection } from "@pulumi/gcp/servicenetworking/connection.js";
import { Database } from "@pulumi/gcp/sql/database.js";
import { DatabaseInstance } from "@pulumi/gcp/sql/databaseInstance.js";
import { User } from "@pulumi/gcp/sql/user.js";
import * as pulumi from "@pulumi/pulumi";
import { datastoreRanges, parseCidr, formatCidr } from "../../domain/network-plan.js";
import { cloudSpec, regionSpec } from "../../regions/index.js";
import { meteringCloudLabels } from "../../components/labels.js";
import { Datastore } from "../../components/datastore/datastore.js";
import { POSTGRES_PORT } from "../../components/datastore/in-cluster-spec.js";
import {
  type ManagedContext,
  PrivateAccess,
  managedStoreName,
  storeArgs,
} from "../../components/datastore/managed.js";
import {
  type DatastoreKind,
  POSTGRES_DATABASE,
  POSTGRES_MAJOR,
  POSTGRES_USER,
  REDIS_USER,
  datastoreSettings,
  windowStart,
} from "../../components/datastore/settings.js";

export const MEMORYSTORE_VERSION = "REDIS_7_2";
/** Cloud SQL Enterprise keeps transaction logs (point-in-time recovery) for at most seven days. */
export const CLOUD_SQL_MAX_LOG_DAYS = 7;

/** Memory of a Memorystore class from the catalog, e.g. `STANDARD_HA-13GB` -> 13. */
export function memorystoreSizeGb(catalogClass: string): number {
  const match = /-(\d+)GB$/.exec(catalogClass);
  if (!match) throw new Error(`not a Memorystore class: ${catalogClass}`);
  return Number(match[1]);
}

export function createGcpStores(
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
): Datastore[] {
  const access = new PrivateAccess(`${name}-access`, opts);
  const labels = meteringCloudLabels(ctx.metering);
  const spec = regionSpec(ctx.region);
  // The cluster's explicit provider: same project and region.
  const provider = ctx.cloudProvider;
  const inAccess = { parent: access, provider };
  const base = ctx.baseName;
  const range = parseCidr(datastoreRanges(ctx.region).privateServiceAccess);
  const reserved = new GlobalAddress(
    `${name}-psa-range`,
    {
      name: `${base}-psa`,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: formatCidr(range).split("/")[0],
      prefixLength: range.prefix,
      network: ctx.networkId,
      labels,
    },
    inAccess,
  );
  const peering = new Connection(
    `${name}-psa`,
    {
      network: ctx.networkId,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [reserved.name],
      // Google refuses to remove the peering while producer instances exist; leave it to the network.
      deletionPolicy: "ABANDON",
    },
    inAccess,
  );
  access.complete({ reservedRange: reserved.name });

  const classes = cloudSpec("gcp").datastoreClasses;
  return kinds.map((kind) => {
    const s = datastoreSettings(kind, ctx.tier);
    const physical = managedStoreName(base, kind);
    return new Datastore(
      `${name}-${kind}`,
      {
        ...storeArgs(ctx, kind),
        build: (scope) => {
          const child = { parent: scope.parent, provider };
          if (kind === "postgres") {
            const instance = new DatabaseInstance(
              `${name}-pg`,
              {
                name: physical,
                databaseVersion: `POSTGRES_${POSTGRES_MAJOR}`,
                region: spec.id,
                deletionProtection: true,
                settings: {
                  tier: classes.postgres[s.sizeClass],
                  edition: "ENTERPRISE",
                  availabilityType: s.ha ? "REGIONAL" : "ZONAL",
                  diskType: "PD_SSD",
                  diskSize: s.storageGiB,
                  diskAutoresize: true,
                  deletionProtectionEnabled: true,
                  ipConfiguration: {
                    ipv4Enabled: false,
                    privateNetwork: ctx.networkId,
                    allocatedIpRange: reserved.name,
                    sslMode: "ENCRYPTED_ONLY",
                  },
                  backupConfiguration: {
                    enabled: true,
                    startTime: windowStart(s.backupWindow),
                    pointInTimeRecoveryEnabled: true,
                    transactionLogRetentionDays: Math.min(CLOUD_SQL_MAX_LOG_DAYS, s.backupRetentionDays),
                    backupRetentionSettings: {
                      retainedBackups: s.backupRetentionDays,
                      retentionUnit: "COUNT",
                    },
                  },
                  // Kept after the instance is deleted: the offboarding snapshot.
                  finalBackupConfig: { enabled: true, retentionDays: s.backupRetentionDays },
                  retainBackupsOnDelete: true,
                  maintenanceWindow: { day: 7, hour: s.maintenanceWindow.startHour, updateTrack: "stable" },
                  userLabels: labels,
                },
              },
              { ...child, dependsOn: [peering], protect: true },
            );
            const password = scope.newPassword();
            new Database(`${name}-pg-db`, { name: POSTGRES_DATABASE, instance: instance.name }, child);
            new User(`${name}-pg-user`, { name: POSTGRES_USER, instance: instance.name, password }, child);
            return {
              endpoint: {
                host: instance.privateIpAddress,
                port: POSTGRES_PORT,
                // Private service access: Google's producer network takes its addresses from this range.
                privateRanges: [datastoreRanges(ctx.region).privateServiceAccess],
                username: POSTGRES_USER,
                password,
                tls: true,
                database: POSTGRES_DATABASE,
                caCertificate: instance.serverCaCerts.apply((certs) => certs[0]?.cert ?? ""),
              },
            };
          }
          const redis = new RedisInstance(
            `${name}-redis`,
            {
              name: physical,
              region: spec.id,
              tier: s.ha ? "STANDARD_HA" : "BASIC",
              memorySizeGb: memorystoreSizeGb(classes.redis[s.sizeClass]),
              redisVersion: MEMORYSTORE_VERSION,
              authorizedNetwork: ctx.networkId,
              connectMode: "PRIVATE_SERVICE_ACCESS",
              reservedIpRange: reserved.name,
              authEnabled: true,
              transitEncryptionMode: "SERVER_AUTHENTICATION",
              ...(s.ha ? { replicaCount: s.replicas - 1, readReplicasMode: "READ_REPLICAS_ENABLED" } : {}),
              persistenceConfig: {
                persistenceMode: "RDB",
                rdbSnapshotPeriod: "TWENTY_FOUR_HOURS",
                rdbSnapshotStartTime: `2026-01-01T${windowStart(s.backupWindow)}:00Z`,
              },
              maintenancePolicy: {
                weeklyMaintenanceWindows: [
                  { day: "SUNDAY", startTime: { hours: s.maintenanceWindow.startHour, minutes: 0 } },
                ],
              },
              deletionProtection: true,
              labels,
            },
            { ...child, dependsOn: [peering], protect: true },
          );
          return {
            endpoint: {
              host: redis.host,
              port: redis.port,
              privateRanges: [datastoreRanges(ctx.region).privateServiceAccess],
              username: REDIS_USER,
              // Memorystore generates the AUTH string; the provider returns it as a secret.
              password: pulumi.secret(redis.authString),
              tls: true,
              caCertificate: redis.serverCaCerts.apply((certs) => certs[0]?.cert ?? ""),
            },
          };
        },
      },
      opts,
    );
  });
}
