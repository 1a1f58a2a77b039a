/**
 * The kubeconfig of an EKS cluster. Credentials are never written into it: `aws eks get-token` exchanges
 * the caller's own AWS identity for a short-lived token, which EKS maps through its access entries.
 */
export interface EksKubeconfigInput {
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS returns it. */
  readonly certificateAuthorityData: string;
  readonly regionId: string;
}

/** Serialised as JSON, which every Kubernetes client reads as YAML. */
export function eksKubeconfig(input: EksKubeconfigInput): string {
  const name = input.clusterName;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name,
          cluster: { server: input.endpoint, "certificate-authority-data": input.certificateAuthorityData },
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
              command: "aws",
              args: [
                "eks",
                "get-token",
                "--cluster-name",
                name,
                "--region",
                input.regionId,
                "--output",
                "json",
              ],
              interactiveMode: "Never",
              installHint: "Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/",
            },
          },
        },
      ],
    },
    null,
    2,
  );
}
