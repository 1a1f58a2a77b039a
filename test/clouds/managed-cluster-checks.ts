/**
 * Checks every managed cluster plan must pass, whatever the cloud: the component sits at the top of the
 * stack, owns every cloud resource, and every custom resource names an explicit provider of the stack.
 */
import assert from "node:assert/strict";
import { providerUrn } from "../../analysis/metering/index.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { oneOfType } from "../support/plan.js";

/** The type token of a provider URN (`...::pulumi:providers:azure-native::name`). */
export function providerType(reference: string | null): string | undefined {
  const urn = providerUrn(reference);
  if (!urn) return undefined;
  const parts = urn.split("::");
  const type = parts[parts.length - 2] ?? "";
  return type.slice(type.lastIndexOf("$") + 1);
}

/**
 * The cluster component is at the top of the stack; every resource of the given types (what the cluster
 * creates), the cloud's provider and the cluster's Kubernetes provider are its direct children.
 */
export function assertClusterOwnsCloudResources(
  plan: RecordedPlan,
  componentType: string,
  cloudPackage: string,
  clusterTypes: readonly string[],
): PlannedResource {
  const component = oneOfType(plan, componentType);
  // Top-level resources have the stack as parent (null under the mock runtime, which registers no stack).
  assert.ok(
    !plan.resources.some((r) => r.urn === component.parent),
    `${componentType} sits at the top of the stack, not inside another resource`,
  );
  for (const type of clusterTypes) {
    assert.ok(
      plan.resources.some((r) => r.type === type),
      `${plan.stack} has a ${type}`,
    );
  }
  const owned = plan.resources.filter(
    (r) => clusterTypes.includes(r.type) || r.type === `pulumi:providers:${cloudPackage}`,
  );
  for (const r of [...owned, clusterK8sProvider(plan, component)]) {
    assert.equal(r.parent, component.urn, `${r.urn} is a child of the ${componentType}`);
  }
  return component;
}

/** The Kubernetes provider the cluster component creates. */
export function clusterK8sProvider(plan: RecordedPlan, cluster: PlannedResource): PlannedResource {
  const providers = plan.resources.filter(
    (r) => r.type === "pulumi:providers:kubernetes" && r.parent === cluster.urn,
  );
  assert.equal(providers.length, 1, `${plan.stack}: the cluster creates one Kubernetes provider`);
  return providers[0];
}

/**
 * Every custom resource (providers aside) names a provider, that provider is one the stack registers
 * itself, it is never a default provider, and it is of the expected package for the resource's type.
 */
export function assertExplicitProviders(plan: RecordedPlan, cloudPackage: string): void {
  const providers = new Set(
    plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.urn),
  );
  for (const r of plan.resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    assert.ok(r.provider, `${r.urn} names its provider`);
    assert.doesNotMatch(r.provider, /::default_/, `${r.urn} does not use a default provider`);
    assert.ok(providers.has(providerUrn(r.provider)!), `${r.urn} uses a provider the stack registers`);
    const expected = r.type.startsWith("kubernetes:")
      ? "pulumi:providers:kubernetes"
      : `pulumi:providers:${cloudPackage}`;
    assert.equal(providerType(r.provider), expected, `${r.urn} uses the ${expected} provider`);
  }
}

/** The Kubernetes objects of the stack go through the cluster's own Kubernetes provider. */
export function assertKubernetesThroughCluster(plan: RecordedPlan, cluster: PlannedResource): void {
  const k8sProvider = clusterK8sProvider(plan, cluster);
  assert.equal(k8sProvider.inputs["kubeconfig"], "[secret]", "the provider's kubeconfig is a secret");
  const objects = plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
  assert.ok(objects.length > 0, "the stack has Kubernetes objects");
  for (const r of objects) {
    assert.equal(providerUrn(r.provider), k8sProvider.urn, `${r.urn} goes through the cluster's provider`);
  }
}

/** The tenant's namespace object (other namespaces, such as the operators', may sit beside it). */
export function tenantNamespace(plan: RecordedPlan, tenant: string): PlannedResource {
  const found = plan.resources.filter(
    (r) =>
      r.type === "kubernetes:core/v1:Namespace" &&
      (r.inputs["metadata"] as { name?: string } | undefined)?.name === tenant,
  );
  assert.equal(found.length, 1, `${plan.stack}: one namespace named ${tenant}`);
  return found[0];
}
