/**
 * An EKS cluster in its own VPC. Everything is created through an explicit AWS provider for the cluster's
 * region that tags every resource for metering; nothing uses a default provider. The AWS SDK is imported
 * class by class (`@pulumi/aws/eks/cluster.js`), so loading this module costs milliseconds, not the
 * ~200 ms of the whole SDK, and never touches another cloud's SDK.
 */
import { LogGroup } from "@pulumi/aws/cloudwatch/logGroup.js";
import { LaunchTemplate } from "@pulumi/aws/ec2/launchTemplate.js";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity.js";
import { getSessionContextOutput } from "@pulumi/aws/iam/getSessionContext.js";
import { AccessEntry } from "@pulumi/aws/eks/accessEntry.js";
import { AccessPolicyAssociation } from "@pulumi/aws/eks/accessPolicyAssociation.js";
import { Addon } from "@pulumi/aws/eks/addon.js";
import { Cluster } from "@pulumi/aws/eks/cluster.js";
import { IdentityProviderConfig } from "@pulumi/aws/eks/identityProviderConfig.js";
import { NodeGroup } from "@pulumi/aws/eks/nodeGroup.js";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider.js";
import { Role } from "@pulumi/aws/iam/role.js";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy.js";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment.js";
import { Alias } from "@pulumi/aws/kms/alias.js";
import { Key } from "@pulumi/aws/kms/key.js";
import { Provider as AwsProvider } from "@pulumi/aws/provider.js";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider.js";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { meteringTags } from "../../components/labels.js";
import {
  CLUSTER_ROLE_POLICIES,
  CNI_ROLE_POLICIES,
  CNI_SERVICE_ACCOUNT,
  EKS_CLUSTER_ADMIN_POLICY,
  EKS_OIDC_ROOT_CA_THUMBPRINT,
  NODE_ROLE_POLICIES,
  STS_AUDIENCE,
  secretsKeyPolicy,
  serviceAccountTrustPolicy,
  serviceTrustPolicy,
} from "./iam.js";
import { eksKubeconfig } from "./kubeconfig.js";
import { type AwsClusterLayout, EKS_LOG_TYPES, awsClusterLayout } from "./layout.js";
import { type AwsClusterNames, awsClusterNames, awsNodeGroupName, zoneSuffix } from "./names.js";
import { LOG_RETENTION_DAYS, createAwsNetwork } from "./network.js";
import type { ClusterArgs, ManagedClusterOutputs } from "../../components/cluster/types.js";

/** Root volume of every node: encrypted gp3, large enough for image layers and logs. */
const NODE_ROOT_VOLUME_GIB = 100;

/**
 * An EKS cluster with its network: a VPC over the first `sla.zones` zones of the region (at least two),
 * private node subnets behind NAT, Secrets encrypted with a customer-managed KMS key, all control-plane
 * logs, a private API endpoint (public only for `apiAllowedCidrs`), access entries instead of the
 * aws-auth ConfigMap, an IAM OIDC provider for workload identity, the VPC CNI enforcing NetworkPolicies,
 * and one managed node group per zone whose nodes require IMDSv2.
 *
 * Children are named `${name}-<part>`; physical names derive from `args.baseName` (see `aws/names.ts`).
 */
