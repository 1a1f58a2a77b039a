/**
 * An environment stack: one Cloud-tier customer's isolated network and cluster in one region, the
 * customer's namespace inside it, its managed data stores in the same network, and its SLO rules.
 */
import { createManagedCluster } from "../components/cluster/index.js";
import { createTenantDatastores, datastoreOutputs } from "../components/datastore/index.js";
import { SloRules } from "../components/observability/slo-rules.js";
import { PlatformOperators } from "../components/platform/operators.js";
import { TenantNamespace } from "../components/tenancy/tenant-namespace.js";
import { environmentBaseName } from "../domain/naming.js";
import { environmentNetwork } from "../domain/network-plan.js";
import type { EnvironmentStackConfig } from "../domain/stack-config.js";
import { TIER_SPECS } from "../domain/tiers.js";
import type { RegionRef } from "../regions/index.js";
import { checkTenantHosts, createClusterServices, tenantTraffic } from "./cluster-services.js";
import { clusterAccess } from "./cluster-access.js";
import type { StackSettings } from "./program.js";

export async function environmentStack(
  config: EnvironmentStackConfig & { ref: RegionRef },
  settings: StackSettings = { charts: {} },
): Promise<Record<string, unknown>> {
  const { ref, customer } = config;
  checkTenantHosts(ref, [customer.id], settings);
  const tier = TIER_SPECS[customer.tier];
  const base = environmentBaseName(customer.id, ref);
  const network = environmentNetwork(ref, tier.sla.zones);
  const metering = { customer: customer.id, tier: customer.tier, region: ref };
  const cluster = await createManagedCluster(base, {
    region: ref,
    baseName: base,
    network,
    sla: tier.sla,
    nodePool: tier.nodePool,
    metering,
    ...clusterAccess(config.cluster.apiAllowedCidrs, settings),
  });
  const namespace = new TenantNamespace(
    customer.id,
    { tenant: customer, region: ref, ...tenantTraffic(ref, settings) },
    { provider: cluster.provider },
  );
  // The customer's own cluster evaluates its SLO rules: it gets its own monitoring stack.
  const operators = new PlatformOperators(
    `${base}-operators`,
    { operators: ["monitoring"], metering, charts: settings.charts },
    { provider: cluster.provider },
  );
  // The customer's own ingress, certificates, DNS names and (where the cloud needs one) autoscaler.
  await createClusterServices(`${base}-services`, {
    cluster,
    region: ref,
    baseName: base,
    metering,
    replicas: tier.sla.replicas,
    settings,
  });
  const stores = await createTenantDatastores(
    customer.id,
    {
      tenant: customer,
      region: ref,
      namespace: namespace.namespace,
      k8sProvider: cluster.provider,
      managed: {
        baseName: base,
        network,
        networkId: cluster.networkId,
        privateSubnetIds: cluster.privateSubnetIds,
        clusterId: cluster.clusterId,
        cloudProvider: cluster.cloudProvider,
      },
    },
    { parent: namespace },
  );
  new SloRules(
    `${customer.id}-slo`,
    {
      namespaceName: customer.id,
      namespace: namespace.namespace,
      tier: customer.tier,
      labels: namespace.labels,
      monitoring: operators.releases.monitoring,
    },
    { parent: namespace },
  );
  return {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    kubeconfig: cluster.kubeconfig,
    namespace: namespace.namespace,
    ...datastoreOutputs(stores),
  };
}
