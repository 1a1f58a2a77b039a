/**
 * A Kapsule cluster with its network: a VPC, a private network, a public gateway that gives the nodes
 * egress (they have no public IPs), the cluster (Cilium, auto-upgrades in a weekly window, API closed
 * unless CIDRs are allowed) and one autoscaled, autohealed pool per zone of the SLA.
 *
 * The SDK is imported module by module, like the other clouds', so a stack loads only what it uses.
 */
import { Acl } from "@pulumiverse/scaleway/kubernetes/acl.js";
import { Cluster } from "@pulumiverse/scaleway/kubernetes/cluster.js";
import { Pool } from "@pulumiverse/scaleway/kubernetes/pool.js";
import { GatewayNetwork } from "@pulumiverse/scaleway/network/gatewayNetwork.js";
import { PrivateNetwork } from "@pulumiverse/scaleway/network/privateNetwork.js";
import { PublicGateway } from "@pulumiverse/scaleway/network/publicGateway.js";
import { PublicGatewayIp } from "@pulumiverse/scaleway/network/publicGatewayIp.js";
import { Vpc } from "@pulumiverse/scaleway/network/vpc.js";
import { Provider as ScalewayProvider } from "@pulumiverse/scaleway/provider.js";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider.js";
import * as pulumi from "@pulumi/pulumi";
import { SCW_GATEWAY_TYPE, kapsuleLayout } from "./layout.js";
import type { ClusterArgs, ManagedClusterOutputs } from "../../components/cluster/types.js";

