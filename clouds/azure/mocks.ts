/**
 * The azure-native provider as the planner's mocks answer it: ARM resource ids, the names Azure reports
 * back, and the computed outputs the cluster program reads (API server FQDNs, OIDC issuer, identity
 * principals, user credentials).
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { CallMock, IdFactory, OutputMock, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** The subscription and tenant every planned resource lives in. */
export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";
/** Object id of the identity running the deployment, as `getClientConfig` reports it. */
export const MOCK_DEPLOYER_OBJECT_ID = "22222222-2222-2222-2222-222222222222";
/** The deployment's service principal (client) id. */
const MOCK_DEPLOYER_CLIENT_ID = "33333333-3333-3333-3333-333333333333";
/** The Entra ID application of the AKS API server; `kubelogin` asks for tokens with this audience. */
const AKS_AAD_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** The public client application AKS puts in its exec kubeconfigs for `kubelogin`. */
const AKS_AAD_CLIENT_APP_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

type Args = pulumi.runtime.MockResourceArgs;

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function hexOf(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function str(inputs: Record<string, unknown>, key: string): string | undefined {
  const value = inputs[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The resource's own name input, or what azure-native autonaming would give it. */
function nameInput(args: Args, key: string, ids: IdFactory): string {
  return str(args.inputs as Record<string, unknown>, key) ?? `${args.name}${ids.hex(8)}`;
}

const groupId = (group: string) => `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${group}`;

function inGroup(args: Args, provider: string, path: string): string {
  const group = str(args.inputs as Record<string, unknown>, "resourceGroupName") ?? "unknown-rg";
  return `${groupId(group)}/providers/${provider}/${path}`;
}

const clusterPath = (args: Args) =>
  `managedClusters/${str(args.inputs as Record<string, unknown>, "resourceName") ?? args.name}`;

/** The last segment of an ARM id is the name Azure reports for the resource. */
const lastSegment = (id: string) => id.slice(id.lastIndexOf("/") + 1);

const ids: NonNullable<ProviderMocks["ids"]> = {
  [TYPE.azureResourcesResourceGroup]: (a, h) => groupId(nameInput(a, "resourceGroupName", h)),
  [TYPE.azureNetworkVirtualNetwork]: (a, h) =>
    inGroup(a, "Microsoft.Network", `virtualNetworks/${nameInput(a, "virtualNetworkName", h)}`),
  [TYPE.azureNetworkSubnet]: (a, h) =>
    inGroup(
      a,
      "Microsoft.Network",
      `virtualNetworks/${nameInput(a, "virtualNetworkName", h)}/subnets/${nameInput(a, "subnetName", h)}`,
    ),
  [TYPE.azureManagedidentityUserAssignedIdentity]: (a, h) =>
    inGroup(a, "Microsoft.ManagedIdentity", `userAssignedIdentities/${nameInput(a, "resourceName", h)}`),
  [TYPE.azureContainerserviceManagedCluster]: (a, h) =>
    inGroup(a, "Microsoft.ContainerService", `managedClusters/${nameInput(a, "resourceName", h)}`),
  [TYPE.azureContainerserviceAgentPool]: (a, h) =>
    inGroup(
      a,
      "Microsoft.ContainerService",
      `${clusterPath(a)}/agentPools/${nameInput(a, "agentPoolName", h)}`,
    ),
  [TYPE.azureContainerserviceMaintenanceConfiguration]: (a, h) =>
    inGroup(
      a,
      "Microsoft.ContainerService",
      `${clusterPath(a)}/maintenanceConfigurations/${nameInput(a, "configName", h)}`,
    ),
  [TYPE.azureKeyvaultVault]: (a, h) =>
    inGroup(a, "Microsoft.KeyVault", `vaults/${nameInput(a, "vaultName", h)}`),
  [TYPE.azureKeyvaultKey]: (a, h) =>
    inGroup(
      a,
      "Microsoft.KeyVault",
      `vaults/${nameInput(a, "vaultName", h)}/keys/${nameInput(a, "keyName", h)}`,
    ),
  [TYPE.azureOperationalinsightsWorkspace]: (a, h) =>
    inGroup(a, "Microsoft.OperationalInsights", `workspaces/${nameInput(a, "workspaceName", h)}`),
  [TYPE.azureMonitorDiagnosticSetting]: (a, h) =>
    `${str(a.inputs as Record<string, unknown>, "resourceUri") ?? groupId("unknown-rg")}/providers/Microsoft.Insights/diagnosticSettings/${nameInput(a, "name", h)}`,
  [TYPE.azureAuthorizationRoleAssignment]: (a, h) => {
    const scope = str(a.inputs as Record<string, unknown>, "scope") ?? groupId("unknown-rg");
    const name = str(a.inputs as Record<string, unknown>, "roleAssignmentName") ?? uuid(h.hex(32));
    return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  },
};

/** API server FQDNs of the clusters registered so far, so the credentials they hand out point at them. */
const clusterHosts = new Map<string, { fqdn: string; privateFqdn?: string }>();

function clusterOutputs(args: Args, h: IdFactory): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  const name = str(inputs, "resourceName") ?? args.name;
  const group = str(inputs, "resourceGroupName") ?? "unknown-rg";
  const location = str(inputs, "location") ?? "westeurope";
  const prefix = str(inputs, "dnsPrefix") ?? name;
  const hash = h.hex(8);
  const access = (inputs["apiServerAccessProfile"] ?? {}) as Record<string, unknown>;
  const isPrivate = access["enablePrivateCluster"] === true;
  const publicFqdn = !isPrivate || access["enablePrivateClusterPublicFQDN"] !== false;
  const fqdn = `${prefix}-${hash}.hcp.${location}.azmk8s.io`;
  const privateFqdn = `${prefix}-${hash}.${uuid(hexOf(`${group}/${name}#private`, 32))}.privatelink.${location}.azmk8s.io`;
  clusterHosts.set(`${group}/${name}`, { fqdn, ...(isPrivate ? { privateFqdn } : {}) });
  return {
    ...(publicFqdn ? { fqdn } : {}),
    ...(isPrivate ? { privateFQDN: privateFqdn } : {}),
    azurePortalFQDN: `${prefix}-${hash}.portal.hcp.${location}.azmk8s.io`,
    currentKubernetesVersion: `${str(inputs, "kubernetesVersion") ?? "1.35"}.5`,
    maxAgentPools: 100,
    powerState: { code: "Running" },
    resourceUID: h.hex(24),
    oidcIssuerProfile: {
      ...(inputs["oidcIssuerProfile"] ?? {}),
      issuerURL: `https://${location}.oic.prod-aks.azure.com/${MOCK_TENANT_ID}/${uuid(hexOf(`${group}/${name}#oidc`, 32))}/`,
    },
  };
}

function arm(type: string, extra?: OutputMock): OutputMock {
  return (args, h) => ({
    name: lastSegment(ids[args.type](args, h)),
    type,
    provisioningState: "Succeeded",
    ...(extra ? extra(args, h) : {}),
  });
}

const outputs: Record<string, OutputMock> = {
  [TYPE.azureResourcesResourceGroup]: arm("Microsoft.Resources/resourceGroups"),
  [TYPE.azureNetworkVirtualNetwork]: arm("Microsoft.Network/virtualNetworks", (_a, h) => ({
    resourceGuid: uuid(h.hex(32)),
    etag: `W/"${uuid(h.hex(32))}"`,
  })),
  [TYPE.azureNetworkSubnet]: arm("Microsoft.Network/virtualNetworks/subnets"),
  [TYPE.azureManagedidentityUserAssignedIdentity]: arm(
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    (a) => ({
      principalId: uuid(hexOf(`${a.name}/principal`, 32)),
      clientId: uuid(hexOf(`${a.name}/client`, 32)),
      tenantId: MOCK_TENANT_ID,
    }),
  ),
  [TYPE.azureContainerserviceManagedCluster]: arm(
    "Microsoft.ContainerService/ManagedClusters",
    clusterOutputs,
  ),
  [TYPE.azureContainerserviceAgentPool]: arm("Microsoft.ContainerService/managedClusters/agentPools", () => ({
    currentOrchestratorVersion: "1.35.5",
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202611.01.0",
    powerState: { code: "Running" },
  })),
  [TYPE.azureContainerserviceMaintenanceConfiguration]: arm(
    "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
  ),
  [TYPE.azureKeyvaultVault]: arm("Microsoft.KeyVault/vaults", (a, h) => ({
    properties: {
      ...((a.inputs as Record<string, unknown>)["properties"] as Record<string, unknown>),
      vaultUri: `https://${nameInput(a, "vaultName", h)}.vault.azure.net/`,
      provisioningState: "Succeeded",
    },
  })),
  [TYPE.azureKeyvaultKey]: arm("Microsoft.KeyVault/vaults/keys", (a, h) => {
    const keyUri = `https://${nameInput(a, "vaultName", h)}.vault.azure.net/keys/${nameInput(a, "keyName", h)}`;
    return { keyUri, keyUriWithVersion: `${keyUri}/${h.hex(32)}` };
  }),
  [TYPE.azureOperationalinsightsWorkspace]: arm("Microsoft.OperationalInsights/workspaces", (a) => ({
    customerId: uuid(hexOf(`${a.name}/workspace`, 32)),
  })),
  [TYPE.azureMonitorDiagnosticSetting]: arm("Microsoft.Insights/diagnosticSettings"),
  [TYPE.azureAuthorizationRoleAssignment]: arm("Microsoft.Authorization/roleAssignments", (a) => ({
    principalType: (a.inputs as Record<string, unknown>)["principalType"] ?? "ServicePrincipal",
  })),
};

/** An Entra ID kubeconfig as AKS returns it in the `exec` format: no secret in it, `kubelogin` gets tokens. */
export function aksUserKubeconfig(group: string, name: string): string {
  const host = clusterHosts.get(`${group}/${name}`);
  const server = host?.privateFqdn ?? host?.fqdn ?? `${name}-${hexOf(`${group}/${name}`, 8)}.hcp.azmk8s.io`;
  const user = `clusterUser_${group}_${name}`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      {
        name,
        cluster: {
          "certificate-authority-data": Buffer.from(`mock CA of ${name}`).toString("base64"),
          server: `https://${server}:443`,
        },
      },
    ],
    contexts: [{ name, context: { cluster: name, user } }],
    "current-context": name,
    users: [
      {
        name: user,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "kubelogin",
            args: [
              "get-token",
              "--login",
              "devicecode",
              "--server-id",
              AKS_AAD_SERVER_APP_ID,
              "--client-id",
              AKS_AAD_CLIENT_APP_ID,
              "--tenant-id",
              MOCK_TENANT_ID,
              "--environment",
              "AzurePublicCloud",
            ],
            env: null,
            provideClusterInfo: false,
          },
        },
      },
    ],
  });
}

const calls: Record<string, CallMock> = {
  "azure-native:authorization:getClientConfig": () => ({
    clientId: MOCK_DEPLOYER_CLIENT_ID,
    objectId: MOCK_DEPLOYER_OBJECT_ID,
    subscriptionId: MOCK_SUBSCRIPTION_ID,
    tenantId: MOCK_TENANT_ID,
  }),
  "azure-native:containerservice:listManagedClusterUserCredentials": (args) => {
    const inputs = args.inputs as Record<string, unknown>;
    const group = str(inputs, "resourceGroupName");
    const name = str(inputs, "resourceName");
    if (!group || !name)
      throw new Error("listManagedClusterUserCredentials needs resourceGroupName and resourceName");
    if (str(inputs, "format") !== "exec") {
      throw new Error("the cluster has local accounts disabled: ask for its credentials in the exec format");
    }
    return {
      kubeconfigs: [
        { name: "clusterUser", value: Buffer.from(aksUserKubeconfig(group, name)).toString("base64") },
      ],
    };
  },
};

/** Ids, computed outputs and provider functions of the azure provider, as the planner's mocks answer them. */
export const azureMocks: ProviderMocks = { ids, outputs, calls };
