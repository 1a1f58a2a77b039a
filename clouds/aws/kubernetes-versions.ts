/**
 * EKS standard support: 14 months from each version's release on EKS, then 12 months of extended support
 * at six times the control-plane price (cloudtier's clusters opt out of it: `upgradePolicy` STANDARD).
 * Dates from the EKS release calendar (read 2026-04-24, checked again with the prices).
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const EKS_KUBERNETES_SUPPORT = {
  standardSupportEnds: { "1.33": "2026-07-29", "1.34": "2026-12-02", "1.35": "2027-03-27" },
  extendedSupportClusterHourlyUSD: 0.6,
  pastStandardSupport:
    "with upgradePolicy.supportType STANDARD (as cloudtier sets it) EKS upgrades the control plane to the next version; with EXTENDED, the API's default, the cluster stays and pays the extended-support rate",
  source:
    "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar), https://aws.amazon.com/eks/pricing/",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

/** The version new EKS clusters get. */
export const EKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof EKS_KUBERNETES_SUPPORT.standardSupportEnds;
