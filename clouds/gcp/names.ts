/**
 * Physical names of the GCP resources of one cluster, derived from the stack's base name. Pure, so the
 * limits can be checked for the longest base name a customer id can produce (see the naming tests).
 */
import { createHash } from "node:crypto";

/** GCP limits on the names cloudtier sets (characters). */
export const GCP_NAME_LIMITS = {
  gkeCluster: 40,
  /** Networks, subnetworks, routers and NAT gateways. */
  compute: 63,
  serviceAccountId: 30,
  /** What GKE accepts for a node pool name, prefix plus the suffix the provider adds. */
  nodePool: 40,
} as const;

/** `^[a-z]([-a-z0-9]*[a-z0-9])$`, 6 to 30 characters: the rule for a service account id. */
export const SERVICE_ACCOUNT_ID_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Secondary ranges of the node subnetwork, as the cluster's IP allocation policy names them. */
export const POD_RANGE_NAME = "pods";
export const SERVICE_RANGE_NAME = "services";

/** Node pools get a generated suffix after this prefix (26 characters), so a replacement can coexist. */
export const NODE_POOL_NAME_PREFIX = "nodes-";

export interface GcpClusterNames {
  /** The GKE cluster: the base name itself, as `clusterNames()` in domain/naming.ts checks it. */
  readonly cluster: string;
  /** `<base>-net`, as `clusterNames()` checks it. */
  readonly network: string;
  readonly subnetwork: string;
  readonly router: string;
  readonly nat: string;
  /** The nodes' service account id, at most 30 characters. */
  readonly nodeServiceAccount: string;
}

/**
 * A service account id for the nodes: `<base>-nodes` when it fits in 30 characters, otherwise the base
 * cut short plus six hex digits of its hash, so that two long bases sharing a prefix still differ. Stable:
 * the same base always gives the same id.
 */
export function nodeServiceAccountId(base: string): string {
  const full = `${base}-nodes`;
  if (full.length <= GCP_NAME_LIMITS.serviceAccountId) return full;
  const hash = createHash("sha256").update(base).digest("hex").slice(0, 6);
  const head = base.slice(0, GCP_NAME_LIMITS.serviceAccountId - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}

export function gcpClusterNames(base: string): GcpClusterNames {
  return {
    cluster: base,
    network: `${base}-net`,
    subnetwork: `${base}-nodes`,
    router: `${base}-router`,
    nat: `${base}-nat`,
    nodeServiceAccount: nodeServiceAccountId(base),
  };
}
