/**
 * A platform stack: the shared cluster of one region and the namespaces of the shared-tier tenants on it.
 */
import { PLATFORM_CLUSTER } from "../domain/tiers.js";
import { platformBaseName } from "../domain/naming.js";
import { platformNetwork } from "../domain/network-plan.js";
import type { PlatformStackConfig } from "../domain/stack-config.js";
import type { RegionRef } from "../regions/index.js";
import { createCluster } from "../components/cluster/index.js";
import { TenantNamespace } from "../components/tenancy/tenant-namespace.js";

export async function platformStack(
  config: PlatformStackConfig & { ref: RegionRef },
): Promise<Record<string, unknown>> {
  const { ref } = config;
  const base = platformBaseName(ref);
  const cluster = await createCluster(base, {
    region: ref,
    baseName: base,
    network: ref.cloud === "kubeconfig" ? emptyNetwork : platformNetwork(ref, PLATFORM_CLUSTER.sla.zones),
    sla: PLATFORM_CLUSTER.sla,
    nodePool: PLATFORM_CLUSTER.nodePool,
    metering: { customer: "platform", tier: "shared", region: ref },
    apiAllowedCidrs: config.cluster.apiAllowedCidrs,
  });
  const tenants = config.tenants.map(
    (tenant) => new TenantNamespace(tenant.id, { tenant, region: ref }, { provider: cluster.provider }),
  );
  return {
    clusterName: cluster.clusterName,
    tenants: tenants.map((t) => t.namespace),
  };
}

/** Existing clusters bring their own network. */
const emptyNetwork = { network: "", privateSubnets: [], publicSubnets: [], pods: "", services: "" };
