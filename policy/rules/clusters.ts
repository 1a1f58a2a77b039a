/**
 * Cluster rules: who can reach the Kubernetes API, whether nodes are private, how secrets are encrypted,
 * what is logged, whether NetworkPolicies are enforced, how workloads get cloud identities, how clusters
 * stay upgraded, and that no legacy or local credentials exist. Written against the SDK input names of EKS,
 * GKE, AKS, Kapsule and DOKS; a cloud that has no such setting is not checked for it (said in the
 * description). Rules that only one cloud has live in its folder (`clouds/<cloud>/policies.ts`).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import type * as azure from "@pulumi/azure-native";
import type * as digitalocean from "@pulumi/digitalocean";
import type * as gcp from "@pulumi/gcp";
import type * as scaleway from "@pulumiverse/scaleway";
import { isOpenCidr, isTrue, ofType } from "./support.js";
import { OWN, cisAks, cisEks, cisGke } from "./sources.js";

const openCidrs = (cidrs: readonly string[] | undefined): string[] => (cidrs ?? []).filter(isOpenCidr);

export const apiEndpointRestricted: ResourceValidationPolicy = {
  name: "cluster-api-endpoint-restricted",
  description:
    "The Kubernetes API endpoint is private, or public only to listed CIDRs, none wider than an IPv4 /8.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [
    cisEks("5.4.1"),
    cisEks("5.4.2"),
    cisGke("5.6.3"),
    cisGke("5.6.4"),
    cisAks("5.4.1"),
    cisAks("5.4.2"),
  ],
  remediationSteps:
    "Leave `cluster.apiAllowedCidrs` in the stack file empty for a private endpoint, or list the office, VPN or CI ranges that need the API.",
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      const vpc = cluster.vpcConfig ?? { subnetIds: [] };
      if (vpc.endpointPrivateAccess !== true) {
        report("vpcConfig.endpointPrivateAccess must be true, so nodes reach the API inside the VPC.");
      }
      if (vpc.endpointPublicAccess !== false) {
        const cidrs = vpc.publicAccessCidrs ?? [];
        if (cidrs.length === 0) {
          report(
            "vpcConfig.endpointPublicAccess is on with no publicAccessCidrs, which EKS opens to 0.0.0.0/0.",
          );
        }
        for (const cidr of openCidrs(cidrs)) {
          report(`vpcConfig.publicAccessCidrs opens the API to ${cidr}.`);
        }
      }
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      const privateEndpoint = cluster.privateClusterConfig?.enablePrivateEndpoint === true;
      const authorized = cluster.masterAuthorizedNetworksConfig;
      if (!privateEndpoint && authorized === undefined) {
        report(
          "the public endpoint has no masterAuthorizedNetworksConfig: set privateClusterConfig.enablePrivateEndpoint or list authorized networks.",
        );
      }
      if (authorized?.gcpPublicCidrsAccessEnabled === true) {
        report(
          "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled admits every Google Cloud address.",
        );
      }
      for (const cidr of openCidrs(authorized?.cidrBlocks?.map((b) => b.cidrBlock))) {
        report(`masterAuthorizedNetworksConfig.cidrBlocks opens the API to ${cidr}.`);
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      const access = cluster.apiServerAccessProfile;
      const ranges = access?.authorizedIPRanges ?? [];
      if (access?.enablePrivateCluster !== true && ranges.length === 0) {
        report(
          "apiServerAccessProfile has neither enablePrivateCluster nor authorizedIPRanges: the API is open to the internet.",
        );
      }
      for (const cidr of openCidrs(ranges)) {
        report(`apiServerAccessProfile.authorizedIPRanges opens the API to ${cidr}.`);
      }
    }),
    ofType<digitalocean.KubernetesClusterArgs>("doksCluster", (cluster, _args, report) => {
      const firewall = cluster.controlPlaneFirewall;
      if (firewall?.enabled !== true) {
        report("controlPlaneFirewall.enabled must be true: without it the DOKS API accepts any address.");
      }
      for (const cidr of openCidrs(firewall?.allowedAddresses)) {
        report(`controlPlaneFirewall.allowedAddresses opens the API to ${cidr}.`);
      }
    }),
    ofType<scaleway.kubernetes.AclArgs>("kapsuleAcl", (acl, _args, report) => {
      if (acl.noIpAllowed === true) return;
      for (const rule of acl.aclRules ?? []) {
        if (rule.ip !== undefined && isOpenCidr(rule.ip)) {
          report(`aclRules opens the Kapsule API to ${rule.ip}.`);
        }
      }
    }),
  ],
};

export const privateNodes: ResourceValidationPolicy = {
  name: "cluster-private-nodes",
  description:
    "Nodes have no public IP addresses and no SSH access from outside: they sit in private subnets behind NAT.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisEks("5.4.3"), cisGke("5.6.5"), cisAks("5.4.3")],
  validateResource: [
    ofType<aws.eks.NodeGroupArgs>("eksNodeGroup", (pool, _args, report) => {
      if (pool.remoteAccess !== undefined) {
        report("remoteAccess opens SSH to the nodes; use SSM Session Manager instead.");
      }
    }),
    ofType<aws.ec2.LaunchTemplateArgs>("awsLaunchTemplate", (template, _args, report) => {
      for (const nic of template.networkInterfaces ?? []) {
        if (isTrue(nic.associatePublicIpAddress)) {
          report("networkInterfaces[].associatePublicIpAddress gives nodes public IP addresses.");
        }
      }
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.privateClusterConfig?.enablePrivateNodes !== true) {
        report("privateClusterConfig.enablePrivateNodes must be true.");
      }
    }),
    ofType<gcp.container.NodePoolArgs>("gkeNodePool", (pool, _args, report) => {
      if (pool.networkConfig?.enablePrivateNodes === false) {
        report("networkConfig.enablePrivateNodes is false: this pool's nodes get public IP addresses.");
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      for (const pool of cluster.agentPoolProfiles ?? []) {
        if (pool.enableNodePublicIP === true) {
          report(`agentPoolProfiles[${pool.name}].enableNodePublicIP gives nodes public IP addresses.`);
        }
      }
    }),
    ofType<azure.containerservice.AgentPoolArgs>("aksAgentPool", (pool, _args, report) => {
      if (pool.enableNodePublicIP === true) report("enableNodePublicIP gives nodes public IP addresses.");
    }),
    ofType<scaleway.kubernetes.ClusterArgs>("kapsuleCluster", (cluster, _args, report) => {
      if (!cluster.privateNetworkId) {
        report("privateNetworkId is not set: without a private network, Kapsule nodes get public IPs.");
      }
    }),
    ofType<scaleway.kubernetes.PoolArgs>("kapsulePool", (pool, _args, report) => {
      if (pool.publicIpDisabled !== true) report("publicIpDisabled must be true.");
    }),
  ],
};

export const secretsEncryption: ResourceValidationPolicy = {
  name: "cluster-secrets-encryption-cmk",
  description:
    "Kubernetes Secrets are encrypted in etcd with a customer-managed key (AWS KMS, Cloud KMS, Key Vault). Kapsule offers no customer key for etcd and is not checked.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisEks("5.3.1"), cisGke("5.3.1"), cisAks("5.3.1")],
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      const encryption = cluster.encryptionConfig;
      if (!encryption?.resources?.includes("secrets")) {
        report('encryptionConfig.resources must include "secrets".');
      }
      if (!encryption?.provider?.keyArn) report("encryptionConfig.provider.keyArn must name a KMS key.");
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      const encryption = cluster.databaseEncryption;
      if (encryption?.state !== "ENCRYPTED" || !encryption.keyName) {
        report('databaseEncryption must be state "ENCRYPTED" with a Cloud KMS keyName.');
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      const kms = cluster.securityProfile?.azureKeyVaultKms;
      if (kms?.enabled !== true || !kms.keyId) {
        report("securityProfile.azureKeyVaultKms must be enabled with a Key Vault keyId.");
      }
    }),
  ],
};

/** EKS control-plane log types that must reach CloudWatch. */
export const EKS_REQUIRED_LOG_TYPES = ["api", "audit", "authenticator"] as const;
/** GKE logging components that must be on. */
export const GKE_REQUIRED_LOG_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER"] as const;

