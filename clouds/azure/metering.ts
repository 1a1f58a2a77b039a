/**
 * Metering tags of azure-native resources. azure-native has no provider-level default tags, so every
 * taggable resource must carry the tags in its own `tags` input.
 */
import type { RoleAssignmentArgs } from "@pulumi/azure-native/authorization/roleAssignment.js";
import type { AgentPoolArgs } from "@pulumi/azure-native/containerservice/agentPool.js";
import type { MaintenanceConfigurationArgs } from "@pulumi/azure-native/containerservice/maintenanceConfiguration.js";
import type { ManagedClusterArgs } from "@pulumi/azure-native/containerservice/managedCluster.js";
import type { KeyArgs } from "@pulumi/azure-native/keyvault/key.js";
import type { VaultArgs } from "@pulumi/azure-native/keyvault/vault.js";
import type { FederatedIdentityCredentialArgs } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential.js";
import type { UserAssignedIdentityArgs } from "@pulumi/azure-native/managedidentity/userAssignedIdentity.js";
import type { BlobContainerArgs } from "@pulumi/azure-native/storage/blobContainer.js";
import type { ManagementPolicyArgs } from "@pulumi/azure-native/storage/managementPolicy.js";
import type { StorageAccountArgs } from "@pulumi/azure-native/storage/storageAccount.js";
import type { DiagnosticSettingArgs } from "@pulumi/azure-native/monitor/diagnosticSetting.js";
import type { SubnetArgs } from "@pulumi/azure-native/network/subnet.js";
import type { VirtualNetworkArgs } from "@pulumi/azure-native/network/virtualNetwork.js";
import type { WorkspaceArgs } from "@pulumi/azure-native/operationalinsights/workspace.js";
import type { ResourceGroupArgs } from "@pulumi/azure-native/resources/resourceGroup.js";
import type { PlannedResource } from "../../planner/types.js";
import type { MeteringReader } from "../../analysis/metering/types.js";
import { TYPE } from "../tokens.js";

/** `true` exactly when the SDK's args type has a `tags` input: the table below fails to compile otherwise. */
type Taggable<Args> = "tags" extends keyof Args ? true : false;

/**
 * Whether each azure-native resource type cloudtier creates accepts tags, checked against the SDK's
 * input types. A type missing here is treated as taggable, so a new resource is metered (or listed here
 * as untaggable) rather than silently skipped.
 */
export const AZURE_TAGGABLE = {
  [TYPE.azureResourcesResourceGroup]: true satisfies Taggable<ResourceGroupArgs>,
  [TYPE.azureNetworkVirtualNetwork]: true satisfies Taggable<VirtualNetworkArgs>,
  [TYPE.azureNetworkSubnet]: false satisfies Taggable<SubnetArgs>,
  [TYPE.azureManagedidentityUserAssignedIdentity]: true satisfies Taggable<UserAssignedIdentityArgs>,
  [TYPE.azureAuthorizationRoleAssignment]: false satisfies Taggable<RoleAssignmentArgs>,
  [TYPE.azureContainerserviceManagedCluster]: true satisfies Taggable<ManagedClusterArgs>,
  [TYPE.azureContainerserviceAgentPool]: true satisfies Taggable<AgentPoolArgs>,
  [TYPE.azureContainerserviceMaintenanceConfiguration]:
    false satisfies Taggable<MaintenanceConfigurationArgs>,
  [TYPE.azureKeyvaultVault]: true satisfies Taggable<VaultArgs>,
  [TYPE.azureKeyvaultKey]: true satisfies Taggable<KeyArgs>,
  [TYPE.azureOperationalinsightsWorkspace]: true satisfies Taggable<WorkspaceArgs>,
  [TYPE.azureMonitorDiagnosticSetting]: false satisfies Taggable<DiagnosticSettingArgs>,
  [TYPE.azureManagedidentityFederatedIdentityCredential]:
    false satisfies Taggable<FederatedIdentityCredentialArgs>,
  [TYPE.azureStorageStorageAccount]: true satisfies Taggable<StorageAccountArgs>,
  [TYPE.azureStorageBlobContainer]: false satisfies Taggable<BlobContainerArgs>,
  [TYPE.azureStorageManagementPolicy]: false satisfies Taggable<ManagementPolicyArgs>,
} as const satisfies Readonly<Record<string, boolean>>;

function isTaggable(resource: PlannedResource): boolean {
  const known = (AZURE_TAGGABLE as Readonly<Record<string, boolean>>)[resource.type];
  return known ?? true;
}

function tagsOf(resource: PlannedResource): Record<string, string> {
  const tags = resource.inputs["tags"];
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return {};
  return Object.fromEntries(
    Object.entries(tags as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}

/** Metering tags of azure resources. */
export const azureMetering: MeteringReader = {
  prefix: "azure-native:",
  isTaggable,
  tagsOf,
};
