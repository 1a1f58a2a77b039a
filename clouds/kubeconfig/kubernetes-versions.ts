/**
 * Existing clusters run whatever version their owner chose; cloudtier creates none. The catalog's version
 * for them is the oldest it expects, judged against upstream Kubernetes's own end of life.
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source = "https://kubernetes.io/releases/ (end of life of each release series)";
const read = "2026-04-01";

export const UPSTREAM_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-06-28", source, read },
  "1.34": { endOfStandardSupport: "2026-10-27", source, read },
  "1.35": { endOfStandardSupport: "2027-02-28", source, read },
} as const satisfies Record<string, KubernetesSupport>;

export const EXISTING_CLUSTER_VERSION = "1.35" satisfies keyof typeof UPSTREAM_KUBERNETES_SUPPORT;