export const controlPlaneLogging: ResourceValidationPolicy = {
  name: "cluster-control-plane-logging",
  description:
    "API server, audit and authenticator logs are shipped to the cloud's log service (EKS, GKE; AKS by its own rule). Kapsule's control-plane logs are managed by Scaleway and not configurable.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisEks("2.1.1"), cisGke("5.7.1")],
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      const enabled = cluster.enabledClusterLogTypes ?? [];
      const missing = EKS_REQUIRED_LOG_TYPES.filter((t) => !enabled.includes(t));
      if (missing.length > 0) report(`enabledClusterLogTypes lacks ${missing.join(", ")}.`);
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.loggingService === "none") report('loggingService is "none".');
      const enabled = cluster.loggingConfig?.enableComponents ?? [];
      const missing = GKE_REQUIRED_LOG_COMPONENTS.filter((c) => !enabled.includes(c));
      if (missing.length > 0) report(`loggingConfig.enableComponents lacks ${missing.join(", ")}.`);
    }),
  ],
};

/** Kapsule CNIs that enforce NetworkPolicy (flannel does not). */
export const KAPSULE_POLICY_CNIS = ["cilium", "calico", "kilo"] as const;
const AKS_NETWORK_POLICIES = ["azure", "calico", "cilium"] as const;

