/**
 * Existing clusters run whatever version their owner chose; cloudtier creates none. The catalog's version
 * for them is the oldest it expects, judged against upstream Kubernetes's own end of life of each release
 * series (read 2026-04-01).
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const UPSTREAM_KUBERNETES_SUPPORT = {
  standardSupportEnds: { "1.33": "2026-06-28", "1.34": "2026-10-27", "1.35": "2027-02-28" },
  extendedSupportClusterHourlyUSD: null,
  pastStandardSupport: "an existing cluster's version is its owner's to keep supported",
  source: "https://kubernetes.io/releases/ (end of life of each release series)",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

export const EXISTING_CLUSTER_VERSION =
  "1.35" satisfies keyof typeof UPSTREAM_KUBERNETES_SUPPORT.standardSupportEnds;
