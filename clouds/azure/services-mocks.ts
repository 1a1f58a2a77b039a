/**
 * The azure-native resources of a cluster's services as the offline planner answers them: the names
 * Azure reports back for the backups' storage account and a tenant's container (their inputs'
 * `accountName` and `containerName`).
 */
import type { ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

export const azureServicesMocks: ProviderMocks = {
  outputs: {
    [TYPE.azureStorageStorageAccount]: (args) => ({
      name: inputsOf(args)["accountName"],
      primaryEndpoints: { blob: `https://${String(inputsOf(args)["accountName"])}.blob.core.windows.net/` },
    }),
    [TYPE.azureStorageBlobContainer]: (args) => ({ name: inputsOf(args)["containerName"] }),
  },
};
