/**
 * An AKS cluster with its network: a resource group, a VNet with one node subnet, a user-assigned identity
 * for the control plane, a Key Vault key that encrypts Secrets in etcd, the cluster (Entra ID only, Azure
 * RBAC, private API unless CIDRs are allowed, Azure CNI overlay powered by Cilium), a System and a User
 * node pool over the SLA's zones, and a Log Analytics workspace that receives the audit log.
 *
 * The SDK is imported module by module: the package root loads every Azure service (~0.4 s), one module
 * loads in milliseconds.
 */
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice/listManagedClusterUserCredentials.js";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig.js";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment.js";
import { AgentPool } from "@pulumi/azure-native/containerservice/agentPool.js";
import { MaintenanceConfiguration } from "@pulumi/azure-native/containerservice/maintenanceConfiguration.js";
import { ManagedCluster } from "@pulumi/azure-native/containerservice/managedCluster.js";
import { Key } from "@pulumi/azure-native/keyvault/key.js";
import { Vault } from "@pulumi/azure-native/keyvault/vault.js";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity.js";
import { DiagnosticSetting } from "@pulumi/azure-native/monitor/diagnosticSetting.js";
import { Subnet } from "@pulumi/azure-native/network/subnet.js";
import { VirtualNetwork } from "@pulumi/azure-native/network/virtualNetwork.js";
import { Workspace } from "@pulumi/azure-native/operationalinsights/workspace.js";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider.js";
import { ResourceGroup } from "@pulumi/azure-native/resources/resourceGroup.js";
import { Provider as K8sProvider } from "@pulumi/kubernetes/provider.js";
import * as pulumi from "@pulumi/pulumi";
import { meteringTags } from "../../components/labels.js";
import {
  AKS_LOG_CATEGORIES,
  AKS_LOG_RETENTION_DAYS,
  AZURE_BUILTIN_ROLES,
  KEY_VAULT_SOFT_DELETE_DAYS,
  type AksLayout,
  type AksPoolLayout,
  aksLayout,
  deployerPrincipalType,
  keyVaultName,
} from "./layout.js";
import { AKS_KUBECONFIG_FORMAT, decodeAksKubeconfig } from "./kubeconfig.js";
import { MAINTENANCE_WINDOW } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs, ManagedClusterOutputs } from "../../components/cluster/types.js";

/**
 * The AKS maintenance schedules: `aksManagedAutoUpgradeSchedule` governs the control-plane and node
 * version upgrades of the upgrade channel, `aksManagedNodeOSUpgradeSchedule` the weekly node images.
 */
const MAINTENANCE_CONFIGS = ["aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule"] as const;

