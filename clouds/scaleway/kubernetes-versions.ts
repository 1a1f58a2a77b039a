/**
 * Kapsule: a version is removed from cluster creation on its "Deprecation" date (12 months after its
 * Scaleway release) and clusters are upgraded after "End of Support" (two months later). The earlier date
 * is the end of standard support here: after it, a new cluster of that version is refused.
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source =
  "https://www.scaleway.com/en/docs/kubernetes/reference-content/version-support-policy/ (Deprecation column)";
const read = "2026-07-07";

export const KAPSULE_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-09-04", source, read },
  "1.34": { endOfStandardSupport: "2026-09-29", source, read },
  "1.35": { endOfStandardSupport: "2027-01-19", source, read },
  "1.36": { endOfStandardSupport: "2027-07-07", source, read },
} as const satisfies Record<string, KubernetesSupport>;

/** The version new Kapsule clusters get (auto-upgrade applies its patches). */
export const KAPSULE_DEFAULT_VERSION = "1.35" satisfies keyof typeof KAPSULE_KUBERNETES_SUPPORT;
