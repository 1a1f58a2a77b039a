/**
 * A platform stack: one shard of a region's shared platform. Shard 0 owns the region's cluster and the
 * operators every tenant's data stores and SLO rules rely on; every shard (shard 0 included) holds some of
 * the region's shared-tier tenants: their namespaces, data stores and SLO rules. Later shards reach the
 * cluster through shard 0's outputs (a StackReference to its `kubeconfig`), or, on an existing cluster,
 * through the same kubeconfig context.
 */
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_CLUSTER } from "../domain/tiers.js";
import { platformBaseName, platformStackName } from "../domain/naming.js";
import { platformNetwork } from "../domain/network-plan.js";
import { InputError, throwIfProblems } from "../domain/errors.js";
import { shardOfStackName } from "../domain/placement.js";
import { STACK_CONFIG_KEY, type PlatformStackConfig, type Tenant } from "../domain/stack-config.js";
import type { RegionRef } from "../regions/index.js";
import { type Cluster, createCluster } from "../components/cluster/index.js";
import { createTenantDatastores } from "../components/datastore/index.js";
import { datastoreQuotaProblems } from "../components/datastore/in-cluster-spec.js";
import { credentialsSecretName, requestedKinds } from "../components/datastore/settings.js";
import { SloRules } from "../components/observability/slo-rules.js";
import { ClusterReference } from "../components/platform/cluster-reference.js";
import { PlatformOperators } from "../components/platform/operators.js";
import { TenantNamespace } from "../components/tenancy/tenant-namespace.js";
import {
  BACKUPS_OUTPUT,
  checkTenantHosts,
  createClusterServices,
  tenantBackups,
  tenantTraffic,
} from "./cluster-services.js";
import { clusterAccess } from "./cluster-access.js";
import type { StackSettings } from "./program.js";
import { inLanes, registerGroup } from "./registration.js";

type Config = PlatformStackConfig & { ref: RegionRef };

/**
 * Tenants whose resources are registered at a time (see `registration.ts`). Offline, fewer is faster:
 * each registration's short-lived objects then die before the garbage collector has to move them (with 4,
 * a shard plans in about a third of the time it takes with every tenant at once; `npm run bench`). In an
 * update, 4 tenants are some 60 Kubernetes objects created at a time, enough to keep the API server busy.
 */
export const TENANTS_IN_FLIGHT = 4;