export const networkPolicyEnforcement: ResourceValidationPolicy = {
  name: "cluster-network-policy-enforcement",
  description:
    "The cluster enforces NetworkPolicies, so the tenants' default-deny policies take effect (GKE, AKS, Kapsule; EKS by its own rule).",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [cisGke("5.6.7"), cisAks("5.4.4")],
  validateResource: [
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.networkPolicy?.enabled !== true && cluster.datapathProvider !== "ADVANCED_DATAPATH") {
        report('set datapathProvider "ADVANCED_DATAPATH" (Dataplane V2) or networkPolicy.enabled.');
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      const policy = String(cluster.networkProfile?.networkPolicy ?? "none").toLowerCase();
      if (!(AKS_NETWORK_POLICIES as readonly string[]).includes(policy)) {
        report(`networkProfile.networkPolicy is "${policy}": use azure, calico or cilium.`);
      }
    }),
    ofType<scaleway.kubernetes.ClusterArgs>("kapsuleCluster", (cluster, _args, report) => {
      if (!(KAPSULE_POLICY_CNIS as readonly string[]).includes(cluster.cni)) {
        report(`cni "${cluster.cni}" does not enforce NetworkPolicy: use cilium or calico.`);
      }
    }),
  ],
};

export const workloadIdentity: ResourceValidationPolicy = {
  name: "cluster-workload-identity",
  description:
    "Workloads get cloud credentials through workload identity, never node credentials or static keys (GKE, AKS; EKS by its own rule; Kapsule has none).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisGke("5.2.2"), cisAks("5.2.1")],
  validateResource: [
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (!cluster.workloadIdentityConfig?.workloadPool) {
        report("workloadIdentityConfig.workloadPool must be set (PROJECT.svc.id.goog).");
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      if (cluster.oidcIssuerProfile?.enabled !== true) report("oidcIssuerProfile.enabled must be true.");
      if (cluster.securityProfile?.workloadIdentity?.enabled !== true) {
        report("securityProfile.workloadIdentity.enabled must be true.");
      }
    }),
  ],
};

const GKE_CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"] as const;
const AKS_UPGRADE_CHANNELS = ["rapid", "stable", "patch", "node-image"] as const;
const AKS_UNMANAGED_OS_CHANNELS = ["none", "unmanaged"] as const;

