/**
 * The azure-native data store resources as the offline planner answers them: ARM ids built from the
 * names in the inputs, the `name` output each resource has, the server's FQDN and the cache's host, TLS
 * port and (secret) access keys.
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import type { IdFactory, OutputMock, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

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
  [TYPE.azureResourcesResourceGroup]: {
    id: (args) =>
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${str(inputsOf(args)["resourceGroupName"], args.name)}`,
    outputs: (args) => ({ name: str(inputsOf(args)["resourceGroupName"], args.name) }),
  },
  [TYPE.azureAuthorizationManagementLockAtResourceGroupLevel]: arm(
    "Microsoft.Authorization/locks",
    "lockName",
  ),
  [TYPE.azureNetworkSubnet]: arm(
    "Microsoft.Network/virtualNetworks{parent}/subnets",
    "subnetName",
    "virtualNetworkName",
  ),
  [TYPE.azurePrivatednsPrivateZone]: arm("Microsoft.Network/privateDnsZones", "privateZoneName"),
  [TYPE.azurePrivatednsVirtualNetworkLink]: arm(
    "Microsoft.Network/privateDnsZones{parent}/virtualNetworkLinks",
    "virtualNetworkLinkName",
    "privateZoneName",
  ),
  [TYPE.azureDbforpostgresqlServer]: arm("Microsoft.DBforPostgreSQL/flexibleServers", "serverName"),
  [TYPE.azureDbforpostgresqlConfiguration]: arm(
    "Microsoft.DBforPostgreSQL/flexibleServers{parent}/configurations",
    "configurationName",
    "serverName",
  ),
  [TYPE.azureDbforpostgresqlDatabase]: arm(
    "Microsoft.DBforPostgreSQL/flexibleServers{parent}/databases",
    "databaseName",
    "serverName",
  ),
  [TYPE.azureRedis]: arm("Microsoft.Cache/redis", "name"),
  [TYPE.azureStorageStorageAccount]: arm("Microsoft.Storage/storageAccounts", "accountName"),
  [TYPE.azureNetworkPrivateEndpoint]: arm("Microsoft.Network/privateEndpoints", "privateEndpointName"),
  [TYPE.azureNetworkPrivateDnsZoneGroup]: arm(
    "Microsoft.Network/privateEndpoints{parent}/privateDnsZoneGroups",
    "privateDnsZoneGroupName",
    "privateEndpointName",
  ),
};

const extra: Record<string, OutputMock> = {
  [TYPE.azureDbforpostgresqlServer]: (args) => ({
    fullyQualifiedDomainName: `${str(inputsOf(args)["serverName"], args.name)}.postgres.database.azure.com`,
  }),
  [TYPE.azureRedis]: (args, ids: IdFactory) => ({
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
  calls: {
    // Two keys, base64, as Azure Storage generates them; the program keeps what it builds from them secret.
    "azure-native:storage:listStorageAccountKeys": (args) => {
      const account = str(inputsOf(args)["accountName"], "account");
      const key = (n: number) =>
        Buffer.from(`${account}#${n}`.padEnd(64, "k")).toString("base64").slice(0, 88);
      return {
        keys: [
          { keyName: "key1", permissions: "FULL", value: key(1) },
          { keyName: "key2", permissions: "FULL", value: key(2) },
        ],
      };
    },
  },
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
