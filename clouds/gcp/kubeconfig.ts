import { execKubeconfig } from "../../components/cluster/kubeconfig.js";

/**
 * The kubeconfig of a GKE cluster. Credentials are never written into it: `gke-gcloud-auth-plugin` gets a
 * short-lived token for the caller's own Google identity (client certificates are disabled on the cluster).
 */
export interface GkeKubeconfigInput {
  /** Context name: `gke_<project>_<location>_<cluster>`, as `gcloud container clusters get-credentials` names it. */
  readonly contextName: string;
  /** `https://<endpoint>`. */
  readonly server: string;
  /** Base64 PEM of the cluster CA, as GKE returns it. */
  readonly clusterCaCertificate: string;
}

export function gkeKubeconfig(input: GkeKubeconfigInput): string {
  return execKubeconfig({
    name: input.contextName,
    server: input.server,
    certificateAuthorityData: input.clusterCaCertificate,
    exec: {
      command: "gke-gcloud-auth-plugin",
      provideClusterInfo: true,
      installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
    },
  });
}
