/**
 * Data store rules, for the managed PostgreSQL and Redis of every cloud: reachable only from private
 * networks, encrypted at rest and in transit, backed up, protected from deletion. Where a cloud always
 * does something (GCP and Azure encrypt every disk at rest), the rule says so and does not check it.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import type * as azure from "@pulumi/azure-native";
import type * as digitalocean from "@pulumi/digitalocean";
import type * as gcp from "@pulumi/gcp";
import type * as scaleway from "@pulumiverse/scaleway";
import { TIER_TAG } from "../../components/labels.js";
import { TIERS, TIER_SPECS, type TierName } from "../../domain/tiers.js";
import { isOpenCidr, isTrue, ofType } from "./support.js";
import { OWN, cisAwsFoundations, cisGcpFoundations } from "./sources.js";

/** Major version of an engine version string ("16.4" -> 16); NaN when absent. */
const majorVersion = (version: string | undefined): number => Number((version ?? "").split(".")[0]);

/** PostgreSQL majors from which RDS turns on `rds.force_ssl` by default. */
export const RDS_FORCE_SSL_MAJOR = 15;

export const datastoreNoPublicAccess: ResourceValidationPolicy = {
  name: "datastore-no-public-access",
  description:
    "Data stores are reachable only from the customer's private network: no public endpoint, no public IP, no open authorized networks.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [cisAwsFoundations("2.3.3"), cisGcpFoundations("6.5"), cisGcpFoundations("6.6"), OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, _args, report) => {
      if (db.publiclyAccessible === true) report("publiclyAccessible is true.");
    }),
    ofType<gcp.sql.DatabaseInstanceArgs>("cloudSqlInstance", (db, _args, report) => {
      const ip = db.settings?.ipConfiguration;
      if (ip?.ipv4Enabled !== false)
        report("settings.ipConfiguration.ipv4Enabled must be false (private IP only).");
      for (const network of ip?.authorizedNetworks ?? []) {
        if (isOpenCidr(network.value)) report(`authorizedNetworks admits ${network.value}.`);
      }
    }),
    ofType<azure.dbforpostgresql.ServerArgs>("azurePostgresServer", (db, _args, report) => {
      if (db.network?.publicNetworkAccess !== "Disabled") {
        report('network.publicNetworkAccess must be "Disabled".');
      }
    }),
    ofType<azure.redis.RedisArgs>("azureRedis", (cache, _args, report) => {
      if (cache.publicNetworkAccess !== "Disabled") report('publicNetworkAccess must be "Disabled".');
    }),
    ofType<scaleway.databases.InstanceArgs>("scalewayDatabase", (db, _args, report) => {
      if (db.loadBalancer !== undefined) report("loadBalancer gives the database a public endpoint.");
      if (!db.privateNetwork) report("privateNetwork must attach the database to the private network.");
    }),
    ofType<digitalocean.DatabaseClusterArgs>("doDatabaseCluster", (db, _args, report) => {
      // Its public host stays closed to all but the trusted sources (rule do-database-trusted-sources).
      if (!db.privateNetworkUuid)
        report("privateNetworkUuid must place the cluster in the environment's VPC.");
    }),
    ofType<scaleway.redis.ClusterArgs>("scalewayRedis", (cache, _args, report) => {
      if (cache.publicNetwork !== undefined) report("publicNetwork gives Redis a public endpoint.");
      if ((cache.privateNetworks ?? []).length === 0)
        report("privateNetworks must attach Redis to the private network.");
    }),
  ],
};

export const datastoreEncryptionAtRest: ResourceValidationPolicy = {
  name: "datastore-encryption-at-rest",
  description:
    "Data stores encrypt their storage and snapshots at rest. Cloud SQL, Memorystore and Azure encrypt always and are not checked.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisAwsFoundations("2.3.1"), OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, _args, report) => {
      if (db.storageEncrypted !== true) report("storageEncrypted must be true.");
    }),
    ofType<aws.elasticache.ReplicationGroupArgs>("elasticacheReplicationGroup", (cache, _args, report) => {
      if (cache.atRestEncryptionEnabled !== true && !isTrue(cache.atRestEncryptionEnabled)) {
        report("atRestEncryptionEnabled must be true.");
      }
    }),
    ofType<scaleway.databases.InstanceArgs>("scalewayDatabase", (db, _args, report) => {
      if (db.encryptionAtRest !== true) report("encryptionAtRest must be true.");
    }),
  ],
};