export const autoUpgrade: ResourceValidationPolicy = {
  name: "cluster-auto-upgrade",
  description:
    "Clusters and nodes are upgraded by the cloud: a GKE release channel, an AKS upgrade channel, Kapsule auto-upgrade, EKS standard support (auto-upgraded when standard support ends).",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [cisGke("5.5.3"), cisGke("5.5.4"), OWN],
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      if (cluster.upgradePolicy?.supportType !== "STANDARD") {
        report(
          'upgradePolicy.supportType must be "STANDARD": extended support keeps old versions, for a fee.',
        );
      }
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (!(GKE_CHANNELS as readonly string[]).includes(cluster.releaseChannel?.channel ?? "")) {
        report("releaseChannel.channel must be REGULAR, STABLE or RAPID.");
      }
    }),
    ofType<gcp.container.NodePoolArgs>("gkeNodePool", (pool, _args, report) => {
      if (pool.management?.autoUpgrade === false) report("management.autoUpgrade is false.");
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      const profile = cluster.autoUpgradeProfile;
      const channel = String(profile?.upgradeChannel ?? "none").toLowerCase();
      if (!(AKS_UPGRADE_CHANNELS as readonly string[]).includes(channel)) {
        report(`autoUpgradeProfile.upgradeChannel is "${channel}": use patch or stable.`);
      }
      const os = String(profile?.nodeOSUpgradeChannel ?? "").toLowerCase();
      if ((AKS_UNMANAGED_OS_CHANNELS as readonly string[]).includes(os)) {
        report(`autoUpgradeProfile.nodeOSUpgradeChannel is "${os}": use NodeImage or SecurityPatch.`);
      }
    }),
    ofType<scaleway.kubernetes.ClusterArgs>("kapsuleCluster", (cluster, _args, report) => {
      if (cluster.autoUpgrade?.enable !== true) report("autoUpgrade.enable must be true.");
    }),
    ofType<digitalocean.KubernetesClusterArgs>("doksCluster", (cluster, _args, report) => {
      if (cluster.autoUpgrade !== true) report("autoUpgrade must be true.");
    }),
  ],
};

export const noLegacyAuth: ResourceValidationPolicy = {
  name: "cluster-no-legacy-auth",
  description:
    "No legacy authentication or authorization: EKS access entries only (no aws-auth ConfigMap), no GKE client certificates or ABAC, Kubernetes RBAC on AKS.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisGke("5.8.1"), cisGke("5.8.3"), cisEks("5.5.1"), cisAks("5.5.1")],
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      if (cluster.accessConfig?.authenticationMode !== "API") {
        report('accessConfig.authenticationMode must be "API": the aws-auth ConfigMap is deprecated.');
      }
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.enableLegacyAbac === true) report("enableLegacyAbac must be false.");
      if (cluster.masterAuth?.clientCertificateConfig?.issueClientCertificate === true) {
        report("masterAuth.clientCertificateConfig.issueClientCertificate must be false.");
      }
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      if (cluster.enableRBAC === false) report("enableRBAC is false.");
    }),
  ],
};

export const noLocalAccounts: ResourceValidationPolicy = {
  name: "cluster-no-local-accounts",
  description:
    "AKS clusters have no local admin accounts: Entra ID sign-in with Azure RBAC only (disableLocalAccounts).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisAks("5.5.1"), cisAks("5.5.2")],
  validateResource: [
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      if (cluster.disableLocalAccounts !== true) report("disableLocalAccounts must be true.");
      if (cluster.aadProfile?.managed !== true) report("aadProfile.managed must be true (Entra ID).");
      if (cluster.aadProfile?.enableAzureRBAC !== true) report("aadProfile.enableAzureRBAC must be true.");
    }),
  ],
};

export const clusterDeletionProtection: ResourceValidationPolicy = {
  name: "cluster-deletion-protection",
  description:
    "Clusters are protected from accidental deletion: the cloud's deletion protection, or Pulumi's `protect` where the cloud has none.",
  enforcementLevel: "advisory",
  severity: "medium",
  tags: [OWN],
  validateResource: [
    ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
      if (cluster.deletionProtection !== true) report("deletionProtection should be true.");
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.deletionProtection === false) report("deletionProtection is false.");
    }),
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (_cluster, args, report) => {
      if (!args.opts.protect) report("the cluster should be created with `protect: true`.");
    }),
    ofType<scaleway.kubernetes.ClusterArgs>("kapsuleCluster", (_cluster, args, report) => {
      if (!args.opts.protect) report("the cluster should be created with `protect: true`.");
    }),
    ofType<digitalocean.KubernetesClusterArgs>("doksCluster", (_cluster, args, report) => {
      if (!args.opts.protect) report("the cluster should be created with `protect: true`.");
    }),
  ],
};

export const CLUSTER_POLICIES = [
  apiEndpointRestricted,
  privateNodes,
  secretsEncryption,
  controlPlaneLogging,
  networkPolicyEnforcement,
  workloadIdentity,
  autoUpgrade,
  noLegacyAuth,
  noLocalAccounts,
  clusterDeletionProtection,
];
