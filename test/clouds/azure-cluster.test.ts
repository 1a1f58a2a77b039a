import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import {
  AKS_DNS_PREFIX_MAX,
  AKS_POOL_NAMES,
  AZURE_BUILTIN_ROLES,
  AKS_LOG_CATEGORIES,
  AZURE_CLI_CLIENT_ID,
  KEY_VAULT_NAME_MAX,
  SYSTEM_POOL_TAINT,
  aksDnsPrefix,
  aksLayout,
  deployerPrincipalType,
  keyVaultName,
} from "../../clouds/azure/layout.js";
import { decodeAksKubeconfig } from "../../clouds/azure/kubeconfig.js";
import { MAINTENANCE_WINDOW } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";
import { InputError } from "../../domain/errors.js";
import { NAME_RULES, clusterNames } from "../../domain/naming.js";
import { environmentNetwork, platformNetwork } from "../../domain/network-plan.js";
import { PLATFORM_CLUSTER, TIER_SPECS } from "../../domain/tiers.js";
import { AZURE_TAGGABLE } from "../../clouds/azure/metering.js";
import { PlanMocks } from "../../planner/mocks/index.js";
import { azureMocks, MOCK_DEPLOYER_OBJECT_ID } from "../../clouds/azure/mocks.js";
import { planStacks } from "../../planner/plan.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { evaluatePolicies, mandatoryViolations } from "../../policy/evaluate.js";
import { CATALOG } from "../../regions/index.js";
import { input, ofType, oneOfType, planCustomer, planRequests } from "../support/plan.js";
import {
  assertClusterOwnsCloudResources,
  assertExplicitProviders,
  assertKubernetesThroughCluster,
  tenantNamespace,
} from "./managed-cluster-checks.js";

const REF = { cloud: "azure", region: "westeurope" } as const;
const WESTEUROPE = CATALOG.azure.regions.westeurope;
const AKS = "azure-native:containerservice:ManagedCluster";
const POOL = "azure-native:containerservice:AgentPool";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
/** Every Azure resource type the cluster component creates. */
const AZURE_CLUSTER_TYPES = [
  "azure-native:resources:ResourceGroup",
  "azure-native:network:VirtualNetwork",
  "azure-native:network:Subnet",
  "azure-native:managedidentity:UserAssignedIdentity",
  ROLE_ASSIGNMENT,
  AKS,
  POOL,
  "azure-native:containerservice:MaintenanceConfiguration",
  "azure-native:keyvault:Vault",
  "azure-native:keyvault:Key",
  "azure-native:operationalinsights:Workspace",
  "azure-native:monitor:DiagnosticSetting",
] as const;

function clusterArgs(overrides: Partial<ClusterArgs> = {}): ClusterArgs {
  const tier = TIER_SPECS.cloud;
  return {
    region: REF,
    baseName: "acme-westeurope",
    network: environmentNetwork(REF, tier.sla.zones),
    sla: tier.sla,
    nodePool: tier.nodePool,
    metering: { customer: "acme", tier: "cloud", region: REF },
    apiAllowedCidrs: [],
    ...overrides,
  };
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, `an InputError, got ${String(err)}`);
    return err;
  }
  assert.fail("no error thrown");
}

