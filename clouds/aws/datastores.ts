/**
 * Managed stores on AWS: RDS for PostgreSQL and ElastiCache for Redis in the environment's VPC, reachable
 * only from inside it, encrypted at rest and in transit, with the tier's backups, Multi-AZ where the SLA
 * asks for it, deletion protection and a final snapshot. Deep imports keep the AWS SDK's load small.
 */
import { ReplicationGroup } from "@pulumi/aws/elasticache/replicationGroup.js";
import { SubnetGroup as CacheSubnetGroup } from "@pulumi/aws/elasticache/subnetGroup.js";
import { SecurityGroup } from "@pulumi/aws/ec2/securityGroup.js";
import { Instance } from "@pulumi/aws/rds/instance.js";
import { ParameterGroup } from "@pulumi/aws/rds/parameterGroup.js";
import { SubnetGroup as DbSubnetGroup } from "@pulumi/aws/rds/subnetGroup.js";
import * as pulumi from "@pulumi/pulumi";
import { cloudSpec, regionSpec } from "../../regions/index.js";
import { meteringTags } from "../../components/labels.js";
import { Datastore } from "../../components/datastore/datastore.js";
import { POSTGRES_PORT, REDIS_PORT } from "../../components/datastore/in-cluster-spec.js";
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
  dailyWindow,
  datastoreSettings,
  finalSnapshotName,
  sundayWindow,
} from "../../components/datastore/settings.js";

export const RDS_CA = "rds-ca-rsa2048-g1";
export const ELASTICACHE_ENGINE_VERSION = "7.1";

export function createAwsStores(
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
): Datastore[] {
  const access = new PrivateAccess(`${name}-access`, opts);
  const tags = meteringTags(ctx.metering);
  const spec = regionSpec(ctx.region);
  // The cluster's explicit provider: the stores join the same account and region.
  const provider = ctx.cloudProvider;
  const inAccess = { parent: access, provider };
  const base = ctx.baseName;
  const sg = new SecurityGroup(
    `${name}-sg`,
    {
      name: `${base}-datastores`,
      description: "Data stores: reachable from inside the environment's VPC only",
      vpcId: ctx.networkId,
      ingress: [
        {
          protocol: "tcp",
          fromPort: POSTGRES_PORT,
          toPort: POSTGRES_PORT,
          cidrBlocks: [ctx.network.network],
        },
        { protocol: "tcp", fromPort: REDIS_PORT, toPort: REDIS_PORT, cidrBlocks: [ctx.network.network] },
      ],
      // Managed stores open no connections of their own; an empty list removes AWS's allow-all egress.
      egress: [],
      tags,
    },
    inAccess,
  );
  access.complete({ securityGroupId: sg.id });

  const stores: Datastore[] = [];
  for (const kind of kinds) {
    const s = datastoreSettings(kind, ctx.tier);
    const physical = managedStoreName(base, kind);
    const classes = cloudSpec("aws").datastoreClasses;
    stores.push(
      new Datastore(
        `${name}-${kind}`,
        {
          ...storeArgs(ctx, kind),
          build: (scope) => {
            const child = { parent: scope.parent, provider };
            const password = scope.newPassword();
            if (kind === "postgres") {
              const subnets = new DbSubnetGroup(
                `${name}-pg-subnets`,
                { name: `${base}-pg`, subnetIds: ctx.privateSubnetIds, tags },
                child,
              );
              const params = new ParameterGroup(
                `${name}-pg-params`,
                {
                  name: `${base}-pg${POSTGRES_MAJOR}`,
                  family: `postgres${POSTGRES_MAJOR}`,
                  description: "TLS only",
                  parameters: [
                    { name: "rds.force_ssl", value: "1" },
                    { name: "ssl_min_protocol_version", value: "TLSv1.2" },
                  ],
                  tags,
                },
                child,
              );
              const db = new Instance(
                `${name}-pg`,
                {
                  identifier: physical,
                  engine: "postgres",
                  engineVersion: String(POSTGRES_MAJOR),
                  instanceClass: classes.postgres[s.sizeClass],
                  allocatedStorage: s.storageGiB,
                  // Storage autoscaling up to four times the tier's size before anyone is paged.
                  maxAllocatedStorage: s.storageGiB * 4,
                  storageType: "gp3",
                  storageEncrypted: true,
                  multiAz: s.ha,
                  dbSubnetGroupName: subnets.name,
                  vpcSecurityGroupIds: [sg.id],
                  publiclyAccessible: false,
                  parameterGroupName: params.name,
                  caCertIdentifier: RDS_CA,
                  dbName: POSTGRES_DATABASE,
                  username: POSTGRES_USER,
                  password,
                  backupRetentionPeriod: s.backupRetentionDays,
                  backupWindow: dailyWindow(s.backupWindow),
                  maintenanceWindow: sundayWindow(s.maintenanceWindow),
                  deletionProtection: true,
                  skipFinalSnapshot: false,
                  finalSnapshotIdentifier: finalSnapshotName(physical),
                  deleteAutomatedBackups: false,
                  copyTagsToSnapshot: true,
                  autoMinorVersionUpgrade: true,
                  enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
                  performanceInsightsEnabled: true,
                  tags,
                },
                { ...child, protect: true },
              );
              return {
                endpoint: {
                  host: db.address,
                  port: db.port,
                  // The subnet group: RDS places the instance (and its standby) in the node subnets.
                  privateRanges: ctx.network.privateSubnets,
                  username: POSTGRES_USER,
                  password,
                  tls: true,
                  database: POSTGRES_DATABASE,
                },
              };
            }
            const subnets = new CacheSubnetGroup(
              `${name}-redis-subnets`,
              { name: `${base}-redis`, subnetIds: ctx.privateSubnetIds, tags },
              child,
            );
            // One node per zone the SLA spans: a primary and replicas that take over when a zone fails.
            const nodes = s.ha ? s.replicas : 1;
            const group = new ReplicationGroup(
              `${name}-redis`,
              {
                replicationGroupId: physical,
                description: `Redis of ${ctx.metering.customer}`,
                engine: "redis",
                engineVersion: ELASTICACHE_ENGINE_VERSION,
                nodeType: classes.redis[s.sizeClass],
                port: REDIS_PORT,
                numCacheClusters: nodes,
                automaticFailoverEnabled: s.ha,
                multiAzEnabled: s.ha,
                preferredCacheClusterAzs: spec.zones.slice(0, nodes),
                subnetGroupName: subnets.name,
                securityGroupIds: [sg.id],
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authToken: password,
                snapshotRetentionLimit: s.backupRetentionDays,
                snapshotWindow: dailyWindow(s.backupWindow),
                maintenanceWindow: sundayWindow(s.maintenanceWindow),
                finalSnapshotIdentifier: finalSnapshotName(physical),
                autoMinorVersionUpgrade: true,
                tags,
              },
              // ElastiCache has no deletion protection of its own: `protect` is the guard.
              { ...child, protect: true },
            );
            return {
              endpoint: {
                host: group.primaryEndpointAddress,
                port: REDIS_PORT,
                privateRanges: ctx.network.privateSubnets,
                username: REDIS_USER,
                password,
                tls: true,
              },
            };
          },
        },
        opts,
      ),
    );
  }
  return stores;
}
