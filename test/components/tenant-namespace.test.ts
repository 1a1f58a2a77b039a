import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { FORBIDDEN_VERBS, GUARD_RESOURCES } from "../../components/tenancy/rbac.js";
import { TIER_SPECS } from "../../domain/tiers.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { input, ofType, oneOfType, planCustomer } from "../support/plan.js";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";

describe("TenantNamespace on a platform cluster (team tier, kubeconfig:local)", () => {
  let plan: RecordedPlan;
  let component: PlannedResource;
  before(async () => {
    [plan] = (await planCustomer({
      tier: "team",
      regions: ["kubeconfig:local"],
      members: ["ann@example.com:owner", "bo@example.com:developer", "cy@example.com:developer"],
      quota: { pods: 200 },
    })) as [RecordedPlan];
    component = oneOfType(plan, "cloudtier:tenancy:TenantNamespace");
  });

  it("is a platform stack with deterministic name", () => {
    assert.equal(plan.stack, "platform-kubeconfig-local");
    assert.equal(plan.kind, "platform");
    assert.equal(component.name, "acme");
  });

  it("creates the namespace with metering and restricted pod-security labels", () => {
    const ns = oneOfType(plan, "kubernetes:core/v1:Namespace");
    assert.equal(ns.name, "acme-ns");
    assert.deepEqual(input(ns, "metadata.labels"), {
      "cloudtier.io/customer": "acme",
      "cloudtier.io/tier": "team",
      "cloudtier.io/region": "kubeconfig-local",
      "app.kubernetes.io/managed-by": "cloudtier",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
    });
    assert.equal(input(ns, "metadata.name"), "acme");
  });

  it("never force-applies the Namespace (it must not take over one it did not create); the guard rails inside it are", () => {
    const ns = oneOfType(plan, "kubernetes:core/v1:Namespace");
    assert.equal(input(ns, "metadata.annotations"), undefined);
    for (const type of ["kubernetes:core/v1:ResourceQuota", "kubernetes:core/v1:LimitRange"]) {
      const annotations = input<Record<string, string>>(oneOfType(plan, type), "metadata.annotations");
      assert.equal(annotations["pulumi.com/patchForce"], "true", type);
    }
  });

  it("puts every object under the component, through the cluster's explicit provider", () => {
    const provider = oneOfType(plan, "pulumi:providers:kubernetes");
    // The tenant's objects: the platform's operators and the tenant's SLO rules have components of their own.
    const children = plan.resources.filter(
      (r) =>
        r.type.startsWith("kubernetes:") &&
        !/cloudtier:(platform:Operators|platform:Services|observability:SloRules)\$/.test(r.urn),
    );
    assert.ok(children.length >= 12);
    for (const r of children) {
      assert.equal(r.parent, component.urn, r.urn);
      assert.ok(r.provider?.startsWith(`${provider.urn}::`), `${r.urn} uses ${r.provider}`);
      assert.ok(r.name.startsWith("acme-"), r.name);
    }
    assert.ok(!plan.resources.some((r) => r.provider?.includes("::default")), "no default provider");
  });

  it("fences the namespace with the tier's quota (overrides applied) and limit range", () => {
    const quota = oneOfType(plan, "kubernetes:core/v1:ResourceQuota");
    const hard = input<Record<string, string>>(quota, "spec.hard");
    assert.equal(hard["pods"], "200");
    assert.equal(hard["requests.cpu"], `${TIER_SPECS.team.quota.requestsCpuMillis}m`);
    assert.equal(hard["services.loadbalancers"], "0");
    assert.equal(hard["services.nodeports"], "0");
    assert.equal(
      hard["requests.ephemeral-storage"],
      `${TIER_SPECS.team.quota.requestsEphemeralStorageGiB}Gi`,
    );
    assert.equal(hard["limits.ephemeral-storage"], `${TIER_SPECS.team.quota.limitsEphemeralStorageGiB}Gi`);
    assert.equal(input(quota, "metadata.namespace"), "acme");
    type Item = { type: string; [field: string]: Record<string, string> | string | undefined };
    const limits = input<Item[]>(oneOfType(plan, "kubernetes:core/v1:LimitRange"), "spec.limits");
    const container = limits.find((l) => l.type === "Container") as Record<string, Record<string, string>>;
    const l = TIER_SPECS.team.limitRange;
    assert.equal(container["max"]["cpu"], `${l.maxCpuMillis}m`);
    // The quota names ephemeral storage: containers that declare none get these.
    assert.equal(container["default"]["ephemeral-storage"], `${l.defaultLimitEphemeralStorageMiB}Mi`);
    assert.equal(
      container["defaultRequest"]["ephemeral-storage"],
      `${l.defaultRequestEphemeralStorageMiB}Mi`,
    );
    assert.equal(container["max"]["ephemeral-storage"], `${l.maxEphemeralStorageMiB}Mi`);
  });

  it("denies all traffic by default and allows only the namespace, DNS and the ingress controller", () => {
    const policies = ofType(plan, NP);
    assert.ok(policies.length >= 3);
    const deny = policies.find((p) => input(p, "metadata.name") === "default-deny-all")!;
    assert.deepEqual(input(deny, "spec"), { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = policies.find((p) => input(p, "metadata.name") === "allow-dns-egress")!;
    assert.deepEqual(input(dns, "spec.egress.0.ports"), [
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
    assert.deepEqual(input(dns, "spec.egress.0.to.0.namespaceSelector.matchLabels"), {
      "kubernetes.io/metadata.name": "kube-system",
    });
    const ingress = policies.find((p) => input(p, "metadata.name") === "allow-ingress-controller")!;
    assert.deepEqual(input(ingress, "spec.ingress.0.from.0.namespaceSelector.matchLabels"), {
      "kubernetes.io/metadata.name": "cloudtier-ingress",
    });
    for (const p of policies) {
      const rules = [
        ...(input<unknown[]>(p, "spec.ingress") ?? []),
        ...(input<unknown[]>(p, "spec.egress") ?? []),
      ];
      assert.ok(!JSON.stringify(rules).includes("ipBlock"), `${p.name} opens no IP range`);
    }
  });

  it("grants scoped roles without wildcards, escalation or writes to the guard rails", () => {
    const roles = ofType(plan, ROLE);
    assert.deepEqual(roles.map((r) => input(r, "metadata.name")).sort(), [
      "tenant-developer",
      "tenant-owner",
      "tenant-viewer",
    ]);
    for (const role of roles) {
      for (const rule of input<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(
        role,
        "rules",
      )) {
        for (const v of FORBIDDEN_VERBS) assert.ok(!rule.verbs.includes(v), `${role.name} has verb ${v}`);
        assert.ok(
          !rule.resources.includes("*") && !rule.apiGroups.includes("*"),
          `${role.name} has a wildcard`,
        );
        if (rule.resources.some((r) => (GUARD_RESOURCES as readonly string[]).includes(r))) {
          assert.deepEqual(rule.verbs, ["get", "list", "watch"], `${role.name} may change a guard rail`);
        }
      }
    }
  });

  it("binds each member to their role; one binding per role in use", () => {
    const bindings = ofType(plan, BINDING);
    const byRole = Object.fromEntries(
      bindings.map((b) => [
        input<string>(b, "roleRef.name"),
        input<{ name: string; kind: string }[]>(b, "subjects"),
      ]),
    );
    assert.deepEqual(Object.keys(byRole).sort(), ["tenant-developer", "tenant-owner"]);
    assert.deepEqual(
      byRole["tenant-developer"].map((s) => s.name),
      ["bo@example.com", "cy@example.com"],
    );
    assert.deepEqual(byRole["tenant-owner"], [
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "ann@example.com" },
    ]);
  });

  it("turns off token automount on the default service account", () => {
    const sa = oneOfType(plan, "kubernetes:core/v1:ServiceAccountPatch");
    assert.equal(input(sa, "metadata.name"), "default");
    assert.equal(input(sa, "automountServiceAccountToken"), false);
  });

  it("creates no cluster-scoped RBAC", () => {
    assert.equal(plan.resources.filter((r) => r.type.includes(":ClusterRole")).length, 0);
  });
});

describe("platform stack with several tenants", () => {
  it("gives each shared-tier tenant its own namespace", async () => {
    const { planRequests } = await import("../support/plan.js");
    const [plan] = await planRequests([
      {
        name: "platform-kubeconfig-local",
        config: {
          kind: "platform",
          region: "kubeconfig:local",
          tenants: [
            { id: "ann", tier: "community" },
            { id: "bo", tier: "developer" },
            { id: "acme", tier: "team" },
          ],
        },
      },
    ]);
    const namespaces = ofType(plan, "kubernetes:core/v1:Namespace").map((n) =>
      input<string>(n, "metadata.name"),
    );
    assert.deepEqual(namespaces.sort(), ["acme", "ann", "bo"]);
    const quotas = ofType(plan, "kubernetes:core/v1:ResourceQuota");
    const pods = Object.fromEntries(
      quotas.map((q) => [input(q, "metadata.namespace"), input(q, "spec.hard.pods")]),
    );
    assert.deepEqual(pods, { ann: "20", bo: "40", acme: "150" });
  });
});
