/**
 * The Pulumi type tokens of the Azure (azure-native) resources cloudtier creates or reads, by name. Part of the one
 * token registry (`clouds/tokens.ts`): every module that matches a resource by type takes the token from
 * there, and `test/clouds/tokens.test.ts` checks each one against the installed SDK.
 */
export const AZURE_TYPES = {
  azureAuthorizationManagementLockAtResourceGroupLevel:
    "azure-native:authorization:ManagementLockAtResourceGroupLevel",
  azureAuthorizationRoleAssignment: "azure-native:authorization:RoleAssignment",
  azureComputeDisk: "azure-native:compute:Disk",
  azureContainerserviceAgentPool: "azure-native:containerservice:AgentPool",
  azureContainerserviceMaintenanceConfiguration: "azure-native:containerservice:MaintenanceConfiguration",
  azureContainerserviceManagedCluster: "azure-native:containerservice:ManagedCluster",
  azureDbforpostgresqlConfiguration: "azure-native:dbforpostgresql:Configuration",
  azureDbforpostgresqlDatabase: "azure-native:dbforpostgresql:Database",
  azureDbforpostgresqlServer: "azure-native:dbforpostgresql:Server",
  azureDbforpostgresqlSingleServer: "azure-native:dbforpostgresql:SingleServer",
  azureKeyvaultKey: "azure-native:keyvault:Key",
  azureKeyvaultVault: "azure-native:keyvault:Vault",
  azureManagedidentityFederatedIdentityCredential: "azure-native:managedidentity:FederatedIdentityCredential",
  azureManagedidentityUserAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
  azureMonitorDiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  azureNetworkLoadBalancer: "azure-native:network:LoadBalancer",
  azureNetworkNatGateway: "azure-native:network:NatGateway",
  azureNetworkPrivateDnsZoneGroup: "azure-native:network:PrivateDnsZoneGroup",
  azureNetworkPrivateEndpoint: "azure-native:network:PrivateEndpoint",
  azureNetworkSubnet: "azure-native:network:Subnet",
  azureNetworkVirtualNetwork: "azure-native:network:VirtualNetwork",
  azureOperationalinsightsWorkspace: "azure-native:operationalinsights:Workspace",
  azurePrivatednsPrivateZone: "azure-native:privatedns:PrivateZone",
  azurePrivatednsVirtualNetworkLink: "azure-native:privatedns:VirtualNetworkLink",
  azureRedis: "azure-native:redis:Redis",
  azureResourcesResourceGroup: "azure-native:resources:ResourceGroup",
  azureStorageBlobContainer: "azure-native:storage:BlobContainer",
  azureStorageManagementPolicy: "azure-native:storage:ManagementPolicy",
  azureStorageStorageAccount: "azure-native:storage:StorageAccount",
} as const;
