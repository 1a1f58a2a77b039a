/**
 * Namespaces GKE and its add-ons create in a cluster, which no customer's namespace may take: Managed
 * Service for Prometheus (`gmp-system`, `gmp-public`, `gke-gmp-system`), GKE's own system components
 * (`gke-managed-*`, `gke-system`, `gke-connect`), Config Sync and Policy Controller
 * (`config-management-system`, `config-management-monitoring`, `resource-group-system`,
 * `gatekeeper-system`), Config Connector (`cnrm-system`), Cloud Service Mesh (`istio-system`,
 * `asm-system`) and Anthos Identity Service (`anthos-identity-service`). From the GKE documentation, as of
 * November 2026.
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: [
    "gmp-system",
    "gmp-public",
    "gke-gmp-system",
    "gke-system",
    "gke-connect",
    "config-management-system",
    "config-management-monitoring",
    "resource-group-system",
    "gatekeeper-system",
    "cnrm-system",
    "istio-system",
    "asm-system",
    "anthos-identity-service",
  ],
  prefixes: ["gke-", "gmp-", "config-management-", "anthos-"],
} as const satisfies ReservedNamespaces;
