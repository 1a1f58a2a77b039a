/**
 * Metering tags of the data stores' cloud resources, one reader per cloud. Each owns exactly the types
 * the data stores create (whether they take tags is checked against the SDKs' input types at compile
 * time) and reads them where each keeps them: `tags` maps (with the aws provider's default tags), GCP
 * `labels` or Cloud SQL's `settings.userLabels`, Scaleway's `key=value` lists. Consulted before the
 * clusters' readers.
 */
import type { ReplicationGroupArgs } from "@pulumi/aws/elasticache/replicationGroup.js";
import type { SubnetGroupArgs as CacheSubnetGroupArgs } from "@pulumi/aws/elasticache/subnetGroup.js";
import type { SecurityGroupArgs } from "@pulumi/aws/ec2/securityGroup.js";
import type { InstanceArgs as RdsInstanceArgs } from "@pulumi/aws/rds/instance.js";
import type { ParameterGroupArgs } from "@pulumi/aws/rds/parameterGroup.js";
import type { SubnetGroupArgs as DbSubnetGroupArgs } from "@pulumi/aws/rds/subnetGroup.js";
import type { ManagementLockAtResourceGroupLevelArgs } from "@pulumi/azure-native/authorization/managementLockAtResourceGroupLevel.js";
import type { ConfigurationArgs } from "@pulumi/azure-native/dbforpostgresql/configuration.js";
import type { DatabaseArgs as AzurePgDatabaseArgs } from "@pulumi/azure-native/dbforpostgresql/database.js";
import type { ServerArgs } from "@pulumi/azure-native/dbforpostgresql/server.js";
import type { PrivateDnsZoneGroupArgs } from "@pulumi/azure-native/network/privateDnsZoneGroup.js";
import type { PrivateEndpointArgs } from "@pulumi/azure-native/network/privateEndpoint.js";
import type { SubnetArgs as AzureSubnetArgs } from "@pulumi/azure-native/network/subnet.js";
import type { PrivateZoneArgs } from "@pulumi/azure-native/privatedns/privateZone.js";
import type { VirtualNetworkLinkArgs } from "@pulumi/azure-native/privatedns/virtualNetworkLink.js";
import type { RedisArgs } from "@pulumi/azure-native/redis/redis.js";
import type { ResourceGroupArgs } from "@pulumi/azure-native/resources/resourceGroup.js";
import type { GlobalAddressArgs } from "@pulumi/gcp/compute/globalAddress.js";
import type { InstanceArgs as MemorystoreArgs } from "@pulumi/gcp/redis/instance.js";
import type { ConnectionArgs } from "@pulumi/gcp/servicenetworking/connection.js";
import type { DatabaseArgs as SqlDatabaseArgs } from "@pulumi/gcp/sql/database.js";
import type { DatabaseInstanceArgs } from "@pulumi/gcp/sql/databaseInstance.js";
import type { UserArgs as SqlUserArgs } from "@pulumi/gcp/sql/user.js";
import type { DatabaseArgs as ScwDatabaseArgs } from "@pulumiverse/scaleway/databases/database.js";
import type { InstanceArgs as ScwInstanceArgs } from "@pulumiverse/scaleway/databases/instance.js";
import type { ClusterArgs as ScwRedisArgs } from "@pulumiverse/scaleway/redis/cluster.js";
import type { PlannedResource } from "../../planner/types.js";
import type { MeteringReader } from "./types.js";
import { awsDefaultTags, inputAt, stringRecord } from "./values.js";
import { TYPE } from "../../clouds/tokens.js";

type Tags = Record<string, string>;
/** `true` exactly when the SDK's args type has a `tags` input. */
type HasTags<Args> = "tags" extends keyof Args ? true : false;
/** `true` exactly when the SDK's args type has a `labels` input. */
type HasLabels<Args> = "labels" extends keyof Args ? true : false;

/** `["k=v", ...]` -> `{ k: v }`. */
export function parseTagList(value: unknown): Tags {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value
      .filter((t): t is string => typeof t === "string" && t.includes("="))
      .map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1)]),
  );
}

/** Where a type keeps its tags, or `false` when it takes none. */
type TagPaths = Readonly<Record<string, string | false>>;

