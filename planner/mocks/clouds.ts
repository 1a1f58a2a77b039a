/**
 * The provider mocks a stack of a given cloud needs. Loaded per cloud, like the provider SDKs themselves.
 */
import type { CloudName } from "../../regions/index.js";
import type { ProviderMocks } from "./types.js";

export async function mocksForCloud(cloud: CloudName): Promise<ProviderMocks[]> {
  switch (cloud) {
    case "kubeconfig":
      return [];
    case "aws":
      return [(await import("./aws.js")).awsMocks];
    case "gcp":
      return [(await import("./gcp.js")).gcpMocks];
    case "azure":
      return [(await import("./azure.js")).azureMocks];
    case "scaleway":
      return [(await import("./scaleway.js")).scalewayMocks];
  }
}
