/**
 * Tenant rules: what fences a customer's namespace in. Pod Security `restricted`, default-deny
 * NetworkPolicies both ways, a ResourceQuota and a LimitRange in every tenant namespace; tenant roles
 * without wildcards or privilege-escalation verbs and without write access to their own fences; no
 * cluster-wide bindings for tenants; no NodePort or LoadBalancer Services on the shared tiers.
 *
 * A tenant object is any object not labelled as the platform's (`cloudtier.io/customer: platform`), so a
 * missing label never exempts an object from these rules.
 */
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as k8s from "@pulumi/kubernetes";
import { SHARED_TIERS } from "../../domain/tiers.js";
import {
  type Props,
  type Quantities,
  inNamespace,
  isTenantObject,
  metaOf,
  ofType,
  resourcesOf,
  tenantNamespaces,
} from "./support.js";
import { OWN, PSS_RESTRICTED, cisAks, cisEks, cisGke, cisK8s, mtb } from "./sources.js";

type NamespaceProps = Props<k8s.types.input.core.v1.Namespace>;
type NetworkPolicyProps = Props<k8s.types.input.networking.v1.NetworkPolicy>;
type ResourceQuotaProps = Props<k8s.types.input.core.v1.ResourceQuota>;
type LimitRangeProps = Props<k8s.types.input.core.v1.LimitRange>;
type RoleProps = Props<k8s.types.input.rbac.v1.Role>;
type RoleBindingProps = Props<k8s.types.input.rbac.v1.RoleBinding>;
type ServiceAccountProps = Props<k8s.types.input.core.v1.ServiceAccount>;
type PodSpec = Props<k8s.types.input.core.v1.PodSpec>;
type Container = Props<k8s.types.input.core.v1.Container>;

export const PSS_LABEL = "pod-security.kubernetes.io";

export const tenantPodSecurity: ResourceValidationPolicy = {
  name: "tenant-pod-security-restricted",
  description:
    "Every tenant namespace enforces the Pod Security Standards `restricted` profile (pod-security.kubernetes.io/enforce).",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [PSS_RESTRICTED, ...cisK8s("4.2.1"), mtb("MTB-PL1-BC-CPI-5")],
  validateResource: ofType<k8s.types.input.core.v1.Namespace>(
    "namespace",
    (ns: NamespaceProps, _args, report) => {
      if (!isTenantObject(ns)) return;
      const level = metaOf(ns).labels?.[`${PSS_LABEL}/enforce`];
      if (level !== "restricted") {
        report(
          `label ${PSS_LABEL}/enforce is ${level === undefined ? "missing" : `"${level}"`}: it must be "restricted".`,
        );
      }
    },
  ),
};

export const tenantPodSecurityAuditWarn: ResourceValidationPolicy = {
  name: "tenant-pod-security-audit-warn",
  description:
    "Tenant namespaces also audit and warn at `restricted`, so rejected pods are logged and users see why.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: [PSS_RESTRICTED],
  validateResource: ofType<k8s.types.input.core.v1.Namespace>(
    "namespace",
    (ns: NamespaceProps, _args, report) => {
      if (!isTenantObject(ns)) return;
      for (const mode of ["audit", "warn"]) {
        if (metaOf(ns).labels?.[`${PSS_LABEL}/${mode}`] !== "restricted") {
          report(`label ${PSS_LABEL}/${mode} should be "restricted".`);
        }
      }
    },
  ),
};

/** An empty podSelector (`{}`) selects every pod of the namespace; a missing one selects none. */
function selectsAllPods(selector: unknown): boolean {
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
  return (
    s !== undefined &&
    Object.keys(s.matchLabels ?? {}).length === 0 &&
    (s.matchExpressions ?? []).length === 0
  );
}

