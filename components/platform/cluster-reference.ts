import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputs } from "../cluster/types.js";
import { type BackupStoreRef, backupStoreFromOutput } from "../datastore/backups.js";

export interface ClusterReferenceArgs {
  /**
   * Fully qualified name of the stack that owns the cluster and exports its `clusterName` and `kubeconfig`:
   * `<organization>/<project>/<stack>` (a file backend's organization is `organization`).
   */
  readonly ownerStack: string;
}

/**
 * A cluster another stack of the same project created: a later shard of a platform stack reaches its
 * region's cluster, which shard 0 owns, through a StackReference to shard 0's outputs. Only a provider is
 * created. Shard 0 must have been deployed first: until then its outputs do not exist, and the
 * StackReference fails naming the missing output.
 */
export class ClusterReference extends pulumi.ComponentResource implements ClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  readonly provider: k8s.Provider;
  /** The object store of the cluster's in-cluster backups, as the owner exports it (`backups`). */
  readonly backups: BackupStoreRef;

  constructor(name: string, args: ClusterReferenceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:platform:ClusterReference", name, {}, opts);
    const owner = new pulumi.StackReference(`${name}-owner`, { name: args.ownerStack }, { parent: this });
    this.clusterName = owner.requireOutput("clusterName").apply(String);
    this.backups = backupStoreFromOutput(owner.getOutput("backups"));
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        // A secret in the owner's outputs, so a secret here too.
        kubeconfig: owner.requireOutput("kubeconfig").apply(String),
        enableServerSideApply: true,
      },
      { parent: this },
    );
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
