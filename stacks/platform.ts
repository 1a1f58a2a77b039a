/**
 * A platform stack: the shared cluster of one region, the operators every tenant's data stores and SLO
 * rules rely on, and the shared-tier tenants on it: their namespaces, data stores and SLO rules.
 */
import { PLATFORM_CLUSTER } from "../domain/tiers.js";
import { platformBaseName } from "../domain/naming.js";
import { platformNetwork } from "../domain/network-plan.js";
import { throwIfProblems } from "../domain/errors.js";
import { STACK_CONFIG_KEY, type PlatformStackConfig } from "../domain/stack-config.js";
import type { RegionRef } from "../regions/index.js";
import { createCluster } from "../components/cluster/index.js";
import { createTenantDatastores, datastoreOutputs } from "../components/datastore/index.js";
import { datastoreQuotaProblems } from "../components/datastore/in-cluster-spec.js";
import { SloRules } from "../components/observability/slo-rules.js";
import { PlatformOperators } from "../components/platform/operators.js";
import { TenantNamespace } from "../components/tenancy/tenant-namespace.js";

export async function platformStack(
  config: PlatformStackConfig & { ref: RegionRef },
): Promise<Record<string, unknown>> {
  const { ref } = config;
  // Every tenant's data stores must fit its namespace quota: say so before anything is created.
  throwIfProblems(
    config.tenants.flatMap((tenant, i) =>
      datastoreQuotaProblems(tenant, `${STACK_CONFIG_KEY}.tenants[${i}].quota`),
    ),
  );
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
  // The stack that owns the cluster (shard 0) installs the operators, whether or not its own tenants
  // need them yet: tenants of later shards rely on them, and the first data store of a region is then an
  // ordinary tenant change rather than a cluster change in the same update.
  const operators =
    config.shard === 0
      ? new PlatformOperators(
          `${base}-operators`,
          {
            operators: ["postgres", "redis", "monitoring"],
            metering: { customer: "platform", tier: "shared", region: ref },
          },
          { provider: cluster.provider },
        )
      : undefined;
  const tenants = [];
  for (const tenant of config.tenants) {
    const namespace = new TenantNamespace(tenant.id, { tenant, region: ref }, { provider: cluster.provider });
    const stores = await createTenantDatastores(
      tenant.id,
      {
        tenant,
        region: ref,
        namespace: namespace.namespace,
        k8sProvider: cluster.provider,
        operators: { postgres: operators?.releases.postgres, redis: operators?.releases.redis },
      },
      { parent: namespace },
    );
    new SloRules(
      `${tenant.id}-slo`,
      {
        namespaceName: tenant.id,
        namespace: namespace.namespace,
        tier: tenant.tier,
        labels: namespace.labels,
        monitoring: operators?.releases.monitoring,
      },
      { parent: namespace },
    );
    tenants.push({ namespace: namespace.namespace, ...datastoreOutputs(stores) });
  }
  return {
    clusterName: cluster.clusterName,
    tenants,
  };
}

/** Existing clusters bring their own network. */
const emptyNetwork = { network: "", privateSubnets: [], publicSubnets: [], pods: "", services: "" };
