/**
 * EKS standard support: 14 months from each version's release on EKS, then 12 months of extended support
 * at six times the control-plane price (cloudtier's clusters opt out of it: `upgradePolicy` STANDARD).
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar)";
const read = "2026-04-24";

export const EKS_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-07-29", source, read },
  "1.34": { endOfStandardSupport: "2026-12-02", source, read },
  "1.35": { endOfStandardSupport: "2027-03-27", source, read },
} as const satisfies Record<string, KubernetesSupport>;

/** The version new EKS clusters get. */
export const EKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof EKS_KUBERNETES_SUPPORT;
