/**
 * DOKS publishes no calendar of its own: it supports the minor versions upstream Kubernetes maintains and
 * upgrades clusters when a version becomes unsupported. The dates are upstream's end of life (read
 * 2026-04-01), so they are the latest DOKS could keep a version, not a DigitalOcean commitment.
 */
import type { KubernetesSupportSpec } from "../../regions/types.js";

export const DOKS_KUBERNETES_SUPPORT = {
  standardSupportEnds: { "1.33": "2026-06-28", "1.34": "2026-10-27", "1.35": "2027-02-28" },
  extendedSupportClusterHourlyUSD: null,
  pastStandardSupport:
    "DOKS has no paid extended support; when a minor version leaves support, DigitalOcean schedules the cluster's upgrade to the next supported minor version",
  source:
    "https://kubernetes.io/releases/ (upstream end of life), https://docs.digitalocean.com/products/kubernetes/how-to/upgrade-cluster/",
  date: "2026-11-01",
} as const satisfies KubernetesSupportSpec;

/** The version new DOKS clusters get. */
export const DOKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof DOKS_KUBERNETES_SUPPORT.standardSupportEnds;