/** The directions a NetworkPolicy denies for every pod of its namespace (a policy with no rules for them). */
export function deniedDirections(policy: NetworkPolicyProps): Set<"Ingress" | "Egress"> {
  const spec = policy.spec;
  const denied = new Set<"Ingress" | "Egress">();
  if (!spec || !selectsAllPods(spec.podSelector)) return denied;
  // Kubernetes' own default when policyTypes is absent: Ingress, plus Egress if egress rules are given.
  const types = spec.policyTypes ?? ["Ingress", ...(spec.egress ? ["Egress"] : [])];
  if (types.includes("Ingress") && (spec.ingress ?? []).length === 0) denied.add("Ingress");
  if (types.includes("Egress") && (spec.egress ?? []).length === 0) denied.add("Egress");
  return denied;
}

export const tenantDefaultDeny: StackValidationPolicy = {
  name: "tenant-default-deny-network-policy",
  description:
    "Every tenant namespace has a default-deny NetworkPolicy for ingress and for egress (all pods selected, no rules); everything else is allowed explicitly.",
  enforcementLevel: "mandatory",
  severity: "critical",
  // The AKS benchmark numbers its network policy section 4.4; EKS and GKE number it 4.3.
  tags: [mtb("MTB-PL1-BC-NI-1"), cisEks("4.3.2"), cisGke("4.3.2"), cisAks("4.4.2")],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      const denied = new Set<string>();
      for (const { props } of inNamespace<k8s.types.input.networking.v1.NetworkPolicy>(
        args.resources,
        "networkPolicy",
        ns.name,
      )) {
        for (const direction of deniedDirections(props)) denied.add(direction);
      }
      const missing = ["Ingress", "Egress"].filter((d) => !denied.has(d));
      if (missing.length > 0) {
        report(
          `namespace ${ns.name} has no default-deny NetworkPolicy for ${missing.join(" and ")}.`,
          ns.urn,
        );
      }
    }
  },
};

/** Keys every tenant ResourceQuota limits: compute, pods and the objects that cost money. */
export const REQUIRED_QUOTA_KEYS = [
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
  "pods",
  "services",
  "persistentvolumeclaims",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.ephemeral-storage",
] as const;

/** What a tenant namespace's LimitRange gives every container by default, and bounds. */
export const LIMIT_RANGE_RESOURCES = ["cpu", "memory", "ephemeral-storage"] as const;

function unscopedQuotas(resources: readonly PolicyResource[], namespace: string): Quantities[] {
  return inNamespace<k8s.types.input.core.v1.ResourceQuota>(resources, "resourceQuota", namespace)
    .map(({ props }: { props: ResourceQuotaProps }) => props.spec)
    .filter((spec) => spec && !spec.scopes?.length && !spec.scopeSelector)
    .map((spec) => (spec?.hard ?? {}) as Quantities);
}

export const tenantResourceQuota: StackValidationPolicy = {
  name: "tenant-resource-quota",
  description: `Every tenant namespace has a ResourceQuota, without scopes, limiting ${REQUIRED_QUOTA_KEYS.join(", ")}.`,
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [mtb("MTB-PL1-CC-FNS-1"), mtb("MTB-PL1-CC-FNS-2")],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      const quotas = unscopedQuotas(args.resources, ns.name);
      if (quotas.length === 0) {
        report(`namespace ${ns.name} has no ResourceQuota.`, ns.urn);
        continue;
      }
      const missing = REQUIRED_QUOTA_KEYS.filter((key) => !quotas.some((hard) => hard[key] !== undefined));
      if (missing.length > 0) {
        report(`namespace ${ns.name}: no ResourceQuota limits ${missing.join(", ")}.`, ns.urn);
      }
    }
  },
};

