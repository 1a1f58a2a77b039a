/**
 * Metering tags of the managed data stores' AWS resources: `tags` maps, with the aws provider's
 * default tags. Consulted before the cluster's reader (`metering.ts`).
 */
import type { ReplicationGroupArgs } from "@pulumi/aws/elasticache/replicationGroup.js";
import type { SubnetGroupArgs as CacheSubnetGroupArgs } from "@pulumi/aws/elasticache/subnetGroup.js";
import type { SecurityGroupArgs } from "@pulumi/aws/ec2/securityGroup.js";
import type { InstanceArgs as RdsInstanceArgs } from "@pulumi/aws/rds/instance.js";
import type { ParameterGroupArgs } from "@pulumi/aws/rds/parameterGroup.js";
import type { SubnetGroupArgs as DbSubnetGroupArgs } from "@pulumi/aws/rds/subnetGroup.js";
import { type HasTags, tableReader, tagsIf } from "../../analysis/metering/table-reader.js";
import { awsDefaultTags, stringRecord } from "../../analysis/metering/values.js";
import { TYPE } from "../tokens.js";

export const awsDatastoreMetering = tableReader(
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
