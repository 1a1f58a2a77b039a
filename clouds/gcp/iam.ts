/**
 * IAM of a GKE cluster's nodes: a dedicated service account that may write logs and metrics and nothing
 * else, instead of the Compute Engine default account (Editor on the whole project).
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
] as const;

/** Lets GKE's service agent use the key that encrypts Secrets in etcd. */
export const KMS_ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** The GKE service agent of a project, which encrypts and decrypts Secrets with the cluster's key. */
export function gkeServiceAgent(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/** Access scope of the nodes: the broad scope, with permissions bounded by the account's IAM roles. */
export const NODE_OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"] as const;