const CLOUD_SQL_TLS_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"] as const;

export const datastoreEncryptionInTransit: ResourceValidationPolicy = {
  name: "datastore-encryption-in-transit",
  description:
    "Clients must use TLS: RDS PostgreSQL 15+ (rds.force_ssl on), ElastiCache and Memorystore transit encryption, Cloud SQL ENCRYPTED_ONLY, Azure require_secure_transport and no non-TLS Redis port, Scaleway Redis TLS.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisGcpFoundations("6.4"), OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, _args, report) => {
      if (
        String(db.engine ?? "").startsWith("postgres") &&
        !(majorVersion(db.engineVersion) >= RDS_FORCE_SSL_MAJOR)
      ) {
        report(
          `engineVersion ${db.engineVersion ?? "(default)"}: PostgreSQL ${RDS_FORCE_SSL_MAJOR}+ forces TLS by default.`,
        );
      }
    }),
    ofType<aws.rds.ParameterGroupArgs>("rdsParameterGroup", (group, _args, report) => {
      for (const p of group.parameters ?? []) {
        if (p.name === "rds.force_ssl" && p.value !== "1") report(`parameter rds.force_ssl is ${p.value}.`);
      }
    }),
    ofType<aws.elasticache.ReplicationGroupArgs>("elasticacheReplicationGroup", (cache, _args, report) => {
      if (cache.transitEncryptionEnabled !== true) report("transitEncryptionEnabled must be true.");
      if (cache.transitEncryptionMode === "preferred")
        report('transitEncryptionMode "preferred" admits plain text.');
    }),
    ofType<gcp.sql.DatabaseInstanceArgs>("cloudSqlInstance", (db, _args, report) => {
      const mode = db.settings?.ipConfiguration?.sslMode ?? "";
      if (!(CLOUD_SQL_TLS_MODES as readonly string[]).includes(mode)) {
        report(`settings.ipConfiguration.sslMode is "${mode}": use ENCRYPTED_ONLY.`);
      }
    }),
    ofType<gcp.redis.InstanceArgs>("memorystoreInstance", (cache, _args, report) => {
      if (cache.transitEncryptionMode !== "SERVER_AUTHENTICATION") {
        report('transitEncryptionMode must be "SERVER_AUTHENTICATION".');
      }
    }),
    ofType<azure.dbforpostgresql.ConfigurationArgs>("azurePostgresConfiguration", (config, _args, report) => {
      if (
        config.configurationName === "require_secure_transport" &&
        String(config.value).toLowerCase() !== "on"
      ) {
        report(`require_secure_transport is ${config.value ?? "unset"}.`);
      }
    }),
    ofType<azure.redis.RedisArgs>("azureRedis", (cache, _args, report) => {
      if (cache.enableNonSslPort === true) report("enableNonSslPort is true.");
      if (cache.minimumTlsVersion !== "1.2") report('minimumTlsVersion must be "1.2".');
    }),
    ofType<scaleway.redis.ClusterArgs>("scalewayRedis", (cache, _args, report) => {
      if (cache.tlsEnabled !== true) report("tlsEnabled must be true.");
    }),
  ],
};

/** Azure's shortest backup retention. */
export const AZURE_PG_MIN_RETENTION_DAYS = 7;

export const datastoreBackups: ResourceValidationPolicy = {
  name: "datastore-backups",
  description:
    "PostgreSQL data stores take automated backups (retention of at least a day; Azure's minimum of 7).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisGcpFoundations("6.7"), OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, _args, report) => {
      if (!((db.backupRetentionPeriod ?? 0) >= 1)) report("backupRetentionPeriod must be at least 1 day.");
    }),
    ofType<gcp.sql.DatabaseInstanceArgs>("cloudSqlInstance", (db, _args, report) => {
      if (db.settings?.backupConfiguration?.enabled !== true)
        report("settings.backupConfiguration.enabled must be true.");
    }),
    ofType<azure.dbforpostgresql.ServerArgs>("azurePostgresServer", (db, _args, report) => {
      const days = db.backup?.backupRetentionDays;
      if (days === undefined || days < AZURE_PG_MIN_RETENTION_DAYS) {
        report(`backup.backupRetentionDays must be at least ${AZURE_PG_MIN_RETENTION_DAYS}.`);
      }
    }),
    ofType<scaleway.databases.InstanceArgs>("scalewayDatabase", (db, _args, report) => {
      if (db.disableBackup === true) report("disableBackup is true.");
    }),
  ],
};