function roleDefinition(subscriptionId: pulumi.Input<string>, role: string): pulumi.Output<string> {
  return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

/** The settings both pools share; only the System pool is inline (AKS needs one at creation). */
function poolProfile(pool: AksPoolLayout, layout: AksLayout, subnetId: pulumi.Input<string>) {
  return {
    mode: pool.mode,
    vmSize: pool.vmSize,
    osType: "Linux",
    type: "VirtualMachineScaleSets",
    orchestratorVersion: layout.kubernetesVersion,
    availabilityZones: [...pool.zones],
    enableAutoScaling: true,
    minCount: pool.minCount,
    maxCount: pool.maxCount,
    // `count` seeds the pool at creation; the autoscaler owns it afterwards.
    count: pool.minCount,
    nodeTaints: [...pool.nodeTaints],
    vnetSubnetID: subnetId,
    enableNodePublicIP: false,
    // A third of the pool surges during upgrades so capacity never drops below the autoscaler's floor.
    upgradeSettings: { maxSurge: "33%" },
    // Trusted Launch (Secure Boot, vTPM) and no SSH into nodes: `kubectl debug` and Run Command remain.
    securityProfile: { enableSecureBoot: true, enableVTPM: true, sshAccess: "Disabled" },
  };
}

export class AzureCluster extends pulumi.ComponentResource implements ManagedClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly clusterId: pulumi.Output<string>;
  /** `https://<fqdn>:443`: the private FQDN for a private cluster, the public one otherwise. */
  readonly endpoint: pulumi.Output<string>;
  /** Entra ID kubeconfig (`kubelogin` exec plugin), as a secret. See `azure/kubeconfig.ts`. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly provider: K8sProvider;
  readonly cloudProvider: AzureProvider;
  /** The VNet's ARM id. */
  readonly networkId: pulumi.Output<string>;
  /** The node subnet's ARM id (one subnet: Azure subnets span all zones of a region). */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** OIDC issuer of the cluster's service-account tokens, for workload identity federation. */
  readonly oidcIssuerUrl: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:AzureCluster", name, {}, opts);
    // Everything is decided (and bad input rejected) before the first cloud resource is registered.
    const layout = aksLayout(args);
    const tags = meteringTags(args.metering);
    const { names, location } = layout;

    const azure = new AzureProvider(`${name}-azure`, { location }, { parent: this });
    this.cloudProvider = azure;
    const child = { parent: this, provider: azure };

    const group = new ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: names.resourceGroup, location, tags },
      child,
    );
    const vnet = new VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: group.name,
        virtualNetworkName: names.virtualNetwork,
        location,
        addressSpace: { addressPrefixes: [layout.vnetCidr] },
        tags,
      },
      // The node subnet is its own resource below; the VNet's inline list must never reconcile it away.
      { ...child, ignoreChanges: ["subnets"] },
    );
    const subnet = new Subnet(
      `${name}-nodes`,
      {
        resourceGroupName: group.name,
        virtualNetworkName: vnet.name,
        subnetName: names.nodeSubnet,
        addressPrefix: layout.nodeSubnetCidr,
        // No implicit internet egress: nodes leave through the cluster's standard load balancer only.
        defaultOutboundAccess: false,
      },
      child,
    );

    // A user-assigned identity exists before the cluster, so it can be granted the subnet first; a
    // system-assigned one would be created with the cluster and miss the grant on the first run.
    const identity = new UserAssignedIdentity(
      `${name}-identity`,
      { resourceGroupName: group.name, resourceName: names.identity, location, tags },
      child,
    );
    const client = getClientConfigOutput({ parent: this, provider: azure });
    const subnetJoin = new RoleAssignment(
      `${name}-subnet-join`,
      {
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinition(client.subscriptionId, AZURE_BUILTIN_ROLES.networkContributor),
        scope: subnet.id,
      },
      child,
    );

    // Secrets in etcd are encrypted (KMS v2) with a key in the cluster's own Key Vault. The vault takes
    // Azure RBAC only (no access policies), and purge protection so the key cannot be destroyed, which
    // would make every Secret unreadable. AKS reaches it over its public endpoint, which grants nothing
    // without an Entra ID token and a role; the private variant needs API server VNet integration.
    const vault = new Vault(
      `${name}-vault`,
      {
        resourceGroupName: group.name,
        vaultName: client.subscriptionId.apply((subscription) => keyVaultName(args.baseName, subscription)),
        location,
        properties: {
          tenantId: client.tenantId,
          sku: { family: "A", name: "standard" },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: KEY_VAULT_SOFT_DELETE_DAYS,
          enablePurgeProtection: true,
          enabledForDeployment: false,
          enabledForDiskEncryption: false,
          enabledForTemplateDeployment: false,
          publicNetworkAccess: "Enabled",
          networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
        },
        tags,
      },
      child,
    );
    const secretsKey = new Key(
      `${name}-secrets-key`,
      {
        resourceGroupName: group.name,
        vaultName: vault.name,
        keyName: names.secretsKey,
        properties: { kty: "RSA", keySize: 2048, keyOps: ["encrypt", "decrypt"] },
        tags,
      },
      child,
    );
    const keyUse = new RoleAssignment(
      `${name}-secrets-key-use`,
      {
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinition(client.subscriptionId, AZURE_BUILTIN_ROLES.keyVaultCryptoUser),
        scope: vault.id,
      },
      child,
    );

    const cluster = new ManagedCluster(
      `${name}-aks`,
      {
        resourceGroupName: group.name,
        resourceName: names.cluster,
        location,
        dnsPrefix: names.dnsPrefix,
        kubernetesVersion: layout.kubernetesVersion,
        sku: { name: "Base", tier: layout.skuTier },
        identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
        // Entra ID is the only way in: no local admin certificate, authorization through Azure RBAC.
        aadProfile: { managed: true, enableAzureRBAC: true },
        disableLocalAccounts: true,
        enableRBAC: true,
        apiServerAccessProfile: layout.privateCluster
          ? // No public endpoint, and no public DNS record that resolves to the private one either.
            { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false }
          : { enablePrivateCluster: false, authorizedIPRanges: [...layout.authorizedIpRanges] },
        networkProfile: {
          // Azure CNI overlay: pods take addresses from the plan's pod range, not from the VNet.
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          // Cilium rather than Azure NPM: NPM is being retired on Linux in favour of Cilium network
          // policy, and the eBPF dataplane enforces the tenants' NetworkPolicies without iptables growth.
          networkDataplane: "cilium",
          networkPolicy: "cilium",
          podCidr: layout.podCidr,
          serviceCidr: layout.serviceCidr,
          dnsServiceIP: layout.dnsServiceIp,
          outboundType: "loadBalancer",
          loadBalancerSku: "standard",
        },
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
          workloadIdentity: { enabled: true },
          imageCleaner: { enabled: true, intervalHours: 168 },
          // The versioned key: AKS does not follow new key versions by itself, rotation updates this id.
          azureKeyVaultKms: {
            enabled: true,
            keyId: secretsKey.keyUriWithVersion,
            keyVaultNetworkAccess: "Public",
          },
        },
        // `patch` keeps the catalog's minor version and applies its patches; minor upgrades happen when
        // the catalog moves, so the program and the cluster never disagree about the version.
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        nodeResourceGroup: names.nodeResourceGroup,
        // Nobody but AKS changes the node resource group; changes go through the cluster's API.
        nodeResourceGroupProfile: { restrictionLevel: "ReadOnly" },
        agentPoolProfiles: [
          { name: layout.systemPool.name, ...poolProfile(layout.systemPool, layout, subnet.id), tags },
        ],
        tags,
      },
      {
        ...child,
        dependsOn: [subnetJoin, keyUse],
        // The autoscaler moves `count`; after a refresh, sending the seed value back would be rejected.
        ignoreChanges: ["agentPoolProfiles[0].count"],
        // The cluster holds the customer's workloads and AKS has no deletion-protection setting of its own:
        // removing it takes `pulumi state unprotect` first.
        protect: true,
      },
    );

    // The control plane's audit log (and Entra ID sign-ins) go to the cluster's Log Analytics workspace.
    const workspace = new Workspace(
      `${name}-logs`,
      {
        resourceGroupName: group.name,
        workspaceName: names.logWorkspace,
        location,
        sku: { name: "PerGB2018" },
        retentionInDays: AKS_LOG_RETENTION_DAYS,
        tags,
      },
      child,
    );
    new DiagnosticSetting(
      `${name}-audit-logs`,
      {
        name: "control-plane-logs",
        resourceUri: cluster.id,
        workspaceId: workspace.id,
        // Resource-specific tables (AKSAudit, AKSControlPlane) rather than the shared AzureDiagnostics.
        logAnalyticsDestinationType: "Dedicated",
        logs: AKS_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
      },
      child,
    );

    new AgentPool(
      `${name}-pool-${layout.userPool.name}`,
      {
        resourceGroupName: group.name,
        resourceName: cluster.name,
        agentPoolName: layout.userPool.name,
        ...poolProfile(layout.userPool, layout, subnet.id),
        tags,
      },
      { ...child, ignoreChanges: ["count"] },
    );

    for (const configName of MAINTENANCE_CONFIGS) {
      new MaintenanceConfiguration(
        `${name}-${configName}`,
        {
          resourceGroupName: group.name,
          resourceName: cluster.name,
          configName,
          maintenanceWindow: {
            schedule: { weekly: { dayOfWeek: capitalized(MAINTENANCE_WINDOW.day), intervalWeeks: 1 } },
            durationHours: MAINTENANCE_WINDOW.durationHours,
            startTime: `${String(MAINTENANCE_WINDOW.startHourUtc).padStart(2, "0")}:00`,
            utcOffset: "+00:00",
          },
        },
        child,
      );
    }

    // The identity running the deployment administers the cluster through Azure RBAC, which is how the
    // Kubernetes provider below creates namespaces without any local account.
    const deployerAdmin = new RoleAssignment(
      `${name}-deployer-admin`,
      {
        principalId: client.objectId,
        principalType: client.clientId.apply(deployerPrincipalType),
        roleDefinitionId: roleDefinition(client.subscriptionId, AZURE_BUILTIN_ROLES.aksRbacClusterAdmin),
        scope: cluster.id,
      },
      child,
    );

    const credentials = listManagedClusterUserCredentialsOutput(
      { resourceGroupName: group.name, resourceName: cluster.name, format: AKS_KUBECONFIG_FORMAT },
      { parent: this, provider: azure },
    );
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([cluster.name, credentials.kubeconfigs])
        .apply(([clusterName, kubeconfigs]) => decodeAksKubeconfig(clusterName, kubeconfigs)),
    );
    this.provider = new K8sProvider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: [deployerAdmin] },
    );

    this.clusterName = cluster.name;
    this.clusterId = cluster.id;
    const host = layout.privateCluster ? cluster.privateFQDN : cluster.fqdn;
    this.endpoint = pulumi.interpolate`https://${host}:443`;
    this.networkId = vnet.id;
    this.privateSubnetIds = subnet.id.apply((id) => [id]);
    this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? "");
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      networkId: this.networkId,
      privateSubnetIds: this.privateSubnetIds,
      oidcIssuerUrl: this.oidcIssuerUrl,
    });
  }
}

function capitalized(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}
