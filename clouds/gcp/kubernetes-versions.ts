/**
 * GKE standard support: about 14 months from a version's availability in the Regular channel (the
 * channel cloudtier's clusters follow); the Extended channel alone keeps a version longer, for a fee.
 * Dates from the GKE release schedule's end of standard support (estimates there; read 2026-04-10, checked
 * again with the prices).
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const GKE_KUBERNETES_SUPPORT = {
  standardSupportEnds: { "1.33": "2026-08-03", "1.34": "2026-10-01", "1.35": "2027-04-11" },
  // The Extended channel's extra fee is not in the catalog: cloudtier enrols clusters in Regular.
  extendedSupportClusterHourlyUSD: null,
  pastStandardSupport:
    "in the Regular release channel (as cloudtier enrols clusters) GKE upgrades the cluster to the next minor version; only the Extended channel keeps a version, for an extra fee",
  source:
    "https://cloud.google.com/kubernetes-engine/docs/release-schedule, https://cloud.google.com/kubernetes-engine/pricing",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

/** The version new GKE clusters start from (`minMasterVersion`); the release channel upgrades them. */
export const GKE_DEFAULT_VERSION = "1.35" satisfies keyof typeof GKE_KUBERNETES_SUPPORT.standardSupportEnds;
