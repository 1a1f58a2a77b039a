/**
 * Metering tags of aws resources: the provider's `defaultTags` merged with the resource's own `tags`, the
 * way the AWS provider itself computes `tagsAll`.
 */
import type { MeteringReader } from "./types.js";

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

type Tags = Record<string, string>;

/**
 * The URN part of a provider reference `urn::id`: `providerUrn` of `index.ts`, repeated here because
 * `index.ts` imports this module and a cycle would leave the reader undefined when this module loads first.
 */
function providerUrn(reference: string | null): string {
  if (!reference) return "";
  const at = reference.lastIndexOf("::");
  return at > 0 ? reference.slice(0, at) : reference;
}

/** Provider inputs reach the engine JSON-encoded (`defaultTags: "{\"tags\":{...}}"`); accept both forms. */
function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): Tags {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}

export const awsMetering: MeteringReader = {
  prefix: "aws:",
  isTaggable: (resource) => AWS_TAGGABLE_TYPES.has(resource.type),
  tagsOf(resource, providers) {
    const provider = providers.get(providerUrn(resource.provider));
    const defaults = decoded(provider?.inputs["defaultTags"]) as { tags?: unknown } | undefined;
    return { ...stringRecord(defaults?.tags), ...stringRecord(resource.inputs["tags"]) };
  },
};
