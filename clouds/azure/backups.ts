/**
 * Azure's object store of the in-cluster stores' backups: a storage account (TLS 1.2, HTTPS only, no public
 * blobs, no shared keys, Microsoft-managed encryption, lifecycle rules) with a container per tenant that
 * only the tenant's own identity, federated with its Postgres service accounts, may write.
 */
import { createHash } from "node:crypto";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig.js";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment.js";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential.js";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity.js";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider.js";
import { BlobContainer } from "@pulumi/azure-native/storage/blobContainer.js";
import { ManagementPolicy } from "@pulumi/azure-native/storage/managementPolicy.js";
import { StorageAccount } from "@pulumi/azure-native/storage/storageAccount.js";
import * as pulumi from "@pulumi/pulumi";
import {
  BACKUP_SERVICE_ACCOUNTS,
  type BackupStoreRef,
  type CloudBackupsModule,
  lifecycleExpiryDays,
  providerOf,
} from "../../components/datastore/backups.js";
import { meteringTags } from "../../components/labels.js";
import { regionSpec } from "../../regions/index.js";
import { parseVnetId } from "./datastores.js";
import { AZURE_TOKEN_AUDIENCE, SERVICE_ROLES, aksCluster, role } from "./services.js";

/** A storage account name: 3-24 lowercase letters and digits, unique in Azure, stable for a cluster. */
export function backupAccountName(base: string, subscriptionId: string): string {
  return `ctb${createHash("sha256").update(`${subscriptionId}/${base}`).digest("hex").slice(0, 21)}`;
}

/** A tenant's container: a name of at least three characters whatever the tenant's id. */
export function tenantContainer(tenant: string): string {
  return `t-${tenant}`;
}

export const azureBackups: CloudBackupsModule = {
  store: (ctx): BackupStoreRef => {
    const cluster = aksCluster(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const client = getClientConfigOutput(child);
    const group = cluster.networkId.apply((id) => parseVnetId(id).resourceGroup);
    const location = regionSpec(ctx.region).id;
    const tags = meteringTags(ctx.metering);
    const account = new StorageAccount(
      `${ctx.name}-backups`,
      {
        resourceGroupName: group,
        accountName: client.subscriptionId.apply((s) => backupAccountName(ctx.baseName, s)),
        location,
        kind: "StorageV2",
        // Zone-redundant: the backups outlive a zone, like the platform's cluster.
        sku: { name: "Standard_ZRS" },
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Entra ID only: no account key can reach the blobs.
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        tags,
      },
      // The tenants' backups: removing the account takes an explicit unprotect first.
      { ...child, protect: true },
    );
    new ManagementPolicy(
      `${ctx.name}-backups-lifecycle`,
      {
        resourceGroupName: group,
        accountName: account.name,
        managementPolicyName: "default",
        policy: {
          rules: [
            {
              name: "expire-past-retention",
              enabled: true,
              type: "Lifecycle",
              definition: {
                filters: { blobTypes: ["blockBlob"] },
                actions: {
                  baseBlob: { delete: { daysAfterModificationGreaterThan: lifecycleExpiryDays() } },
                },
              },
            },
          ],
        },
      },
      { ...child, parent: account },
    );
    return {
      name: account.name,
      // Each tenant's identity is federated with the issuer of the cluster's service-account tokens.
      details: pulumi
        .all([account.id, group, client.subscriptionId, cluster.oidcIssuerUrl])
        .apply(([accountId, resourceGroup, subscriptionId, issuer]): Record<string, string> => ({
          accountId,
          resourceGroup,
          subscriptionId,
          location,
          issuer,
        })),
    };
  },
  tenant: (ctx) => {
    const child = { parent: ctx.parent, provider: providerOf(ctx) };
    const details = ctx.store.details;
    const group = details.apply((d) => d["resourceGroup"] ?? "");
    const container = new BlobContainer(
      `${ctx.name}-container`,
      {
        resourceGroupName: group,
        accountName: ctx.store.name,
        containerName: tenantContainer(ctx.tenant),
        publicAccess: "None",
      },
      // The tenant's backups: removing them takes an explicit unprotect first.
      { ...child, protect: true },
    );
    const identity = new UserAssignedIdentity(
      `${ctx.name}-identity`,
      {
        resourceGroupName: group,
        resourceName: `${ctx.tenant}-backups`,
        location: details.apply((d) => d["location"] ?? ""),
        tags: meteringTags(ctx.metering),
      },
      child,
    );
    const federations = BACKUP_SERVICE_ACCOUNTS.map(
      (serviceAccount) =>
        new FederatedIdentityCredential(
          `${ctx.name}-${serviceAccount}`,
          {
            resourceGroupName: group,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: serviceAccount,
            issuer: details.apply((d) => d["issuer"] ?? ""),
            subject: `system:serviceaccount:${ctx.tenant}:${serviceAccount}`,
            audiences: [AZURE_TOKEN_AUDIENCE],
          },
          child,
        ),
    );
    const grant = new RoleAssignment(
      `${ctx.name}-grant`,
      {
        scope: pulumi.interpolate`${details.apply((d) => d["accountId"] ?? "")}/blobServices/default/containers/${container.name}`,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: role(
          details.apply((d) => d["subscriptionId"] ?? ""),
          SERVICE_ROLES.storageBlobDataContributor,
        ),
      },
      child,
    );
    return {
      destinationPath: pulumi.interpolate`https://${ctx.store.name}.blob.core.windows.net/${container.name}/`,
      credentials: { kind: "azure-ad" },
      serviceAccountAnnotations: { "azure.workload.identity/client-id": identity.clientId },
      podLabels: { "azure.workload.identity/use": "true" },
      dependsOn: [...federations, grant],
    };
  },
  provider: (name, region) => new AzureProvider(name, { location: regionSpec(region).id }),
};
