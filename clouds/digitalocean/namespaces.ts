/**
 * Namespaces a DOKS cluster's network plugin may create, which no customer's namespace may take: Cilium
 * (`cilium-secrets`, and `cilium*` generally) and, where a cluster runs it instead, Calico (`calico-*`,
 * `tigera-*`). DOKS runs its own components in `kube-system`. From the DOKS documentation, as of November
 * 2026.
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: ["calico-system", "tigera-operator"],
  prefixes: ["cilium", "calico-", "tigera-"],
} as const satisfies ReservedNamespaces;
