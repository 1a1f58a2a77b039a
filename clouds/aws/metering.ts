/**
 * Metering tags of aws resources: the provider's `defaultTags` merged with the resource's own `tags`, the
 * way the AWS provider itself computes `tagsAll`.
 */
import type { MeteringReader } from "../../analysis/metering/types.js";
import { awsDefaultTags, stringRecord } from "../../analysis/metering/values.js";
import { TYPE } from "../tokens.js";

/**
 * Resource types whose arguments take `tags` (checked against the SDK's types by the metering tests).
 * A type missing here is not checked; add every taggable type a component creates.
 */
export const AWS_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  TYPE.awsCloudwatchLogGroup,
  TYPE.awsEc2DefaultSecurityGroup,
  TYPE.awsEc2Eip,
  TYPE.awsEc2FlowLog,
  TYPE.awsEc2InternetGateway,
  TYPE.awsEc2LaunchTemplate,
  TYPE.awsEc2NatGateway,
  TYPE.awsEc2RouteTable,
  TYPE.awsEc2SecurityGroup,
  TYPE.awsEc2Subnet,
  TYPE.awsEc2Vpc,
  TYPE.awsEksAccessEntry,
  TYPE.awsEksAddon,
  TYPE.awsEksCluster,
  TYPE.awsEksIdentityProviderConfig,
  TYPE.awsEksNodeGroup,
  TYPE.awsEksPodIdentityAssociation,
  TYPE.awsElasticacheReplicationGroup,
  TYPE.awsElasticacheSubnetGroup,
  TYPE.awsIamOpenIdConnectProvider,
  TYPE.awsIamRole,
  TYPE.awsKmsKey,
  TYPE.awsRdsInstance,
  TYPE.awsRdsSubnetGroup,
  TYPE.awsS3Bucket,
  TYPE.awsSecretsmanagerSecret,
  TYPE.awsVpcSecurityGroupEgressRule,
  TYPE.awsVpcSecurityGroupIngressRule,
]);

export const awsMetering: MeteringReader = {
  prefix: "aws:",
  isTaggable: (resource) => AWS_TAGGABLE_TYPES.has(resource.type),
  tagsOf: (resource, providers) => ({
    ...awsDefaultTags(resource, providers),
    ...stringRecord(resource.inputs["tags"]),
  }),
};
