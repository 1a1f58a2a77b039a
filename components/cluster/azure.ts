import type * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs, ManagedCluster } from "./types.js";

/** Placeholder until the azure cluster lands: planning a azure stack fails with this message. */
export const AzureCluster = class {
  constructor(name: string, args: ClusterArgs, _opts?: pulumi.ComponentResourceOptions) {
    throw new Error(`${name}: clusters on ${args.region.cloud} are not built yet`);
  }
} as unknown as new (
  name: string,
  args: ClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
) => ManagedCluster;