export class ScalewayCluster extends pulumi.ComponentResource implements ManagedClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** The API server URL Kapsule reports. */
  readonly endpoint: pulumi.Output<string>;
  /**
   * The kubeconfig Kapsule issues, as a secret. It carries a bearer token for the cluster's admin user:
   * keep it out of logs and rotate it by resetting the cluster's admin token if it leaks.
   */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: K8sProvider;
  readonly cloudProvider: ScalewayProvider;
  /** The private network's id: data stores and other resources attach to it. */
  readonly networkId: pulumi.Output<string>;
  /** Scaleway private networks are regional: the one network serves the nodes of every zone. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The Scaleway project the cluster is in: the scope of the IAM policies of its services (external-dns). */
  readonly projectId: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:ScalewayCluster", name, {}, opts);
    // Everything is decided (and bad input rejected) before the first cloud resource is registered.
    const layout = kapsuleLayout(args);
    const { names, region, tags } = layout;

    const scaleway = new ScalewayProvider(
      `${name}-scaleway`,
      { region, zone: layout.gatewayZone },
      { parent: this },
    );
    this.cloudProvider = scaleway;
    const child = { parent: this, provider: scaleway };

    const vpc = new Vpc(`${name}-vpc`, { name: names.vpc, region, tags: [...tags] }, child);
    const network = new PrivateNetwork(
      `${name}-nodes`,
      {
        name: names.privateNetwork,
        region,
        vpcId: vpc.id,
        ipv4Subnet: { subnet: layout.privateNetworkCidr },
        tags: [...tags],
      },
      child,
    );

    // Pools below run without public IPs (Kapsule's full isolation), so the private network needs a
    // gateway that masquerades their egress and advertises itself as the default route.
    const gatewayIp = new PublicGatewayIp(
      `${name}-egress-ip`,
      { zone: layout.gatewayZone, tags: [...tags] },
      child,
    );
    const gateway = new PublicGateway(
      `${name}-egress`,
      {
        name: names.gateway,
        zone: layout.gatewayZone,
        type: SCW_GATEWAY_TYPE,
        ipId: gatewayIp.id,
        // Egress only: no SSH bastion on the gateway's public IP, no outbound SMTP.
        bastionEnabled: false,
        enableSmtp: false,
        tags: [...tags],
      },
      child,
    );
    const attachment = new GatewayNetwork(
      `${name}-egress-attachment`,
      {
        gatewayId: gateway.id,
        privateNetworkId: network.id,
        zone: layout.gatewayZone,
        enableMasquerade: true,
        ipamConfigs: [{ pushDefaultRoute: true }],
      },
      child,
    );

    const cluster = new Cluster(
      `${name}-kapsule`,
      {
        name: names.cluster,
        region,
        type: layout.clusterType,
        version: layout.kubernetesVersion,
        cni: "cilium",
        privateNetworkId: network.id,
        podCidr: layout.podCidr,
        serviceCidr: layout.serviceCidr,
        serviceDnsIp: layout.serviceDnsIp,
        autoUpgrade: { ...layout.autoUpgrade },
        // Pools follow the control plane's version, so auto-upgrades never leave them behind.
        upgradePools: true,
        // Pools are zonal; balancing keeps the zones evenly filled as the autoscaler adds nodes.
        autoscalerConfig: { balanceSimilarNodeGroups: true },
        // Volumes and load balancers created from inside the cluster hold customer data and addresses:
        // deleting the cluster must not take them along.
        deleteAdditionalResources: false,
        // Members sign in through the project's OpenID Connect provider: its e-mail claim is the user name
        // the tenants' RoleBindings name (Scaleway's own IAM does not know customers' members).
        ...(args.memberOidc
          ? {
              openIdConnectConfig: {
                issuerUrl: args.memberOidc.issuerUrl,
                clientId: args.memberOidc.clientId,
                usernameClaim: args.memberOidc.usernameClaim,
                ...(args.memberOidc.usernameClaim !== "email" ? { usernamePrefix: "-" } : {}),
                ...(args.memberOidc.groupsClaim
                  ? { groupsClaims: [args.memberOidc.groupsClaim], groupsPrefix: "oidc:" }
                  : {}),
              },
            }
          : {}),
        tags: [...tags],
      },
      // The cluster holds the customer's workloads and Scaleway has no deletion protection for it: removing
      // it takes `pulumi state unprotect` first.
      { ...child, protect: true },
    );

    // A new cluster allows 0.0.0.0/0 on its API until an ACL replaces that rule: the ACL is always created.
    new Acl(
      `${name}-api-acl`,
      layout.apiAccess.kind === "none"
        ? { clusterId: cluster.id, region, noIpAllowed: true }
        : {
            clusterId: cluster.id,
            region,
            aclRules: layout.apiAccess.cidrs.map((ip) => ({ ip, description: "allowed API client range" })),
          },
      child,
    );

    for (const pool of layout.pools) {
      new Pool(
        `${name}-pool-${pool.zone}`,
        {
          clusterId: cluster.id,
          name: pool.name,
          region,
          zone: pool.zone,
          nodeType: pool.nodeType,
          autoscaling: true,
          autohealing: true,
          minSize: pool.minSize,
          maxSize: pool.maxSize,
          // `size` seeds the pool at creation; the autoscaler owns it afterwards.
          size: pool.minSize,
          publicIpDisabled: true,
          // One extra node during upgrades, none taken away before its replacement is ready.
          upgradePolicy: { maxSurge: 1, maxUnavailable: 0 },
          tags: [...tags],
        },
        // Nodes without public IPs can only boot once the gateway routes their egress.
        { ...child, dependsOn: [attachment] },
      );
    }

    this.kubeconfig = pulumi.secret(
      cluster.kubeconfigs.apply((kubeconfigs) => {
        const configFile = kubeconfigs[0]?.configFile;
        if (!configFile) throw new Error(`Kapsule returned no kubeconfig for the cluster ${names.cluster}`);
        return configFile;
      }),
    );
    this.provider = new K8sProvider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.projectId = cluster.projectId;
    this.endpoint = cluster.apiserverUrl;
    this.networkId = network.id;
    this.privateSubnetIds = network.id.apply((id) => [id]);
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      networkId: this.networkId,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
