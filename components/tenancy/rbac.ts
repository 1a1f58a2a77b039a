/**
 * The namespaced roles of a tenant, as data. No wildcards, no `bind`, `escalate` or `impersonate`, and no
 * write access to the objects that fence the tenant in (ResourceQuota, LimitRange, NetworkPolicy).
 */
import type { Role } from "../../domain/customer.js";

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ["get", "list", "watch"] as const;
const WRITE = ["create", "update", "patch", "delete", "deletecollection"] as const;

const WORKLOADS: PolicyRule[] = [
  { apiGroups: [""], resources: ["pods", "services", "configmaps", "persistentvolumeclaims"], verbs: [] },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: [] },
  { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: [] },
  { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [] },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: [] },
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [] },
];

/** Read-only views that every role has, including the guard rails themselves. */
const VIEW: PolicyRule[] = [
  ...WORKLOADS.map((r) => ({ ...r, verbs: READ })),
  { apiGroups: [""], resources: ["pods/log", "endpoints", "events", "serviceaccounts"], verbs: READ },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
  { apiGroups: [""], resources: ["resourcequotas", "limitranges"], verbs: READ },
  { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: READ },
];

const DEVELOP: PolicyRule[] = [
  ...WORKLOADS.map((r) => ({ ...r, verbs: WRITE })),
  { apiGroups: [""], resources: ["pods/exec", "pods/portforward"], verbs: ["create", "get"] },
  {
    apiGroups: ["apps"],
    resources: ["deployments/scale", "statefulsets/scale"],
    verbs: ["get", "update", "patch"],
  },
];

/** Owners also manage the namespace's secrets and service accounts. */
const OWN: PolicyRule[] = [
  { apiGroups: [""], resources: ["secrets"], verbs: [...READ, ...WRITE] },
  { apiGroups: [""], resources: ["serviceaccounts"], verbs: WRITE },
];

export const ROLE_RULES: Readonly<Record<Role, readonly PolicyRule[]>> = {
  viewer: VIEW,
  developer: [...VIEW, ...DEVELOP],
  owner: [...VIEW, ...DEVELOP, ...OWN],
};

export const FORBIDDEN_VERBS = ["*", "bind", "escalate", "impersonate"] as const;
/** Objects a tenant may read but never change. */
export const GUARD_RESOURCES = ["resourcequotas", "limitranges", "networkpolicies"] as const;
