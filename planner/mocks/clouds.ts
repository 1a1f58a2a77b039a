/**
 * The provider mocks a stack of a given cloud needs. Loaded per cloud, like the provider SDKs themselves.
 */
import type { CloudName } from "../../regions/index.js";
import type { ProviderMocks } from "./types.js";

// eslint-disable-next-line @typescript-eslint/require-await -- each cloud's mocks load lazily once they exist
export async function mocksForCloud(cloud: CloudName): Promise<ProviderMocks[]> {
  switch (cloud) {
    case "kubeconfig":
      return [];
    case "aws":
    case "gcp":
    case "azure":
    case "scaleway":
      return [];
  }
}
