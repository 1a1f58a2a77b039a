/**
 * A GKE cluster in its own VPC network. Everything is created through an explicit Google provider for the
 * cluster's project and region that labels every labelled resource for metering; nothing uses a default
 * provider. The Google SDK is imported class by class (`@pulumi/gcp/container/cluster.js`), so loading
 * this module costs milliseconds and never touches another cloud's SDK.
 */
import { RouterNat } from "@pulumi/gcp/compute/routerNat.js";
import { Router } from "@pulumi/gcp/compute/router.js";
import { Network } from "@pulumi/gcp/compute/network.js";
import { Subnetwork } from "@pulumi/gcp/compute/subnetwork.js";
import { Cluster } from "@pulumi/gcp/container/cluster.js";
import { NodePool } from "@pulumi/gcp/container/nodePool.js";
import { CryptoKey } from "@pulumi/gcp/kms/cryptoKey.js";
import { CryptoKeyIAMMember } from "@pulumi/gcp/kms/cryptoKeyIAMMember.js";
import { KeyRing } from "@pulumi/gcp/kms/keyRing.js";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject.js";
import { IAMMember } from "@pulumi/gcp/projects/iammember.js";
import { Provider as GcpProvider } from "@pulumi/gcp/provider.js";
import { Account } from "@pulumi/gcp/serviceaccount/account.js";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider.js";
import * as pulumi from "@pulumi/pulumi";
import { meteringCloudLabels } from "../../components/labels.js";
import {
  KMS_ENCRYPTER_DECRYPTER,
  NODE_OAUTH_SCOPES,
  NODE_SERVICE_ACCOUNT_ROLES,
  gkeServiceAgent,
} from "./iam.js";
import { gkeKubeconfig } from "./kubeconfig.js";
import { type GcpClusterLayout, gcpClusterLayout } from "./layout.js";
import {
  type GcpClusterNames,
  NODE_POOL_NAME_PREFIX,
  POD_RANGE_NAME,
  SERVICE_RANGE_NAME,
  gcpClusterNames,
} from "./names.js";
import type { ClusterArgs, ManagedClusterOutputs } from "../../components/cluster/types.js";

/** GKE release channel: new minor versions after they have soaked in Rapid, patches applied for us. */
const RELEASE_CHANNEL = "REGULAR";
/** Rotation of the key that encrypts Secrets, 90 days, in the seconds format Cloud KMS takes. */
const SECRETS_KEY_ROTATION = `${90 * 24 * 60 * 60}s`;
const NODE_DISK_GB = 100;

/**
 * A GKE cluster with its network: a custom-mode VPC with one node subnetwork holding the pod and service
 * ranges of the network plan, Cloud NAT for egress, a regional control plane when the tier has a
 * control-plane SLA, private nodes, a private endpoint (public only for `apiAllowedCidrs`), Secrets
 * encrypted with a Cloud KMS key, Workload Identity, Dataplane V2, Shielded nodes and a dedicated node
 * service account with logging and monitoring roles only.
 *
 * The project is the stack's `gcp:project` config (`pulumi config set gcp:project <id>`), required.
 * Children are named `${name}-<part>`; physical names derive from `args.baseName` (see `gcp/names.ts`).
 */
