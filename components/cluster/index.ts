/**
 * Creates the cluster of a region. Each cloud's component (`clouds/<cloud>/cluster.ts`, and so its provider
 * SDK) is loaded through the cloud registry only when a stack of that cloud asks for it: a stack on aws
 * never loads another cloud's SDK.
 */
import type * as pulumi from "@pulumi/pulumi";
import { cloudModule } from "../../clouds/index.js";
import type { Cluster, ClusterArgs, ManagedCluster } from "./types.js";

export type { Cluster, ClusterArgs, ClusterOutputs, ManagedCluster, ManagedClusterOutputs } from "./types.js";

export async function createCluster(
  name: string,
  args: ClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<Cluster> {
  switch (args.region.cloud) {
    case "kubeconfig": {
      const { ExistingCluster } = await import("../../clouds/kubeconfig/cluster.js");
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
  const load = cloudModule(args.region.cloud).cluster;
  if (!load) throw new Error("an existing cluster is not created by cloudtier");
  const ClusterClass = await load();
  return new ClusterClass(name, args, opts);
}