export const tenantLimitRange: StackValidationPolicy = {
  name: "tenant-limit-range",
  description:
    "Every tenant namespace has a LimitRange giving containers default CPU, memory and ephemeral-storage requests and limits, and a maximum, so every pod counts against the quota (and one that declares no ephemeral storage is still admitted under a quota that names it).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [mtb("MTB-PL1-CC-FNS-1"), OWN],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      const items = inNamespace<k8s.types.input.core.v1.LimitRange>(
        args.resources,
        "limitRange",
        ns.name,
      ).flatMap(({ props }: { props: LimitRangeProps }) => props.spec?.limits ?? []);
      const container = items.filter((item) => item.type === "Container");
      const has = (field: "default" | "defaultRequest" | "max") =>
        container.some((item) => {
          const values = (item[field] ?? {}) as Quantities;
          return LIMIT_RANGE_RESOURCES.every((resource) => values[resource] !== undefined);
        });
      const missing = (["default", "defaultRequest", "max"] as const).filter((f) => !has(f));
      if (missing.length > 0) {
        report(
          `namespace ${ns.name} has no LimitRange setting container ${LIMIT_RANGE_RESOURCES.join(", ")} ${missing.join(", ")}.`,
          ns.urn,
        );
      }
    }
  },
};

interface RbacRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
}

const rulesOf = (role: RoleProps): readonly RbacRule[] => role.rules ?? [];

export const tenantRoleNoWildcards: ResourceValidationPolicy = {
  name: "tenant-role-no-wildcards",
  description: "Tenant Roles name their API groups, resources and verbs: no `*`.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: cisK8s("4.1.3"),
  validateResource: ofType<k8s.types.input.rbac.v1.Role>("role", (role: RoleProps, _args, report) => {
    if (!isTenantObject(role)) return;
    for (const [i, rule] of rulesOf(role).entries()) {
      for (const field of ["apiGroups", "resources", "verbs"] as const) {
        if ((rule[field] ?? []).includes("*")) report(`rules[${i}].${field} contains "*".`);
      }
    }
  }),
};

/** Verbs that let a holder grant or assume more than it has. */
export const ESCALATION_VERBS = ["bind", "escalate", "impersonate"] as const;

export const tenantRoleNoEscalation: ResourceValidationPolicy = {
  name: "tenant-role-no-escalation-verbs",
  description: "Tenant Roles grant no `bind`, `escalate` or `impersonate`.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [...cisK8s("4.1.8"), mtb("MTB-PL2-CC-TI-1")],
  validateResource: ofType<k8s.types.input.rbac.v1.Role>("role", (role: RoleProps, _args, report) => {
    if (!isTenantObject(role)) return;
    for (const [i, rule] of rulesOf(role).entries()) {
      const found = ESCALATION_VERBS.filter((v) => rule.verbs.includes(v));
      if (found.length > 0) report(`rules[${i}].verbs grants ${found.join(", ")}.`);
    }
  }),
};

/** The objects that fence a tenant in: it may read them, never change them. */
export const FENCE_RESOURCES = ["resourcequotas", "limitranges", "networkpolicies"] as const;
const WRITE_VERBS = ["*", "create", "update", "patch", "delete", "deletecollection"] as const;

export const tenantRoleNoFenceWrites: ResourceValidationPolicy = {
  name: "tenant-role-no-fence-writes",
  description: `Tenant Roles cannot change their own fences: no write verbs on ${FENCE_RESOURCES.join(", ")}.`,
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [mtb("MTB-PL1-CC-TI-1")],
  validateResource: ofType<k8s.types.input.rbac.v1.Role>("role", (role: RoleProps, _args, report) => {
    if (!isTenantObject(role)) return;
    for (const [i, rule] of rulesOf(role).entries()) {
      const resources = rule.resources ?? [];
      const fences = FENCE_RESOURCES.filter((r) => resources.includes(r) || resources.includes("*"));
      const writes = WRITE_VERBS.filter((v) => rule.verbs.includes(v));
      if (fences.length > 0 && writes.length > 0) {
        report(`rules[${i}] grants ${writes.join(", ")} on ${fences.join(", ")}.`);
      }
    }
  }),
};

