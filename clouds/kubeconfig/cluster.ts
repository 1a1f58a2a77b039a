import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RegionRef } from "../../regions/index.js";
import type { ClusterOutputs } from "../../components/cluster/types.js";

export interface ExistingClusterArgs {
  /** `kubeconfig:<context key>` (and the context's name); `local` selects the kubeconfig's current context. */
  readonly region: RegionRef;
}

/**
 * A cluster cloudtier does not create: reached through a kubeconfig context (kind, k3d, on-premises).
 * Only the provider is created; the kubeconfig itself stays on the machine that runs the deployment.
 */
export class ExistingCluster extends pulumi.ComponentResource implements ClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly provider: k8s.Provider;

  constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:cluster:ExistingCluster", name, {}, opts);
    // The context's own name when its key differs (`gke_myproj_europe-west1_prod`); `local` is the current one.
    const context = args.region.context ?? (args.region.region === "local" ? undefined : args.region.region);
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        // No context: the kubeconfig's current one. The provider reads the kubeconfig from its usual place.
        ...(context ? { context } : {}),
        enableServerSideApply: true,
      },
      { parent: this },
    );
    this.clusterName = pulumi.output(context ?? "current-context");
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