export class GcpCluster extends pulumi.ComponentResource implements ManagedClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** `https://<address>` of the API endpoint (the private one unless `apiAllowedCidrs` is set). */
  readonly endpoint: pulumi.Output<string>;
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: K8sProvider;
  readonly networkId: pulumi.Output<string>;
  /** The one node subnetwork: GCP subnetworks are regional and span every zone. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Email of the nodes' service account. */
  readonly nodeServiceAccountEmail: pulumi.Output<string>;
  /** The Workload Identity pool Kubernetes service accounts are federated through. */
  readonly workloadPool: string;
  /** The explicit Google provider of the cluster's project and region, labelling for metering. */
  readonly cloudProvider: GcpProvider;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:GcpCluster", name, {}, opts);
    const layout = gcpClusterLayout(args);
    const names = gcpClusterNames(args.baseName);
    // Required: a deployment must name its project; the offline planner supplies one of its own.
    const project = new pulumi.Config("gcp").require("project");
    this.workloadPool = `${project}.svc.id.goog`;

    this.cloudProvider = new GcpProvider(
      `${name}-gcp`,
      { project, region: layout.regionId, defaultLabels: meteringCloudLabels(args.metering) },
      { parent: this },
    );
    const child: pulumi.CustomResourceOptions = { parent: this, provider: this.cloudProvider };

    const { network, subnetwork } = createNetwork(name, layout, names, child);
    const nodeAccount = createNodeServiceAccount(name, args.baseName, project, names, child);
    const secrets = createSecretsKey(name, project, layout, child);

    const publicEndpoint = layout.authorizedCidrs.length > 0;
    const cluster = new Cluster(
      `${name}-gke`,
      {
        name: names.cluster,
        location: layout.location,
        nodeLocations: [...layout.clusterNodeLocations],
        network: network.id,
        subnetwork: subnetwork.id,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: {
          clusterSecondaryRangeName: POD_RANGE_NAME,
          servicesSecondaryRangeName: SERVICE_RANGE_NAME,
        },
        // Dataplane V2 (eBPF) enforces the tenants' NetworkPolicies natively and logs policy verdicts;
        // it replaces the Calico add-on that `networkPolicy.enabled` would install, and excludes it.
        datapathProvider: "ADVANCED_DATAPATH",
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: !publicEndpoint,
          masterGlobalAccessConfig: { enabled: false },
        },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: layout.authorizedCidrs.map((cidrBlock, i) => ({
            cidrBlock,
            displayName: `api-allowed-${i}`,
          })),
          // Without this, any Google Cloud VM's public address could reach the endpoint.
          gcpPublicCidrsAccessEnabled: false,
        },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        enableLegacyAbac: false,
        enableShieldedNodes: true,
        workloadIdentityConfig: { workloadPool: this.workloadPool },
        releaseChannel: { channel: RELEASE_CHANNEL },
        minMasterVersion: layout.kubernetesVersion,
        databaseEncryption: { state: "ENCRYPTED", keyName: secrets.key.id },
        loggingConfig: {
          enableComponents: [
            "SYSTEM_COMPONENTS",
            "WORKLOADS",
            "APISERVER",
            "CONTROLLER_MANAGER",
            "SCHEDULER",
          ],
        },
        monitoringConfig: {
          enableComponents: ["SYSTEM_COMPONENTS"],
          managedPrometheus: { enabled: true },
        },
        // The default pool cannot be configured like ours; GKE needs one node to create the cluster.
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: true,
        resourceLabels: meteringCloudLabels(args.metering),
      },
      // GKE checks at creation that its service agent may use the key.
      { ...child, dependsOn: [secrets.grant] },
    );

    const pool = new NodePool(
      `${name}-nodes`,
      {
        cluster: cluster.name,
        location: cluster.location,
        namePrefix: NODE_POOL_NAME_PREFIX,
        nodeLocations: [...layout.zones],
        initialNodeCount: layout.minNodesPerZone,
        // Per zone, like the tier's node pool shape.
        autoscaling: {
          minNodeCount: layout.minNodesPerZone,
          maxNodeCount: layout.maxNodesPerZone,
          locationPolicy: "BALANCED",
        },
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
        nodeConfig: {
          machineType: layout.machine.instanceType,
          imageType: "COS_CONTAINERD",
          diskType: "pd-balanced",
          diskSizeGb: NODE_DISK_GB,
          serviceAccount: nodeAccount.account.email,
          oauthScopes: [...NODE_OAUTH_SCOPES],
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          // Pods see the GKE metadata server: Workload Identity tokens, never the node's credentials.
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          metadata: { "disable-legacy-endpoints": "true" },
          // The provider's default labels do not reach node VMs; these do, so node cost is metered.
          resourceLabels: meteringCloudLabels(args.metering),
          labels: { "cloudtier.io/size-class": args.nodePool.sizeClass },
        },
      },
      // Nodes start logging at once, so their account's roles come first.
      { ...child, dependsOn: nodeAccount.roles },
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    this.endpoint = cluster.endpoint.apply((address) => `https://${address}`);
    this.networkId = network.id;
    this.privateSubnetIds = pulumi.all([subnetwork.id]);
    this.nodeServiceAccountEmail = nodeAccount.account.email;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, cluster.location, cluster.endpoint, cluster.masterAuth])
        .apply(([clusterName, location, endpoint, auth]) =>
          gkeKubeconfig({
            contextName: `gke_${project}_${location}_${clusterName}`,
            server: `https://${endpoint}`,
            clusterCaCertificate: auth.clusterCaCertificate ?? "",
          }),
        ),
    );
    this.provider = new K8sProvider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      // Objects deployed into the cluster wait for nodes to run on, not just for the control plane.
      { parent: this, dependsOn: [pool] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      networkId: this.networkId,
      privateSubnetIds: this.privateSubnetIds,
      nodeServiceAccountEmail: this.nodeServiceAccountEmail,
    });
  }
}

