import { execKubeconfig } from "../../components/cluster/kubeconfig.js";

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

export function eksKubeconfig(input: EksKubeconfigInput): string {
  return execKubeconfig({
    name: input.clusterName,
    server: input.endpoint,
    certificateAuthorityData: input.certificateAuthorityData,
    exec: {
      command: "aws",
      args: [
        "eks",
        "get-token",
        "--cluster-name",
        input.clusterName,
        "--region",
        input.regionId,
        "--output",
        "json",
      ],
      installHint: "Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/",
    },
  });
}
