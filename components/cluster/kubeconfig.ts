/**
 * A kubeconfig that holds no credential: the client runs the cloud's credential plugin (`exec`) and gets
 * a short-lived token for the caller's own identity. Serialised as JSON, which every Kubernetes client
 * reads as YAML.
 */

export interface ExecPlugin {
  readonly command: string;
  readonly args?: readonly string[];
  /** Whether the plugin is handed the cluster's details (GKE's plugin needs them). */
  readonly provideClusterInfo?: boolean;
  /** What the client prints when the plugin is missing. */
  readonly installHint: string;
}

export interface ExecKubeconfigInput {
  /** Name of the cluster, context and user entries. */
  readonly name: string;
  /** `https://` URL of the API server. */
  readonly server: string;
  /** Base64 PEM of the cluster CA. */
  readonly certificateAuthorityData: string;
  readonly exec: ExecPlugin;
}

export function execKubeconfig(input: ExecKubeconfigInput): string {
  const { name } = input;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name,
          cluster: { server: input.server, "certificate-authority-data": input.certificateAuthorityData },
        },
      ],
      contexts: [{ name, context: { cluster: name, user: name } }],
      "current-context": name,
      users: [
        {
          name,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: input.exec.command,
              ...(input.exec.args ? { args: [...input.exec.args] } : {}),
              ...(input.exec.provideClusterInfo ? { provideClusterInfo: true } : {}),
              interactiveMode: "Never",
              installHint: input.exec.installHint,
            },
          },
        },
      ],
    },
    null,
    2,
  );
}
