/**
 * AKS community support: 12 months from a version's GA on AKS ("End of life" in the AKS release calendar,
 * which names months: a month stands for its last day). Long-term support needs the Premium tier.
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source =
  "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS Kubernetes release calendar)";
const read = "2026-05-01";

export const AKS_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-07-31", source, read },
  "1.34": { endOfStandardSupport: "2026-11-30", source, read },
  "1.35": { endOfStandardSupport: "2027-03-31", source, read },
  "1.36": { endOfStandardSupport: "2027-06-30", source, read },
} as const satisfies Record<string, KubernetesSupport>;

/** The version new AKS clusters get (the `patch` upgrade channel keeps its latest patch). */
export const AKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof AKS_KUBERNETES_SUPPORT;