export const cachePersistence: ResourceValidationPolicy = {
  name: "cache-persistence",
  description:
    "Redis data stores keep snapshots (ElastiCache snapshots, Memorystore RDB, Azure RDB backups on Premium caches, the only SKU that has them), so a restart loses little. Scaleway Redis has none.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: [OWN],
  validateResource: [
    ofType<aws.elasticache.ReplicationGroupArgs>("elasticacheReplicationGroup", (cache, _args, report) => {
      if (!((cache.snapshotRetentionLimit ?? 0) >= 1)) report("snapshotRetentionLimit should be at least 1.");
    }),
    ofType<gcp.redis.InstanceArgs>("memorystoreInstance", (cache, _args, report) => {
      if (cache.persistenceConfig?.persistenceMode !== "RDB")
        report('persistenceConfig.persistenceMode should be "RDB".');
    }),
    // Azure offers persistence on the Premium SKU only: a Basic or Standard cache cannot keep snapshots,
    // so asking it to would be a warning nobody can act on but by paying for another SKU.
    ofType<azure.redis.RedisArgs>("azureRedis", (cache, _args, report) => {
      const sku = cache.sku as { name?: string } | undefined;
      if (sku?.name === "Premium" && !isTrue(cache.redisConfiguration?.rdbBackupEnabled)) {
        report(
          'redisConfiguration.rdbBackupEnabled should be "true": a Premium cache can keep RDB snapshots.',
        );
      }
    }),
  ],
};

const protectedByPulumi = (args: ResourceValidationArgs): boolean => args.opts.protect === true;

export const datastoreDeletionProtection: ResourceValidationPolicy = {
  name: "datastore-deletion-protection",
  description:
    "Data stores cannot be deleted by accident: the cloud's deletion protection where it has one, Pulumi's `protect` where it does not.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, _args, report) => {
      if (db.deletionProtection !== true) report("deletionProtection must be true.");
    }),
    ofType<gcp.sql.DatabaseInstanceArgs>("cloudSqlInstance", (db, _args, report) => {
      if (db.deletionProtection === false) report("deletionProtection is false.");
      if (db.settings?.deletionProtectionEnabled !== true)
        report("settings.deletionProtectionEnabled must be true.");
    }),
    ofType<gcp.redis.InstanceArgs>("memorystoreInstance", (cache, args, report) => {
      if (cache.deletionProtection !== true && !protectedByPulumi(args)) {
        report("set deletionProtection or create it with `protect: true`.");
      }
    }),
    ...(
      [
        "elasticacheReplicationGroup",
        "azurePostgresServer",
        "azureRedis",
        "scalewayDatabase",
        "scalewayRedis",
        "doDatabaseCluster",
      ] as const
    ).map((group) =>
      ofType<unknown>(group, (_props, args, report) => {
        if (!protectedByPulumi(args))
          report("create it with `protect: true`: the cloud has no deletion protection for it.");
      }),
    ),
  ],
};

/** The tier a cloud resource is tagged with, from its metering tags or labels. */
function tierOf(props: Record<string, unknown>): TierName | undefined {
  const key = TIER_TAG;
  const maps = [
    props["tags"],
    props["labels"],
    (props["settings"] as { userLabels?: unknown } | undefined)?.userLabels,
  ];
  for (const map of maps) {
    if (Array.isArray(map)) {
      const tag = map.find((t): t is string => typeof t === "string" && t.startsWith(`${key}=`));
      if (tag)
        return (TIERS as readonly string[]).includes(tag.slice(key.length + 1))
          ? (tag.slice(key.length + 1) as TierName)
          : undefined;
    } else if (map && typeof map === "object") {
      const value = (map as Record<string, unknown>)[key];
      if (typeof value === "string" && (TIERS as readonly string[]).includes(value)) return value as TierName;
    }
  }
  return undefined;
}

