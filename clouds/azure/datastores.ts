/**
 * Managed stores on Azure: Azure Database for PostgreSQL Flexible Server in a delegated subnet of the
 * environment's VNet with a private DNS zone, and Azure Cache for Redis behind a private endpoint. No public
 * network access, TLS only, the tier's backups, zone-redundant HA where the SLA asks for it, and a
 * CanNotDelete lock on the data stores' resource group as deletion protection.
 */
import { ManagementLockAtResourceGroupLevel } from "@pulumi/azure-native/authorization/managementLockAtResourceGroupLevel.js";
import { Configuration } from "@pulumi/azure-native/dbforpostgresql/configuration.js";
import { Database } from "@pulumi/azure-native/dbforpostgresql/database.js";
import { Server } from "@pulumi/azure-native/dbforpostgresql/server.js";
import { PrivateDnsZoneGroup } from "@pulumi/azure-native/network/privateDnsZoneGroup.js";
import { PrivateEndpoint } from "@pulumi/azure-native/network/privateEndpoint.js";
import { Subnet } from "@pulumi/azure-native/network/subnet.js";
import { PrivateZone } from "@pulumi/azure-native/privatedns/privateZone.js";
import { VirtualNetworkLink } from "@pulumi/azure-native/privatedns/virtualNetworkLink.js";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig.js";
import { Redis } from "@pulumi/azure-native/redis/redis.js";
import { listStorageAccountKeysOutput } from "@pulumi/azure-native/storage/listStorageAccountKeys.js";
import { StorageAccount } from "@pulumi/azure-native/storage/storageAccount.js";
import { ResourceGroup } from "@pulumi/azure-native/resources/resourceGroup.js";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { datastoreRanges } from "../../domain/network-plan.js";
import { cloudSpec, regionSpec } from "../../regions/index.js";
import { meteringTags } from "../../components/labels.js";
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
} from "../../components/datastore/settings.js";

/** Azure keeps Flexible Server backups 7 to 35 days. */
export const AZURE_PG_RETENTION = { min: 7, max: 35 } as const;
/** Flexible Server's smallest disk, GiB. */
export const AZURE_PG_MIN_STORAGE_GIB = 32;
export const AZURE_PG_DNS_SUFFIX = "private.postgres.database.azure.com";
export const AZURE_REDIS_DNS_ZONE = "privatelink.redis.cache.windows.net";

/** How often Azure Cache for Redis writes an RDB snapshot, minutes (15, 30, 60, 360, 720 or 1440). */
export const AZURE_REDIS_RDB_FREQUENCY_MINUTES = 60;

/**
 * The storage account that receives a cache's RDB snapshots: 3 to 24 lowercase letters and digits, unique
 * across Azure, so the name hashes the subscription and the environment's base name.
 */
export function redisBackupAccountName(base: string, subscriptionId: string): string {
  return `ctrdb${createHash("sha256").update(`${subscriptionId}/${base}`).digest("hex").slice(0, 19)}`;
}

/** Resource group and VNet name of a VNet resource id. */
export function parseVnetId(id: string): { resourceGroup: string; vnet: string } {
  const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)$/i.exec(
    id,
  );
  if (!match) throw new Error(`not a virtual network id: ${id}`);
  return { resourceGroup: match[1], vnet: match[2] };
}

/** `Premium_P1` -> the cache SKU; `Standard_D4ds_v5` / `Standard_B2s` -> the server SKU with its tier. */
export function redisSku(catalogClass: string): { name: string; family: string; capacity: number } {
  const match = /^(Basic|Standard|Premium)_([CP])(\d+)$/.exec(catalogClass);
  if (!match) throw new Error(`not an Azure Cache for Redis class: ${catalogClass}`);
  return { name: match[1], family: match[2], capacity: Number(match[3]) };
}
export function postgresSku(catalogClass: string): { name: string; tier: string } {
  return { name: catalogClass, tier: /^Standard_B/.test(catalogClass) ? "Burstable" : "GeneralPurpose" };
}

