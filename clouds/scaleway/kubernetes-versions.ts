/**
 * Kapsule: a version is removed from cluster creation on its "Deprecation" date (12 months after its
 * Scaleway release) and clusters are upgraded after "End of Support" (two months later). The earlier date
 * is the end of standard support here: after it, a new cluster of that version is refused. Dates from the
 * version support policy's Deprecation column (read 2026-07-07).
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const KAPSULE_KUBERNETES_SUPPORT = {
  standardSupportEnds: {
    "1.33": "2026-09-04",
    "1.34": "2026-09-29",
    "1.35": "2027-01-19",
    "1.36": "2027-07-07",
  },
  extendedSupportClusterHourlyUSD: null,
  pastStandardSupport:
    "Kapsule has no paid extended support; with auto-upgrade on (as cloudtier sets it) the cluster follows the supported minor versions",
  source:
    "https://www.scaleway.com/en/docs/kubernetes/reference-content/version-support-policy/ (Deprecation column)",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

/** The version new Kapsule clusters get (auto-upgrade applies its patches). */
export const KAPSULE_DEFAULT_VERSION =
  "1.35" satisfies keyof typeof KAPSULE_KUBERNETES_SUPPORT.standardSupportEnds;
