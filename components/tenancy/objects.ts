/**
 * Pure builders of a tenant namespace's Kubernetes objects: tested without Pulumi, used by the component.
 */
import type * as k8s from "@pulumi/kubernetes";
import type { LimitRangeSpec, QuotaSpec } from "../../domain/tiers.js";

type LimitRangeItem = k8s.types.input.core.v1.LimitRangeItem;
type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

export const POD_SECURITY_LEVEL = "restricted";

/**
 * On the guard rails of a tenant namespace (the namespace's labels, quota, limits, network policies, roles
 * and bindings): the platform owns these fields. A change made in the cluster by hand (`kubectl edit`)
 * takes over fields under server-side apply, and Pulumi would then refuse to update them ("field conflict")
 * and fail the preview; forcing the apply makes `drift` show the change and `up` restore the platform's
 * value. See the Kubernetes provider's guide to server-side apply.
 */
export const GUARD_RAIL_ANNOTATIONS: Readonly<Record<string, string>> = { "pulumi.com/patchForce": "true" };

/** Pod Security Admission labels: enforce, audit and warn at `restricted`. */
export function podSecurityLabels(): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": POD_SECURITY_LEVEL,
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/audit": POD_SECURITY_LEVEL,
    "pod-security.kubernetes.io/audit-version": "latest",
    "pod-security.kubernetes.io/warn": POD_SECURITY_LEVEL,
    "pod-security.kubernetes.io/warn-version": "latest",
  };
}

export function quotaHard(q: QuotaSpec): Record<string, string> {
  return {
    "requests.cpu": `${q.requestsCpuMillis}m`,
    "requests.memory": `${q.requestsMemoryMiB}Mi`,
    "limits.cpu": `${q.limitsCpuMillis}m`,
    "limits.memory": `${q.limitsMemoryMiB}Mi`,
    pods: String(q.pods),
    services: String(q.services),
    "services.loadbalancers": String(q.loadBalancers),
    "services.nodeports": String(q.nodePorts),
    persistentvolumeclaims: String(q.persistentVolumeClaims),
    "requests.storage": `${q.storageGiB}Gi`,
    configmaps: String(q.configMaps),
    secrets: String(q.secrets),
  };
}

export function limitRangeLimits(l: LimitRangeSpec, maxStorageGiB: number): LimitRangeItem[] {
  return [
    {
      type: "Container",
      default: { cpu: `${l.defaultLimitCpuMillis}m`, memory: `${l.defaultLimitMemoryMiB}Mi` },
      defaultRequest: { cpu: `${l.defaultRequestCpuMillis}m`, memory: `${l.defaultRequestMemoryMiB}Mi` },
      max: { cpu: `${l.maxCpuMillis}m`, memory: `${l.maxMemoryMiB}Mi` },
    },
    { type: "PersistentVolumeClaim", max: { storage: `${maxStorageGiB}Gi` } },
  ];
}

const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/** The NetworkPolicy specs of a tenant namespace, by object name. */
export function networkPolicySpecs(ingressNamespace: string): Record<string, NetworkPolicySpec> {
  return {
    // Everything not allowed below is denied, in both directions.
    "default-deny-all": { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    "allow-same-namespace": {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    },
    "allow-dns-egress": {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: byName("kube-system"),
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    },
    "allow-ingress-controller": {
      // Data store pods (labelled `cloudtier.io/datastore`) serve the tenant's own pods only.
      podSelector: { matchExpressions: [{ key: "cloudtier.io/datastore", operator: "DoesNotExist" }] },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: byName(ingressNamespace) }] }],
    },
  };
}
