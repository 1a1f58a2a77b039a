/**
 * AKS community support: 12 months from a version's GA on AKS ("End of life" in the AKS Kubernetes release
 * calendar, which names months: a month stands for its last day; read 2026-05-01). Long-term support
 * needs the Premium tier.
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const AKS_KUBERNETES_SUPPORT = {
  standardSupportEnds: {
    "1.33": "2026-07-31",
    "1.34": "2026-11-30",
    "1.35": "2027-03-31",
    "1.36": "2027-06-30",
  },
  extendedSupportClusterHourlyUSD: null,
  pastStandardSupport:
    "paid long-term support needs the Premium tier and the AKSLongTermSupport plan, which cloudtier does not use; past its end of life a version gets platform support only",
  source:
    "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS Kubernetes release calendar)",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

/** The version new AKS clusters get (the `patch` upgrade channel keeps its latest patch). */
export const AKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof AKS_KUBERNETES_SUPPORT.standardSupportEnds;
