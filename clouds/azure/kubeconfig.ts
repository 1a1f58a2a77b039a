/**
 * The kubeconfig of an AKS cluster, from the `listClusterUserCredential` answer. The cluster has local
 * accounts disabled, so the kubeconfig holds no certificate or token: requested in the `exec` format, its
 * user runs `kubelogin get-token`, which exchanges the caller's Entra ID identity for a short-lived token
 * that Azure RBAC authorizes. Whoever uses it (`pulumi up`, CI, a person) needs `kubelogin` on the PATH;
 * for non-interactive runs, `kubelogin convert-kubeconfig -l azurecli` (or `-l workloadidentity`, `-l spn`)
 * switches it from the interactive device-code login.
 */

/** The credential format AKS returns for Entra ID clusters with `kubelogin` as exec plugin. */
export const AKS_KUBECONFIG_FORMAT = "exec";

export interface AksCredential {
  readonly name: string;
  /** Base64-encoded kubeconfig. */
  readonly value: string;
}

/** Decodes the user kubeconfig; fails when AKS returned none. */
export function decodeAksKubeconfig(clusterName: string, credentials: readonly AksCredential[]): string {
  const credential = credentials.find((c) => c.name === "clusterUser") ?? credentials[0];
  if (!credential) throw new Error(`AKS returned no user credentials for the cluster ${clusterName}`);
  return Buffer.from(credential.value, "base64").toString("utf8");
}
