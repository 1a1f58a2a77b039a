/**
 * Creates the cluster of a region. Each cloud's component (and so its provider SDK) is loaded only when a
 * stack of that cloud asks for it: a stack on aws never loads the gcp, azure or scaleway SDKs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Cluster, ClusterArgs, ManagedCluster } from "./types.js";

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
    default:
      return createManagedCluster(name, args, opts);
  }
}

/** A cluster cloudtier creates, with its network. Rejects `kubeconfig` regions. */
export async function createManagedCluster(
  name: string,
  args: ClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<ManagedCluster> {
  switch (args.region.cloud) {
    case "aws":
      return new (await import("./aws.js")).AwsCluster(name, args, opts);
    case "gcp":
      return new (await import("./gcp.js")).GcpCluster(name, args, opts);
    case "azure":
      return new (await import("./azure.js")).AzureCluster(name, args, opts);
    case "scaleway":
      return new (await import("./scaleway.js")).ScalewayCluster(name, args, opts);
    case "kubeconfig":
      throw new Error("an existing cluster is not created by cloudtier");
  }
}
