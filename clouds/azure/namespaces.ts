/**
 * Namespaces AKS and its add-ons and extensions create in a cluster, which no customer's namespace may
 * take: Calico network policy (`calico-system`, `tigera-operator`), Azure Policy (`gatekeeper-system`),
 * the application routing add-on (`app-routing-system`), the Istio add-on (`aks-istio-system`,
 * `aks-istio-ingress`, `aks-istio-egress`), `aks-command` (run command), GitOps with Flux
 * (`flux-system`), Azure Backup (`dataprotection-microsoft`), and whatever further components Azure names
 * `azure-*` or `aks-*`. From the AKS documentation, as of November 2026.
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: [
    "calico-system",
    "tigera-operator",
    "gatekeeper-system",
    "app-routing-system",
    "flux-system",
    "dataprotection-microsoft",
  ],
  prefixes: ["azure-", "aks-", "calico-", "tigera-"],
} as const satisfies ReservedNamespaces;
