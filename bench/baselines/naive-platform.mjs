/**
 * Baseline of the large platform stack: the platform program written naively, as it was before bounded
 * registration. It reads the same stack file, runs under the planner's own mocks, and creates the same
 * cluster, operators, cluster services and tenants (namespace, data stores and their backups, SLO rules)
 * from the compiled components, every tenant at once, with the SDK's default settings. Prints how many
 * resources it registered; the benchmark refuses to compare two programs that register different counts.
 *
 *   node bench/baselines/naive-platform.mjs <project dir> <platform stack, shard 0>
 */
import * as pulumi from "@pulumi/pulumi";

const dist = new URL("../../dist/", import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const [project, stack] = process.argv.slice(2);

const { readStackConfig } = await load("cli/stack-files.js");
const { STACK_CONFIG_KEY, parseStackConfig } = await load("domain/stack-config.js");
const { PlanMocks } = await load("planner/mocks/index.js");
const { mocksForCloud } = await load("planner/mocks/clouds.js");
const { OFFLINE_PROVIDER_CONFIG } = await load("planner/provider-config.js");

const raw = readStackConfig(project, stack);
const config = parseStackConfig(raw);
if (config.kind !== "platform" || config.shard !== 0) throw new Error(`${stack} is not a platform shard 0`);
const mocks = new PlanMocks(stack, await mocksForCloud(config.ref.cloud));
let registered = 0;
const answer = mocks.newResource.bind(mocks);
mocks.newResource = (args) => {
  registered++;
  return answer(args);
};
await pulumi.runtime.setMocks(mocks, "cloudtier", stack, false, "organization");
pulumi.runtime.setAllConfig({ ...OFFLINE_PROVIDER_CONFIG, [STACK_CONFIG_KEY]: JSON.stringify(raw) });

const { PLATFORM_CLUSTER } = await load("domain/tiers.js");
const { platformBaseName } = await load("domain/naming.js");
const { platformNetwork } = await load("domain/network-plan.js");
const { createCluster } = await load("components/cluster/index.js");
const { createTenantDatastores } = await load("components/datastore/index.js");
const { SloRules } = await load("components/observability/slo-rules.js");
const { PlatformOperators } = await load("components/platform/operators.js");
const { TenantNamespace } = await load("components/tenancy/tenant-namespace.js");
const { createClusterServices, tenantBackups, tenantTraffic } = await load("stacks/cluster-services.js");

const { ref } = config;
const base = platformBaseName(ref);
const metering = { customer: "platform", tier: "shared", region: ref };
const cluster = await createCluster(base, {
  region: ref,
  baseName: base,
  network:
    ref.cloud === "kubeconfig"
      ? { network: "", privateSubnets: [], publicSubnets: [], pods: "", services: "" }
      : platformNetwork(ref, PLATFORM_CLUSTER.sla.zones),
  sla: PLATFORM_CLUSTER.sla,
  nodePool: PLATFORM_CLUSTER.nodePool,
  metering,
  apiAllowedCidrs: config.cluster.apiAllowedCidrs,
});
const operators = new PlatformOperators(
  `${base}-operators`,
  { operators: ["postgres", "redis", "monitoring"], metering },
  { provider: cluster.provider },
);
// The project's default settings: no chart sources, ingress, egress or backup settings of its own.
const settings = { charts: {} };
const services = await createClusterServices(`${base}-services`, {
  cluster,
  region: ref,
  baseName: base,
  metering,
  replicas: PLATFORM_CLUSTER.sla.replicas,
  settings,
  backups: true,
});
const backups = await tenantBackups({
  region: ref,
  settings,
  cluster,
  k8sProvider: cluster.provider,
  ...(services.backupStore ? { store: services.backupStore } : {}),
  providerName: base,
});
const traffic = tenantTraffic(ref, settings);
const outputs = [];
for (const tenant of config.tenants) {
  const namespace = new TenantNamespace(
    tenant.id,
    { tenant, region: ref, ...traffic },
    { provider: cluster.provider },
  );
  const stores = await createTenantDatastores(
    tenant.id,
    {
      tenant,
      region: ref,
      namespace: namespace.namespace,
      k8sProvider: cluster.provider,
      operators: { postgres: operators.releases.postgres, redis: operators.releases.redis },
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
      monitoring: operators.releases.monitoring,
    },
    { parent: namespace },
  );
  outputs.push({ namespace: namespace.namespace, stores: stores.map((s) => s.secretName) });
}
await pulumi.runtime.disconnect();
console.log(`BENCH_RESOURCES ${registered}`);
