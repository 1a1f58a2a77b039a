/**
 * The provider mocks a stack of a given cloud needs. Loaded per cloud, like the provider SDKs themselves,
 * from the cloud's registry entry. Later entries win where two answer the same type: the data stores'
 * mocks come before the cluster's.
 */
import { cloudModule } from "../../clouds/index.js";
import type { CloudName } from "../../regions/index.js";
import type { ProviderMocks } from "./types.js";

export async function mocksForCloud(cloud: CloudName): Promise<ProviderMocks[]> {
  // Every stack may generate passwords (data store credentials).
  const random = (await import("./random.js")).randomMocks;
  return [random, ...(await cloudModule(cloud).mocks())];
}