export async function platformStack(
  config: Config,
  settings: StackSettings = { charts: {} },
): Promise<Record<string, unknown>> {
  const { ref } = config;
  // Shard 0 creates the region's cluster: a later shard's file that lost its `shard` would create a
  // second one.
  const named = shardOfStackName(ref, pulumi.getStack());
  if (named !== undefined && named !== config.shard) {
    throw InputError.single({
      field: `${STACK_CONFIG_KEY}.shard`,
      rule: `must be the shard the stack name ${pulumi.getStack()} stands for`,
      limit: String(named),
      received: config.shard,
      fix: `Set shard: ${named} in the stack file, or regenerate it with \`cloudtier onboard\`.`,
    });
  }
  // Every tenant's data stores must fit its namespace quota: say so before anything is created.
  throwIfProblems(
    config.tenants.flatMap((tenant, i) =>
      datastoreQuotaProblems(tenant, `${STACK_CONFIG_KEY}.tenants[${i}].quota`).map((p) => ({
        ...p,
        // The index alone does not say whose: name the customer.
        rule: `customer ${tenant.id}: ${p.rule}`,
      })),
    ),
  );
  checkTenantHosts(
    ref,
    config.tenants.map((t) => t.id),
    settings,
  );
  const base = platformBaseName(ref);
  const metering = { customer: "platform", tier: "shared", region: ref } as const;
  const cluster = await platformCluster(config, base, settings);
  // The stack that owns the cluster (shard 0) installs the operators, whether or not its own tenants
  // need them yet: tenants of later shards rely on them, and the first data store of a region is then an
  // ordinary tenant change rather than a cluster change in the same update.
  const operators =
    config.shard === 0
      ? new PlatformOperators(
          `${base}-operators`,
          { operators: ["postgres", "redis", "monitoring"], metering, charts: settings.charts },
          { provider: cluster.provider },
        )
      : undefined;
  // The cluster's ingress, certificates, DNS names, autoscaler and backup store, also installed once by
  // shard 0; later shards back their tenants up to the store shard 0 exports.
  const services =
    config.shard === 0
      ? await createClusterServices(`${base}-services`, {
          cluster,
          region: ref,
          baseName: base,
          metering,
          replicas: PLATFORM_CLUSTER.sla.replicas,
          settings,
          backups: true,
        })
      : undefined;
  const store = services?.backupStore ?? (cluster instanceof ClusterReference ? cluster.backups : undefined);
  const backups = await tenantBackups({
    region: ref,
    settings,
    cluster,
    k8sProvider: cluster.provider,
    ...(store ? { store } : {}),
    providerName: base,
  });
  const traffic = tenantTraffic(ref, settings);

  await inLanes(config.tenants, TENANTS_IN_FLIGHT, (tenant) =>
    registerGroup(async (track) => {
      const namespace = new TenantNamespace(
        tenant.id,
        { tenant, region: ref, ...traffic },
        { provider: cluster.provider, ...track },
      );
      await createTenantDatastores(
        tenant.id,
        {
          tenant,
          region: ref,
          namespace: namespace.namespace,
          k8sProvider: cluster.provider,
          operators: { postgres: operators?.releases.postgres, redis: operators?.releases.redis },
          ...(tenant.postgres && backups
            ? { backup: backups(tenant, { parent: namespace, namespace: namespace.namespace }) }
            : {}),
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
    }),
  );

  return {
    clusterName: cluster.clusterName,
    // Later shards read the cluster's kubeconfig from here (a secret).
    ...(config.shard === 0 && "kubeconfig" in cluster ? { kubeconfig: cluster.kubeconfig } : {}),
    // Later shards back their tenants up to the same store.
    ...(services?.backupStore
      ? { [BACKUPS_OUTPUT]: { name: services.backupStore.name, details: services.backupStore.details } }
      : {}),
    tenants: config.tenants.map(tenantOutputs),
  };
}

/** Shard 0 creates the cluster (or, on an existing cluster, its provider); later shards reach it. */
async function platformCluster(config: Config, base: string, settings: StackSettings): Promise<Cluster> {
  const { ref } = config;
  if (config.shard > 0 && ref.cloud !== "kubeconfig") {
    const ownerStack = `${pulumi.getOrganization()}/${pulumi.getProject()}/${platformStackName(ref)}`;
    return new ClusterReference(base, { ownerStack });
  }
  return createCluster(base, {
    region: ref,
    baseName: base,
    network: ref.cloud === "kubeconfig" ? emptyNetwork : platformNetwork(ref, PLATFORM_CLUSTER.sla.zones),
    sla: PLATFORM_CLUSTER.sla,
    nodePool: PLATFORM_CLUSTER.nodePool,
    metering: { customer: "platform", tier: "shared", region: ref },
    ...clusterAccess(config.cluster.apiAllowedCidrs, settings),
  });
}

/**
 * Where each tenant's namespace and credentials Secrets are. Plain values (the names are fixed) rather
 * than the resources' outputs, which would keep every tenant's resources in memory to the end.
 */
function tenantOutputs(tenant: Tenant): Record<string, string> {
  const entries: [string, string][] = [["namespace", tenant.id]];
  for (const kind of requestedKinds(tenant)) entries.push([`${kind}Secret`, credentialsSecretName(kind)]);
  return Object.fromEntries(entries);
}

/** Existing clusters bring their own network. */
const emptyNetwork = { network: "", privateSubnets: [], publicSubnets: [], pods: "", services: "" };