export const tenantBindingsNamespaced: ResourceValidationPolicy = {
  name: "tenant-bindings-namespaced",
  description:
    "Tenant RoleBindings bind the tenant's own Roles (never a ClusterRole such as admin or cluster-admin) and no service account of another namespace.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [...cisK8s("4.1.1"), mtb("MTB-PL1-CC-TI-2")],
  validateResource: ofType<k8s.types.input.rbac.v1.RoleBinding>(
    "roleBinding",
    (binding: RoleBindingProps, _args, report) => {
      if (!isTenantObject(binding)) return;
      if (binding.roleRef?.kind !== "Role") {
        report(
          `roleRef is ${binding.roleRef?.kind ?? "missing"} ${binding.roleRef?.name ?? ""}: bind a Role.`,
        );
      }
      const namespace = metaOf(binding).namespace ?? "default";
      for (const subject of binding.subjects ?? []) {
        if (subject.kind === "ServiceAccount" && subject.namespace && subject.namespace !== namespace) {
          report(`subject ServiceAccount ${subject.namespace}/${subject.name} is in another namespace.`);
        }
      }
    },
  ),
};

export const tenantNoClusterRoleBinding: StackValidationPolicy = {
  name: "tenant-no-cluster-role-binding",
  description:
    "No ClusterRoleBinding grants anything to a tenant: none binds a service account of a tenant namespace or a user or group bound in one.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [mtb("MTB-PL1-CC-CPI-1"), ...cisK8s("4.1.1")],
  validateStack: (args, report) => {
    const tenants = new Set(tenantNamespaces(args.resources).map((ns) => ns.name));
    const tenantSubjects = new Set<string>();
    for (const { props } of resourcesOf<k8s.types.input.rbac.v1.RoleBinding>(args.resources, "roleBinding")) {
      const binding = props;
      if (!tenants.has(metaOf(binding).namespace ?? "default")) continue;
      for (const s of binding.subjects ?? []) {
        if (s.kind !== "ServiceAccount") tenantSubjects.add(`${s.kind}:${s.name}`);
      }
    }
    for (const { resource, props } of resourcesOf<k8s.types.input.rbac.v1.ClusterRoleBinding>(
      args.resources,
      "clusterRoleBinding",
    )) {
      for (const s of props.subjects ?? []) {
        if (s.kind === "ServiceAccount" && tenants.has(s.namespace ?? "")) {
          report(
            `binds ServiceAccount ${s.namespace}/${s.name} of a tenant namespace cluster-wide.`,
            resource.urn,
          );
        } else if (tenantSubjects.has(`${s.kind}:${s.name}`)) {
          report(`binds ${s.kind} ${s.name}, a member of a tenant, cluster-wide.`, resource.urn);
        }
      }
    }
  },
};

const quantityIsZero = (value: string | number | undefined): boolean =>
  value !== undefined && Number(value) === 0;

export const sharedTierNoExternalServices: StackValidationPolicy = {
  name: "shared-tier-no-external-services",
  description:
    "Tenants of the shared tiers cannot expose NodePort or LoadBalancer Services: their quota holds services.nodeports and services.loadbalancers at 0, and none is planned.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [mtb("MTB-PL1-BC-HI-1"), OWN],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      // A namespace without a tier label is held to the shared tiers' rule.
      if (ns.tier !== undefined && !(SHARED_TIERS as readonly string[]).includes(ns.tier)) continue;
      const quotas = unscopedQuotas(args.resources, ns.name);
      for (const key of ["services.nodeports", "services.loadbalancers"]) {
        if (!quotas.some((hard) => quantityIsZero(hard[key]))) {
          report(
            `namespace ${ns.name} (${ns.tier ?? "no tier"}): no ResourceQuota holds ${key} at 0.`,
            ns.urn,
          );
        }
      }
      for (const { resource, props } of inNamespace<k8s.types.input.core.v1.Service>(
        args.resources,
        "service",
        ns.name,
      )) {
        const type = props.spec?.type;
        if (type === "NodePort" || type === "LoadBalancer") {
          report(`Service of type ${type} in shared-tier namespace ${ns.name}.`, resource.urn);
        }
      }
    }
  },
};

