/**
 * Metering tags of aws resources: the provider's `defaultTags` merged with the resource's own `tags`, the
 * way the AWS provider itself computes `tagsAll`.
 */
import type { MeteringReader } from "./types.js";
import { awsDefaultTags, stringRecord } from "./values.js";

/**
 * Resource types whose arguments take `tags` (checked against the SDK's types by the metering tests).
 * A type missing here is not checked; add every taggable type a component creates.
 */
export const AWS_TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  "aws:ec2/eip:Eip",
  "aws:ec2/flowLog:FlowLog",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/launchTemplate:LaunchTemplate",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/vpc:Vpc",
  "aws:eks/accessEntry:AccessEntry",
  "aws:eks/addon:Addon",
  "aws:eks/cluster:Cluster",
  "aws:eks/nodeGroup:NodeGroup",
  "aws:eks/podIdentityAssociation:PodIdentityAssociation",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  "aws:iam/role:Role",
  "aws:kms/key:Key",
  "aws:rds/instance:Instance",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:s3/bucket:Bucket",
  "aws:secretsmanager/secret:Secret",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
]);

export const awsMetering: MeteringReader = {
  prefix: "aws:",
  isTaggable: (resource) => AWS_TAGGABLE_TYPES.has(resource.type),
  tagsOf: (resource, providers) => ({
    ...awsDefaultTags(resource, providers),
    ...stringRecord(resource.inputs["tags"]),
  }),
};
