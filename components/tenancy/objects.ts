/**
 * Pure builders of a tenant namespace's Kubernetes objects: tested without Pulumi, used by the component.
 */
import type * as k8s from "@pulumi/kubernetes";
import { NON_PUBLIC_RANGES } from "../../domain/platform-config.js";
import type { InternetEgress, LimitRangeSpec, QuotaSpec } from "../../domain/tiers.js";
import { DATASTORE_LABEL } from "../datastore/settings.js";

type LimitRangeItem = k8s.types.input.core.v1.LimitRangeItem;
type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;

export const POD_SECURITY_LEVEL = "restricted";

/**
 * On the guard rails inside a tenant namespace (its quota, limits, network policies, roles and bindings),
 * never on the Namespace itself: the platform owns these fields. A change made in the cluster by hand (`kubectl edit`)
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
    "requests.ephemeral-storage": `${q.requestsEphemeralStorageGiB}Gi`,
    "limits.ephemeral-storage": `${q.limitsEphemeralStorageGiB}Gi`,
  };
}

export function limitRangeLimits(l: LimitRangeSpec, maxStorageGiB: number): LimitRangeItem[] {
  return [
    {
      type: "Container",
      // The quota names ephemeral storage, so a container that declares none is refused unless these
      // defaults give it one.
      default: {
        cpu: `${l.defaultLimitCpuMillis}m`,
        memory: `${l.defaultLimitMemoryMiB}Mi`,
        "ephemeral-storage": `${l.defaultLimitEphemeralStorageMiB}Mi`,
      },
      defaultRequest: {
        cpu: `${l.defaultRequestCpuMillis}m`,
        memory: `${l.defaultRequestMemoryMiB}Mi`,
        "ephemeral-storage": `${l.defaultRequestEphemeralStorageMiB}Mi`,
      },
      max: {
        cpu: `${l.maxCpuMillis}m`,
        memory: `${l.maxMemoryMiB}Mi`,
        "ephemeral-storage": `${l.maxEphemeralStorageMiB}Mi`,
      },
    },
    { type: "PersistentVolumeClaim", max: { storage: `${maxStorageGiB}Gi` } },
  ];
}

const byName = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/** What a tenant namespace's NetworkPolicies admit besides its own pods and the cluster's DNS. */
export interface TenantTraffic {
  /** Namespace of the platform's ingress controller: may reach the tenant's pods (not its data stores). */
  readonly ingressNamespace: string;
  /** Namespace of the platform's monitoring: may scrape the tenant's pods. */
  readonly monitoringNamespace: string;
  /** How far the tenant's pods reach the internet (the tier's `egress.internet`). */
  readonly internet: InternetEgress;
  /** The platform's allowlist of public ranges, for the `allowlist` tiers. */
  readonly allowlistCidrs: readonly string[];
}

/** The NetworkPolicy name of each kind of egress a tier may have; the policy rules read them. */
export const EGRESS_POLICY_NAMES = {
  allowlist: "allow-egress-allowlist",
  internet: "allow-egress-internet",
} as const;

/**
 * The internet, as one peer: every address but the non-public ranges, so "internet" never reaches the
 * cluster's nodes and pods, other tenants, the VPC's private endpoints or the cloud's metadata service.
 */
function internetPeer(): { ipBlock: { cidr: string; except: string[] } } {
  return {
    ipBlock: { cidr: "0.0.0.0/0", except: NON_PUBLIC_RANGES.filter((r) => r !== "0.0.0.0/8") },
  };
}

/** The egress NetworkPolicy spec of a tier's internet access; undefined when it has none. */
export function internetEgressSpec(traffic: TenantTraffic): NetworkPolicySpec | undefined {
  if (traffic.internet === "internet") {
    return { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [internetPeer()] }] };
  }
  if (traffic.internet === "allowlist" && traffic.allowlistCidrs.length > 0) {
    return {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: traffic.allowlistCidrs.map((cidr) => ({ ipBlock: { cidr } })) }],
    };
  }
  return undefined;
}

/** The NetworkPolicy specs of a tenant namespace, by object name. */
export function networkPolicySpecs(traffic: TenantTraffic): Record<string, NetworkPolicySpec> {
  const internet = internetEgressSpec(traffic);
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
      // Data store pods serve the tenant's own pods only. Selecting by the label's absence grants a tenant
      // nothing by labelling a pod: such a pod loses the ingress controller (and the label is reserved to
      // the platform's operators anyway, see `components/platform/reserved-labels-spec.ts`).
      podSelector: { matchExpressions: [{ key: DATASTORE_LABEL, operator: "DoesNotExist" }] },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: byName(traffic.ingressNamespace) }] }],
    },
    // The platform's Prometheus scrapes the tenant's pods (and the data stores' exporters).
    "allow-monitoring": {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: byName(traffic.monitoringNamespace) }] }],
    },
    ...(internet
      ? {
          [traffic.internet === "internet" ? EGRESS_POLICY_NAMES.internet : EGRESS_POLICY_NAMES.allowlist]:
            internet,
        }
      : {}),
  };
}

/**
 * The allowlist's names as a CiliumNetworkPolicy (cilium.io/v2): egress to those names only, learnt
 * through Cilium's DNS proxy, which therefore sees the namespace's DNS queries. Kubernetes
 * NetworkPolicies cannot name hosts; where the cluster's plugin is not Cilium this is not created.
 */
export function allowlistNamesPolicy(fqdns: readonly string[]): {
  name: string;
  apiVersion: string;
  kind: string;
  spec: Record<string, unknown>;
} {
  return {
    name: "allow-egress-allowlist-names",
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    spec: {
      endpointSelector: {},
      egress: [
        {
          toEndpoints: [
            {
              matchLabels: {
                "k8s:io.kubernetes.pod.namespace": "kube-system",
                "k8s:k8s-app": "kube-dns",
              },
            },
          ],
          toPorts: [
            {
              ports: [
                { port: "53", protocol: "UDP" },
                { port: "53", protocol: "TCP" },
              ],
              rules: { dns: [{ matchPattern: "*" }] },
            },
          ],
        },
        {
          toFQDNs: fqdns.map((name) =>
            name.startsWith("*.") ? { matchPattern: name } : { matchName: name },
          ),
        },
      ],
    },
  };
}
