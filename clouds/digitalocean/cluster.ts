/**
 * A DOKS cluster in its own VPC: VPC-native networking on the network plan's ranges, the high-availability
 * control plane where the SLA asks for it, the control plane firewall (the API open only to the listed
 * ranges), automatic patch upgrades with surge nodes in the weekly maintenance window, and one autoscaled
 * node pool sized by the tier. Every taggable resource carries the metering tags.
 *
 * The SDK is imported class by class, like the other clouds', so a stack loads only what it uses.
 */
import { KubernetesCluster } from "@pulumi/digitalocean/kubernetesCluster.js";
import { Provider as DigitalOceanProvider } from "@pulumi/digitalocean/provider.js";
import { Vpc } from "@pulumi/digitalocean/vpc.js";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider.js";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs, ManagedClusterOutputs } from "../../components/cluster/types.js";
import { doksKubeconfig } from "./kubeconfig.js";
import { doksLayout } from "./layout.js";

export class DigitalOceanCluster extends pulumi.ComponentResource implements ManagedClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig that holds no credential: `doctl` issues a short-lived token for the caller. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: K8sProvider;
  readonly cloudProvider: DigitalOceanProvider;
  /** The VPC's id: data stores join it. */
  readonly networkId: pulumi.Output<string>;
  /** DigitalOcean VPCs have no subnets: the VPC itself. */
  readonly privateSubnetIds: pulumi.Output<string[]>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:DigitalOceanCluster", name, {}, opts);
    // Everything is decided (and bad input rejected) before the first cloud resource is registered.
    const layout = doksLayout(args);
    const { names, region, tags } = layout;

    // The token comes from the stack's config (`digitalocean:token`) or DIGITALOCEAN_TOKEN, as usual.
    this.cloudProvider = new DigitalOceanProvider(`${name}-digitalocean`, {}, { parent: this });
    const child = { parent: this, provider: this.cloudProvider };

    const vpc = new Vpc(
      `${name}-vpc`,
      {
        name: names.vpc,
        region,
        ipRange: layout.vpcRange,
        description: `cloudtier network of ${names.cluster}`,
      },
      child,
    );

    const cluster = new KubernetesCluster(
      `${name}-doks`,
      {
        name: names.cluster,
        region,
        version: layout.kubernetesVersion,
        vpcUuid: vpc.id,
        clusterSubnet: layout.clusterSubnet,
        serviceSubnet: layout.serviceSubnet,
        ha: layout.ha,
        autoUpgrade: true,
        // New nodes come up before old ones drain, so an upgrade never shrinks the cluster.
        surgeUpgrade: true,
        maintenancePolicy: { ...layout.maintenance },
        controlPlaneFirewall: { enabled: true, allowedAddresses: [...layout.allowedAddresses] },
        nodePool: {
          name: layout.pool.name,
          size: layout.pool.size,
          autoScale: true,
          minNodes: layout.pool.minNodes,
          maxNodes: layout.pool.maxNodes,
          nodeCount: layout.pool.minNodes,
          labels: { "cloudtier.io/size-class": args.nodePool.sizeClass },
          tags: [...tags],
        },
        // Volumes and load balancers created from inside the cluster hold customer data and addresses:
        // deleting the cluster must not take them along.
        destroyAllAssociatedResources: false,
        tags: [...tags],
      },
      {
        ...child,
        // The cluster holds the customer's workloads: DigitalOcean has no deletion protection for it.
        protect: true,
        // The autoscaler owns the current size; a deployment must not reset it.
        ignoreChanges: ["nodePool.nodeCount"],
      },
    );

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.id, cluster.name, cluster.endpoint, cluster.kubeConfigs])
        .apply(([id, clusterName, endpoint, configs]) => {
          const ca = configs[0]?.clusterCaCertificate;
          if (!ca) throw new Error(`DOKS returned no CA certificate for the cluster ${clusterName}`);
          return doksKubeconfig({ clusterId: id, clusterName, endpoint, certificateAuthorityData: ca });
        }),
    );
    this.provider = new K8sProvider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this },
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.endpoint;
    this.networkId = vpc.id;
    this.privateSubnetIds = vpc.id.apply((id) => [id]);
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterId: this.clusterId,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      networkId: this.networkId,
      privateSubnetIds: this.privateSubnetIds,
    });
  }
}