/** Whether the resource's tier promises highly available data stores; untagged resources are held to it. */
const haRequired = (args: ResourceValidationArgs): boolean => {
  const tier = tierOf(args.props as Record<string, unknown>);
  return tier === undefined || TIER_SPECS[tier].sla.datastoreHa;
};

export const datastoreHighAvailability: ResourceValidationPolicy = {
  name: "datastore-high-availability",
  description:
    "Data stores of tiers whose SLA promises it (domain/tiers.ts `datastoreHa`) run with a standby in another zone.",
  enforcementLevel: "advisory",
  severity: "medium",
  tags: [OWN],
  validateResource: [
    ofType<aws.rds.InstanceArgs>("rdsInstance", (db, args, report) => {
      if (haRequired(args) && db.multiAz !== true) report("multiAz should be true.");
    }),
    ofType<aws.elasticache.ReplicationGroupArgs>("elasticacheReplicationGroup", (cache, args, report) => {
      if (haRequired(args) && (cache.automaticFailoverEnabled !== true || cache.multiAzEnabled !== true)) {
        report("automaticFailoverEnabled and multiAzEnabled should be true.");
      }
    }),
    ofType<gcp.sql.DatabaseInstanceArgs>("cloudSqlInstance", (db, args, report) => {
      if (haRequired(args) && db.settings?.availabilityType !== "REGIONAL")
        report('availabilityType should be "REGIONAL".');
    }),
    ofType<gcp.redis.InstanceArgs>("memorystoreInstance", (cache, args, report) => {
      if (haRequired(args) && cache.tier !== "STANDARD_HA") report('tier should be "STANDARD_HA".');
    }),
    ofType<azure.dbforpostgresql.ServerArgs>("azurePostgresServer", (db, args, report) => {
      if (haRequired(args) && db.highAvailability?.mode !== "ZoneRedundant") {
        report('highAvailability.mode should be "ZoneRedundant".');
      }
    }),
    ofType<azure.redis.RedisArgs>("azureRedis", (cache, args, report) => {
      if (haRequired(args) && cache.sku?.name === "Basic") report("the Basic SKU has no replica.");
    }),
    ofType<scaleway.databases.InstanceArgs>("scalewayDatabase", (db, args, report) => {
      if (haRequired(args) && db.isHaCluster !== true) report("isHaCluster should be true.");
    }),
    ofType<scaleway.redis.ClusterArgs>("scalewayRedis", (cache, args, report) => {
      if (haRequired(args) && !((cache.clusterSize ?? 1) > 1)) report("clusterSize should be more than 1.");
    }),
    ofType<digitalocean.DatabaseClusterArgs>("doDatabaseCluster", (db, args, report) => {
      if (haRequired(args) && !(db.nodeCount > 1)) report("nodeCount should be more than 1 (a standby).");
    }),
  ],
};

export const cacheAuthentication: ResourceValidationPolicy = {
  name: "cache-authentication",
  description: "Redis data stores require clients to authenticate.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [OWN],
  validateResource: [
    ofType<aws.elasticache.ReplicationGroupArgs>("elasticacheReplicationGroup", (cache, _args, report) => {
      if (!cache.authToken && !cache.authTokenWo && (cache.userGroupIds ?? []).length === 0) {
        report("set authToken or userGroupIds.");
      }
    }),
    ofType<gcp.redis.InstanceArgs>("memorystoreInstance", (cache, _args, report) => {
      if (cache.authEnabled !== true) report("authEnabled must be true.");
    }),
    ofType<azure.redis.RedisArgs>("azureRedis", (cache, _args, report) => {
      if (isTrue(cache.redisConfiguration?.authnotrequired))
        report("redisConfiguration.authnotrequired is true.");
    }),
  ],
};

export const DATASTORE_POLICIES = [
  datastoreNoPublicAccess,
  datastoreEncryptionAtRest,
  datastoreEncryptionInTransit,
  datastoreBackups,
  cachePersistence,
  datastoreDeletionProtection,
  datastoreHighAvailability,
  cacheAuthentication,
];
