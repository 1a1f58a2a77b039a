/**
 * Metering tags of the managed data stores' Azure resources: `tags` maps. Consulted before the
 * cluster's reader (`metering.ts`).
 */
import type { ManagementLockAtResourceGroupLevelArgs } from "@pulumi/azure-native/authorization/managementLockAtResourceGroupLevel.js";
import type { ConfigurationArgs } from "@pulumi/azure-native/dbforpostgresql/configuration.js";
import type { DatabaseArgs as AzurePgDatabaseArgs } from "@pulumi/azure-native/dbforpostgresql/database.js";
import type { ServerArgs } from "@pulumi/azure-native/dbforpostgresql/server.js";
import type { PrivateDnsZoneGroupArgs } from "@pulumi/azure-native/network/privateDnsZoneGroup.js";
import type { PrivateEndpointArgs } from "@pulumi/azure-native/network/privateEndpoint.js";
import type { SubnetArgs as AzureSubnetArgs } from "@pulumi/azure-native/network/subnet.js";
import type { PrivateZoneArgs } from "@pulumi/azure-native/privatedns/privateZone.js";
import type { VirtualNetworkLinkArgs } from "@pulumi/azure-native/privatedns/virtualNetworkLink.js";
import type { RedisArgs } from "@pulumi/azure-native/redis/redis.js";
import type { ResourceGroupArgs } from "@pulumi/azure-native/resources/resourceGroup.js";
import { type HasTags, tableReader, tagsIf } from "../../analysis/metering/table-reader.js";
import { TYPE } from "../tokens.js";

export const azureDatastoreMetering = tableReader("azure-native:", {
  [TYPE.azureResourcesResourceGroup]: tagsIf(true satisfies HasTags<ResourceGroupArgs>),
  [TYPE.azureAuthorizationManagementLockAtResourceGroupLevel]: tagsIf(
    false satisfies HasTags<ManagementLockAtResourceGroupLevelArgs>,
  ),
  [TYPE.azureNetworkSubnet]: tagsIf(false satisfies HasTags<AzureSubnetArgs>),
  [TYPE.azurePrivatednsPrivateZone]: tagsIf(true satisfies HasTags<PrivateZoneArgs>),
  [TYPE.azurePrivatednsVirtualNetworkLink]: tagsIf(true satisfies HasTags<VirtualNetworkLinkArgs>),
  [TYPE.azureDbforpostgresqlServer]: tagsIf(true satisfies HasTags<ServerArgs>),
  [TYPE.azureDbforpostgresqlConfiguration]: tagsIf(false satisfies HasTags<ConfigurationArgs>),
  [TYPE.azureDbforpostgresqlDatabase]: tagsIf(false satisfies HasTags<AzurePgDatabaseArgs>),
  [TYPE.azureRedis]: tagsIf(true satisfies HasTags<RedisArgs>),
  [TYPE.azureNetworkPrivateEndpoint]: tagsIf(true satisfies HasTags<PrivateEndpointArgs>),
  [TYPE.azureNetworkPrivateDnsZoneGroup]: tagsIf(false satisfies HasTags<PrivateDnsZoneGroupArgs>),
});