/** Custom-mode VPC, the node subnetwork with the pod and service ranges, and Cloud NAT for egress. */
function createNetwork(
  name: string,
  layout: GcpClusterLayout,
  names: GcpClusterNames,
  opts: pulumi.CustomResourceOptions,
): { network: Network; subnetwork: Subnetwork } {
  const network = new Network(
    `${name}-net`,
    {
      name: names.network,
      // Subnets only where the network plan puts them, never one in every region.
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    },
    opts,
  );
  const subnetwork = new Subnetwork(
    `${name}-subnet`,
    {
      name: names.subnetwork,
      network: network.id,
      region: layout.regionId,
      ipCidrRange: layout.nodeRange,
      stackType: "IPV4_ONLY",
      secondaryIpRanges: [
        { rangeName: POD_RANGE_NAME, ipCidrRange: layout.podRange },
        { rangeName: SERVICE_RANGE_NAME, ipCidrRange: layout.serviceRange },
      ],
      // Private nodes reach Google APIs (registries, logging) without public addresses.
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: "INTERVAL_5_SEC",
        flowSampling: 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      },
    },
    opts,
  );
  const router = new Router(
    `${name}-router`,
    { name: names.router, network: network.id, region: layout.regionId },
    opts,
  );
  new RouterNat(
    `${name}-nat`,
    {
      name: names.nat,
      router: router.name,
      region: layout.regionId,
      natIpAllocateOption: "AUTO_ONLY",
      // Only the node subnetwork (nodes and pods) gets egress, not whatever is added to the network later.
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetworks: [{ name: subnetwork.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    },
    opts,
  );
  return { network, subnetwork };
}

/** The nodes' own service account with logging and monitoring roles only. */
function createNodeServiceAccount(
  name: string,
  base: string,
  project: string,
  names: GcpClusterNames,
  opts: pulumi.CustomResourceOptions,
): { account: Account; roles: IAMMember[] } {
  const account = new Account(
    `${name}-node-sa`,
    {
      accountId: names.nodeServiceAccount,
      displayName: `GKE nodes of ${base}`,
      description: `Nodes of the GKE cluster ${base}: writes logs and metrics, nothing else.`,
    },
    opts,
  );
  const roles = NODE_SERVICE_ACCOUNT_ROLES.map(
    (role) =>
      new IAMMember(
        `${name}-node-sa-${role.slice(role.indexOf("/") + 1).replace(/\./g, "-")}`,
        { project, role, member: account.member },
        opts,
      ),
  );
  return { account, roles };
}

/**
 * A Cloud KMS key that encrypts the cluster's Secrets in etcd, rotated every 90 days, and the grant that
 * lets GKE's service agent use it. Key rings can never be deleted in Cloud KMS, so the ring's name is
 * generated: a cluster that is destroyed and created again gets a new ring instead of colliding with the
 * old one.
 */
function createSecretsKey(
  name: string,
  project: string,
  layout: GcpClusterLayout,
  opts: pulumi.CustomResourceOptions,
): { key: CryptoKey; grant: CryptoKeyIAMMember } {
  const ring = new KeyRing(`${name}-keyring`, { location: layout.regionId }, opts);
  const key = new CryptoKey(
    `${name}-secrets-key`,
    {
      name: "kubernetes-secrets",
      keyRing: ring.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: SECRETS_KEY_ROTATION,
    },
    opts,
  );
  // GKE's service agent is named after the project number, which only the API knows.
  const projectInfo = getProjectOutput(
    { projectId: project },
    { parent: opts.parent, provider: opts.provider },
  );
  const grant = new CryptoKeyIAMMember(
    `${name}-secrets-key-gke`,
    { cryptoKeyId: key.id, role: KMS_ENCRYPTER_DECRYPTER, member: projectInfo.number.apply(gkeServiceAgent) },
    opts,
  );
  return { key, grant };
}
