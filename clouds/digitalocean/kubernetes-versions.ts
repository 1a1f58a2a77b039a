/**
 * DOKS publishes no calendar of its own: it supports the minor versions upstream Kubernetes maintains and
 * upgrades clusters when a version becomes unsupported. The dates are upstream's end of life, so they are
 * the latest DOKS could keep a version, not a DigitalOcean commitment.
 */
import type { KubernetesSupport } from "../../regions/types.js";

const source =
  "https://kubernetes.io/releases/ (upstream end of life; DOKS: docs.digitalocean.com/products/kubernetes/how-to/upgrade-cluster)";
const read = "2026-04-01";

export const DOKS_KUBERNETES_SUPPORT = {
  "1.33": { endOfStandardSupport: "2026-06-28", source, read },
  "1.34": { endOfStandardSupport: "2026-10-27", source, read },
  "1.35": { endOfStandardSupport: "2027-02-28", source, read },
} as const satisfies Record<string, KubernetesSupport>;

/** The version new DOKS clusters get. */
export const DOKS_DEFAULT_VERSION = "1.35" satisfies keyof typeof DOKS_KUBERNETES_SUPPORT;