export class AwsCluster extends pulumi.ComponentResource implements ManagedClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: K8sProvider;
  readonly networkId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** ARN of the IAM OIDC provider: the federated principal of IRSA roles for workloads. */
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The cluster's OIDC issuer URL, which IRSA trust policies name (the autoscaler's, external-dns's). */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** The security group EKS attaches to the control plane and nodes, for data stores to admit. */
  readonly clusterSecurityGroupId: pulumi.Output<string>;
  /** The explicit AWS provider of the cluster's region, tagging for metering: for resources next to it. */
  readonly cloudProvider: AwsProvider;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:AwsCluster", name, {}, opts);
    // Validated before any child exists, so a bad input leaves nothing half-registered.
    const layout = awsClusterLayout(args);
    const base = args.baseName;
    const names = awsClusterNames(base);

    this.cloudProvider = new AwsProvider(
      `${name}-aws`,
      { region: layout.regionId, defaultTags: { tags: meteringTags(args.metering) } },
      { parent: this },
    );
    const child: pulumi.CustomResourceOptions = { parent: this, provider: this.cloudProvider };

    const network = createAwsNetwork({ name, base, cidr: args.network.network, layout, names }, child);

    const key = new Key(
      `${name}-secrets-key`,
      {
        description: `Envelope encryption of Kubernetes Secrets in ${base}`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      child,
    );
    new Alias(`${name}-secrets-key-alias`, { name: names.kmsAlias, targetKeyId: key.keyId }, child);

    const clusterRole = new Role(
      `${name}-cluster-role`,
      {
        name: names.clusterRole,
        description: `EKS control plane of ${base}`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")),
      },
      child,
    );
    const clusterRoleReady = [
      ...CLUSTER_ROLE_POLICIES.map(
        (policyArn) =>
          new RolePolicyAttachment(
            `${name}-cluster-role-${policyName(policyArn)}`,
            { role: clusterRole.name, policyArn },
            child,
          ),
      ),
      new RolePolicy(
        `${name}-cluster-role-secrets-key`,
        { role: clusterRole.name, policy: key.arn.apply((arn) => JSON.stringify(secretsKeyPolicy(arn))) },
        child,
      ),
      // Created first so EKS writes into a group whose retention cloudtier sets (EKS's own never expires).
      new LogGroup(
        `${name}-control-plane-logs`,
        { name: names.controlPlaneLogGroup, retentionInDays: LOG_RETENTION_DAYS },
        child,
      ),
    ];

    const publicEndpoint = layout.publicAccessCidrs.length > 0;
    const cluster = new Cluster(
      `${name}-eks`,
      {
        name: names.cluster,
        version: layout.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: network.privateSubnets.map((s) => s.id),
          endpointPrivateAccess: true,
          endpointPublicAccess: publicEndpoint,
          // Left out when private: EKS would otherwise report its 0.0.0.0/0 default.
          ...(publicEndpoint ? { publicAccessCidrs: [...layout.publicAccessCidrs] } : {}),
        },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
        enabledClusterLogTypes: [...EKS_LOG_TYPES],
        accessConfig: {
          authenticationMode: "API",
          // No implicit admin for whoever happens to create the cluster: admins are access entries of their
          // own (below), visible and revocable. In API mode the aws-auth ConfigMap is not read at all.
          bootstrapClusterCreatorAdminPermissions: false,
        },
        kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: args.network.services },
        // Stay on standard support: extended support costs six times the hourly control-plane price.
        upgradePolicy: { supportType: "STANDARD" },
        // The cluster holds the customer's workloads: deleting it takes an explicit change first.
        deletionProtection: true,
      },
      { ...child, dependsOn: clusterRoleReady },
    );

    const issuer = cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);
    const oidc = new OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: [STS_AUDIENCE], thumbprintLists: [EKS_OIDC_ROOT_CA_THUMBPRINT] },
      child,
    );
    const cni = this.createCni(name, base, names, { cluster, oidc, issuer, child });

    const nodeGroups = this.createNodes(name, args, layout, names, {
      cluster,
      privateSubnetIds: network.privateSubnets.map((s) => s.id),
      cni,
      child,
    });

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.endpoint;
    this.networkId = network.vpc.id;
    this.privateSubnetIds = pulumi.all(network.privateSubnets.map((s) => s.id));
    this.oidcProviderArn = oidc.arn;
    this.oidcIssuerUrl = issuer;
    this.clusterSecurityGroupId = cluster.vpcConfig.apply((c) => c.clusterSecurityGroupId);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.endpoint, cluster.certificateAuthority])
        .apply(([clusterName, endpoint, ca]) =>
          eksKubeconfig({
            clusterName,
            endpoint,
            certificateAuthorityData: ca.data,
            regionId: layout.regionId,
          }),
        ),
    );
    const admins = this.createAdmins(name, cluster, args, child);
    // Members sign in through the project's OpenID Connect provider: its e-mail claim is the user name the
    // tenants' RoleBindings name (EKS accepts one such provider per cluster).
    const memberSignIn = args.memberOidc
      ? [
          new IdentityProviderConfig(
            `${name}-member-oidc`,
            {
              clusterName: cluster.name,
              oidc: {
                identityProviderConfigName: "members",
                issuerUrl: args.memberOidc.issuerUrl,
                clientId: args.memberOidc.clientId,
                usernameClaim: args.memberOidc.usernameClaim,
                // The claim as it is: only `email` is left unprefixed by default.
                ...(args.memberOidc.usernameClaim !== "email" ? { usernamePrefix: "-" } : {}),
                ...(args.memberOidc.groupsClaim
                  ? { groupsClaim: args.memberOidc.groupsClaim, groupsPrefix: "oidc:" }
                  : {}),
              },
            },
            child,
          ),
        ]
      : [];
    this.provider = new K8sProvider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      // Objects deployed into the cluster wait for nodes to run on, for NetworkPolicy enforcement and for the
      // deployer's admin access entry.
      { parent: this, dependsOn: [...nodeGroups, cni, ...admins, ...memberSignIn] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      networkId: this.networkId,
      privateSubnetIds: this.privateSubnetIds,
      oidcProviderArn: this.oidcProviderArn,
      clusterSecurityGroupId: this.clusterSecurityGroupId,
    });
  }

  /**
   * Cluster-admin access entries: the project's `cloudtier:clusterAdmins` IAM principals, else the identity
   * that runs the deployment (for an assumed role, such as a CI role or an SSO session, the role itself).
   */
  private createAdmins(
    name: string,
    cluster: Cluster,
    args: ClusterArgs,
    child: pulumi.CustomResourceOptions,
  ): AccessPolicyAssociation[] {
    const configured = args.clusterAdmins?.aws ?? [];
    const principals: { key: string; arn: pulumi.Input<string> }[] =
      configured.length > 0
        ? configured.map((arn) => ({ key: createHash("sha256").update(arn).digest("hex").slice(0, 8), arn }))
        : [
            {
              key: "deployer",
              arn: getSessionContextOutput(
                { arn: getCallerIdentityOutput({}, { parent: this, provider: this.cloudProvider }).arn },
                { parent: this, provider: this.cloudProvider },
              ).issuerArn,
            },
          ];
    return principals.map(({ key, arn }) => {
      const entry = new AccessEntry(
        `${name}-admin-${key}`,
        { clusterName: cluster.name, principalArn: arn, type: "STANDARD" },
        child,
      );
      return new AccessPolicyAssociation(
        `${name}-admin-${key}-policy`,
        {
          clusterName: cluster.name,
          principalArn: entry.principalArn,
          policyArn: EKS_CLUSTER_ADMIN_POLICY,
          accessScope: { type: "cluster" },
        },
        child,
      );
    });
  }

  /**
   * The VPC CNI as a managed add-on: its own IRSA role (so nodes need no CNI permissions) and the network
   * policy agent turned on, so the tenants' NetworkPolicies are enforced rather than merely stored.
   */
  private createCni(
    name: string,
    base: string,
    names: AwsClusterNames,
    deps: {
      cluster: Cluster;
      oidc: OpenIdConnectProvider;
      issuer: pulumi.Output<string>;
      child: pulumi.CustomResourceOptions;
    },
  ): Addon {
    const { cluster, child } = deps;
    const role = new Role(
      `${name}-cni-role`,
      {
        name: names.cniRole,
        description: `VPC CNI of ${base}, for the kube-system/aws-node service account only`,
        assumeRolePolicy: pulumi
          .all([deps.oidc.arn, deps.issuer])
          .apply(([arn, url]) => JSON.stringify(serviceAccountTrustPolicy(arn, url, CNI_SERVICE_ACCOUNT))),
      },
      child,
    );
    const attachments = CNI_ROLE_POLICIES.map(
      (policyArn) =>
        new RolePolicyAttachment(
          `${name}-cni-role-${policyName(policyArn)}`,
          { role: role.name, policyArn },
          child,
        ),
    );
    return new Addon(
      `${name}-vpc-cni`,
      {
        clusterName: cluster.name,
        addonName: "vpc-cni",
        serviceAccountRoleArn: role.arn,
        configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
        // EKS installs a self-managed vpc-cni at creation; the managed add-on takes it over.
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
      },
      { ...child, dependsOn: attachments },
    );
  }

  /** The node role, the launch template every node starts from and one managed node group per zone. */
  private createNodes(
    name: string,
    args: ClusterArgs,
    layout: AwsClusterLayout,
    names: AwsClusterNames,
    deps: {
      cluster: Cluster;
      privateSubnetIds: pulumi.Output<string>[];
      cni: Addon;
      child: pulumi.CustomResourceOptions;
    },
  ): NodeGroup[] {
    const { cluster, child } = deps;
    const nodeRole = new Role(
      `${name}-node-role`,
      {
        name: names.nodeRole,
        description: `EKS nodes of ${args.baseName}`,
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
      },
      child,
    );
    const nodeRoleReady = NODE_ROLE_POLICIES.map(
      (policyArn) =>
        new RolePolicyAttachment(
          `${name}-node-role-${policyName(policyArn)}`,
          { role: nodeRole.name, policyArn },
          child,
        ),
    );

    // Instances launched by the node groups' Auto Scaling groups do not get the provider's default tags:
    // the launch template tags them, their volumes and interfaces, so their cost is metered too.
    const instanceTags = { ...meteringTags(args.metering), Name: `${args.baseName}-node` };
    const template = new LaunchTemplate(
      `${name}-nodes-lt`,
      {
        name: names.launchTemplate,
        description: `Nodes of ${args.baseName}`,
        updateDefaultVersion: true,
        metadataOptions: {
          httpEndpoint: "enabled",
          // IMDSv2 only: session tokens defeat SSRF-style credential theft through the metadata service.
          httpTokens: "required",
          // One hop: containers on the pod network (one hop further) cannot reach the node role's
          // credentials; workloads get AWS access through IRSA instead. Host-network agents still can.
          httpPutResponseHopLimit: 1,
          instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            // The account's EBS key: a customer-managed key would also need a key policy for the Auto
            // Scaling service-linked role, or instances fail to launch.
            ebs: {
              volumeSize: NODE_ROOT_VOLUME_GIB,
              volumeType: "gp3",
              encrypted: "true",
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
          resourceType,
          tags: instanceTags,
        })),
      },
      child,
    );

    return layout.zones.map((z, i) => {
      const suffix = zoneSuffix(z.zone, layout.regionId);
      return new NodeGroup(
        `${name}-nodes-${suffix}`,
        {
          clusterName: cluster.name,
          nodeGroupName: awsNodeGroupName(args.baseName, z.zone, layout.regionId, {
            instanceType: layout.machine.instanceType,
            amiType: layout.amiType,
          }),
          nodeRoleArn: nodeRole.arn,
          // One group per zone: the cluster autoscaler can then grow the zone a pending pod's volume is in.
          subnetIds: [deps.privateSubnetIds[i]],
          version: cluster.version,
          amiType: layout.amiType,
          capacityType: "ON_DEMAND",
          instanceTypes: [layout.machine.instanceType],
          launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
          scalingConfig: {
            minSize: layout.minNodesPerZone,
            maxSize: layout.maxNodesPerZone,
            desiredSize: layout.minNodesPerZone,
          },
          updateConfig: { maxUnavailable: 1 },
          nodeRepairConfig: { enabled: true },
          labels: { "cloudtier.io/size-class": args.nodePool.sizeClass },
        },
        {
          ...child,
          // Nodes join with the CNI already running under its own role.
          dependsOn: [...nodeRoleReady, deps.cni],
          // The cluster autoscaler owns the current size; a deployment must not reset it.
          ignoreChanges: ["scalingConfig.desiredSize"],
        },
      );
    });
  }
}

/** `AmazonEKSClusterPolicy` from its ARN, for child names. */
function policyName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