export function createAzureStores(
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
): Datastore[] {
  const access = new PrivateAccess(`${name}-access`, opts);
  const tags = meteringTags(ctx.metering);
  const spec = regionSpec(ctx.region);
  const location = spec.id;
  // The cluster's explicit provider: same subscription and location.
  const provider = ctx.cloudProvider;
  const inAccess = { parent: access, provider };
  const base = ctx.baseName;
  const ranges = datastoreRanges(ctx.region);
  const vnet = ctx.networkId.apply(parseVnetId);

  // The data stores get a resource group of their own, locked against deletion: removing a store (or the
  // whole environment) takes lifting the lock first, an explicit step.
  const group = new ResourceGroup(
    `${name}-rg`,
    { resourceGroupName: `${base}-data-rg`, location, tags },
    { ...inAccess, protect: true },
  );
  new ManagementLockAtResourceGroupLevel(
    `${name}-lock`,
    {
      resourceGroupName: group.name,
      lockName: "cloudtier-datastores",
      level: "CanNotDelete",
      notes: "Customer data stores: offboarding removes this lock after taking final backups.",
    },
    inAccess,
  );

  const dnsZone = (zoneName: pulumi.Input<string>, part: string) => {
    const zone = new PrivateZone(
      `${name}-${part}-dns`,
      { resourceGroupName: group.name, privateZoneName: zoneName, location: "Global", tags },
      inAccess,
    );
    new VirtualNetworkLink(
      `${name}-${part}-dns-link`,
      {
        resourceGroupName: group.name,
        privateZoneName: zone.name,
        virtualNetworkLinkName: `${base}-${part}`,
        location: "Global",
        registrationEnabled: false,
        virtualNetwork: { id: ctx.networkId },
        tags,
      },
      inAccess,
    );
    return zone;
  };

  const classes = cloudSpec("azure").datastoreClasses;
  const stores: Datastore[] = [];
  // Azure serialises changes to one VNet's subnets; creating them one after another avoids conflicts.
  let previousSubnet: Subnet | undefined;
  for (const kind of kinds) {
    const s = datastoreSettings(kind, ctx.tier);
    const physical = managedStoreName(base, kind);
    const subnet = new Subnet(
      `${name}-${kind}-subnet`,
      {
        resourceGroupName: vnet.resourceGroup,
        virtualNetworkName: vnet.vnet,
        subnetName: `${base}-${kind}`,
        addressPrefix: kind === "postgres" ? ranges.postgresSubnet : ranges.privateEndpointSubnet,
        ...(kind === "postgres"
          ? {
              delegations: [{ name: "postgres", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
            }
          : { privateEndpointNetworkPolicies: "Disabled" }),
        defaultOutboundAccess: false,
      },
      { ...inAccess, dependsOn: previousSubnet ? [previousSubnet] : [] },
    );
    previousSubnet = subnet;
    stores.push(
      new Datastore(
        `${name}-${kind}`,
        {
          ...storeArgs(ctx, kind),
          build: (scope) => {
            const child = { parent: scope.parent, provider };
            if (kind === "postgres") {
              const zone = dnsZone(`${base}.${AZURE_PG_DNS_SUFFIX}`, "pg");
              const password = scope.newPassword();
              const server = new Server(
                `${name}-pg`,
                {
                  serverName: physical,
                  resourceGroupName: group.name,
                  location,
                  version: String(POSTGRES_MAJOR),
                  sku: postgresSku(classes.postgres[s.sizeClass]),
                  storage: {
                    storageSizeGB: Math.max(AZURE_PG_MIN_STORAGE_GIB, s.storageGiB),
                    autoGrow: "Enabled",
                  },
                  backup: {
                    backupRetentionDays: Math.min(
                      AZURE_PG_RETENTION.max,
                      Math.max(AZURE_PG_RETENTION.min, s.backupRetentionDays),
                    ),
                    geoRedundantBackup: "Disabled",
                  },
                  highAvailability: { mode: s.ha ? "ZoneRedundant" : "Disabled" },
                  network: {
                    delegatedSubnetResourceId: subnet.id,
                    privateDnsZoneArmResourceId: zone.id,
                    publicNetworkAccess: "Disabled",
                  },
                  administratorLogin: POSTGRES_USER,
                  administratorLoginPassword: password,
                  authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
                  maintenanceWindow: {
                    customWindow: "Enabled",
                    dayOfWeek: 0,
                    startHour: s.maintenanceWindow.startHour,
                    startMinute: s.maintenanceWindow.startMinute,
                  },
                  tags,
                },
                { ...child, protect: true },
              );
              // On by default; set so that a change of default or a manual edit shows up as drift.
              new Configuration(
                `${name}-pg-tls`,
                {
                  resourceGroupName: group.name,
                  serverName: server.name,
                  configurationName: "require_secure_transport",
                  value: "on",
                  source: "user-override",
                },
                child,
              );
              new Database(
                `${name}-pg-db`,
                {
                  resourceGroupName: group.name,
                  serverName: server.name,
                  databaseName: POSTGRES_DATABASE,
                  charset: "UTF8",
                },
                child,
              );
              return {
                endpoint: {
                  host: server.fullyQualifiedDomainName,
                  port: POSTGRES_PORT,
                  // The subnet delegated to the flexible server.
                  privateRanges: [datastoreRanges(ctx.region).postgresSubnet],
                  username: POSTGRES_USER,
                  password,
                  tls: true,
                  database: POSTGRES_DATABASE,
                },
              };
            }
            const sku = redisSku(classes.redis[s.sizeClass]);
            // Zone redundancy, replicas and persistence are Premium features.
            const zonal = s.ha && sku.name === "Premium";
            const persistence =
              sku.name === "Premium" && s.backupRetentionDays > 0
                ? redisPersistence(`${name}-redis-backup`, group.name, base, location, tags, inAccess)
                : undefined;
            const cache = new Redis(
              `${name}-redis`,
              {
                name: physical,
                resourceGroupName: group.name,
                location,
                sku,
                enableNonSslPort: false,
                minimumTlsVersion: "1.2",
                publicNetworkAccess: "Disabled",
                redisVersion: "6",
                // The tier asks for backups: an hourly RDB snapshot, so a restart or failover loses at most an
                // hour of writes.
                ...(persistence
                  ? {
                      redisConfiguration: {
                        rdbBackupEnabled: "true",
                        rdbBackupFrequency: String(AZURE_REDIS_RDB_FREQUENCY_MINUTES),
                        rdbBackupMaxSnapshotCount: "1",
                        rdbStorageConnectionString: persistence.connectionString,
                      },
                    }
                  : {}),
                ...(zonal
                  ? {
                      zones: spec.zones.slice(0, s.replicas).map((_, i) => String(i + 1)),
                      replicasPerPrimary: s.replicas - 1,
                    }
                  : {}),
                tags,
              },
              { ...child, protect: true },
            );
            const endpoint = new PrivateEndpoint(
              `${name}-redis-pe`,
              {
                privateEndpointName: `${physical}-pe`,
                resourceGroupName: group.name,
                location,
                subnet: { id: subnet.id },
                privateLinkServiceConnections: [
                  { name: "redis", privateLinkServiceId: cache.id, groupIds: ["redisCache"] },
                ],
                tags,
              },
              child,
            );
            const zone = dnsZone(AZURE_REDIS_DNS_ZONE, "redis");
            new PrivateDnsZoneGroup(
              `${name}-redis-dns-group`,
              {
                resourceGroupName: group.name,
                privateEndpointName: endpoint.name,
                privateDnsZoneGroupName: "default",
                privateDnsZoneConfigs: [{ name: "redis", privateDnsZoneId: zone.id }],
              },
              child,
            );
            return {
              endpoint: {
                host: cache.hostName,
                port: cache.sslPort,
                // The private endpoint's subnet.
                privateRanges: [datastoreRanges(ctx.region).privateEndpointSubnet],
                username: REDIS_USER,
                // Azure generates the access keys; they arrive as a secret output.
                password: pulumi.secret(cache.accessKeys.apply((keys) => keys.primaryKey)),
                tls: true,
              },
            };
          },
        },
        opts,
      ),
    );
  }
  access.complete({ resourceGroup: group.name });
  return stores;
}

/**
 * Where a Premium cache writes its RDB snapshots: a storage account of the data stores' group (HTTPS and
 * TLS 1.2 only, no anonymous blob access), reached with its access key, as Azure Cache for Redis takes it.
 */
function redisPersistence(
  name: string,
  resourceGroupName: pulumi.Input<string>,
  base: string,
  location: string,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): { connectionString: pulumi.Output<string> } {
  const client = getClientConfigOutput({ parent: opts.parent, provider: opts.provider });
  const account = new StorageAccount(
    name,
    {
      resourceGroupName,
      accountName: client.subscriptionId.apply((subscription) => redisBackupAccountName(base, subscription)),
      location,
      kind: "StorageV2",
      sku: { name: "Standard_ZRS" },
      enableHttpsTrafficOnly: true,
      minimumTlsVersion: "TLS1_2",
      allowBlobPublicAccess: false,
      allowCrossTenantReplication: false,
      tags,
    },
    opts,
  );
  const keys = listStorageAccountKeysOutput(
    { resourceGroupName, accountName: account.name },
    { parent: opts.parent, provider: opts.provider },
  );
  return {
    connectionString: pulumi.secret(
      pulumi.interpolate`DefaultEndpointsProtocol=https;AccountName=${account.name};AccountKey=${keys.keys[0].value};EndpointSuffix=core.windows.net`,
    ),
  };
}
