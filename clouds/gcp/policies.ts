/**
 * Policy rules that only GKE needs: the GKE metadata server and Shielded nodes. The shared rules
 * (policy/rules/) check GKE clusters for what every cloud has.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type * as gcp from "@pulumi/gcp";
import { ofType } from "../../policy/rules/support.js";
import { cisGke } from "../../policy/rules/sources.js";

export const gkeMetadataServer: ResourceValidationPolicy = {
  name: "gke-metadata-server",
  description:
    'GKE node pools run the GKE metadata server (workloadMetadataConfig.mode "GKE_METADATA"), which hides node credentials from pods.',
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisGke("5.4.1"), cisGke("5.4.2")],
  validateResource: [
    ofType<gcp.container.NodePoolArgs>("gkeNodePool", (pool, _args, report) => {
      if (pool.nodeConfig?.workloadMetadataConfig?.mode !== "GKE_METADATA") {
        report('nodeConfig.workloadMetadataConfig.mode must be "GKE_METADATA".');
      }
    }),
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      for (const pool of cluster.nodePools ?? []) {
        if (pool.nodeConfig?.workloadMetadataConfig?.mode !== "GKE_METADATA") {
          report(
            `nodePools[${pool.name ?? "?"}].nodeConfig.workloadMetadataConfig.mode must be "GKE_METADATA".`,
          );
        }
      }
    }),
  ],
};

export const shieldedNodes: ResourceValidationPolicy = {
  name: "gke-shielded-nodes",
  description: "GKE nodes are Shielded VMs with Secure Boot and integrity monitoring.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [cisGke("5.5.5"), cisGke("5.5.6"), cisGke("5.5.7")],
  validateResource: [
    ofType<gcp.container.ClusterArgs>("gkeCluster", (cluster, _args, report) => {
      if (cluster.enableShieldedNodes !== true) report("enableShieldedNodes must be true.");
    }),
    ofType<gcp.container.NodePoolArgs>("gkeNodePool", (pool, _args, report) => {
      const shielded = pool.nodeConfig?.shieldedInstanceConfig;
      if (shielded?.enableSecureBoot !== true) {
        report("nodeConfig.shieldedInstanceConfig.enableSecureBoot must be true.");
      }
      if (shielded?.enableIntegrityMonitoring === false) {
        report("nodeConfig.shieldedInstanceConfig.enableIntegrityMonitoring is false.");
      }
    }),
  ],
};

export const GCP_POLICIES = [gkeMetadataServer, shieldedNodes];
