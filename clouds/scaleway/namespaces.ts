/**
 * Namespaces a Kapsule cluster's network plugin and add-ons may create, which no customer's namespace may
 * take: Cilium (`cilium-secrets`, and `cilium*` generally), Calico (`calico-system`, `calico-*`,
 * `tigera-operator`), and the optional Kubernetes dashboard (`kubernetes-dashboard`). Kapsule runs its
 * own components in `kube-system`. From the Kapsule documentation, as of November 2026.
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: ["calico-system", "tigera-operator", "kubernetes-dashboard"],
  prefixes: ["cilium", "calico-", "tigera-"],
} as const satisfies ReservedNamespaces;
