/**
 * GKE standard support: about 14 months from a version's availability in the Regular channel (the
 * channel cloudtier's clusters follow); the Extended channel alone keeps a version longer, for a fee.
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source =
  "https://cloud.google.com/kubernetes-engine/docs/release-schedule (end of standard support; estimates)";
const read = "2026-04-10";

export const GKE_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-08-03", source, read },
  "1.34": { endOfStandardSupport: "2026-10-01", source, read },
  "1.35": { endOfStandardSupport: "2027-04-11", source, read },
} as const satisfies Record<string, KubernetesSupport>;

/** The version new GKE clusters start from (`minMasterVersion`); the release channel upgrades them. */
export const GKE_DEFAULT_VERSION = "1.35" satisfies keyof typeof GKE_KUBERNETES_SUPPORT;
