/**
 * Creates the cluster of a region. Each cloud's component (and so its provider SDK) is loaded only when a
 * stack of that cloud asks for it: a stack on aws never loads the gcp, azure or scaleway SDKs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterArgs } from "./types.js";

export type { Cluster, ClusterArgs, ClusterOutputs, ManagedCluster, ManagedClusterOutputs } from "./types.js";

export async function createCluster(
  name: string,
  args: ClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<Cluster> {
  switch (args.region.cloud) {
    case "kubeconfig": {
      const { ExistingCluster } = await import("./existing.js");
      return new ExistingCluster(name, { region: args.region }, opts);
    }
    case "aws":
    case "gcp":
    case "azure":
    case "scaleway":
      throw new Error(`clusters on ${args.region.cloud} are not built yet`);
  }
}
