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

/** Serialised as JSON, which every Kubernetes client reads as YAML. */
export function gkeKubeconfig(input: GkeKubeconfigInput): string {
  const name = input.contextName;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name, cluster: { server: input.server, "certificate-authority-data": input.clusterCaCertificate } },
      ],
      contexts: [{ name, context: { cluster: name, user: name } }],
      "current-context": name,
      users: [
        {
          name,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "gke-gcloud-auth-plugin",
              provideClusterInfo: true,
              interactiveMode: "Never",
              installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
            },
          },
        },
      ],
    },
    null,
    2,
  );
}
