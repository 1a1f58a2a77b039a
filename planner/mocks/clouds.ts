/**
 * The provider mocks a stack of a given cloud needs. Loaded per cloud, like the provider SDKs themselves.
 * Later entries win where two answer the same type: the data stores' mocks come before the cluster's.
 */
import type { CloudName } from "../../regions/index.js";
import type { ProviderMocks } from "./types.js";

export async function mocksForCloud(cloud: CloudName): Promise<ProviderMocks[]> {
  // Every stack may generate passwords (data store credentials).
  const random = (await import("./random.js")).randomMocks;
  switch (cloud) {
    case "kubeconfig":
      return [random];
    case "aws":
      return [
        random,
        (await import("./datastores-aws.js")).awsDatastoreMocks,
        (await import("./aws.js")).awsMocks,
      ];
    case "gcp":
      return [
        random,
        (await import("./datastores-gcp.js")).gcpDatastoreMocks,
        (await import("./gcp.js")).gcpMocks,
      ];
    case "azure":
      return [
        random,
        (await import("./datastores-azure.js")).azureDatastoreMocks,
        (await import("./azure.js")).azureMocks,
      ];
    case "scaleway":
      return [
        random,
        (await import("./datastores-scaleway.js")).scalewayDatastoreMocks,
        (await import("./scaleway.js")).scalewayMocks,
      ];
  }
}
