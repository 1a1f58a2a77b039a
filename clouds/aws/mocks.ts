/**
 * The aws provider as the offline planner answers it: physical ids in AWS's own formats (`vpc-` and 17 hex
 * digits, ARNs in the stack's region and a fixed example account) and the computed outputs the cluster
 * component reads (EKS endpoint, CA, OIDC issuer, cluster security group, launch template version).
 * Nothing here calls a provider function; any invoke fails the plan (see `index.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { mockCertificate, mockStackRegionId, mockUuid } from "./stack-region.js";
import type { IdFactory, ProviderMocks } from "./types.js";

/** The example account of the AWS documentation. */
export const MOCK_AWS_ACCOUNT = "123456789012";

const stackRegionId = mockStackRegionId;

type Inputs = Record<string, unknown>;
const inputsOf = (args: pulumi.runtime.MockResourceArgs) => args.inputs as Inputs;
const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);

/** `<prefix>-` and 17 hex digits: the format of EC2 resource ids. */
const ec2Id = (prefix: string) => (_: pulumi.runtime.MockResourceArgs, ids: IdFactory) =>
  `${prefix}-${ids.hex(17)}`;

const uuid = (ids: IdFactory) => mockUuid((n) => ids.hex(n));

const arn = (service: string, resource: string, region = stackRegionId()) =>
  `arn:aws:${service}:${region}:${MOCK_AWS_ACCOUNT}:${resource}`;
const iamArn = (resource: string) => `arn:aws:iam::${MOCK_AWS_ACCOUNT}:${resource}`;

/** A base64 PEM as EKS returns it in `certificateAuthority.data`. */
const certificateData = (ids: IdFactory) =>
  Buffer.from(mockCertificate((n) => ids.hex(n))).toString("base64");

