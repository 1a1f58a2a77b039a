import type { CloudSpec, RegionSpec } from "../../regions/types.js";
import { UPSTREAM_KUBERNETES_SUPPORT, EXISTING_CLUSTER_VERSION } from "./kubernetes-versions.js";
import { RESERVED_NAMESPACES } from "./namespaces.js";

/**
 * Existing clusters reached through a kubeconfig context (kind, k3d, on-premises). cloudtier creates no
 * infrastructure there, so there is nothing to price: the cost estimate shows these regions at 0 and says so.
 * `local` is the kubeconfig's current context; any other context is named directly (`kubeconfig:staging`).
 */
const existingCluster = (displayName: string): RegionSpec => ({
  id: "",
  // Existing clusters bring their own network; the slot is never used for them.
  networkSlot: -1,
  displayName,
  // An existing cluster is wherever its owner runs it: cloudtier does not know, so it claims no geography.
  geo: "any",
  zones: [],
  kubernetesVersion: EXISTING_CLUSTER_VERSION,
  machines: {
    small: { instanceType: "existing", vcpu: 0, memoryGiB: 0, hourlyUSD: 0 },
    medium: { instanceType: "existing", vcpu: 0, memoryGiB: 0, hourlyUSD: 0 },
    large: { instanceType: "existing", vcpu: 0, memoryGiB: 0, hourlyUSD: 0 },
  },
  prices: {
    clusterHourlyUSD: 0,
    clusterSlaHourlyUSD: 0,
    natGatewayHourlyUSD: 0,
    loadBalancerHourlyUSD: 0,
    storageGiBMonthUSD: 0,
    databaseStorageGiBMonthUSD: 0,
    natDataProcessingGiBUSD: 0,
    publicIpv4HourlyUSD: 0,
    postgresHourlyUSD: { small: 0, medium: 0, large: 0 },
    redisHourlyUSD: { small: 0, medium: 0, large: 0 },
    source: "existing cluster: its cost is not cloudtier's to estimate",
    date: "2026-11-01",
  },
});

export const kubeconfig = {
  cloud: "kubeconfig",
  displayName: "Existing cluster (kubeconfig context)",
  reservedNamespaces: RESERVED_NAMESPACES,
  kubernetesSupport: UPSTREAM_KUBERNETES_SUPPORT,
  datastoreClasses: {
    postgres: { small: "in-cluster", medium: "in-cluster", large: "in-cluster" },
    redis: { small: "in-cluster", medium: "in-cluster", large: "in-cluster" },
  },
  regions: {
    local: existingCluster("The kubeconfig's current context"),
  },
} as const satisfies CloudSpec;

/** Builds the spec of a named kubeconfig context that is not in the table. */
export function kubeconfigContextRegion(context: string): RegionSpec {
  return { ...existingCluster(`kubeconfig context ${context}`), id: context };
}