export const tenantDefaultServiceAccount: StackValidationPolicy = {
  name: "tenant-default-sa-no-token",
  description:
    "The default service account of every tenant namespace does not mount an API token (automountServiceAccountToken: false).",
  enforcementLevel: "advisory",
  severity: "low",
  tags: [...cisK8s("4.1.5"), ...cisK8s("4.1.6")],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      const ok = inNamespace<k8s.types.input.core.v1.ServiceAccount>(
        args.resources,
        "serviceAccount",
        ns.name,
      ).some(
        ({ props }: { props: ServiceAccountProps }) =>
          metaOf(props).name === "default" && props.automountServiceAccountToken === false,
      );
      if (!ok) report(`namespace ${ns.name}: the default service account still mounts a token.`, ns.urn);
    }
  },
};

/** The pod spec inside a workload's props, whatever its kind. */
export function podSpecOf(type: string, props: unknown): PodSpec | undefined {
  const p = props as {
    spec?: PodSpec & {
      template?: { spec?: PodSpec };
      jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
    };
  };
  if (type.endsWith(":Pod")) return p.spec;
  if (type.endsWith(":CronJob")) return p.spec?.jobTemplate?.spec?.template?.spec;
  return p.spec?.template?.spec;
}

/** What the `restricted` profile rejects in a pod spec, one message per finding. */
export function restrictedProblems(spec: PodSpec): string[] {
  const problems: string[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (spec[field] === true) problems.push(`${field} is true.`);
  }
  for (const volume of spec.volumes ?? []) {
    if (volume.hostPath) problems.push(`volume ${volume.name} is a hostPath.`);
  }
  const podContext = spec.securityContext ?? {};
  const containers: Container[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of containers) {
    const ctx = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (ctx.privileged === true) problems.push(`${where} is privileged.`);
    if (ctx.allowPrivilegeEscalation !== false)
      problems.push(`${where} must set allowPrivilegeEscalation: false.`);
    if (!(ctx.capabilities?.drop ?? []).includes("ALL"))
      problems.push(`${where} must drop ALL capabilities.`);
    const added = (ctx.capabilities?.add ?? []).filter((cap) => cap !== "NET_BIND_SERVICE");
    if (added.length > 0) problems.push(`${where} adds capabilities ${added.join(", ")}.`);
    if ((ctx.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
      problems.push(`${where} must run as non-root.`);
    const seccomp = ctx.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
      problems.push(`${where} needs seccompProfile RuntimeDefault.`);
    }
    for (const port of c.ports ?? []) {
      if (port.hostPort !== undefined && port.hostPort !== 0)
        problems.push(`${where} uses hostPort ${port.hostPort}.`);
    }
  }
  return problems;
}

export const tenantWorkloadsRestricted: StackValidationPolicy = {
  name: "tenant-workloads-restricted",
  description:
    "Workloads the platform plans in tenant namespaces (in-cluster data stores) already satisfy the `restricted` profile, so admission never rejects them.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [
    PSS_RESTRICTED,
    mtb("MTB-PL1-BC-CPI-5"),
    mtb("MTB-PL1-BC-CPI-6"),
    mtb("MTB-PL1-BC-HI-3"),
    mtb("MTB-PL1-BC-HI-4"),
    mtb("MTB-PL1-BC-HI-5"),
  ],
  validateStack: (args, report) => {
    const tenants = new Set(tenantNamespaces(args.resources).map((ns) => ns.name));
    for (const { resource, props } of [
      ...resourcesOf<unknown>(args.resources, "pod"),
      ...resourcesOf<unknown>(args.resources, "podTemplateOwners"),
    ]) {
      if (!tenants.has(metaOf(props).namespace ?? "default")) continue;
      const spec = podSpecOf(resource.type, props);
      if (!spec) continue;
      for (const problem of restrictedProblems(spec)) report(problem, resource.urn);
    }
  },
};

export const TENANT_POLICIES = [
  tenantPodSecurity,
  tenantPodSecurityAuditWarn,
  tenantDefaultDeny,
  tenantResourceQuota,
  tenantLimitRange,
  tenantRoleNoWildcards,
  tenantRoleNoEscalation,
  tenantRoleNoFenceWrites,
  tenantBindingsNamespaced,
  tenantNoClusterRoleBinding,
  sharedTierNoExternalServices,
  tenantDefaultServiceAccount,
  tenantWorkloadsRestricted,
];
