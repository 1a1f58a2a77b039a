/**
 * The aws provider as the offline planner answers it: physical ids in AWS's own formats (`vpc-` and 17 hex
 * digits, ARNs in the stack's region and a fixed example account) and the computed outputs the cluster
 * component reads (EKS endpoint, CA, OIDC issuer, cluster security group, launch template version).
 * The provider functions the cluster calls answer as for a deployment run by an assumed IAM role.
 */
import type * as pulumi from "@pulumi/pulumi";
import { mockCertificate, mockStackRegionId, mockUuid } from "../../planner/mocks/stack-region.js";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** The example account of the AWS documentation. */
export const MOCK_AWS_ACCOUNT = "123456789012";
/** The IAM role the offline plan supposes deployments run as. */
export const MOCK_DEPLOYER_ROLE = "cloudtier-deployer";

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
    [TYPE.awsEc2Vpc]: ec2Id("vpc"),
    [TYPE.awsEc2Subnet]: ec2Id("subnet"),
    [TYPE.awsEc2InternetGateway]: ec2Id("igw"),
    [TYPE.awsEc2Eip]: ec2Id("eipalloc"),
    [TYPE.awsEc2NatGateway]: ec2Id("nat"),
    [TYPE.awsEc2RouteTable]: ec2Id("rtb"),
    [TYPE.awsEc2RouteTableAssociation]: ec2Id("rtbassoc"),
    [TYPE.awsEc2DefaultSecurityGroup]: ec2Id("sg"),
    [TYPE.awsEc2LaunchTemplate]: ec2Id("lt"),
    [TYPE.awsEc2FlowLog]: ec2Id("fl"),
    // The provider's id of a route: `r-` + the route table + a hash of the destination (0.0.0.0/0's).
    [TYPE.awsEc2Route]: (args) => `r-${str(inputsOf(args)["routeTableId"], "rtb-unknown")}1080289494`,
    [TYPE.awsKmsKey]: (_, ids) => uuid(ids),
    [TYPE.awsKmsAlias]: (args) => str(inputsOf(args)["name"], `alias/${args.name}`),
    [TYPE.awsIamRole]: (args) => str(inputsOf(args)["name"], args.name),
    [TYPE.awsIamRolePolicy]: (args, ids) =>
      `${str(inputsOf(args)["role"], "role")}:${str(inputsOf(args)["name"], `${args.name}-${ids.hex(7)}`)}`,
    [TYPE.awsIamRolePolicyAttachment]: (args, ids) => `${str(inputsOf(args)["role"], "role")}-${ids.hex(26)}`,
    [TYPE.awsIamOpenIdConnectProvider]: (args) =>
      iamArn(`oidc-provider/${str(inputsOf(args)["url"], "").replace(/^https:\/\//, "")}`),
    [TYPE.awsCloudwatchLogGroup]: (args) => str(inputsOf(args)["name"], args.name),
    [TYPE.awsEksCluster]: (args) => str(inputsOf(args)["name"], args.name),
    [TYPE.awsEksNodeGroup]: (args) =>
      `${str(inputsOf(args)["clusterName"], "cluster")}:${str(inputsOf(args)["nodeGroupName"], args.name)}`,
    [TYPE.awsEksAddon]: (args) =>
      `${str(inputsOf(args)["clusterName"], "cluster")}:${str(inputsOf(args)["addonName"], args.name)}`,
  },
  outputs: {
    [TYPE.awsEc2Vpc]: (_, ids) => ({
      arn: arn("ec2", `vpc/vpc-${ids.hex(17)}`),
      defaultSecurityGroupId: `sg-${ids.hex(17)}`,
      mainRouteTableId: `rtb-${ids.hex(17)}`,
      ownerId: MOCK_AWS_ACCOUNT,
    }),
    [TYPE.awsEc2Subnet]: (_, ids) => ({
      arn: arn("ec2", `subnet/subnet-${ids.hex(17)}`),
      ownerId: MOCK_AWS_ACCOUNT,
    }),
    [TYPE.awsEc2Eip]: (_, ids) => ({
      allocationId: `eipalloc-${ids.hex(17)}`,
      publicIp: `52.${parseInt(ids.hex(2), 16)}.${parseInt(ids.hex(4).slice(2), 16)}.${parseInt(ids.hex(6).slice(4), 16)}`,
    }),
    [TYPE.awsKmsKey]: (_, ids) => {
      const keyId = uuid(ids);
      return { keyId, arn: arn("kms", `key/${keyId}`) };
    },
    [TYPE.awsKmsAlias]: (args) => ({ arn: arn("kms", str(inputsOf(args)["name"], args.name)) }),
    [TYPE.awsIamRole]: (args, ids) => ({
      arn: iamArn(`role/${str(inputsOf(args)["name"], args.name)}`),
      uniqueId: `AROA${ids.hex(17).toUpperCase()}`,
    }),
    [TYPE.awsIamOpenIdConnectProvider]: (args) => ({
      arn: iamArn(`oidc-provider/${str(inputsOf(args)["url"], "").replace(/^https:\/\//, "")}`),
    }),
    [TYPE.awsCloudwatchLogGroup]: (args) => ({
      arn: arn("logs", `log-group:${str(inputsOf(args)["name"], args.name)}`),
    }),
    [TYPE.awsEc2LaunchTemplate]: (_, ids) => ({
      arn: arn("ec2", `launch-template/lt-${ids.hex(17)}`),
      latestVersion: 1,
      defaultVersion: 1,
    }),
    [TYPE.awsEksCluster]: (args, ids) => {
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
        version: str(inputs["version"], "1.35"),
        vpcConfig: {
          ...(inputs["vpcConfig"] as Inputs | undefined),
          clusterSecurityGroupId: `sg-${ids.hex(17)}`,
          vpcId: `vpc-${ids.hex(17)}`,
        },
      };
    },
    [TYPE.awsEksNodeGroup]: (args, ids) => {
      const inputs = inputsOf(args);
      const cluster = str(inputs["clusterName"], "cluster");
      const group = str(inputs["nodeGroupName"], args.name);
      return {
        arn: arn("eks", `nodegroup/${cluster}/${group}/${uuid(ids)}`),
        status: "ACTIVE",
        resources: [{ autoscalingGroups: [{ name: `eks-${group}-${uuid(ids)}` }] }],
      };
    },
    [TYPE.awsEksAddon]: (args, ids) => {
      const inputs = inputsOf(args);
      const cluster = str(inputs["clusterName"], "cluster");
      const addon = str(inputs["addonName"], args.name);
      return {
        arn: arn("eks", `addon/${cluster}/${addon}/${uuid(ids)}`),
        addonVersion: str(inputs["addonVersion"], "v1.20.4-eksbuild.1"),
      };
    },
  },
  calls: {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
      id: MOCK_AWS_ACCOUNT,
      accountId: MOCK_AWS_ACCOUNT,
      arn: `arn:aws:sts::${MOCK_AWS_ACCOUNT}:assumed-role/${MOCK_DEPLOYER_ROLE}/cloudtier`,
      userId: "AROAEXAMPLEDEPLOYER:cloudtier",
    }),
    "aws:iam/getSessionContext:getSessionContext": (args) => ({
      arn: str((args.inputs as Inputs)["arn"], ""),
      issuerArn: iamArn(`role/${MOCK_DEPLOYER_ROLE}`),
      issuerId: "AROAEXAMPLEDEPLOYER",
      issuerName: MOCK_DEPLOYER_ROLE,
      sessionName: "cloudtier",
      id: str((args.inputs as Inputs)["arn"], ""),
    }),
  },
};
