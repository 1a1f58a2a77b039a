/**
 * The VPC of an EKS cluster: private subnets for nodes and the control plane's interfaces, public subnets
 * for NAT gateways and internet-facing load balancers, routes, a closed default security group and flow
 * logs. Deep imports: each resource class loads one small file instead of the whole AWS SDK.
 */
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup.js";
import { DefaultSecurityGroup } from "@pulumi/aws/ec2/defaultSecurityGroup.js";
import { Eip } from "@pulumi/aws/ec2/eip.js";
import { FlowLog } from "@pulumi/aws/ec2/flowLog.js";
import { InternetGateway } from "@pulumi/aws/ec2/internetGateway.js";
import { NatGateway } from "@pulumi/aws/ec2/natGateway.js";
import { Route } from "@pulumi/aws/ec2/route.js";
import { RouteTable } from "@pulumi/aws/ec2/routeTable.js";
import { RouteTableAssociation } from "@pulumi/aws/ec2/routeTableAssociation.js";
import { Subnet } from "@pulumi/aws/ec2/subnet.js";
import { Vpc } from "@pulumi/aws/ec2/vpc.js";
import { Role } from "@pulumi/aws/iam/role.js";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy.js";
import type * as pulumi from "@pulumi/pulumi";
import { flowLogWriterPolicy, serviceTrustPolicy } from "./iam.js";
import type { AwsClusterLayout } from "./layout.js";
import { type AwsClusterNames, zoneSuffix } from "./names.js";

/** Days CloudWatch keeps the cluster's control-plane and flow logs: a quarter covers most investigations. */
export const LOG_RETENTION_DAYS = 90;

export interface AwsNetwork {
  readonly vpc: Vpc;
  /** One per zone, in zone order. */
  readonly privateSubnets: readonly Subnet[];
  readonly publicSubnets: readonly Subnet[];
  readonly natGateways: readonly NatGateway[];
}

export interface AwsNetworkArgs {
  readonly name: string;
  readonly base: string;
  /** The VPC range from the network plan. */
  readonly cidr: string;
  readonly layout: AwsClusterLayout;
  readonly names: AwsClusterNames;
}

export function createAwsNetwork(args: AwsNetworkArgs, opts: pulumi.CustomResourceOptions): AwsNetwork {
  const { name, base, layout } = args;
  const vpc = new Vpc(
    `${name}-vpc`,
    {
      cidrBlock: args.cidr,
      // The private API endpoint is reached through a Route 53 private zone: both DNS settings are required.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: `${base}-vpc` },
    },
    opts,
  );

  // Taking over the default security group with no rules closes it: nothing can use it by accident.
  new DefaultSecurityGroup(
    `${name}-default-sg`,
    { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: `${base}-default-closed` } },
    opts,
  );

  const zones = layout.zones.map((z) => ({ ...z, suffix: zoneSuffix(z.zone, layout.regionId) }));
  const privateSubnets = zones.map(
    (z) =>
      new Subnet(
        `${name}-private-${z.suffix}`,
        {
          vpcId: vpc.id,
          cidrBlock: z.privateSubnet,
          availabilityZone: z.zone,
          mapPublicIpOnLaunch: false,
          tags: { Name: `${base}-private-${z.suffix}`, "kubernetes.io/role/internal-elb": "1" },
        },
        opts,
      ),
  );
  const publicSubnets = zones.map(
    (z) =>
      new Subnet(
        `${name}-public-${z.suffix}`,
        {
          vpcId: vpc.id,
          cidrBlock: z.publicSubnet,
          availabilityZone: z.zone,
          // Only NAT gateways and load balancers live here, and they get their addresses explicitly.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${base}-public-${z.suffix}`, "kubernetes.io/role/elb": "1" },
        },
        opts,
      ),
  );

  const igw = new InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: `${base}-igw` } }, opts);
  const publicRoutes = new RouteTable(
    `${name}-public-rt`,
    { vpcId: vpc.id, tags: { Name: `${base}-public` } },
    opts,
  );
  new Route(
    `${name}-public-default`,
    { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
    opts,
  );
  zones.forEach((z, i) => {
    new RouteTableAssociation(
      `${name}-public-rta-${z.suffix}`,
      { routeTableId: publicRoutes.id, subnetId: publicSubnets[i].id },
      opts,
    );
  });

  const natGateways = new Map<number, NatGateway>();
  zones.forEach((z, i) => {
    if (!z.hasNat) return;
    const eip = new Eip(
      `${name}-nat-ip-${z.suffix}`,
      { domain: "vpc", tags: { Name: `${base}-nat-${z.suffix}` } },
      opts,
    );
    natGateways.set(
      i,
      new NatGateway(
        `${name}-nat-${z.suffix}`,
        {
          connectivityType: "public",
          allocationId: eip.allocationId,
          subnetId: publicSubnets[i].id,
          tags: { Name: `${base}-nat-${z.suffix}` },
        },
        // A NAT gateway only passes traffic once the VPC has its internet gateway.
        { ...opts, dependsOn: [igw] },
      ),
    );
  });

  zones.forEach((z, i) => {
    const table = new RouteTable(
      `${name}-private-rt-${z.suffix}`,
      { vpcId: vpc.id, tags: { Name: `${base}-private-${z.suffix}` } },
      opts,
    );
    new Route(
      `${name}-private-default-${z.suffix}`,
      {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: natGateways.get(z.natZone)!.id,
      },
      opts,
    );
    new RouteTableAssociation(
      `${name}-private-rta-${z.suffix}`,
      { routeTableId: table.id, subnetId: privateSubnets[i].id },
      opts,
    );
  });

  createFlowLogs(args, vpc, opts);
  return { vpc, privateSubnets, publicSubnets, natGateways: [...natGateways.values()] };
}

/** All traffic of the VPC, accepted and rejected, to a CloudWatch log group with bounded retention. */
function createFlowLogs(args: AwsNetworkArgs, vpc: Vpc, opts: pulumi.CustomResourceOptions): void {
  const { name, names } = args;
  const group = new LogGroup(
    `${name}-flow-logs`,
    { name: names.flowLogGroup, retentionInDays: LOG_RETENTION_DAYS },
    opts,
  );
  const role = new Role(
    `${name}-flow-logs-role`,
    {
      name: names.flowLogRole,
      description: `VPC flow logs of ${args.base}`,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com")),
    },
    opts,
  );
  const policy = new RolePolicy(
    `${name}-flow-logs-write`,
    { role: role.name, policy: group.arn.apply((arn) => JSON.stringify(flowLogWriterPolicy(arn))) },
    opts,
  );
  new FlowLog(
    `${name}-flow-log`,
    {
      vpcId: vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${args.base}-flow-log` },
    },
    { ...opts, dependsOn: [policy] },
  );
}
