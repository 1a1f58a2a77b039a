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
import type { UserAssignedIdentityArgs } from "@pulumi/azure-native/managedidentity/userAssignedIdentity.js";
import type { DiagnosticSettingArgs } from "@pulumi/azure-native/monitor/diagnosticSetting.js";
import type { SubnetArgs } from "@pulumi/azure-native/network/subnet.js";
import type { VirtualNetworkArgs } from "@pulumi/azure-native/network/virtualNetwork.js";
import type { WorkspaceArgs } from "@pulumi/azure-native/operationalinsights/workspace.js";
import type { ResourceGroupArgs } from "@pulumi/azure-native/resources/resourceGroup.js";
import type { PlannedResource } from "../types.js";
import type { MeteringReader } from "./types.js";

/** `true` exactly when the SDK's args type has a `tags` input: the table below fails to compile otherwise. */
type Taggable<Args> = "tags" extends keyof Args ? true : false;

/**
 * Whether each azure-native resource type cloudtier creates accepts tags, checked against the SDK's
 * input types. A type missing here is treated as taggable, so a new resource is metered (or listed here
 * as untaggable) rather than silently skipped.
 */
export const AZURE_TAGGABLE = {
  "azure-native:resources:ResourceGroup": true satisfies Taggable<ResourceGroupArgs>,
  "azure-native:network:VirtualNetwork": true satisfies Taggable<VirtualNetworkArgs>,
  "azure-native:network:Subnet": false satisfies Taggable<SubnetArgs>,
  "azure-native:managedidentity:UserAssignedIdentity": true satisfies Taggable<UserAssignedIdentityArgs>,
  "azure-native:authorization:RoleAssignment": false satisfies Taggable<RoleAssignmentArgs>,
  "azure-native:containerservice:ManagedCluster": true satisfies Taggable<ManagedClusterArgs>,
  "azure-native:containerservice:AgentPool": true satisfies Taggable<AgentPoolArgs>,
  "azure-native:containerservice:MaintenanceConfiguration":
    false satisfies Taggable<MaintenanceConfigurationArgs>,
  "azure-native:keyvault:Vault": true satisfies Taggable<VaultArgs>,
  "azure-native:keyvault:Key": true satisfies Taggable<KeyArgs>,
  "azure-native:operationalinsights:Workspace": true satisfies Taggable<WorkspaceArgs>,
  "azure-native:monitor:DiagnosticSetting": false satisfies Taggable<DiagnosticSettingArgs>,
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
