/**
 * An environment stack: one Cloud-tier customer's isolated network and cluster in one region, and the
 * customer's namespace inside it.
 */
import { createManagedCluster } from "../components/cluster/index.js";
import { TenantNamespace } from "../components/tenancy/tenant-namespace.js";
import { environmentBaseName } from "../domain/naming.js";
import { environmentNetwork } from "../domain/network-plan.js";
import type { EnvironmentStackConfig } from "../domain/stack-config.js";
import { TIER_SPECS } from "../domain/tiers.js";
import type { RegionRef } from "../regions/index.js";

export async function environmentStack(
  config: EnvironmentStackConfig & { ref: RegionRef },
): Promise<Record<string, unknown>> {
  const { ref, customer } = config;
  const tier = TIER_SPECS[customer.tier];
  const base = environmentBaseName(customer.id, ref);
  const cluster = await createManagedCluster(base, {
    region: ref,
    baseName: base,
    network: environmentNetwork(ref, tier.sla.zones),
    sla: tier.sla,
    nodePool: tier.nodePool,
    metering: { customer: customer.id, tier: customer.tier, region: ref },
    apiAllowedCidrs: config.cluster.apiAllowedCidrs,
  });
  const namespace = new TenantNamespace(
    customer.id,
    { tenant: customer, region: ref },
    { provider: cluster.provider },
  );
  return {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    kubeconfig: cluster.kubeconfig,
    namespace: namespace.namespace,
  };
}