function reader(
  prefix: string,
  paths: TagPaths,
  parse: (value: unknown) => Tags = stringRecord,
  defaults: (r: PlannedResource, providers: ReadonlyMap<string, PlannedResource>) => Tags = () => ({}),
): MeteringReader {
  return {
    prefix,
    owns: (r) => Object.hasOwn(paths, r.type),
    isTaggable: (r) => paths[r.type] !== false && paths[r.type] !== undefined,
    tagsOf: (r, providers) => {
      const path = paths[r.type];
      return { ...defaults(r, providers), ...(path ? parse(inputAt(r.inputs, path)) : {}) };
    },
  };
}

const tagsIf = (taggable: boolean) => (taggable ? "tags" : false);

export const awsDatastoreMetering = reader(
  "aws:",
  {
    [TYPE.awsEc2SecurityGroup]: tagsIf(true satisfies HasTags<SecurityGroupArgs>),
    [TYPE.awsRdsInstance]: tagsIf(true satisfies HasTags<RdsInstanceArgs>),
    [TYPE.awsRdsSubnetGroup]: tagsIf(true satisfies HasTags<DbSubnetGroupArgs>),
    [TYPE.awsRdsParameterGroup]: tagsIf(true satisfies HasTags<ParameterGroupArgs>),
    [TYPE.awsElasticacheSubnetGroup]: tagsIf(true satisfies HasTags<CacheSubnetGroupArgs>),
    [TYPE.awsElasticacheReplicationGroup]: tagsIf(true satisfies HasTags<ReplicationGroupArgs>),
  },
  stringRecord,
  awsDefaultTags,
);

export const gcpDatastoreMetering = reader("gcp:", {
  [TYPE.gcpComputeGlobalAddress]: (true satisfies HasLabels<GlobalAddressArgs>) && "labels",
  [TYPE.gcpServicenetworkingConnection]: false satisfies HasLabels<ConnectionArgs>,
  // Cloud SQL keeps its labels in the settings block.
  [TYPE.gcpSqlDatabaseInstance]: (false satisfies HasLabels<DatabaseInstanceArgs>) || "settings.userLabels",
  [TYPE.gcpSqlDatabase]: false satisfies HasLabels<SqlDatabaseArgs>,
  [TYPE.gcpSqlUser]: false satisfies HasLabels<SqlUserArgs>,
  [TYPE.gcpRedisInstance]: (true satisfies HasLabels<MemorystoreArgs>) && "labels",
});

export const azureDatastoreMetering = reader("azure-native:", {
  [TYPE.azureResourcesResourceGroup]: tagsIf(true satisfies HasTags<ResourceGroupArgs>),
  [TYPE.azureAuthorizationManagementLockAtResourceGroupLevel]: tagsIf(
    false satisfies HasTags<ManagementLockAtResourceGroupLevelArgs>,
  ),
  [TYPE.azureNetworkSubnet]: tagsIf(false satisfies HasTags<AzureSubnetArgs>),
  [TYPE.azurePrivatednsPrivateZone]: tagsIf(true satisfies HasTags<PrivateZoneArgs>),
  [TYPE.azurePrivatednsVirtualNetworkLink]: tagsIf(true satisfies HasTags<VirtualNetworkLinkArgs>),
  [TYPE.azureDbforpostgresqlServer]: tagsIf(true satisfies HasTags<ServerArgs>),
  [TYPE.azureDbforpostgresqlConfiguration]: tagsIf(false satisfies HasTags<ConfigurationArgs>),
  [TYPE.azureDbforpostgresqlDatabase]: tagsIf(false satisfies HasTags<AzurePgDatabaseArgs>),
  [TYPE.azureRedis]: tagsIf(true satisfies HasTags<RedisArgs>),
  [TYPE.azureNetworkPrivateEndpoint]: tagsIf(true satisfies HasTags<PrivateEndpointArgs>),
  [TYPE.azureNetworkPrivateDnsZoneGroup]: tagsIf(false satisfies HasTags<PrivateDnsZoneGroupArgs>),
});

export const scalewayDatastoreMetering = reader(
  "scaleway:",
  {
    [TYPE.scwDatabasesInstance]: tagsIf(true satisfies HasTags<ScwInstanceArgs>),
    [TYPE.scwDatabasesDatabase]: tagsIf(false satisfies HasTags<ScwDatabaseArgs>),
    [TYPE.scwRedisCluster]: tagsIf(true satisfies HasTags<ScwRedisArgs>),
  },
  parseTagList,
);
