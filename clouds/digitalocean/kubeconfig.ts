import { execKubeconfig } from "../../components/cluster/kubeconfig.js";

/** `doctl`'s credential plugin, as `doctl kubernetes cluster kubeconfig save` writes it. */
export const DOCTL_EXEC_ARGS = [
  "kubernetes",
  "cluster",
  "kubeconfig",
  "exec-credential",
  "--version=v1beta1",
];

/**
 * A kubeconfig for a DOKS cluster that holds no credential: `doctl` exchanges the caller's own
 * DigitalOcean token for a short-lived cluster token, so nothing in the stack's state can reach the
 * cluster by itself (the kubeconfig DOKS returns carries a seven-day admin token instead).
 */
export function doksKubeconfig(input: {
  clusterId: string;
  clusterName: string;
  endpoint: string;
  certificateAuthorityData: string;
}): string {
  return execKubeconfig({
    name: `do-${input.clusterName}`,
    server: input.endpoint,
    certificateAuthorityData: input.certificateAuthorityData,
    exec: {
      command: "doctl",
      args: [...DOCTL_EXEC_ARGS, input.clusterId],
      installHint:
        "Install doctl (https://docs.digitalocean.com/reference/doctl/) and run `doctl auth init`.",
    },
  });
}
