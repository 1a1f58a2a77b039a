/**
 * The azure-native data store resources as the offline planner answers them: ARM ids built from the
 * names in the inputs, the `name` output each resource has, the server's FQDN and the cache's host, TLS
 * port and (secret) access keys.
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import type { IdFactory, OutputMock, ProviderMocks } from "./types.js";

/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

const SUBSCRIPTION = "00000000-0000-4000-a000-000000000000";
const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
type Args = pulumi.runtime.MockResourceArgs;

/** `/subscriptions/../resourceGroups/<rg>/providers/<provider path>/<name>`, and `name` as an output. */
function arm(providerPath: string, nameKey: string, parentKey?: string) {
  const nameOf = (args: Args) => str(inputsOf(args)[nameKey], args.name);
  const id = (args: Args) => {
    const rg = str(inputsOf(args)["resourceGroupName"], "rg");
    const parent = parentKey ? `/${str(inputsOf(args)[parentKey], "parent")}` : "";
    return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/${providerPath.replace("{parent}", parent)}/${nameOf(args)}`;
  };
  const outputs: OutputMock = (args) => ({ name: nameOf(args) });
  return { id, outputs };
}

const TYPES: Record<string, ReturnType<typeof arm>> = {
  "azure-native:resources:ResourceGroup": {
    id: (args) =>
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${str(inputsOf(args)["resourceGroupName"], args.name)}`,
    outputs: (args) => ({ name: str(inputsOf(args)["resourceGroupName"], args.name) }),
  },
  "azure-native:authorization:ManagementLockAtResourceGroupLevel": arm(
    "Microsoft.Authorization/locks",
    "lockName",
  ),
  "azure-native:network:Subnet": arm(
    "Microsoft.Network/virtualNetworks{parent}/subnets",
    "subnetName",
    "virtualNetworkName",
  ),
  "azure-native:privatedns:PrivateZone": arm("Microsoft.Network/privateDnsZones", "privateZoneName"),
  "azure-native:privatedns:VirtualNetworkLink": arm(
    "Microsoft.Network/privateDnsZones{parent}/virtualNetworkLinks",
    "virtualNetworkLinkName",
    "privateZoneName",
  ),
  "azure-native:dbforpostgresql:Server": arm("Microsoft.DBforPostgreSQL/flexibleServers", "serverName"),
  "azure-native:dbforpostgresql:Configuration": arm(
    "Microsoft.DBforPostgreSQL/flexibleServers{parent}/configurations",
    "configurationName",
    "serverName",
  ),
  "azure-native:dbforpostgresql:Database": arm(
    "Microsoft.DBforPostgreSQL/flexibleServers{parent}/databases",
    "databaseName",
    "serverName",
  ),
  "azure-native:redis:Redis": arm("Microsoft.Cache/redis", "name"),
  "azure-native:network:PrivateEndpoint": arm("Microsoft.Network/privateEndpoints", "privateEndpointName"),
  "azure-native:network:PrivateDnsZoneGroup": arm(
    "Microsoft.Network/privateEndpoints{parent}/privateDnsZoneGroups",
    "privateDnsZoneGroupName",
    "privateEndpointName",
  ),
};

const extra: Record<string, OutputMock> = {
  "azure-native:dbforpostgresql:Server": (args) => ({
    fullyQualifiedDomainName: `${str(inputsOf(args)["serverName"], args.name)}.postgres.database.azure.com`,
  }),
  "azure-native:redis:Redis": (args, ids: IdFactory) => ({
    hostName: `${str(inputsOf(args)["name"], args.name)}.redis.cache.windows.net`,
    port: 6379,
    sslPort: 6380,
    accessKeys: secret({
      primaryKey: Buffer.from(ids.hex(64), "hex").toString("base64"),
      secondaryKey: Buffer.from(ids.hex(66), "hex").toString("base64").slice(0, 44),
    }),
  }),
};

export const azureDatastoreMocks: ProviderMocks = {
  ids: Object.fromEntries(Object.entries(TYPES).map(([type, t]) => [type, (args: Args) => t.id(args)])),
  outputs: Object.fromEntries(
    Object.entries(TYPES).map(([type, t]) => [
      type,
      ((args, ids) => ({
        ...t.outputs(args, ids),
        ...(extra[type]?.(args, ids) ?? {}),
      })) satisfies OutputMock,
    ]),
  ),
};