export const awsMocks: ProviderMocks = {
  ids: {
    "aws:ec2/vpc:Vpc": ec2Id("vpc"),
    "aws:ec2/subnet:Subnet": ec2Id("subnet"),
    "aws:ec2/internetGateway:InternetGateway": ec2Id("igw"),
    "aws:ec2/eip:Eip": ec2Id("eipalloc"),
    "aws:ec2/natGateway:NatGateway": ec2Id("nat"),
    "aws:ec2/routeTable:RouteTable": ec2Id("rtb"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2Id("rtbassoc"),
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2Id("sg"),
    "aws:ec2/launchTemplate:LaunchTemplate": ec2Id("lt"),
    "aws:ec2/flowLog:FlowLog": ec2Id("fl"),
    // The provider's id of a route: `r-` + the route table + a hash of the destination (0.0.0.0/0's).
    "aws:ec2/route:Route": (args) => `r-${str(inputsOf(args)["routeTableId"], "rtb-unknown")}1080289494`,
    "aws:kms/key:Key": (_, ids) => uuid(ids),
    "aws:kms/alias:Alias": (args) => str(inputsOf(args)["name"], `alias/${args.name}`),
    "aws:iam/role:Role": (args) => str(inputsOf(args)["name"], args.name),
    "aws:iam/rolePolicy:RolePolicy": (args, ids) =>
      `${str(inputsOf(args)["role"], "role")}:${str(inputsOf(args)["name"], `${args.name}-${ids.hex(7)}`)}`,
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (args, ids) =>
      `${str(inputsOf(args)["role"], "role")}-${ids.hex(26)}`,
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args) =>
      iamArn(`oidc-provider/${str(inputsOf(args)["url"], "").replace(/^https:\/\//, "")}`),
    "aws:cloudwatch/logGroup:LogGroup": (args) => str(inputsOf(args)["name"], args.name),
    "aws:eks/cluster:Cluster": (args) => str(inputsOf(args)["name"], args.name),
    "aws:eks/nodeGroup:NodeGroup": (args) =>
      `${str(inputsOf(args)["clusterName"], "cluster")}:${str(inputsOf(args)["nodeGroupName"], args.name)}`,
    "aws:eks/addon:Addon": (args) =>
      `${str(inputsOf(args)["clusterName"], "cluster")}:${str(inputsOf(args)["addonName"], args.name)}`,
  },
  outputs: {
    "aws:ec2/vpc:Vpc": (_, ids) => ({
      arn: arn("ec2", `vpc/vpc-${ids.hex(17)}`),
      defaultSecurityGroupId: `sg-${ids.hex(17)}`,
      mainRouteTableId: `rtb-${ids.hex(17)}`,
      ownerId: MOCK_AWS_ACCOUNT,
    }),
    "aws:ec2/subnet:Subnet": (_, ids) => ({
      arn: arn("ec2", `subnet/subnet-${ids.hex(17)}`),
      ownerId: MOCK_AWS_ACCOUNT,
    }),
    "aws:ec2/eip:Eip": (_, ids) => ({
      allocationId: `eipalloc-${ids.hex(17)}`,
      publicIp: `52.${parseInt(ids.hex(2), 16)}.${parseInt(ids.hex(4).slice(2), 16)}.${parseInt(ids.hex(6).slice(4), 16)}`,
    }),
    "aws:kms/key:Key": (_, ids) => {
      const keyId = uuid(ids);
      return { keyId, arn: arn("kms", `key/${keyId}`) };
    },
    "aws:kms/alias:Alias": (args) => ({ arn: arn("kms", str(inputsOf(args)["name"], args.name)) }),
    "aws:iam/role:Role": (args, ids) => ({
      arn: iamArn(`role/${str(inputsOf(args)["name"], args.name)}`),
      uniqueId: `AROA${ids.hex(17).toUpperCase()}`,
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args) => ({
      arn: iamArn(`oidc-provider/${str(inputsOf(args)["url"], "").replace(/^https:\/\//, "")}`),
    }),
    "aws:cloudwatch/logGroup:LogGroup": (args) => ({
      arn: arn("logs", `log-group:${str(inputsOf(args)["name"], args.name)}`),
    }),
    "aws:ec2/launchTemplate:LaunchTemplate": (_, ids) => ({
      arn: arn("ec2", `launch-template/lt-${ids.hex(17)}`),
      latestVersion: 1,
      defaultVersion: 1,
    }),
    "aws:eks/cluster:Cluster": (args, ids) => {
      const inputs = inputsOf(args);
      const name = str(inputs["name"], args.name);
      const region = stackRegionId();
      const endpointId = ids.hex(32).toUpperCase();
      return {
        arn: arn("eks", `cluster/${name}`),
        clusterId: uuid(ids),
        endpoint: `https://${endpointId}.gr7.${region}.eks.amazonaws.com`,
        certificateAuthority: { data: certificateData(ids) },
        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${endpointId}` }] }],
        platformVersion: "eks.1",
        status: "ACTIVE",
        version: str(inputs["version"], "1.33"),
        vpcConfig: {
          ...(inputs["vpcConfig"] as Inputs | undefined),
          clusterSecurityGroupId: `sg-${ids.hex(17)}`,
          vpcId: `vpc-${ids.hex(17)}`,
        },
      };
    },
    "aws:eks/nodeGroup:NodeGroup": (args, ids) => {
      const inputs = inputsOf(args);
      const cluster = str(inputs["clusterName"], "cluster");
      const group = str(inputs["nodeGroupName"], args.name);
      return {
        arn: arn("eks", `nodegroup/${cluster}/${group}/${uuid(ids)}`),
        status: "ACTIVE",
        resources: [{ autoscalingGroups: [{ name: `eks-${group}-${uuid(ids)}` }] }],
      };
    },
    "aws:eks/addon:Addon": (args, ids) => {
      const inputs = inputsOf(args);
      const cluster = str(inputs["clusterName"], "cluster");
      const addon = str(inputs["addonName"], args.name);
      return {
        arn: arn("eks", `addon/${cluster}/${addon}/${uuid(ids)}`),
        addonVersion: str(inputs["addonVersion"], "v1.20.4-eksbuild.1"),
      };
    },
  },
  calls: {},
};
