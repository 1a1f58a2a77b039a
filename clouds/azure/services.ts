/**
 * Azure's part of a cluster's services: external-dns in Azure DNS as a user-assigned identity federated
 * with its Kubernetes service account (Entra Workload ID), a `DNS Zone Contributor` on the configured
 * zone only. AKS's node pools scale themselves (the cluster autoscaler AKS runs, within each pool's
 * minimum and maximum): no cluster autoscaler is installed.
 */
import { getClientConfigOutput } from "@pulumi/azure-native/authorization/getClientConfig.js";
import { RoleAssignment } from "@pulumi/azure-native/authorization/roleAssignment.js";
import { FederatedIdentityCredential } from "@pulumi/azure-native/managedidentity/federatedIdentityCredential.js";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity/userAssignedIdentity.js";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { meteringLabels, meteringTags } from "../../components/labels.js";
import { OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
import { type CloudServicesModule } from "../../components/platform/services.js";
import { regionSpec } from "../../regions/index.js";
import { AzureCluster } from "./cluster.js";
import { parseVnetId } from "./datastores.js";

/** Built-in roles the services are granted (Azure's fixed role definition ids). */
export const SERVICE_ROLES = {
  /** Manage the records of one DNS zone. */
  dnsZoneContributor: "befefa01-2a29-4197-83a8-272ff33ce314",
  /** Read, write and delete blobs of the scope (one container). */
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

/** The audience Entra ID expects of Kubernetes service-account tokens it exchanges. */
export const AZURE_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

export const role = (subscription: pulumi.Input<string>, id: string) =>
  pulumi.interpolate`/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

export function aksCluster(ctx: { readonly name: string; readonly cluster: unknown }): AzureCluster {
  if (!(ctx.cluster instanceof AzureCluster))
    throw new Error(`${ctx.name}: not an AKS cluster of this stack`);
  return ctx.cluster;
}

export const azureServices: CloudServicesModule = {
  create: (ctx) => {
    const cluster = aksCluster(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const client = getClientConfigOutput(child);
    const group = cluster.networkId.apply((id) => parseVnetId(id).resourceGroup);
    const location = regionSpec(ctx.region).id;
    const tags = meteringTags(ctx.metering);
    let externalDns;
    const dns = ctx.ingress.dns;
    if (dns?.azureResourceGroup) {
      const identity = new UserAssignedIdentity(
        `${ctx.name}-external-dns`,
        { resourceGroupName: group, resourceName: `${ctx.baseName}-dns`, location, tags },
        child,
      );
      const federation = new FederatedIdentityCredential(
        `${ctx.name}-external-dns-federation`,
        {
          resourceGroupName: group,
          resourceName: identity.name,
          federatedIdentityCredentialResourceName: "external-dns",
          issuer: cluster.oidcIssuerUrl,
          subject: `system:serviceaccount:${OPERATOR_NAMESPACES.externalDns}:external-dns`,
          audiences: [AZURE_TOKEN_AUDIENCE],
        },
        child,
      );
      const zoneId = pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${dns.azureResourceGroup}/providers/Microsoft.Network/dnszones/${dns.zone}`;
      const grant = new RoleAssignment(
        `${ctx.name}-external-dns-zone`,
        {
          scope: zoneId,
          principalId: identity.principalId,
          principalType: "ServicePrincipal",
          roleDefinitionId: role(client.subscriptionId, SERVICE_ROLES.dnsZoneContributor),
        },
        child,
      );
      // external-dns reads its Azure settings from a file: the namespace and the file's Secret come first.
      const namespace = new k8s.core.v1.Namespace(
        `${ctx.name}-external-dns-ns`,
        { metadata: { name: OPERATOR_NAMESPACES.externalDns, labels: meteringLabels(ctx.metering) } },
        { parent: ctx.parent, provider: cluster.provider },
      );
      const config = new k8s.core.v1.Secret(
        `${ctx.name}-external-dns-azure`,
        {
          metadata: {
            name: "external-dns-azure",
            namespace: namespace.metadata.name,
            labels: meteringLabels(ctx.metering),
          },
          stringData: {
            "azure.json": pulumi
              .all([client.tenantId, client.subscriptionId])
              .apply(([tenantId, subscriptionId]) =>
                JSON.stringify({
                  tenantId,
                  subscriptionId,
                  resourceGroup: dns.azureResourceGroup,
                  useWorkloadIdentityExtension: true,
                }),
              ),
          },
        },
        { parent: ctx.parent, provider: cluster.provider },
      );
      externalDns = {
        values: {
          provider: { name: "azure" },
          podLabels: { "azure.workload.identity/use": "true" },
          serviceAccount: { annotations: { "azure.workload.identity/client-id": identity.clientId } },
          extraVolumes: [{ name: "azure-config", secret: { secretName: "external-dns-azure" } }],
          extraVolumeMounts: [{ name: "azure-config", mountPath: "/etc/kubernetes", readOnly: true }],
        },
        dependsOn: [federation, grant, config],
      };
    }
    return externalDns ? { externalDns } : {};
  },
};
