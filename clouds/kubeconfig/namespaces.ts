/**
 * Namespaces common in existing clusters (kind, k3d and k3s, Rancher, OpenShift, kubeadm clusters with the
 * usual add-ons), which no customer's namespace may take: kind's and k3s's volume provisioner
 * (`local-path-storage`), flannel (`kube-flannel`, under `kube-`), Rancher (`cattle-*`), OpenShift
 * (`openshift-*`), MetalLB, Longhorn, Calico, Cilium and the Kubernetes dashboard. An existing cluster may
 * also be a cloud's: onboarding holds customer ids to every cloud's reserved names, and checks the live
 * cluster for an existing namespace besides (see `deploy/cluster-namespaces.ts`).
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: [
    "local-path-storage",
    "metallb-system",
    "longhorn-system",
    "calico-system",
    "tigera-operator",
    "kubernetes-dashboard",
  ],
  prefixes: ["cattle-", "openshift-", "cilium", "calico-", "tigera-"],
} as const satisfies ReservedNamespaces;
