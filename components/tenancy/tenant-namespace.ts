import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ROLES, type Role } from "../../domain/customer.js";
import { effectiveQuota } from "../../domain/customer.js";
import type { Tenant } from "../../domain/stack-config.js";
import { TIER_SPECS } from "../../domain/tiers.js";
import type { RegionRef } from "../../regions/index.js";
import { meteringLabels } from "../labels.js";
import { OPERATOR_NAMESPACES } from "../platform/charts.js";
import {
  GUARD_RAIL_ANNOTATIONS,
  allowlistNamesPolicy,
  limitRangeLimits,
  networkPolicySpecs,
  podSecurityLabels,
  quotaHard,
} from "./objects.js";
import { ROLE_RULES } from "./rbac.js";

export interface TenantNamespaceArgs {
  /** The customer this namespace belongs to. Its id is the namespace name. */
  readonly tenant: Tenant;
  /** The region the namespace's cluster is in, for the metering labels. */
  readonly region: RegionRef;
  /**
   * The platform's allowlist of external services (`cloudtier:egress`), for tiers whose egress is
   * `allowlist`. @default empty: such tiers reach nothing outside the cluster
   */
  readonly allowlist?: { readonly cidrs: readonly string[]; readonly fqdns: readonly string[] };
  /**
   * Whether the cluster's network plugin enforces egress rules by name (Cilium's `toFQDNs`); where it does
   * not, the allowlist's names are not reachable. @default false
   */
  readonly fqdnPolicies?: boolean;
}

/**
 * A customer's namespace on a cluster: labelled for metering and Pod Security `restricted`, fenced by a
 * ResourceQuota, a LimitRange and default-deny NetworkPolicies, with owner/developer/viewer Roles bound to
 * the customer's members. On the Team tier all members share this one namespace.
 *
 * Children are named `<name>-<part>`; their Kubernetes names are fixed inside the namespace. Pass the
 * cluster's `k8s.Provider` as `provider` (or in `providers`): there is no default provider.
 */
export class TenantNamespace extends pulumi.ComponentResource {
  /** The namespace's name. */
  readonly namespace: pulumi.Output<string>;
  /** Labels every object of this tenant carries. */
  readonly labels: Record<string, string>;

  constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:tenancy:TenantNamespace", name, {}, opts);
    const { tenant, region } = args;
    const tier = TIER_SPECS[tenant.tier];
    this.labels = meteringLabels({ customer: tenant.id, tier: tenant.tier, region });
    const child = { parent: this };

    // The Namespace is not force-applied, so creating it never takes over one that cloudtier did not
    // create. What a create of an existing Namespace does depends on the Kubernetes provider:
    // - from 4.29 (the version @pulumi/kubernetes asks for), creates are plain creates: the API server
    //   answers AlreadyExists and the update fails for that tenant, adopting nothing (cloudtier never sets
    //   the provider's `upsertExistingObjects`);
    // - before 4.29 (the provider the end-to-end suite builds from source), a create under server-side
    //   apply is an apply PATCH, an upsert: a namespace whose labels no other field manager owns is
    //   adopted silently (and a destroy would delete it); one where another manager set one of these
    //   labels to another value fails with a field conflict. With `pulumi.com/patchForce` it was adopted
    //   and relabelled either way.
    // Onboarding onto an existing cluster therefore refuses a namespace that exists there and is not
    // cloudtier's before anything is written (`deploy/cluster-namespaces.ts`). Drift of the namespace's own
    // labels is reported by `drift` and fails `up` with a field conflict, rather than being overwritten.
    const ns = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: tenant.id, labels: { ...this.labels, ...podSecurityLabels() } } },
      child,
    );
    this.namespace = ns.metadata.name;
    const meta = (objectName: string) => ({
      name: objectName,
      namespace: this.namespace,
      labels: this.labels,
      annotations: { ...GUARD_RAIL_ANNOTATIONS },
    });
    // Everything in the namespace waits for the namespace itself.
    const inNs = { parent: this, dependsOn: [ns] };

    const quota = effectiveQuota(tenant.tier, tenant.quota);
    new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      { metadata: meta("tenant-quota"), spec: { hard: quotaHard(quota) } },
      inNs,
    );
    new k8s.core.v1.LimitRange(
      `${name}-limits`,
      {
        metadata: meta("tenant-limits"),
        spec: { limits: limitRangeLimits(tier.limitRange, quota.storageGiB) },
      },
      inNs,
    );

    const internet = tier.egress.internet;
    for (const [policyName, spec] of Object.entries(
      networkPolicySpecs({
        ingressNamespace: OPERATOR_NAMESPACES.ingress,
        monitoringNamespace: OPERATOR_NAMESPACES.monitoring,
        internet,
        allowlistCidrs: args.allowlist?.cidrs ?? [],
      }),
    )) {
      new k8s.networking.v1.NetworkPolicy(
        `${name}-${policyName}`,
        { metadata: meta(policyName), spec },
        inNs,
      );
    }
    const fqdns = args.allowlist?.fqdns ?? [];
    if (internet === "allowlist" && args.fqdnPolicies === true && fqdns.length > 0) {
      const policy = allowlistNamesPolicy(fqdns);
      new k8s.apiextensions.CustomResource(
        `${name}-${policy.name}`,
        {
          apiVersion: policy.apiVersion,
          kind: policy.kind,
          metadata: meta(policy.name),
          spec: policy.spec,
        },
        inNs,
      );
    }

    // Pods get no API token unless a workload asks for one with its own service account.
    new k8s.core.v1.ServiceAccountPatch(
      `${name}-default-sa`,
      { metadata: meta("default"), automountServiceAccountToken: false },
      inNs,
    );

    for (const role of ROLES) {
      const roleName = `tenant-${role}`;
      const r = new k8s.rbac.v1.Role(
        `${name}-${role}`,
        {
          metadata: meta(roleName),
          rules: ROLE_RULES[role].map((rule) => ({
            apiGroups: [...rule.apiGroups],
            resources: [...rule.resources],
            verbs: [...rule.verbs],
          })),
        },
        inNs,
      );
      const subjects = membersWithRole(tenant, role).map((email) => ({
        kind: "User",
        apiGroup: "rbac.authorization.k8s.io",
        name: email,
      }));
      if (subjects.length === 0) continue;
      new k8s.rbac.v1.RoleBinding(
        `${name}-${role}-binding`,
        {
          metadata: meta(roleName),
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: r.metadata.name },
          subjects,
        },
        inNs,
      );
    }

    this.registerOutputs({ namespace: this.namespace, labels: this.labels });
  }
}

function membersWithRole(tenant: Tenant, role: Role): string[] {
  return tenant.members.filter((m) => m.role === role).map((m) => m.email);
}