describe("AKS layout (pure)", () => {
  it("takes names, zones, versions and machines from the catalog and the naming rules", () => {
    const layout = aksLayout(clusterArgs());
    const names = Object.fromEntries(clusterNames("acme-westeurope", "azure").map((n) => [n.rule, n.name]));
    assert.equal(layout.names.resourceGroup, names["azureResourceGroup"]);
    assert.equal(layout.names.cluster, names["aksCluster"]);
    assert.equal(layout.names.nodeResourceGroup, names["aksNodeResourceGroup"]);
    assert.equal(layout.location, WESTEUROPE.id);
    assert.equal(layout.kubernetesVersion, WESTEUROPE.kubernetesVersion);
    assert.deepEqual(layout.userPool.zones, WESTEUROPE.zones.slice(0, TIER_SPECS.cloud.sla.zones));
    assert.equal(
      layout.userPool.vmSize,
      WESTEUROPE.machines[TIER_SPECS.cloud.nodePool.sizeClass].instanceType,
    );
  });

  it("sizes the user pool from the tier's per-zone bounds times the zones", () => {
    const { userPool, systemPool } = aksLayout(clusterArgs());
    const zones = TIER_SPECS.cloud.sla.zones;
    assert.equal(userPool.minCount, TIER_SPECS.cloud.nodePool.minNodesPerZone * zones);
    assert.equal(userPool.maxCount, TIER_SPECS.cloud.nodePool.maxNodesPerZone * zones);
    assert.equal(systemPool.mode, "System");
    assert.deepEqual(systemPool.nodeTaints, [SYSTEM_POOL_TAINT]);
    assert.ok(systemPool.minCount >= zones, "at least one system node per zone");
  });

  it("keeps pool names within AKS's 12 lowercase characters", () => {
    for (const name of Object.values(AKS_POOL_NAMES)) {
      assert.ok(name.length <= NAME_RULES.aksNodePool.maxLength, name);
      assert.match(name, NAME_RULES.aksNodePool.pattern);
    }
  });

  it("puts the control plane on the Standard tier only when the SLA asks for it", () => {
    assert.equal(aksLayout(clusterArgs()).skuTier, "Standard");
    assert.equal(aksLayout(clusterArgs({ sla: TIER_SPECS.developer.sla })).skuTier, "Free");
  });

  it("is a private cluster without allowed CIDRs, and authorizes exactly the given ones otherwise", () => {
    const closed = aksLayout(clusterArgs());
    assert.equal(closed.privateCluster, true);
    assert.deepEqual(closed.authorizedIpRanges, []);
    const open = aksLayout(clusterArgs({ apiAllowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"] }));
    assert.equal(open.privateCluster, false);
    assert.deepEqual(open.authorizedIpRanges, ["203.0.113.0/24", "198.51.100.7/32"]);
  });

  it("rejects API CIDRs that open the cluster to the internet or are malformed, naming the field", () => {
    const err = inputError(() =>
      aksLayout(clusterArgs({ apiAllowedCidrs: ["0.0.0.0/0", "10.0.0.1/8", "nonsense", "0.0.0.0/1"] })),
    );
    const fields = err.problems.map((p) => p.field);
    assert.deepEqual(
      fields,
      [0, 1, 2, 3].map((i) => `cloudtier:stack.cluster.apiAllowedCidrs[${i}]`),
    );
    assert.match(err.problems[0].rule, /internet/);
    assert.match(err.problems[1].fix, /10\.0\.0\.0\/8/);
  });

  it("derives the DNS service address from the plan's service range", () => {
    const layout = aksLayout(clusterArgs());
    assert.equal(layout.serviceCidr, environmentNetwork(REF, 3).services);
    assert.equal(layout.dnsServiceIp, layout.serviceCidr.replace(/\.0\/20$/, ".10"));
  });

  it("truncates the DNS prefix to AKS's 54 characters without a trailing hyphen", () => {
    const base = `${"a".repeat(40)}-germanywestcentral`;
    const prefix = aksDnsPrefix(base);
    assert.ok(prefix.length <= AKS_DNS_PREFIX_MAX);
    assert.match(prefix, /^[a-zA-Z0-9-]*[a-zA-Z0-9]$/);
    assert.equal(aksDnsPrefix("acme-westeurope"), "acme-westeurope");
  });

  it("keeps every derived name within Azure's limits for the longest customer id and region", () => {
    const base = `${"a".repeat(40)}-germanywestcentral`;
    const region = { cloud: "azure", region: "germanywestcentral" } as const;
    const layout = aksLayout(clusterArgs({ baseName: base, region, network: environmentNetwork(region, 3) }));
    assert.ok(layout.names.logWorkspace.length <= 63, layout.names.logWorkspace);
    assert.ok(layout.names.identity.length <= 128, layout.names.identity);
    assert.ok(layout.names.virtualNetwork.length <= 64, layout.names.virtualNetwork);
  });

  it("derives a Key Vault name that fits Azure's global 24-character names, per subscription", () => {
    for (const base of ["acme-westeurope", `${"a".repeat(40)}-germanywestcentral`, "a--b-westeurope"]) {
      const name = keyVaultName(base, "00000000-0000-0000-0000-000000000000");
      assert.ok(name.length >= 3 && name.length <= KEY_VAULT_NAME_MAX, name);
      assert.match(name, /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/);
    }
    assert.notEqual(keyVaultName("acme-westeurope", "sub-a"), keyVaultName("acme-westeurope", "sub-b"));
    assert.equal(keyVaultName("acme-westeurope", "sub-a"), keyVaultName("acme-westeurope", "sub-a"));
  });

  it("states the deployer's principal type: a person through the Azure CLI, anything else a service principal", () => {
    assert.equal(deployerPrincipalType(AZURE_CLI_CLIENT_ID), "User");
    assert.equal(deployerPrincipalType("3f2c0a4e-0000-4000-a000-000000000000"), "ServicePrincipal");
  });

  it("decodes the clusterUser kubeconfig and fails when AKS returns none", () => {
    const value = Buffer.from("apiVersion: v1\n").toString("base64");
    assert.equal(decodeAksKubeconfig("c", [{ name: "clusterUser", value }]), "apiVersion: v1\n");
    assert.throws(() => decodeAksKubeconfig("c", []), /no user credentials/);
  });
});

describe("azure:westeurope environment (cloud tier)", () => {
  let plan: RecordedPlan;
  let aks: PlannedResource;
  before(async () => {
    const plans = await planCustomer({ tier: "cloud", regions: ["azure:westeurope"] });
    assert.equal(plans.length, 1);
    plan = plans[0];
    aks = oneOfType(plan, AKS);
  });

  it("is the customer's environment stack", () => {
    assert.equal(plan.stack, "acme-azure-westeurope");
    assert.equal(plan.kind, "environment");
    assert.equal(plan.cloud, "azure");
  });

  it("creates the resource group, VNet and node subnet from the network plan", () => {
    const network = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
    const group = oneOfType(plan, "azure-native:resources:ResourceGroup");
    assert.equal(input(group, "resourceGroupName"), "acme-westeurope-rg");
    assert.equal(input(group, "location"), WESTEUROPE.id);
    const vnet = oneOfType(plan, "azure-native:network:VirtualNetwork");
    assert.deepEqual(input(vnet, "addressSpace.addressPrefixes"), [network.network]);
    assert.equal(input(vnet, "resourceGroupName"), "acme-westeurope-rg");
    const subnet = oneOfType(plan, "azure-native:network:Subnet");
    assert.equal(input(subnet, "addressPrefix"), network.privateSubnets[0]);
    assert.equal(input(subnet, "defaultOutboundAccess"), false);
    const subnetId = input<string>(oneOfType(plan, POOL), "vnetSubnetID");
    assert.match(subnetId, /\/virtualNetworks\/acme-westeurope-vnet\/subnets\/nodes$/);
  });

  it("locks the cluster to Entra ID and Azure RBAC, with no local accounts", () => {
    assert.equal(input(aks, "resourceName"), "acme-westeurope");
    assert.deepEqual(input(aks, "aadProfile"), { managed: true, enableAzureRBAC: true });
    assert.equal(input(aks, "disableLocalAccounts"), true);
    assert.equal(input(aks, "enableRBAC"), true);
    assert.equal(input(aks, "servicePrincipalProfile"), undefined, "no service principal secret");
    assert.equal(input(aks, "identity.type"), "UserAssigned");
    const identity = oneOfType(plan, "azure-native:managedidentity:UserAssignedIdentity");
    assert.deepEqual(input(aks, "identity.userAssignedIdentities"), [
      `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-westeurope-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${input<string>(identity, "resourceName")}`,
    ]);
  });

  it("has a private API server with no public FQDN", () => {
    assert.deepEqual(input(aks, "apiServerAccessProfile"), {
      enablePrivateCluster: true,
      enablePrivateClusterPublicFQDN: false,
    });
  });

  it("runs Azure CNI overlay with Cilium and the plan's pod and service ranges", () => {
    const network = environmentNetwork(REF, TIER_SPECS.cloud.sla.zones);
    assert.deepEqual(input(aks, "networkProfile"), {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkDataplane: "cilium",
      networkPolicy: "cilium",
      podCidr: network.pods,
      serviceCidr: network.services,
      dnsServiceIP: network.services.replace(/\.0\/20$/, ".10"),
      outboundType: "loadBalancer",
      loadBalancerSku: "standard",
    });
  });

  it("enables the OIDC issuer, workload identity, automatic upgrades and the SLA tier", () => {
    assert.equal(input(aks, "oidcIssuerProfile.enabled"), true);
    assert.equal(input(aks, "securityProfile.workloadIdentity.enabled"), true);
    assert.equal(input(aks, "autoUpgradeProfile.upgradeChannel"), "patch");
    assert.equal(input(aks, "autoUpgradeProfile.nodeOSUpgradeChannel"), "NodeImage");
    assert.deepEqual(input(aks, "sku"), { name: "Base", tier: "Standard" });
    assert.equal(input(aks, "kubernetesVersion"), WESTEUROPE.kubernetesVersion);
    assert.equal(input(aks, "nodeResourceGroup"), "acme-westeurope-nodes-rg");
    assert.equal(input(aks, "nodeResourceGroupProfile.restrictionLevel"), "ReadOnly");
  });

  it("encrypts Secrets with a key in the cluster's own purge-protected, RBAC-only Key Vault", () => {
    const vault = oneOfType(plan, "azure-native:keyvault:Vault");
    assert.equal(input(vault, "properties.enableRbacAuthorization"), true);
    assert.equal(input(vault, "properties.enablePurgeProtection"), true);
    assert.equal(input(vault, "properties.enableSoftDelete"), true);
    assert.equal(input(vault, "properties.accessPolicies"), undefined);
    const key = oneOfType(plan, "azure-native:keyvault:Key");
    assert.equal(input(key, "vaultName"), input(vault, "vaultName"));
    assert.deepEqual(input(key, "properties.keyOps"), ["encrypt", "decrypt"]);
    const kms = input<Record<string, unknown>>(aks, "securityProfile.azureKeyVaultKms");
    assert.equal(kms["enabled"], true);
    assert.match(
      String(kms["keyId"]),
      new RegExp(
        `^https://${input<string>(vault, "vaultName")}\\.vault\\.azure\\.net/keys/etcd-secrets/[0-9a-f]{32}$`,
      ),
    );
    const keyUse = ofType(plan, ROLE_ASSIGNMENT).find((g) =>
      input<string>(g, "roleDefinitionId").endsWith(AZURE_BUILTIN_ROLES.keyVaultCryptoUser),
    );
    assert.ok(keyUse, "the cluster identity may use the key");
    assert.match(input<string>(keyUse, "scope"), /\/providers\/Microsoft\.KeyVault\/vaults\/[-a-z0-9]+$/);
    assert.equal(input(keyUse, "principalType"), "ServicePrincipal");
  });

  it("ships the audit log and Entra ID sign-ins to a Log Analytics workspace", () => {
    const workspace = oneOfType(plan, "azure-native:operationalinsights:Workspace");
    const setting = oneOfType(plan, "azure-native:monitor:DiagnosticSetting");
    assert.match(input<string>(setting, "resourceUri"), /\/managedClusters\/acme-westeurope$/);
    assert.match(
      input<string>(setting, "workspaceId"),
      new RegExp(`/workspaces/${input<string>(workspace, "workspaceName")}$`),
    );
    assert.deepEqual(
      input<{ category: string; enabled: boolean }[]>(setting, "logs"),
      AKS_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
    );
    assert.ok(AKS_LOG_CATEGORIES.includes("kube-audit"), "the full audit log, reads of Secrets included");
  });

  it("passes every mandatory rule of the policy pack", async () => {
    const violations = await evaluatePolicies(plan.resources, { stack: plan.stack });
    assert.deepEqual(mandatoryViolations(violations), []);
  });

  it("schedules upgrades in the weekly maintenance window", () => {
    const configs = ofType(plan, "azure-native:containerservice:MaintenanceConfiguration");
    assert.deepEqual(configs.map((c) => input(c, "configName")).sort(), [
      "aksManagedAutoUpgradeSchedule",
      "aksManagedNodeOSUpgradeSchedule",
    ]);
    for (const c of configs) {
      assert.equal(input(c, "maintenanceWindow.schedule.weekly.dayOfWeek"), "Sunday");
      assert.equal(input(c, "maintenanceWindow.startTime"), `0${MAINTENANCE_WINDOW.startHourUtc}:00`);
      assert.equal(input(c, "maintenanceWindow.durationHours"), MAINTENANCE_WINDOW.durationHours);
    }
  });

  it("has a tainted System pool and an autoscaled User pool over the SLA's zones, in the node subnet", () => {
    const zones = WESTEUROPE.zones.slice(0, TIER_SPECS.cloud.sla.zones);
    const [system] = input<Record<string, unknown>[]>(aks, "agentPoolProfiles");
    assert.equal(system["name"], "system");
    assert.equal(system["mode"], "System");
    assert.deepEqual(system["nodeTaints"], ["CriticalAddonsOnly=true:NoSchedule"]);
    assert.deepEqual(system["availabilityZones"], zones);
    assert.equal(system["enableAutoScaling"], true);
    assert.equal(system["enableNodePublicIP"], false);
    const trusted = { enableSecureBoot: true, enableVTPM: true, sshAccess: "Disabled" };
    assert.deepEqual(system["securityProfile"], trusted);

    const user = oneOfType(plan, POOL);
    assert.equal(input(user, "agentPoolName"), "user");
    assert.equal(input(user, "mode"), "User");
    assert.equal(input(user, "resourceName"), "acme-westeurope");
    assert.deepEqual(input(user, "availabilityZones"), zones);
    assert.equal(input(user, "enableAutoScaling"), true);
    assert.equal(input(user, "minCount"), TIER_SPECS.cloud.nodePool.minNodesPerZone * zones.length);
    assert.equal(input(user, "maxCount"), TIER_SPECS.cloud.nodePool.maxNodesPerZone * zones.length);
    assert.equal(input(user, "vmSize"), WESTEUROPE.machines.large.instanceType);
    assert.equal(input(user, "enableNodePublicIP"), false);
    assert.deepEqual(input(user, "nodeTaints"), []);
    assert.deepEqual(input(user, "securityProfile"), trusted);
    assert.equal(input(user, "vnetSubnetID"), system["vnetSubnetID"]);

    for (const name of [system["name"] as string, input<string>(user, "agentPoolName")]) {
      assert.ok(name.length <= 12, `${name} fits AKS's 12 characters`);
      assert.match(name, /^[a-z][a-z0-9]*$/);
    }
  });

  it("grants the cluster identity the subnet and the deployer the cluster, with built-in roles", () => {
    const grants = ofType(plan, ROLE_ASSIGNMENT);
    const byRole = (role: string) => grants.find((g) => input<string>(g, "roleDefinitionId").endsWith(role));
    const join = byRole(AZURE_BUILTIN_ROLES.networkContributor);
    assert.ok(join);
    assert.match(input<string>(join, "scope"), /\/subnets\/nodes$/);
    assert.equal(input(join, "principalType"), "ServicePrincipal");
    const admin = byRole(AZURE_BUILTIN_ROLES.aksRbacClusterAdmin);
    assert.ok(admin);
    assert.match(input<string>(admin, "scope"), /\/managedClusters\/acme-westeurope$/);
    assert.equal(input(admin, "principalId"), MOCK_DEPLOYER_OBJECT_ID);
    assert.equal(input(admin, "principalType"), "ServicePrincipal");
  });

  it("tags every taggable resource with the metering tags", () => {
    const expected = {
      "cloudtier-customer": "acme",
      "cloudtier-tier": "cloud",
      "cloudtier-region": "azure-westeurope",
      "managed-by": "cloudtier",
    };
    const azure = plan.resources.filter((r) => (AZURE_CLUSTER_TYPES as readonly string[]).includes(r.type));
    for (const r of azure) {
      const taggable = (AZURE_TAGGABLE as Record<string, boolean>)[r.type];
      assert.notEqual(taggable, undefined, `${r.type} is listed in the metering table`);
      if (taggable) assert.deepEqual(input(r, "tags"), expected, `${r.urn} carries the metering tags`);
    }
    assert.deepEqual(input<Record<string, unknown>[]>(aks, "agentPoolProfiles")[0]["tags"], expected);
  });

  it("keeps every Azure resource and both providers inside the cluster component", () => {
    assertClusterOwnsCloudResources(plan, "cloudtier:cluster:AzureCluster", "azure-native", [
      ...AZURE_CLUSTER_TYPES,
    ]);
  });

  it("gives every resource an explicit provider, never a default one", () => {
    const azure = oneOfType(plan, "pulumi:providers:azure-native");
    assert.equal(azure.inputs["location"], WESTEUROPE.id);
    assertExplicitProviders(plan, "azure-native");
  });

  it("deploys the customer's namespace through the cluster's Kubernetes provider", () => {
    const cluster = oneOfType(plan, "cloudtier:cluster:AzureCluster");
    assertKubernetesThroughCluster(plan, cluster);
    const ns = tenantNamespace(plan, "acme");
    assert.equal(input(ns, "metadata.name"), "acme");
  });
});

describe("azure:westeurope with allowed API CIDRs", () => {
  const customer = { id: "acme", tier: "cloud" } as const;
  const config = (apiAllowedCidrs: string[]) => ({
    kind: "environment" as const,
    region: "azure:westeurope",
    cluster: { apiAllowedCidrs },
    customer,
  });

  it("exposes a public endpoint to exactly those ranges", async () => {
    const [plan] = await planRequests([
      { name: "acme-azure-westeurope", config: config(["203.0.113.0/24", "198.51.100.0/28"]) },
    ]);
    assert.deepEqual(input(oneOfType(plan, AKS), "apiServerAccessProfile"), {
      enablePrivateCluster: false,
      authorizedIPRanges: ["203.0.113.0/24", "198.51.100.0/28"],
    });
  });

  it("refuses 0.0.0.0/0 as an input error before creating anything", async () => {
    const outcome = await planStacks([{ name: "acme-azure-westeurope", config: config(["0.0.0.0/0"]) }]);
    assert.equal(outcome.plans.length, 0);
    assert.equal(outcome.errors.length, 1);
    assert.equal(outcome.errors[0].kind, "input");
    assert.match(outcome.errors[0].message, /apiAllowedCidrs\[0\].*internet/);
  });
});

describe("azure:westeurope platform stack (shared tiers)", () => {
  let plan: RecordedPlan;
  before(async () => {
    [plan] = (await planCustomer({ tier: "team", regions: ["azure:westeurope"] })) as [RecordedPlan];
  });

  it("creates the shared cluster on the platform network with the SLA tier", () => {
    assert.equal(plan.stack, "platform-azure-westeurope");
    assert.equal(plan.kind, "platform");
    const network = platformNetwork(REF, PLATFORM_CLUSTER.sla.zones);
    const vnet = oneOfType(plan, "azure-native:network:VirtualNetwork");
    assert.deepEqual(input(vnet, "addressSpace.addressPrefixes"), [network.network]);
    const aks = oneOfType(plan, AKS);
    assert.equal(input(aks, "resourceName"), "ctp-westeurope");
    assert.equal(input(aks, "sku.tier"), "Standard");
    assert.equal(input(aks, "networkProfile.podCidr"), network.pods);
    assert.equal(input(oneOfType(plan, POOL), "maxCount"), PLATFORM_CLUSTER.nodePool.maxNodesPerZone * 3);
    assertExplicitProviders(plan, "azure-native");
  });

  it("plans the tenant namespace through the cluster's Kubernetes provider", () => {
    const cluster = oneOfType(plan, "cloudtier:cluster:AzureCluster");
    assertKubernetesThroughCluster(plan, cluster);
    const ns = tenantNamespace(plan, "acme");
    assert.equal(input(ns, "metadata.name"), "acme");
    assert.equal(input<Record<string, string>>(ns, "metadata.labels")["cloudtier.io/tier"], "team");
  });
});

describe("AzureCluster outputs (mock runtime, in process)", () => {
  const outputOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

  it("gives the private endpoint, a secret Entra ID kubeconfig that points at it, and the network ids", async () => {
    await pulumi.runtime.setMocks(new PlanMocks("outputs", [azureMocks]), "cloudtier", "outputs", false);
    const { AzureCluster } = await import("../../clouds/azure/cluster.js");
    const cluster = new AzureCluster("acme-westeurope", clusterArgs());
    const [name, endpoint, kubeconfig, networkId, subnets, issuer] = await Promise.all([
      outputOf(cluster.clusterName),
      outputOf(cluster.endpoint),
      outputOf(cluster.kubeconfig),
      outputOf(cluster.networkId),
      outputOf(cluster.privateSubnetIds),
      outputOf(cluster.oidcIssuerUrl),
    ]);
    assert.equal(name, "acme-westeurope");
    assert.match(
      endpoint,
      /^https:\/\/acme-westeurope-[0-9a-f]{8}\.[-0-9a-f]{36}\.privatelink\.westeurope\.azmk8s\.io:443$/,
    );
    assert.equal(await pulumi.isSecret(cluster.kubeconfig), true, "the kubeconfig is a secret");
    const config = parse(kubeconfig) as {
      clusters: { cluster: { server: string } }[];
      users: { user: { exec?: { command: string; args: string[] }; token?: string } }[];
    };
    assert.equal(config.clusters[0].cluster.server, endpoint);
    assert.equal(config.users[0].user.exec?.command, "kubelogin", "Entra ID through kubelogin");
    assert.equal(config.users[0].user.token, undefined, "no static credential");
    assert.match(
      networkId,
      /^\/subscriptions\/0{8}-0{4}-0{4}-0{4}-0{12}\/resourceGroups\/acme-westeurope-rg\/providers\/Microsoft\.Network\/virtualNetworks\/acme-westeurope-vnet$/,
    );
    assert.deepEqual(subnets, [`${networkId}/subnets/nodes`]);
    assert.match(issuer, /^https:\/\/westeurope\.oic\.prod-aks\.azure\.com\//);
  });
});

describe("loading an azure stack", () => {
  it("loads only the azure-native modules it uses, and no other cloud's SDK", () => {
    const runStack = fileURLToPath(new URL("../../planner/run-stack.ts", import.meta.url));
    const script = `
      import { createRequire } from "node:module";
      const { runStack } = await import(${JSON.stringify(runStack)});
      await runStack({ name: "acme-azure-westeurope", config: { kind: "environment", region: "azure:westeurope", customer: { id: "acme", tier: "cloud" } } });
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const loaded = JSON.parse(child.stdout.trim().split("\n").pop()!) as string[];
    const sdk = (pattern: RegExp) => loaded.filter((path) => pattern.test(path));
    assert.deepEqual(sdk(/node_modules\/@pulumi\/(aws|gcp)\//), []);
    assert.deepEqual(sdk(/node_modules\/@pulumiverse\/scaleway\//), []);
    const azure = sdk(/node_modules\/@pulumi\/azure-native\//);
    assert.ok(azure.length > 0, "azure-native is loaded");
    assert.ok(
      !azure.some((path) => path.endsWith("@pulumi/azure-native/index.js")),
      "the package root (every Azure service) is not loaded",
    );
    // The cluster's, the data stores' and the cluster services' classes (identity, role assignment), one
    // file each with the package's shared helpers: a few dozen of its thousands.
    assert.ok(azure.length < 35, `${azure.length} azure-native modules loaded`);
  });
});
