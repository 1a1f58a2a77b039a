/**
 * Policy fixtures: one compliant stack per cloud and one of tenant namespaces, written from the SDKs'
 * input names, and the mutations that break each guarded property. A mutation names the rule it must
 * trigger; applied to its compliant stack it is that rule's failing fixture, and the untouched stack (which
 * passes every rule) is its passing fixture. The same mutations are applied to real plans where the
 * targeted resource exists (see plans.test.ts).
 */
import { DATASTORE_TYPE_PREFIX } from "../../components/datastore/settings.js";
import { CUSTOMER_LABEL, REGION_LABEL, TIER_LABEL } from "../../components/labels.js";
import { SHARED_TIERS } from "../../domain/tiers.js";
import type { PlannedResource } from "../../planner/types.js";
import { isTenantObject } from "../../policy/rules/support.js";
import { type TokenGroup, isType } from "../../clouds/tokens.js";

export type Resource = { -readonly [K in keyof PlannedResource]: PlannedResource[K] };
export type Baseline = "aws" | "gcp" | "azure" | "scaleway" | "digitalocean" | "tenants";

const STACK = "fixture";
const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::cloudtier::${type}::${name}`;

function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  provider: Resource | null,
  options: { protect?: boolean } = {},
): Resource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    parent: null,
    provider: provider ? `${provider.urn}::0123abcd` : null,
    custom: true,
    protect: options.protect ?? false,
    inputs,
  };
}

function provider(pkg: string, name: string, inputs: Record<string, unknown>): Resource {
  return { ...resource(`pulumi:providers:${pkg}`, name, inputs, null), provider: null };
}

const METERING = {
  "cloudtier-customer": "acme",
  "cloudtier-tier": "cloud",
  "cloudtier-region": "fixture",
  "managed-by": "cloudtier",
};
const SCW_TAGS = Object.entries(METERING).map(([k, v]) => `${k}=${v}`);
const OFFICE = "203.0.113.0/24";

export function awsStack(): Resource[] {
  const p = provider("aws", "acme-aws", {
    region: "eu-west-1",
    defaultTags: JSON.stringify({ tags: METERING }),
  });
  const tags = { Name: "acme" };
  return [
    p,
    resource(
      "aws:eks/cluster:Cluster",
      "acme-eks",
      {
        name: "acme-eu-west-1",
        roleArn: "arn:aws:iam::123456789012:role/acme-eks",
        version: "1.33",
        vpcConfig: {
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
          publicAccessCidrs: [OFFICE],
          subnetIds: ["subnet-a", "subnet-b"],
        },
        encryptionConfig: {
          provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" },
          resources: ["secrets"],
        },
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: true,
        tags,
      },
      p,
    ),
    resource(
      "aws:eks/nodeGroup:NodeGroup",
      "acme-nodes-a",
      {
        clusterName: "acme-eu-west-1",
        nodeRoleArn: "arn:aws:iam::123456789012:role/acme-node",
        subnetIds: ["subnet-a"],
        instanceTypes: ["m7i.2xlarge"],
        scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 10 },
        launchTemplate: { id: "lt-1", version: "1" },
        tags,
      },
      p,
    ),
    resource(
      "aws:ec2/launchTemplate:LaunchTemplate",
      "acme-nodes-lt",
      {
        metadataOptions: { httpTokens: "required" },
        networkInterfaces: [{ associatePublicIpAddress: "false" }],
        blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, volumeType: "gp3" } }],
        tags,
      },
      p,
    ),
    resource(
      "aws:eks/addon:Addon",
      "acme-vpc-cni",
      {
        clusterName: "acme-eu-west-1",
        addonName: "vpc-cni",
        configurationValues: '{"enableNetworkPolicy":"true"}',
        tags,
      },
      p,
    ),
    resource(
      "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
      "acme-oidc",
      { url: "https://oidc.eks.eu-west-1.amazonaws.com/id/X", clientIdLists: ["sts.amazonaws.com"], tags },
      p,
    ),
    resource("aws:ec2/natGateway:NatGateway", "acme-nat-a", { subnetId: "subnet-pa", tags }, p),
    resource(
      "aws:lb/loadBalancer:LoadBalancer",
      "acme-lb",
      { internal: true, loadBalancerType: "network" },
      p,
    ),
    resource(
      "aws:ebs/volume:Volume",
      "acme-volume",
      { availabilityZone: "eu-west-1a", size: 50, encrypted: true },
      p,
    ),
    resource(
      "aws:rds/instance:Instance",
      "acme-pg",
      {
        identifier: "acme-eu-west-1-pg",
        engine: "postgres",
        engineVersion: "16.4",
        instanceClass: "db.r7g.xlarge",
        allocatedStorage: 100,
        storageEncrypted: true,
        publiclyAccessible: false,
        backupRetentionPeriod: 35,
        deletionProtection: true,
        multiAz: true,
        parameterGroupName: "acme-pg",
        tags,
      },
      p,
    ),
    resource(
      "aws:rds/parameterGroup:ParameterGroup",
      "acme-pg-params",
      { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }], tags },
      p,
    ),
    resource(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "acme-redis",
      {
        replicationGroupId: "acme-eu-west-1-redis",
        description: "acme",
        nodeType: "cache.r7g.xlarge",
        numCacheClusters: 3,
        atRestEncryptionEnabled: true,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: "[secret]",
        snapshotRetentionLimit: 7,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        tags,
      },
      p,
      { protect: true },
    ),
    ...awsServicesFixture(p),
  ];
}

export function gcpStack(): Resource[] {
  const p = provider("gcp", "acme-gcp", { region: "europe-west1", defaultLabels: JSON.stringify(METERING) });
  return [
    p,
    resource(
      "gcp:container/cluster:Cluster",
      "acme-gke",
      {
        name: "acme-europe-west1",
        location: "europe-west1",
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: false,
          masterIpv4CidrBlock: "172.16.0.0/28",
        },
        masterAuthorizedNetworksConfig: {
          cidrBlocks: [{ cidrBlock: OFFICE, displayName: "office" }],
          gcpPublicCidrsAccessEnabled: false,
        },
        databaseEncryption: {
          state: "ENCRYPTED",
          keyName: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k",
        },
        loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"] },
        datapathProvider: "ADVANCED_DATAPATH",
        workloadIdentityConfig: { workloadPool: "p.svc.id.goog" },
        releaseChannel: { channel: "REGULAR" },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        deletionProtection: true,
        resourceLabels: { "cloudtier-size": "large" },
      },
      p,
    ),
    resource(
      "gcp:container/nodePool:NodePool",
      "acme-nodes",
      {
        cluster: "acme-europe-west1",
        location: "europe-west1",
        autoscaling: { minNodeCount: 1, maxNodeCount: 10 },
        management: { autoRepair: true, autoUpgrade: true },
        networkConfig: { enablePrivateNodes: true },
        nodeConfig: {
          machineType: "e2-standard-8",
          diskSizeGb: 100,
          labels: { "cloudtier.io/size-class": "large" },
          resourceLabels: METERING,
          workloadMetadataConfig: { mode: "GKE_METADATA" },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        },
      },
      p,
    ),
    resource(
      "gcp:compute/network:Network",
      "acme-net",
      { name: "acme-europe-west1-net", autoCreateSubnetworks: false },
      p,
    ),
    resource(
      "gcp:compute/routerNat:RouterNat",
      "acme-nat",
      { router: "acme-router", region: "europe-west1" },
      p,
    ),
    resource(
      "gcp:compute/forwardingRule:ForwardingRule",
      "acme-lb",
      { loadBalancingScheme: "INTERNAL", labels: { app: "x" } },
      p,
    ),
    resource(
      "gcp:compute/disk:Disk",
      "acme-disk",
      { size: 50, zone: "europe-west1-b", labels: { app: "x" } },
      p,
    ),
    resource(
      "gcp:sql/databaseInstance:DatabaseInstance",
      "acme-pg",
      {
        name: "acme-europe-west1-pg",
        databaseVersion: "POSTGRES_16",
        deletionProtection: true,
        settings: {
          tier: "db-custom-8-30720",
          availabilityType: "REGIONAL",
          diskSize: 100,
          deletionProtectionEnabled: true,
          ipConfiguration: {
            ipv4Enabled: false,
            privateNetwork: "projects/p/global/networks/n",
            sslMode: "ENCRYPTED_ONLY",
          },
          backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
          userLabels: METERING,
        },
      },
      p,
    ),
    resource(
      "gcp:redis/instance:Instance",
      "acme-redis",
      {
        name: "acme-europe-west1-redis",
        tier: "STANDARD_HA",
        memorySizeGb: 13,
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        connectMode: "PRIVATE_SERVICE_ACCESS",
        persistenceConfig: { persistenceMode: "RDB", rdbSnapshotPeriod: "ONE_HOUR" },
        deletionProtection: true,
        labels: METERING,
      },
      p,
    ),
    ...gcpServicesFixture(p),
  ];
}

export function azureStack(): Resource[] {
  const p = provider("azure-native", "acme-azure", { location: "westeurope" });
  const tags = METERING;
  const security = { enableSecureBoot: true, enableVTPM: true };
  return [
    p,
    resource(
      "azure-native:resources:ResourceGroup",
      "acme-rg",
      { resourceGroupName: "acme-westeurope-rg", tags },
      p,
    ),
    resource(
      "azure-native:containerservice:ManagedCluster",
      "acme-aks",
      {
        resourceName: "acme-westeurope",
        resourceGroupName: "acme-westeurope-rg",
        nodeResourceGroup: "acme-westeurope-nodes-rg",
        sku: { name: "Base", tier: "Standard" },
        apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: [OFFICE] },
        agentPoolProfiles: [
          {
            name: "system",
            mode: "System",
            vmSize: "Standard_D4s_v5",
            count: 3,
            enableAutoScaling: true,
            minCount: 3,
            maxCount: 10,
            enableNodePublicIP: false,
            osDiskType: "Ephemeral",
            securityProfile: security,
          },
        ],
        securityProfile: {
          azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/k/1" },
          workloadIdentity: { enabled: true },
        },
        oidcIssuerProfile: { enabled: true },
        networkProfile: {
          networkPlugin: "azure",
          networkPolicy: "cilium",
          networkDataplane: "cilium",
          outboundType: "userAssignedNATGateway",
        },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        disableLocalAccounts: true,
        aadProfile: { managed: true, enableAzureRBAC: true },
        enableRBAC: true,
        tags,
      },
      p,
      { protect: true },
    ),
    resource(
      "azure-native:containerservice:AgentPool",
      "acme-pool-user",
      {
        agentPoolName: "user",
        resourceGroupName: "acme-westeurope-rg",
        resourceName: "acme-westeurope",
        vmSize: "Standard_D8s_v5",
        count: 3,
        enableAutoScaling: true,
        minCount: 3,
        maxCount: 10,
        enableNodePublicIP: false,
        osDiskType: "Ephemeral",
        securityProfile: security,
        tags,
      },
      p,
    ),
    resource(
      "azure-native:monitor:DiagnosticSetting",
      "acme-aks-audit",
      {
        resourceUri:
          "/subscriptions/0/resourceGroups/acme-westeurope-rg/providers/Microsoft.ContainerService/managedClusters/acme-westeurope",
        workspaceId:
          "/subscriptions/0/resourceGroups/acme-westeurope-rg/providers/Microsoft.OperationalInsights/workspaces/w",
        logs: [{ category: "kube-audit-admin", enabled: true }],
      },
      p,
    ),
    resource(
      "azure-native:network:NatGateway",
      "acme-nat",
      { resourceGroupName: "acme-westeurope-rg", tags },
      p,
    ),
    resource(
      "azure-native:network:LoadBalancer",
      "acme-lb",
      { resourceGroupName: "acme-westeurope-rg", tags },
      p,
    ),
    resource(
      "azure-native:compute:Disk",
      "acme-disk",
      { resourceGroupName: "acme-westeurope-rg", diskSizeGB: 64, tags },
      p,
    ),
    resource(
      "azure-native:dbforpostgresql:Server",
      "acme-pg",
      {
        serverName: "acme-westeurope-pg",
        resourceGroupName: "acme-westeurope-rg",
        version: "16",
        sku: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" },
        storage: { storageSizeGB: 128 },
        backup: { backupRetentionDays: 35, geoRedundantBackup: "Disabled" },
        highAvailability: { mode: "ZoneRedundant" },
        network: {
          publicNetworkAccess: "Disabled",
          delegatedSubnetResourceId: "/subscriptions/0/x/subnets/db",
        },
        tags,
      },
      p,
      { protect: true },
    ),
    resource(
      "azure-native:dbforpostgresql:Configuration",
      "acme-pg-tls",
      {
        configurationName: "require_secure_transport",
        serverName: "acme-westeurope-pg",
        resourceGroupName: "acme-westeurope-rg",
        source: "user-override",
        value: "on",
      },
      p,
    ),
    resource(
      "azure-native:redis:Redis",
      "acme-redis",
      {
        name: "acme-westeurope-redis",
        resourceGroupName: "acme-westeurope-rg",
        sku: { name: "Premium", family: "P", capacity: 1 },
        publicNetworkAccess: "Disabled",
        enableNonSslPort: false,
        minimumTlsVersion: "1.2",
        redisConfiguration: { rdbBackupEnabled: "true", rdbBackupFrequency: "60" },
        tags,
      },
      p,
      { protect: true },
    ),
    ...azureServicesFixture(p),
  ];
}

export function scalewayStack(): Resource[] {
  const p = provider("scaleway", "acme-scaleway", { region: "fr-par" });
  const tags = SCW_TAGS;
  return [
    p,
    resource(
      "scaleway:kubernetes/cluster:Cluster",
      "acme-kapsule",
      {
        name: "acme-fr-par",
        type: "kapsule-dedicated-4",
        version: "1.33",
        cni: "cilium",
        privateNetworkId: "fr-par/11111111-1111-1111-1111-111111111111",
        autoUpgrade: { enable: true, maintenanceWindowDay: "sunday", maintenanceWindowStartHour: 3 },
        deleteAdditionalResources: false,
        tags,
      },
      p,
      { protect: true },
    ),
    resource(
      "scaleway:kubernetes/pool:Pool",
      "acme-pool",
      {
        clusterId: "fr-par/c",
        nodeType: "PRO2-S",
        size: 1,
        autoscaling: true,
        minSize: 1,
        maxSize: 3,
        publicIpDisabled: true,
        tags,
      },
      p,
    ),
    resource(
      "scaleway:kubernetes/acl:Acl",
      "acme-acl",
      { clusterId: "fr-par/c", aclRules: [{ ip: OFFICE, description: "office" }] },
      p,
    ),
    resource("scaleway:network/publicGateway:PublicGateway", "acme-gw", { type: "VPC-GW-S", tags }, p),
    resource("scaleway:loadbalancers/loadBalancer:LoadBalancer", "acme-lb", { type: "LB-S", tags }, p),
    resource("scaleway:block/volume:Volume", "acme-volume", { sizeInGb: 50, iops: 5000, tags }, p),
    resource(
      "scaleway:databases/instance:Instance",
      "acme-pg",
      {
        name: "acme-fr-par-pg",
        engine: "PostgreSQL-16",
        nodeType: "DB-PRO2-S",
        isHaCluster: true,
        encryptionAtRest: true,
        disableBackup: false,
        backupScheduleRetention: 7,
        volumeType: "sbs_5k",
        volumeSizeInGb: 100,
        privateNetwork: { pnId: "fr-par/p", enableIpam: true },
        tags,
      },
      p,
      { protect: true },
    ),
    resource(
      "scaleway:redis/cluster:Cluster",
      "acme-redis",
      {
        name: "acme-fr-par-redis",
        nodeType: "RED1-M",
        version: "7.2.5",
        clusterSize: 3,
        tlsEnabled: true,
        userName: "acme",
        password: "[secret]",
        privateNetworks: [{ id: "fr-par/p" }],
        tags,
      },
      p,
      { protect: true },
    ),
    ...scalewayServicesFixture(p),
  ];
}

const DO_TAGS = Object.entries(METERING).map(([k, v]) => `${k}:${v}`);

export function digitaloceanStack(): Resource[] {
  const p = provider("digitalocean", "acme-digitalocean", {});
  const tags = DO_TAGS;
  const database = (engine: string, name: string) =>
    resource(
      "digitalocean:index/databaseCluster:DatabaseCluster",
      name,
      {
        name,
        engine,
        version: engine === "pg" ? "17" : "8",
        size: "db-s-4vcpu-8gb",
        region: "nyc3",
        nodeCount: 3,
        privateNetworkUuid: "11111111-1111-4111-a111-111111111111",
        maintenanceWindows: [{ day: "sunday", hour: "04:00:00" }],
        tags,
      },
      p,
      { protect: true },
    );
  const firewall = (name: string) =>
    resource(
      "digitalocean:index/databaseFirewall:DatabaseFirewall",
      name,
      { clusterId: "db", rules: [{ type: "k8s", value: "22222222-2222-4222-a222-222222222222" }] },
      p,
    );
  return [
    p,
    resource(
      "digitalocean:index/vpc:Vpc",
      "acme-vpc",
      { name: "acme-nyc3-vpc", region: "nyc3", ipRange: "10.56.0.0/16" },
      p,
    ),
    resource(
      "digitalocean:index/kubernetesCluster:KubernetesCluster",
      "acme-doks",
      {
        name: "acme-nyc3",
        region: "nyc3",
        version: "1.33",
        vpcUuid: "11111111-1111-4111-a111-111111111111",
        ha: true,
        autoUpgrade: true,
        surgeUpgrade: true,
        maintenancePolicy: { day: "sunday", startTime: "04:00" },
        controlPlaneFirewall: { enabled: true, allowedAddresses: [OFFICE] },
        nodePool: { name: "nodes", size: "g-8vcpu-32gb", autoScale: true, minNodes: 3, maxNodes: 30, tags },
        tags,
      },
      p,
      { protect: true },
    ),
    resource(
      "digitalocean:index/loadBalancer:LoadBalancer",
      "acme-lb",
      { region: "nyc3", size: "lb-small" },
      p,
    ),
    resource("digitalocean:index/volume:Volume", "acme-volume", { region: "nyc3", size: 50, tags }, p),
    database("pg", "acme-nyc3-pg"),
    firewall("acme-pg-trusted-sources"),
    database("valkey", "acme-nyc3-redis"),
    firewall("acme-redis-trusted-sources"),
    ...digitaloceanServicesFixture(p),
  ];
}

const labelsOf = (customer: string, tier: string) => ({
  [CUSTOMER_LABEL]: customer,
  [TIER_LABEL]: tier,
  [REGION_LABEL]: "kubeconfig-local",
  "app.kubernetes.io/managed-by": "cloudtier",
});

const PSS = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};

/** A shared-tier tenant namespace with everything that fences it in, and a platform namespace beside it. */
export function tenantStack(): Resource[] {
  const p = provider("kubernetes", "cluster-k8s", { enableServerSideApply: "true" });
  const labels = labelsOf("acme", "team");
  const platform = labelsOf("platform", "shared");
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    namespace: "acme",
    labels,
    ...extra,
  });
  const k8s = (type: string, name: string, body: Record<string, unknown>) => {
    const [, groupVersion, kind] = /^kubernetes:(.+):(\w+?)(Patch)?$/.exec(type)!;
    const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
    return resource(type, name, { apiVersion, kind, ...body }, p);
  };
  const restrictedContainer = {
    name: "store",
    image: "redis:7",
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true },
    ports: [{ containerPort: 6379 }],
  };
  return [
    p,
    k8s("kubernetes:core/v1:Namespace", "acme-ns", {
      metadata: { name: "acme", labels: { ...labels, ...PSS } },
    }),
    k8s("kubernetes:core/v1:ResourceQuota", "acme-quota", {
      metadata: meta("tenant-quota"),
      spec: {
        hard: {
          "requests.cpu": "8000m",
          "requests.memory": "16384Mi",
          "limits.cpu": "16000m",
          "limits.memory": "32768Mi",
          pods: "150",
          services: "40",
          persistentvolumeclaims: "30",
          "requests.storage": "250Gi",
          "requests.ephemeral-storage": "50Gi",
          "limits.ephemeral-storage": "100Gi",
          "services.loadbalancers": "0",
          "services.nodeports": "0",
        },
      },
    }),
    k8s("kubernetes:core/v1:LimitRange", "acme-limits", {
      metadata: meta("tenant-limits"),
      spec: {
        limits: [
          {
            type: "Container",
            default: { cpu: "1000m", memory: "1024Mi", "ephemeral-storage": "4096Mi" },
            defaultRequest: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "512Mi" },
            max: { cpu: "4000m", memory: "8192Mi", "ephemeral-storage": "16384Mi" },
          },
        ],
      },
    }),
    k8s("kubernetes:networking.k8s.io/v1:NetworkPolicy", "acme-default-deny-all", {
      metadata: meta("default-deny-all"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    }),
    k8s("kubernetes:networking.k8s.io/v1:NetworkPolicy", "acme-allow-same-namespace", {
      metadata: meta("allow-same-namespace"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    }),
    k8s("kubernetes:core/v1:ServiceAccountPatch", "acme-default-sa", {
      metadata: meta("default"),
      automountServiceAccountToken: false,
    }),
    k8s("kubernetes:rbac.authorization.k8s.io/v1:Role", "acme-developer", {
      metadata: meta("tenant-developer"),
      rules: [
        {
          apiGroups: ["apps"],
          resources: ["deployments", "statefulsets"],
          verbs: ["get", "list", "create", "update", "delete"],
        },
        { apiGroups: [""], resources: ["resourcequotas", "limitranges"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["get", "list", "watch"] },
      ],
    }),
    k8s("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "acme-developer-binding", {
      metadata: meta("tenant-developer"),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "tenant-developer" },
      subjects: [
        { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bob@example.com" },
        { kind: "ServiceAccount", name: "ci", namespace: "acme" },
      ],
    }),
    k8s("kubernetes:core/v1:Service", "acme-redis-svc", {
      metadata: meta("redis"),
      spec: { type: "ClusterIP", ports: [{ port: 6379 }], selector: { app: "redis" } },
    }),
    k8s("kubernetes:core/v1:PersistentVolumeClaim", "acme-data", {
      metadata: meta("data"),
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
    }),
    k8s("kubernetes:apps/v1:StatefulSet", "acme-redis", {
      metadata: meta("redis"),
      spec: {
        serviceName: "redis",
        replicas: 1,
        selector: { matchLabels: { app: "redis" } },
        template: {
          metadata: { labels: { app: "redis" } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            containers: [restrictedContainer],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: "data" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "5Gi" } } },
          },
        ],
      },
    }),
    // The platform's own namespace and binding: reserved names, exempt from the tenant rules.
    k8s("kubernetes:core/v1:Namespace", "monitoring-ns", {
      metadata: { name: "monitoring", labels: platform },
    }),
    k8s("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "monitoring-crb", {
      metadata: { name: "prometheus", labels: platform },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "prometheus" },
      subjects: [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }],
    }),
    ...tenantServicesFixture(p),
  ];
}

// The platform's services and the tenants' traffic, added to each baseline --------------------------------

/** A Kubernetes object through a cluster's provider, `apiVersion` and `kind` from its type token. */
function k8sObject(p: Resource, type: string, name: string, body: Record<string, unknown>): Resource {
  const [, groupVersion, kind] = /^kubernetes:(.+):(\w+?)(Patch)?$/.exec(type)!;
  const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
  return resource(type, name, { apiVersion, kind, ...body }, p);
}

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/**
 * A Cloud-tier customer's namespace in its own cluster (globex's: the shared-tier fixtures' acme is
 * another customer), fenced like every tenant's, with egress to the internet (its tier's) and to its
 * managed stores' private ranges on their ports.
 */
function environmentTenant(stores: readonly { kind: string; cidr: string; port: number }[]): Resource[] {
  const p = provider("kubernetes", "globex-k8s", { enableServerSideApply: "true" });
  const labels = labelsOf("globex", "cloud");
  const meta = (name: string, extra: Record<string, string> = {}) => ({
    name,
    namespace: "globex",
    labels: { ...labels, ...extra },
  });
  return [
    p,
    k8sObject(p, "kubernetes:core/v1:Namespace", "globex-ns", {
      metadata: { name: "globex", labels: { ...labels, ...PSS } },
    }),
    k8sObject(p, "kubernetes:core/v1:ResourceQuota", "globex-quota", {
      metadata: meta("tenant-quota"),
      spec: {
        hard: {
          "requests.cpu": "64000m",
          "requests.memory": "262144Mi",
          "limits.cpu": "128000m",
          "limits.memory": "524288Mi",
          pods: "1000",
          services: "200",
          persistentvolumeclaims: "200",
          "requests.storage": "4000Gi",
          "requests.ephemeral-storage": "500Gi",
          "limits.ephemeral-storage": "1000Gi",
          "services.loadbalancers": "4",
          "services.nodeports": "0",
        },
      },
    }),
    k8sObject(p, "kubernetes:core/v1:LimitRange", "globex-limits", {
      metadata: meta("tenant-limits"),
      spec: {
        limits: [
          {
            type: "Container",
            default: { cpu: "1000m", memory: "1024Mi", "ephemeral-storage": "8192Mi" },
            defaultRequest: { cpu: "100m", memory: "128Mi", "ephemeral-storage": "512Mi" },
            max: { cpu: "16000m", memory: "65536Mi", "ephemeral-storage": "65536Mi" },
          },
        ],
      },
    }),
    k8sObject(p, NETWORK_POLICY, "globex-default-deny-all", {
      metadata: meta("default-deny-all"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    }),
    k8sObject(p, NETWORK_POLICY, "globex-allow-egress-internet", {
      metadata: meta("allow-egress-internet"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                ipBlock: {
                  cidr: "0.0.0.0/0",
                  except: [
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.168.0.0/16",
                    "224.0.0.0/4",
                    "240.0.0.0/4",
                  ],
                },
              },
            ],
          },
        ],
      },
    }),
    k8sObject(p, "kubernetes:core/v1:ServiceAccountPatch", "globex-default-sa", {
      metadata: meta("default"),
      automountServiceAccountToken: false,
    }),
    ...stores.map(({ kind, cidr, port }) =>
      k8sObject(p, NETWORK_POLICY, `globex-${kind}-egress`, {
        metadata: meta(`allow-${kind}-egress`, { "cloudtier.io/datastore": kind }),
        spec: {
          podSelector: {},
          policyTypes: ["Egress"],
          egress: [{ to: [{ ipBlock: { cidr } }], ports: [{ protocol: "TCP", port }] }],
        },
      }),
    ),
  ];
}

/** A Helm release of the platform's, through a cluster's provider. */
function release(p: Resource, name: string, namespace: string, values: Record<string, unknown>): Resource {
  return resource(
    "kubernetes:helm.sh/v3:Release",
    `platform-${name}`,
    { name, chart: name, version: "1.0.0", namespace, createNamespace: true, values },
    p,
  );
}

/** The platform cluster's autoscaler and backups bucket (the environment's tenant is the other clouds'). */
function awsServicesFixture(p: Resource): Resource[] {
  const k8s = provider("kubernetes", "platform-k8s", { enableServerSideApply: "true" });
  const bucket = "acme-backups-1234";
  return [
    k8s,
    release(k8s, "cluster-autoscaler", "kube-system", {
      cloudProvider: "aws",
      autoDiscovery: { clusterName: "acme-eu-west-1" },
      rbac: {
        serviceAccount: {
          name: "cluster-autoscaler",
          annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/acme-cas" },
        },
      },
    }),
    resource("aws:s3/bucket:Bucket", "acme-backups", { bucketPrefix: "acme-backups-" }, p, { protect: true }),
    resource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "acme-backups-public-access",
      {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      p,
    ),
    resource(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "acme-backups-encryption",
      { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      p,
    ),
    resource(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "acme-backups-lifecycle",
      { bucket, rules: [{ id: "expire", status: "Enabled", expiration: { days: 21 } }] },
      p,
    ),
    resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      "acme-backups-tls-only",
      {
        bucket,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [`arn:aws:s3:::${bucket}`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      p,
    ),
  ];
}

function gcpServicesFixture(p: Resource): Resource[] {
  return [
    ...environmentTenant([
      { kind: "postgres", cidr: "10.2.192.0/20", port: 5432 },
      { kind: "redis", cidr: "10.2.192.0/20", port: 6378 },
    ]),
    resource(
      "gcp:storage/bucket:Bucket",
      "acme-backups",
      {
        location: "europe-west1",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        lifecycleRules: [{ action: { type: "Delete" }, condition: { age: 21 } }],
        labels: METERING,
      },
      p,
      { protect: true },
    ),
  ];
}

function azureServicesFixture(p: Resource): Resource[] {
  return [
    ...environmentTenant([
      { kind: "postgres", cidr: "10.3.208.0/24", port: 5432 },
      { kind: "redis", cidr: "10.3.209.0/24", port: 6380 },
    ]),
    resource(
      "azure-native:storage:StorageAccount",
      "acme-backups",
      {
        resourceGroupName: "acme-westeurope-rg",
        accountName: "ctbacme",
        kind: "StorageV2",
        sku: { name: "Standard_ZRS" },
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        tags: METERING,
      },
      p,
      { protect: true },
    ),
    resource(
      "azure-native:storage:ManagementPolicy",
      "acme-backups-lifecycle",
      { resourceGroupName: "acme-westeurope-rg", accountName: "ctbacme", policy: { rules: [] } },
      p,
    ),
  ];
}

function scalewayServicesFixture(p: Resource): Resource[] {
  return [
    ...environmentTenant([
      { kind: "postgres", cidr: "172.16.0.0/20", port: 5432 },
      { kind: "redis", cidr: "172.16.0.0/20", port: 6379 },
    ]),
    resource(
      "scaleway:object/bucket:Bucket",
      "acme-backups",
      {
        acl: "private",
        lifecycleRules: [{ enabled: true, expiration: { days: 21 } }],
        tags: METERING,
      },
      p,
      { protect: true },
    ),
    resource(
      "scaleway:object/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "acme-backups-encryption",
      { bucket: "acme-backups", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      p,
    ),
  ];
}

function digitaloceanServicesFixture(p: Resource): Resource[] {
  return [
    ...environmentTenant([
      { kind: "postgres", cidr: "10.5.0.0/16", port: 25060 },
      { kind: "redis", cidr: "10.5.0.0/16", port: 25061 },
    ]),
    resource(
      "digitalocean:index/spacesBucket:SpacesBucket",
      "acme-backups",
      { region: "nyc3", acl: "private", lifecycleRules: [{ enabled: true, expiration: { days: 21 } }] },
      p,
      { protect: true },
    ),
  ];
}

/**
 * A shared-tier tenant's in-cluster Postgres (backed up, its NetworkPolicies), its egress allowlist, and
 * the platform's ingress controller with the admission policy that holds Ingresses to their tenant's hosts.
 */
function tenantServicesFixture(p: Resource): Resource[] {
  const labels = labelsOf("acme", "team");
  const platform = labelsOf("platform", "shared");
  const meta = (name: string, extra: Record<string, string> = {}) => ({
    name,
    namespace: "acme",
    labels: { ...labels, ...extra },
  });
  const store = { "cloudtier.io/datastore": "postgres" };
  return [
    k8sObject(p, NETWORK_POLICY, "acme-allow-egress-allowlist", {
      metadata: meta("allow-egress-allowlist"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] }],
      },
    }),
    k8sObject(p, NETWORK_POLICY, "acme-postgres-ingress", {
      metadata: meta("postgres-ingress"),
      spec: {
        podSelector: { matchLabels: store },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 5432 }] }],
      },
    }),
    k8sObject(p, NETWORK_POLICY, "acme-postgres-egress-api", {
      metadata: meta("postgres-egress-api"),
      spec: {
        podSelector: { matchLabels: store },
        policyTypes: ["Egress"],
        egress: [
          {
            ports: [
              { protocol: "TCP", port: 443 },
              { protocol: "TCP", port: 6443 },
            ],
          },
        ],
      },
    }),
    k8sObject(p, "kubernetes:postgresql.cnpg.io/v1:Cluster", "acme-postgres-cluster", {
      metadata: meta("postgres", store),
      spec: {
        instances: 2,
        storage: { size: "20Gi" },
        backup: {
          barmanObjectStore: {
            destinationPath: "s3://acme-backups-1234/acme/",
            s3Credentials: { inheritFromIAMRole: true },
          },
          retentionPolicy: "14d",
        },
      },
    }),
    k8sObject(p, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "acme-postgres-daily-backup", {
      metadata: meta("postgres-daily"),
      spec: { schedule: "0 0 2 * * *", cluster: { name: "postgres" }, method: "barmanObjectStore" },
    }),
    resource(
      "kubernetes:helm.sh/v3:Release",
      "platform-ingress",
      {
        name: "ingress",
        chart: "traefik",
        namespace: "cloudtier-ingress",
        createNamespace: true,
        values: {},
      },
      p,
    ),
    k8sObject(
      p,
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "platform-host-policy",
      {
        metadata: { name: "cloudtier-tenant-hosts", labels: platform },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ["networking.k8s.io"],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["ingresses"],
              },
            ],
          },
          validations: [{ expression: "true" }],
        },
      },
    ),
    k8sObject(
      p,
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
      "platform-host-policy-binding",
      {
        metadata: { name: "cloudtier-tenant-hosts", labels: platform },
        spec: {
          policyName: "cloudtier-tenant-hosts",
          validationActions: ["Deny"],
          matchResources: {
            namespaceSelector: {
              matchExpressions: [
                { key: "cloudtier.io/customer", operator: "Exists" },
                { key: "cloudtier.io/customer", operator: "NotIn", values: ["platform"] },
              ],
            },
          },
        },
      },
    ),
    k8sObject(
      p,
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
      "platform-reserved-labels-policy",
      {
        metadata: {
          name: "cloudtier-reserved-pod-labels",
          labels: platform,
          annotations: { "cloudtier.io/reserved-pod-label-keys": "cloudtier.io/datastore" },
        },
        spec: {
          failurePolicy: "Fail",
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: [""],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["pods", "replicationcontrollers"],
              },
              {
                apiGroups: ["apps"],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["deployments", "replicasets", "statefulsets", "daemonsets"],
              },
              {
                apiGroups: ["batch"],
                apiVersions: ["v1"],
                operations: ["CREATE", "UPDATE"],
                resources: ["jobs", "cronjobs"],
              },
            ],
          },
          validations: [{ expression: "true" }],
        },
      },
    ),
    k8sObject(
      p,
      "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
      "platform-reserved-labels-policy-binding",
      {
        metadata: { name: "cloudtier-reserved-pod-labels", labels: platform },
        spec: {
          policyName: "cloudtier-reserved-pod-labels",
          validationActions: ["Deny"],
          matchResources: {
            namespaceSelector: {
              matchExpressions: [
                { key: "cloudtier.io/customer", operator: "Exists" },
                { key: "cloudtier.io/customer", operator: "NotIn", values: ["platform"] },
              ],
            },
          },
        },
      },
    ),
  ];
}

export const BASELINES: Readonly<Record<Baseline, () => Resource[]>> = {
  aws: awsStack,
  gcp: gcpStack,
  azure: azureStack,
  scaleway: scalewayStack,
  digitalocean: digitaloceanStack,
  tenants: tenantStack,
};

// Mutations -------------------------------------------------------------------------------------------------

/** The keys of a path: dotted (`a.b.0.c`), with keys that hold dots in brackets (`labels[a.io/b]`). */
export function pathKeys(path: string): string[] {
  return [...path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)].map((match) => match[1] ?? match[2]);
}

/** Sets a path in an object, creating what is missing; `undefined` deletes the key. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = pathKeys(path);
  let node: Record<string, unknown> = target;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object") {
      node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    }
    node = node[key] as Record<string, unknown>;
  });
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
}

export interface Target {
  readonly group: TokenGroup;
  /**
   * Picks among several resources of the group (seeing the whole stack, for a target that guards alone
   * only where something else is absent); the first of the group otherwise.
   */
  readonly pick?: (r: Resource, all: readonly Resource[]) => boolean;
}

export type Change =
  | { readonly set: Readonly<Record<string, unknown>> }
  | { readonly protect: boolean }
  | { readonly providerName: string | null }
  | { readonly remove: true }
  | { readonly add: (resources: readonly Resource[]) => Resource };

export interface Mutation {
  readonly rule: string;
  readonly baseline: Baseline;
  readonly target: Target;
  readonly change: Change;
  /** Also apply it to real plans that have the target (plans.test.ts). */
  readonly onRealPlans?: boolean;
}

export const kubeName = (name: string) => (r: Resource) =>
  (r.inputs["metadata"] as { name?: string } | undefined)?.name === name;

export function targetOf(resources: readonly Resource[], target: Target): Resource | undefined {
  return resources.find(
    (r) => isType(r.type, target.group) && (target.pick ? target.pick(r, resources) : true),
  );
}

/** Applies a mutation to a deep copy of the resources; undefined when the target is missing. */
export function mutate(resources: readonly Resource[], m: Mutation): Resource[] | undefined {
  const copy = structuredClone(resources) as Resource[];
  const target = targetOf(copy, m.target);
  if ("add" in m.change) {
    if (m.target.pick && !target) return undefined;
    return [...copy, m.change.add(copy)];
  }
  if (!target) return undefined;
  if ("remove" in m.change) return copy.filter((r) => r !== target);
  if ("protect" in m.change) target.protect = m.change.protect;
  else if ("providerName" in m.change) {
    const name = m.change.providerName;
    if (name === null) {
      target.provider = null;
    } else {
      // A provider named like the engine's default provider, e.g. `default_4_34_2`.
      const other = provider(target.type.slice(0, target.type.indexOf(":")), name, {});
      target.provider = `${other.urn}::id`;
      copy.push(other);
    }
  } else {
    for (const [path, value] of Object.entries(m.change.set)) setPath(target.inputs, path, value);
  }
  return copy;
}

const set = (values: Record<string, unknown>): Change => ({ set: values });
const on = (group: TokenGroup, pick?: (r: Resource, all: readonly Resource[]) => boolean): Target =>
  pick ? { group, pick } : { group };

function m(rule: string, baseline: Baseline, target: Target, change: Change, onRealPlans = true): Mutation {
  return { rule, baseline, target, change, onRealPlans };
}

/** Not under a data store component (`cloudtier:datastore:*`): what the backup-store rule guards. */
const outsideDataStores = (r: Resource, all: readonly Resource[]): boolean => {
  const byUrn = new Map(all.map((x) => [x.urn, x]));
  for (let p = r.parent; p; p = byUrn.get(p)?.parent ?? null) {
    if (byUrn.get(p)?.type.startsWith(DATASTORE_TYPE_PREFIX)) return false;
  }
  return true;
};
const TENANT_NS = on("namespace", kubeName("acme"));
const ROLE = on("role");
const BINDING = on("roleBinding");
const QUOTA = on("resourceQuota");
const isSharedTier = (r: Resource) =>
  (SHARED_TIERS as readonly string[]).includes(
    (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[TIER_LABEL] ?? "",
  );
const SHARED_QUOTA = on("resourceQuota", isSharedTier);
const tierOf = (r: Resource) =>
  (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[TIER_LABEL];
const SHARED_SAME_NAMESPACE = on(
  "networkPolicy",
  (r) => kubeName("allow-same-namespace")(r) && isSharedTier(r),
);
const DENY = on("networkPolicy", kubeName("default-deny-all"));
const RESERVED_LABELS = on("admissionPolicy", kubeName("cloudtier-reserved-pod-labels"));
const STORE = on("podTemplateOwners");
const POD = "spec.template.spec";
const CONTAINER = `${POD}.containers.0`;

function tenantObject(type: string, name: string, body: Record<string, unknown>) {
  return (resources: readonly Resource[]): Resource => {
    const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes");
    return resource(type, name, body, provider ?? null);
  };
}

/** The name of the first tenant namespace of a stack. */
function firstTenantNamespace(resources: readonly Resource[]): string {
  const ns = resources.find(
    (r) => isType(r.type, "namespace") && isTenantObject({ ...r.inputs, kind: "Namespace" }),
  );
  return (ns?.inputs["metadata"] as { name?: string } | undefined)?.name ?? "acme";
}

/** A ClusterRoleBinding for a subject; a service account subject is placed in the first tenant namespace. */
const crbFor =
  (subject: Record<string, unknown>) =>
  (resources: readonly Resource[]): Resource =>
    tenantObject("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", "tenant-crb", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "tenant-crb", labels: labelsOf("acme", "team") },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [
        subject["kind"] === "ServiceAccount"
          ? { ...subject, namespace: firstTenantNamespace(resources) }
          : subject,
      ],
    })(resources);

/** A Service of the given type in the namespace of the first shared-tier quota. */
const serviceOfType =
  (type: string) =>
  (resources: readonly Resource[]): Resource => {
    const quota = targetOf(resources, SHARED_QUOTA);
    const namespace = (quota?.inputs["metadata"] as { namespace?: string } | undefined)?.namespace ?? "acme";
    return tenantObject("kubernetes:core/v1:Service", `${namespace}-${type.toLowerCase()}`, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: type.toLowerCase(), namespace, labels: labelsOf(namespace, "team") },
      spec: { type, ports: [{ port: 80 }], selector: { app: "web" } },
    })(resources);
  };

const long = (n: number) => `a${"b".repeat(n - 1)}`;

export const MUTATIONS: readonly Mutation[] = [
  // DigitalOcean: the shared rules on its resources, and its own rules
  m(
    "cluster-api-endpoint-restricted",
    "digitalocean",
    on("doksCluster"),
    set({ "controlPlaneFirewall.enabled": false }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "digitalocean",
    on("doksCluster"),
    set({ "controlPlaneFirewall.allowedAddresses": ["0.0.0.0/0"] }),
  ),
  m("cluster-auto-upgrade", "digitalocean", on("doksCluster"), set({ autoUpgrade: false })),
  m("cluster-deletion-protection", "digitalocean", on("doksCluster"), { protect: false }),
  m("doks-surge-upgrades", "digitalocean", on("doksCluster"), set({ surgeUpgrade: false })),
  m("doks-surge-upgrades", "digitalocean", on("doksCluster"), set({ maintenancePolicy: undefined })),
  m(
    "datastore-no-public-access",
    "digitalocean",
    on("doDatabaseCluster"),
    set({ privateNetworkUuid: undefined }),
  ),
  m("datastore-deletion-protection", "digitalocean", on("doDatabaseCluster"), { protect: false }),
  m("datastore-high-availability", "digitalocean", on("doDatabaseCluster"), set({ nodeCount: 1 })),
  m("do-database-trusted-sources", "digitalocean", on("doDatabaseFirewall"), { remove: true }),
  m("do-database-trusted-sources", "digitalocean", on("doDatabaseFirewall"), set({ rules: [] })),
  m(
    "do-database-trusted-sources",
    "digitalocean",
    on("doDatabaseFirewall"),
    set({ rules: [{ type: "ip_addr", value: "0.0.0.0/0" }] }),
  ),
  m("names-within-cloud-limits", "digitalocean", on("doksCluster"), set({ name: "1acme" })),
  m("names-within-cloud-limits", "digitalocean", on("doVpc"), set({ name: "acme_vpc" })),
  m("metering-labels-and-tags", "digitalocean", on("doksCluster"), set({ tags: [] }), false),
  m(
    "cloud-tags-valid",
    "digitalocean",
    on("doDatabaseCluster"),
    set({ tags: ["cloudtier-customer=acme"] }),
    false,
  ),
  // cluster-api-endpoint-restricted
  m(
    "cluster-api-endpoint-restricted",
    "aws",
    on("eksCluster"),
    set({ "vpcConfig.endpointPrivateAccess": false }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "aws",
    on("eksCluster"),
    set({ "vpcConfig.endpointPublicAccess": true, "vpcConfig.publicAccessCidrs": ["0.0.0.0/0"] }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "aws",
    on("eksCluster"),
    set({ "vpcConfig.endpointPublicAccess": true, "vpcConfig.publicAccessCidrs": undefined }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "aws",
    on("eksCluster"),
    set({
      "vpcConfig.endpointPublicAccess": true,
      "vpcConfig.publicAccessCidrs": ["0.0.0.0/1", "128.0.0.0/1"],
    }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "gcp",
    on("gkeCluster"),
    set({
      "privateClusterConfig.enablePrivateEndpoint": false,
      "masterAuthorizedNetworksConfig.cidrBlocks": [{ cidrBlock: "0.0.0.0/0" }],
    }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "gcp",
    on("gkeCluster"),
    set({ "privateClusterConfig.enablePrivateEndpoint": false, masterAuthorizedNetworksConfig: undefined }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "gcp",
    on("gkeCluster"),
    set({ "masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled": true }),
  ),
  m(
    "cluster-api-endpoint-restricted",
    "azure",
    on("aksCluster"),
    set({ "apiServerAccessProfile.authorizedIPRanges": ["0.0.0.0/0"] }),
  ),
  m("cluster-api-endpoint-restricted", "azure", on("aksCluster"), set({ apiServerAccessProfile: undefined })),
  m(
    "cluster-api-endpoint-restricted",
    "scaleway",
    on("kapsuleAcl"),
    set({ aclRules: [{ ip: "0.0.0.0/0" }], noIpAllowed: undefined }),
  ),
  m("kapsule-api-acl", "scaleway", on("kapsuleAcl"), { remove: true }),
  // cluster-private-nodes
  m("cluster-private-nodes", "aws", on("eksNodeGroup"), set({ remoteAccess: { ec2SshKey: "ops" } })),
  m(
    "cluster-private-nodes",
    "aws",
    on("awsLaunchTemplate"),
    set({ "networkInterfaces.0.associatePublicIpAddress": "true" }),
  ),
  m(
    "cluster-private-nodes",
    "gcp",
    on("gkeCluster"),
    set({ "privateClusterConfig.enablePrivateNodes": false }),
  ),
  m("cluster-private-nodes", "gcp", on("gkeNodePool"), set({ "networkConfig.enablePrivateNodes": false })),
  m(
    "cluster-private-nodes",
    "azure",
    on("aksCluster"),
    set({ "agentPoolProfiles.0.enableNodePublicIP": true }),
  ),
  m("cluster-private-nodes", "azure", on("aksAgentPool"), set({ enableNodePublicIP: true })),
  m("cluster-private-nodes", "scaleway", on("kapsuleCluster"), set({ privateNetworkId: undefined })),
  m("cluster-private-nodes", "scaleway", on("kapsulePool"), set({ publicIpDisabled: false })),
  // cluster-secrets-encryption-cmk
  m("cluster-secrets-encryption-cmk", "aws", on("eksCluster"), set({ encryptionConfig: undefined })),
  m("cluster-secrets-encryption-cmk", "aws", on("eksCluster"), set({ "encryptionConfig.resources": [] })),
  m(
    "cluster-secrets-encryption-cmk",
    "aws",
    on("eksCluster"),
    set({ "encryptionConfig.provider.keyArn": undefined }),
  ),
  m(
    "cluster-secrets-encryption-cmk",
    "gcp",
    on("gkeCluster"),
    set({ "databaseEncryption.state": "DECRYPTED" }),
  ),
  m(
    "cluster-secrets-encryption-cmk",
    "gcp",
    on("gkeCluster"),
    set({ "databaseEncryption.keyName": undefined }),
  ),
  m(
    "cluster-secrets-encryption-cmk",
    "azure",
    on("aksCluster"),
    set({ "securityProfile.azureKeyVaultKms.enabled": false }),
  ),
  m(
    "cluster-secrets-encryption-cmk",
    "azure",
    on("aksCluster"),
    set({ "securityProfile.azureKeyVaultKms.keyId": undefined }),
  ),
  // cluster-control-plane-logging, aks-audit-logs
  m(
    "cluster-control-plane-logging",
    "aws",
    on("eksCluster"),
    set({ enabledClusterLogTypes: ["api", "authenticator"] }),
  ),
  m("cluster-control-plane-logging", "aws", on("eksCluster"), set({ enabledClusterLogTypes: undefined })),
  m("cluster-control-plane-logging", "gcp", on("gkeCluster"), set({ loggingService: "none" })),
  m(
    "cluster-control-plane-logging",
    "gcp",
    on("gkeCluster"),
    set({ "loggingConfig.enableComponents": ["SYSTEM_COMPONENTS"] }),
  ),
  m("aks-audit-logs", "azure", on("azureDiagnosticSetting"), set({ "logs.0.enabled": false })),
  m("aks-audit-logs", "azure", on("azureDiagnosticSetting"), set({ "logs.0.category": "kube-apiserver" })),
  m(
    "aks-audit-logs",
    "azure",
    on("azureDiagnosticSetting"),
    set({ resourceUri: "/subscriptions/0/providers/Microsoft.ContainerService/managedClusters/other" }),
  ),
  m("aks-audit-logs", "azure", on("azureDiagnosticSetting"), { remove: true }),
  // network policy enforcement
  m(
    "cluster-network-policy-enforcement",
    "gcp",
    on("gkeCluster"),
    set({ datapathProvider: "LEGACY_DATAPATH", networkPolicy: undefined }),
  ),
  m(
    "cluster-network-policy-enforcement",
    "gcp",
    on("gkeCluster"),
    set({ datapathProvider: undefined, "networkPolicy.enabled": false }),
  ),
  m(
    "cluster-network-policy-enforcement",
    "azure",
    on("aksCluster"),
    set({ "networkProfile.networkPolicy": "none" }),
  ),
  m(
    "cluster-network-policy-enforcement",
    "azure",
    on("aksCluster"),
    set({ "networkProfile.networkPolicy": undefined }),
  ),
  m("cluster-network-policy-enforcement", "scaleway", on("kapsuleCluster"), set({ cni: "flannel" })),
  m(
    "eks-network-policy-enforcement",
    "aws",
    on("eksAddon", (r) => r.inputs["addonName"] === "vpc-cni"),
    set({ configurationValues: "{}" }),
  ),
  m(
    "eks-network-policy-enforcement",
    "aws",
    on("eksAddon", (r) => r.inputs["addonName"] === "vpc-cni"),
    { remove: true },
  ),
  // workload identity
  m("cluster-workload-identity", "gcp", on("gkeCluster"), set({ workloadIdentityConfig: undefined })),
  m("cluster-workload-identity", "azure", on("aksCluster"), set({ "oidcIssuerProfile.enabled": false })),
  m(
    "cluster-workload-identity",
    "azure",
    on("aksCluster"),
    set({ "securityProfile.workloadIdentity.enabled": false }),
  ),
  // The OIDC provider guards alone only where the Pod Identity agent (a platform's backups) is absent.
  m(
    "eks-workload-identity",
    "aws",
    on("awsOidcProvider", (_r, all) => !all.some((x) => x.inputs["addonName"] === "eks-pod-identity-agent")),
    { remove: true },
  ),
  m(
    "gke-metadata-server",
    "gcp",
    on("gkeNodePool"),
    set({ "nodeConfig.workloadMetadataConfig.mode": "GCE_METADATA" }),
  ),
  m(
    "gke-metadata-server",
    "gcp",
    on("gkeCluster"),
    set({ nodePools: [{ name: "inline", nodeConfig: { machineType: "e2-standard-8" } }] }),
  ),
  // upgrades
  m("cluster-auto-upgrade", "aws", on("eksCluster"), set({ "upgradePolicy.supportType": "EXTENDED" })),
  m("cluster-auto-upgrade", "gcp", on("gkeCluster"), set({ "releaseChannel.channel": "UNSPECIFIED" })),
  m("cluster-auto-upgrade", "gcp", on("gkeNodePool"), set({ "management.autoUpgrade": false })),
  m("cluster-auto-upgrade", "azure", on("aksCluster"), set({ "autoUpgradeProfile.upgradeChannel": "none" })),
  m(
    "cluster-auto-upgrade",
    "azure",
    on("aksCluster"),
    set({ "autoUpgradeProfile.nodeOSUpgradeChannel": "Unmanaged" }),
  ),
  m("cluster-auto-upgrade", "scaleway", on("kapsuleCluster"), set({ "autoUpgrade.enable": false })),
  // shielded nodes
  m("gke-shielded-nodes", "gcp", on("gkeCluster"), set({ enableShieldedNodes: false })),
  m(
    "gke-shielded-nodes",
    "gcp",
    on("gkeNodePool"),
    set({ "nodeConfig.shieldedInstanceConfig.enableSecureBoot": false }),
  ),
  m(
    "gke-shielded-nodes",
    "gcp",
    on("gkeNodePool"),
    set({ "nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring": false }),
  ),
  m(
    "aks-trusted-launch",
    "azure",
    on("aksCluster"),
    set({ "agentPoolProfiles.0.securityProfile.enableVTPM": false }),
  ),
  m("aks-trusted-launch", "azure", on("aksAgentPool"), set({ "securityProfile.enableSecureBoot": false })),
  // legacy auth and local accounts
  m(
    "cluster-no-legacy-auth",
    "aws",
    on("eksCluster"),
    set({ "accessConfig.authenticationMode": "API_AND_CONFIG_MAP" }),
  ),
  m("cluster-no-legacy-auth", "aws", on("eksCluster"), set({ accessConfig: undefined })),
  m("cluster-no-legacy-auth", "gcp", on("gkeCluster"), set({ enableLegacyAbac: true })),
  m(
    "cluster-no-legacy-auth",
    "gcp",
    on("gkeCluster"),
    set({ "masterAuth.clientCertificateConfig.issueClientCertificate": true }),
  ),
  m("cluster-no-legacy-auth", "azure", on("aksCluster"), set({ enableRBAC: false })),
  m("cluster-no-local-accounts", "azure", on("aksCluster"), set({ disableLocalAccounts: false })),
  m("cluster-no-local-accounts", "azure", on("aksCluster"), set({ "aadProfile.managed": false })),
  m("cluster-no-local-accounts", "azure", on("aksCluster"), set({ "aadProfile.enableAzureRBAC": false })),
  m(
    "eks-no-creator-admin",
    "aws",
    on("eksCluster"),
    set({ "accessConfig.bootstrapClusterCreatorAdminPermissions": true }),
  ),
  m("cluster-deletion-protection", "aws", on("eksCluster"), set({ deletionProtection: false })),
  m("cluster-deletion-protection", "gcp", on("gkeCluster"), set({ deletionProtection: false })),
  m("cluster-deletion-protection", "azure", on("aksCluster"), { protect: false }),
  m("cluster-deletion-protection", "scaleway", on("kapsuleCluster"), { protect: false }),
  // tenants
  m(
    "tenant-pod-security-restricted",
    "tenants",
    TENANT_NS,
    set({ "metadata.labels[pod-security.kubernetes.io/enforce]": "baseline" }),
  ),
  m(
    "tenant-pod-security-audit-warn",
    "tenants",
    TENANT_NS,
    set({ "metadata.labels[pod-security.kubernetes.io/audit]": "baseline" }),
  ),
  m("tenant-default-deny-network-policy", "tenants", DENY, { remove: true }),
  m("tenant-default-deny-network-policy", "tenants", DENY, set({ "spec.policyTypes": ["Ingress"] })),
  m(
    "tenant-default-deny-network-policy",
    "tenants",
    DENY,
    set({ "spec.podSelector": { matchLabels: { app: "web" } } }),
  ),
  m(
    "tenant-default-deny-network-policy",
    "tenants",
    DENY,
    set({ "spec.egress": [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }),
  ),
  m("tenant-resource-quota", "tenants", QUOTA, { remove: true }),
  m("tenant-resource-quota", "tenants", QUOTA, set({ "spec.hard": { pods: "10" } })),
  m("tenant-resource-quota", "tenants", QUOTA, set({ "spec.scopes": ["BestEffort"] })),
  m("tenant-resource-quota", "tenants", QUOTA, set({ "spec.hard[limits.ephemeral-storage]": undefined })),
  m("tenant-limit-range", "tenants", on("limitRange"), { remove: true }),
  m("tenant-limit-range", "tenants", on("limitRange"), set({ "spec.limits.0.defaultRequest": undefined })),
  m("tenant-limit-range", "tenants", on("limitRange"), set({ "spec.limits.0.max": { cpu: "4" } })),
  m(
    "tenant-limit-range",
    "tenants",
    on("limitRange"),
    set({ "spec.limits.0.default[ephemeral-storage]": undefined }),
  ),
  m("tenant-role-no-wildcards", "tenants", ROLE, set({ "rules.0.verbs": ["*"] })),
  m("tenant-role-no-wildcards", "tenants", ROLE, set({ "rules.0.resources": ["*"] })),
  m("tenant-role-no-wildcards", "tenants", ROLE, set({ "rules.0.apiGroups": ["*"] })),
  m("tenant-role-no-escalation-verbs", "tenants", ROLE, set({ "rules.0.verbs": ["get", "bind"] })),
  m("tenant-role-no-escalation-verbs", "tenants", ROLE, set({ "rules.0.verbs": ["escalate"] })),
  m("tenant-role-no-escalation-verbs", "tenants", ROLE, set({ "rules.0.verbs": ["impersonate"] })),
  m(
    "tenant-role-no-fence-writes",
    "tenants",
    ROLE,
    set({ "rules.0": { apiGroups: [""], resources: ["resourcequotas"], verbs: ["get", "patch"] } }),
  ),
  m(
    "tenant-role-no-fence-writes",
    "tenants",
    ROLE,
    set({
      "rules.0": { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: ["delete"] },
    }),
  ),
  m(
    "tenant-role-no-fence-writes",
    "tenants",
    ROLE,
    set({ "rules.0": { apiGroups: [""], resources: ["limitranges"], verbs: ["*"] } }),
    false,
  ),
  m(
    "tenant-bindings-namespaced",
    "tenants",
    BINDING,
    set({ roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" } }),
  ),
  m(
    "tenant-bindings-namespaced",
    "tenants",
    BINDING,
    set({ subjects: [{ kind: "ServiceAccount", name: "robot", namespace: "other" }] }),
  ),
  m("tenant-no-cluster-role-binding", "tenants", on("clusterRoleBinding"), {
    add: crbFor({ kind: "ServiceAccount", name: "ci", namespace: "acme" }),
  }),
  m(
    "tenant-no-cluster-role-binding",
    "tenants",
    on("clusterRoleBinding"),
    { add: crbFor({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bob@example.com" }) },
    false,
  ),
  m(
    "shared-tier-no-external-services",
    "tenants",
    SHARED_QUOTA,
    set({ "spec.hard[services.loadbalancers]": "2" }),
  ),
  m(
    "shared-tier-no-external-services",
    "tenants",
    SHARED_QUOTA,
    set({ "spec.hard[services.nodeports]": undefined }),
  ),
  m("shared-tier-no-external-services", "tenants", SHARED_QUOTA, { add: serviceOfType("NodePort") }),
  m("shared-tier-no-external-services", "tenants", SHARED_QUOTA, { add: serviceOfType("LoadBalancer") }),
  m(
    "tenant-default-sa-no-token",
    "tenants",
    on("serviceAccount", kubeName("default")),
    set({ automountServiceAccountToken: true }),
  ),
  m("tenant-default-sa-no-token", "tenants", on("serviceAccount", kubeName("default")), { remove: true }),
  m("tenant-workloads-restricted", "tenants", STORE, set({ [`${POD}.hostNetwork`]: true })),
  m("tenant-workloads-restricted", "tenants", STORE, set({ [`${POD}.hostPID`]: true })),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${POD}.volumes`]: [{ name: "host", hostPath: { path: "/" } }] }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${CONTAINER}.securityContext.privileged`]: true }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${CONTAINER}.securityContext.allowPrivilegeEscalation`]: undefined }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${CONTAINER}.securityContext.capabilities.drop`]: [] }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${CONTAINER}.securityContext.capabilities.add`]: ["SYS_ADMIN"] }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${CONTAINER}.securityContext.runAsNonRoot`]: false }),
  ),
  m(
    "tenant-workloads-restricted",
    "tenants",
    STORE,
    set({ [`${POD}.securityContext.seccompProfile`]: undefined }),
  ),
  m("tenant-workloads-restricted", "tenants", STORE, set({ [`${CONTAINER}.ports.0.hostPort`]: 8080 })),
  // data stores
  m("datastore-no-public-access", "aws", on("rdsInstance"), set({ publiclyAccessible: true })),
  m(
    "datastore-no-public-access",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.ipConfiguration.ipv4Enabled": true }),
  ),
  m(
    "datastore-no-public-access",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.ipConfiguration.authorizedNetworks": [{ value: "0.0.0.0/0" }] }),
  ),
  m(
    "datastore-no-public-access",
    "azure",
    on("azurePostgresServer"),
    set({ "network.publicNetworkAccess": "Enabled" }),
  ),
  m("datastore-no-public-access", "azure", on("azureRedis"), set({ publicNetworkAccess: "Enabled" })),
  m("datastore-no-public-access", "scaleway", on("scalewayDatabase"), set({ loadBalancer: {} })),
  m("datastore-no-public-access", "scaleway", on("scalewayDatabase"), set({ privateNetwork: undefined })),
  m("datastore-no-public-access", "scaleway", on("scalewayRedis"), set({ publicNetwork: { port: 6379 } })),
  m("datastore-no-public-access", "scaleway", on("scalewayRedis"), set({ privateNetworks: [] })),
  m("datastore-encryption-at-rest", "aws", on("rdsInstance"), set({ storageEncrypted: false })),
  m(
    "datastore-encryption-at-rest",
    "aws",
    on("elasticacheReplicationGroup"),
    set({ atRestEncryptionEnabled: false }),
  ),
  m("datastore-encryption-at-rest", "scaleway", on("scalewayDatabase"), set({ encryptionAtRest: false })),
  m("datastore-encryption-in-transit", "aws", on("rdsInstance"), set({ engineVersion: "14.9" })),
  m("datastore-encryption-in-transit", "aws", on("rdsParameterGroup"), set({ "parameters.0.value": "0" })),
  m(
    "datastore-encryption-in-transit",
    "aws",
    on("elasticacheReplicationGroup"),
    set({ transitEncryptionEnabled: false }),
  ),
  m(
    "datastore-encryption-in-transit",
    "aws",
    on("elasticacheReplicationGroup"),
    set({ transitEncryptionMode: "preferred" }),
  ),
  m(
    "datastore-encryption-in-transit",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.ipConfiguration.sslMode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED" }),
  ),
  m(
    "datastore-encryption-in-transit",
    "gcp",
    on("memorystoreInstance"),
    set({ transitEncryptionMode: "DISABLED" }),
  ),
  m("datastore-encryption-in-transit", "azure", on("azurePostgresConfiguration"), set({ value: "off" })),
  m("datastore-encryption-in-transit", "azure", on("azureRedis"), set({ enableNonSslPort: true })),
  m("datastore-encryption-in-transit", "azure", on("azureRedis"), set({ minimumTlsVersion: "1.0" })),
  m("datastore-encryption-in-transit", "scaleway", on("scalewayRedis"), set({ tlsEnabled: false })),
  m("datastore-backups", "aws", on("rdsInstance"), set({ backupRetentionPeriod: 0 })),
  m(
    "datastore-backups",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.backupConfiguration.enabled": false }),
  ),
  m("datastore-backups", "azure", on("azurePostgresServer"), set({ "backup.backupRetentionDays": 3 })),
  m("datastore-backups", "scaleway", on("scalewayDatabase"), set({ disableBackup: true })),
  m("cache-persistence", "aws", on("elasticacheReplicationGroup"), set({ snapshotRetentionLimit: 0 })),
  m(
    "cache-persistence",
    "gcp",
    on("memorystoreInstance"),
    set({ "persistenceConfig.persistenceMode": "DISABLED" }),
  ),
  m("cache-persistence", "azure", on("azureRedis"), set({ "redisConfiguration.rdbBackupEnabled": "false" })),
  m("datastore-deletion-protection", "aws", on("rdsInstance"), set({ deletionProtection: false })),
  m("datastore-deletion-protection", "aws", on("elasticacheReplicationGroup"), { protect: false }),
  m("datastore-deletion-protection", "gcp", on("cloudSqlInstance"), set({ deletionProtection: false })),
  m(
    "datastore-deletion-protection",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.deletionProtectionEnabled": false }),
  ),
  // Memorystore is protected by either its own flag or Pulumi's `protect`: real plans may use the other.
  m(
    "datastore-deletion-protection",
    "gcp",
    on("memorystoreInstance"),
    set({ deletionProtection: false }),
    false,
  ),
  m("datastore-deletion-protection", "azure", on("azurePostgresServer"), { protect: false }),
  m("datastore-deletion-protection", "azure", on("azureRedis"), { protect: false }),
  m("datastore-deletion-protection", "scaleway", on("scalewayDatabase"), { protect: false }),
  m("datastore-deletion-protection", "scaleway", on("scalewayRedis"), { protect: false }),
  m("datastore-high-availability", "aws", on("rdsInstance"), set({ multiAz: false })),
  m(
    "datastore-high-availability",
    "aws",
    on("elasticacheReplicationGroup"),
    set({ automaticFailoverEnabled: false }),
  ),
  m(
    "datastore-high-availability",
    "gcp",
    on("cloudSqlInstance"),
    set({ "settings.availabilityType": "ZONAL" }),
  ),
  m("datastore-high-availability", "gcp", on("memorystoreInstance"), set({ tier: "BASIC" })),
  m(
    "datastore-high-availability",
    "azure",
    on("azurePostgresServer"),
    set({ "highAvailability.mode": "Disabled" }),
  ),
  m("datastore-high-availability", "azure", on("azureRedis"), set({ "sku.name": "Basic" })),
  m("datastore-high-availability", "scaleway", on("scalewayDatabase"), set({ isHaCluster: false })),
  m("datastore-high-availability", "scaleway", on("scalewayRedis"), set({ clusterSize: 1 })),
  m("cache-authentication", "aws", on("elasticacheReplicationGroup"), set({ authToken: undefined })),
  m("cache-authentication", "gcp", on("memorystoreInstance"), set({ authEnabled: false })),
  m("cache-authentication", "azure", on("azureRedis"), set({ "redisConfiguration.authnotrequired": "true" })),
  // metering and naming
  m(
    "metering-labels-and-tags",
    "tenants",
    TENANT_NS,
    set({ "metadata.labels[cloudtier.io/tier]": undefined }),
  ),
  m("metering-labels-and-tags", "tenants", ROLE, set({ "metadata.labels": {} })),
  m("metering-labels-and-tags", "scaleway", on("kapsuleCluster"), set({ tags: [] }), false),
  m("metering-labels-and-tags", "azure", on("azureResourceGroup"), set({ tags: { owner: "x" } }), false),
  m("explicit-providers", "aws", on("eksCluster"), { providerName: null }),
  m("explicit-providers", "tenants", TENANT_NS, { providerName: "default_4_34_2" }),
  m("names-within-cloud-limits", "aws", on("eksCluster"), set({ name: long(101) })),
  m(
    "names-within-cloud-limits",
    "aws",
    on("elasticacheReplicationGroup"),
    set({ replicationGroupId: long(41) }),
  ),
  m("names-within-cloud-limits", "gcp", on("gkeCluster"), set({ name: long(41) })),
  m("names-within-cloud-limits", "azure", on("aksAgentPool"), set({ agentPoolName: "userpoolnumber1" })),
  m("names-within-cloud-limits", "azure", on("aksCluster"), set({ nodeResourceGroup: long(81) })),
  m("names-within-cloud-limits", "scaleway", on("kapsuleCluster"), set({ name: "Acme_Cluster" })),
  m(
    "names-within-cloud-limits",
    "tenants",
    on("namespace", kubeName("monitoring")),
    set({ "metadata.name": long(64) }),
    false,
  ),
  m("kubernetes-labels-valid", "tenants", ROLE, set({ "metadata.labels.team": "has spaces" })),
  m("kubernetes-labels-valid", "tenants", ROLE, set({ "metadata.labels.team": long(64) })),
  m(
    "kubernetes-labels-valid",
    "tenants",
    ROLE,
    set({ "metadata.labels": { "Bad_Prefix/team": "x" } }),
    false,
  ),
  m("cloud-tags-valid", "gcp", on("gkeCluster"), set({ "resourceLabels.Customer": "acme" })),
  m("cloud-tags-valid", "gcp", on("cloudSqlInstance"), set({ "settings.userLabels.tier": "Cloud Tier" })),
  m(
    "cloud-tags-valid",
    "aws",
    on("eksCluster"),
    set({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }),
  ),
  m("cloud-tags-valid", "aws", on("rdsInstance"), set({ "tags[aws:owner]": "x" })),
  m("cloud-tags-valid", "azure", on("azureResourceGroup"), set({ "tags.a/b": "x" })),
  // what tenants' pods may reach
  m(
    "tenant-egress-within-tier",
    "tenants",
    on("networkPolicy", kubeName("allow-same-namespace")),
    set({ "spec.egress": [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] }),
  ),
  m(
    "tenant-egress-within-tier",
    "tenants",
    on("networkPolicy", kubeName("allow-same-namespace")),
    set({ "spec.egress": [{}] }),
  ),
  m(
    "tenant-egress-within-tier",
    "tenants",
    on("networkPolicy", kubeName("allow-egress-allowlist")),
    set({ "spec.egress.0.to.0.ipBlock.cidr": "0.0.0.0/1" }),
  ),
  m(
    "tenant-egress-within-tier",
    "tenants",
    on("networkPolicy", kubeName("allow-same-namespace")),
    set({ "spec.egress": [{ to: [{ namespaceSelector: {} }] }] }),
  ),
  m(
    "tenant-egress-within-tier",
    "gcp",
    on("networkPolicy", kubeName("allow-egress-internet")),
    set({ "spec.egress.0.to.0.ipBlock.except": ["10.0.0.0/8"] }),
  ),
  m(
    "tenant-egress-within-tier",
    "scaleway",
    on("networkPolicy", kubeName("allow-postgres-egress")),
    set({ "spec.egress.0.to.0.ipBlock.cidr": "172.16.0.0/12" }),
  ),
  m(
    "tenant-egress-within-tier",
    "tenants",
    TENANT_NS,
    set({ "metadata.labels[cloudtier.io/tier]": "community" }),
    false,
  ),
  // A shared-tier namespace's own policy admits its in-cluster stores (a Cloud-tier one's are managed).
  m("tenant-datastore-reachable", "tenants", SHARED_SAME_NAMESPACE, { remove: true }),
  m(
    "tenant-datastore-reachable",
    "tenants",
    SHARED_SAME_NAMESPACE,
    set({ "spec.egress": [{ to: [{ podSelector: { matchLabels: { app: "web" } } }] }] }),
  ),

  m("tenant-datastore-reachable", "digitalocean", on("networkPolicy", kubeName("allow-postgres-egress")), {
    remove: true,
  }),
  m(
    "tenant-datastore-reachable",
    "gcp",
    on("networkPolicy", kubeName("allow-redis-egress")),
    set({ "spec.egress.0.ports": [] }),
  ),
  m(
    "tenant-datastore-reachable",
    "azure",
    on("networkPolicy", kubeName("allow-postgres-egress")),
    set({ "spec.egress.0.to.0.ipBlock.cidr": "0.0.0.0/0" }),
  ),
  // host names
  m("ingress-tenant-hosts", "tenants", on("admissionPolicy"), { remove: true }),
  m("ingress-tenant-hosts", "tenants", on("admissionPolicy"), set({ "spec.failurePolicy": "Ignore" })),
  m(
    "ingress-tenant-hosts",
    "tenants",
    on("admissionPolicy"),
    set({ "spec.matchConstraints.resourceRules.0.operations": ["CREATE"] }),
  ),
  m(
    "ingress-tenant-hosts",
    "tenants",
    on("admissionPolicyBinding"),
    set({ "spec.validationActions": ["Warn"] }),
  ),
  m("ingress-tenant-hosts", "tenants", on("admissionPolicyBinding"), set({ "spec.matchResources": {} })),
  // pod labels a tenant cannot set
  m(
    "tenant-pod-selectors-reserved",
    "tenants",
    on("networkPolicy", kubeName("postgres-egress-api")),
    set({ "spec.podSelector": { matchLabels: { "cloudtier.io/backup-agent": "true" } } }),
  ),
  m(
    "tenant-pod-selectors-reserved",
    "tenants",
    on("networkPolicy", kubeName("postgres-egress-api")),
    set({ "spec.podSelector.matchLabels.app": "db" }),
  ),
  m(
    "tenant-pod-selectors-reserved",
    "tenants",
    RESERVED_LABELS,
    set({ "metadata.annotations[cloudtier.io/reserved-pod-label-keys]": "" }),
  ),
  m("tenant-pod-selectors-reserved", "tenants", RESERVED_LABELS, { remove: true }),
  m("tenant-pod-selectors-reserved", "tenants", RESERVED_LABELS, set({ "spec.failurePolicy": "Ignore" })),
  m(
    "tenant-pod-selectors-reserved",
    "tenants",
    RESERVED_LABELS,
    set({ "spec.matchConstraints.resourceRules.2.resources": ["jobs"] }),
  ),
  m(
    "tenant-pod-selectors-reserved",
    "tenants",
    on("admissionPolicyBinding", (r) => kubeName("cloudtier-reserved-pod-labels")(r)),
    set({ "spec.validationActions": ["Audit"] }),
  ),
  // backups
  m("in-cluster-postgres-backups", "tenants", on("cnpgCluster"), set({ "spec.backup": undefined })),
  // The team tier keeps 14 days.
  m(
    "in-cluster-postgres-backups",
    "tenants",
    on("cnpgCluster", (r) => tierOf(r) === "team"),
    set({ "spec.backup.retentionPolicy": "7d" }),
  ),
  m("in-cluster-postgres-backups", "tenants", on("cnpgScheduledBackup"), { remove: true }),
  m("backup-store-protected", "aws", on("s3PublicAccessBlock"), set({ blockPublicPolicy: false })),
  m("backup-store-protected", "aws", on("s3Encryption"), { remove: true }),
  m("backup-store-protected", "aws", on("s3Lifecycle"), { remove: true }),
  m("backup-store-protected", "aws", on("s3BucketPolicy"), { remove: true }),
  m("backup-store-protected", "gcp", on("gcsBucket"), set({ publicAccessPrevention: "inherited" })),
  m("backup-store-protected", "gcp", on("gcsBucket"), set({ lifecycleRules: [] })),
  // The platform's backup accounts: a Premium cache's own snapshot account (inside its data store) needs its key.
  m(
    "backup-store-protected",
    "azure",
    on("azureStorageAccount", outsideDataStores),
    set({ allowSharedKeyAccess: true }),
  ),
  m("backup-store-protected", "azure", on("azureStorageAccount"), set({ allowBlobPublicAccess: true })),
  m("backup-store-protected", "azure", on("azureStorageLifecycle"), { remove: true }),
  m("backup-store-protected", "scaleway", on("scalewayBucket"), set({ acl: "public-read" })),
  m("backup-store-protected", "scaleway", on("scalewayBucketEncryption"), { remove: true }),
  m("backup-store-protected", "digitalocean", on("spacesBucket"), set({ lifecycleRules: [] })),
  m("backup-store-protected", "digitalocean", on("spacesBucket"), set({ acl: "public-read" })),
  // capacity
  m(
    "cluster-autoscaling",
    "aws",
    on("helmRelease", (r) => r.inputs["name"] === "cluster-autoscaler"),
    { remove: true },
  ),
  m(
    "cluster-autoscaling",
    "aws",
    on("helmRelease", (r) => r.inputs["name"] === "cluster-autoscaler"),
    set({ "values.rbac.serviceAccount.annotations": {} }),
  ),
  m("cluster-autoscaling", "aws", on("eksNodeGroup"), set({ "scalingConfig.maxSize": 1 })),
  m("cluster-autoscaling", "gcp", on("gkeNodePool"), set({ autoscaling: undefined })),
  m(
    "cluster-autoscaling",
    "azure",
    on("aksCluster"),
    set({ "agentPoolProfiles.0.enableAutoScaling": false }),
  ),
  m("cluster-autoscaling", "azure", on("aksAgentPool"), set({ maxCount: 3 })),
  m("cluster-autoscaling", "scaleway", on("kapsulePool"), set({ autoscaling: false })),
  m("cluster-autoscaling", "digitalocean", on("doksCluster"), set({ "nodePool.autoScale": false })),
];
