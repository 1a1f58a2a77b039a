/**
 * The monthly cost estimate of a planned stack, line by line: cluster fee, nodes, NAT gateways and load
 * balancers, data stores, storage. Pure: planned resources and the region catalog in, items out. Resources
 * are recognised by type token and read by their SDK input names; node pools are priced at their minimum
 * (or desired) size, which is what the stack costs before autoscaling adds nodes.
 *
 * Amounts are computed in whole cents per line and the totals are sums of the lines, so they add up.
 */
import type * as aws from "@pulumi/aws";
import type * as azure from "@pulumi/azure-native";
import type * as digitalocean from "@pulumi/digitalocean";
import type * as gcp from "@pulumi/gcp";
import type * as scaleway from "@pulumiverse/scaleway";
import type { PlannedResource, StackPlan } from "../planner/types.js";
import type { Props } from "../policy/rules/support.js";
import { storeFactsOf } from "../analysis/facts.js";
import { CLOUD_MODULES } from "../clouds/index.js";
import { TYPE, type TokenGroup, isType } from "../clouds/tokens.js";
import {
  type CloudName,
  type RegionPrices,
  type RegionSpec,
  type SizeClass,
  regionSpec,
} from "../regions/index.js";
import { quantityGiB } from "./quantity.js";
import { HOURS_PER_MONTH, datastoreSizeOf, gibMonthCents, machineOf, monthlyCents } from "./rates.js";

export type CostCategory = "cluster" | "nodes" | "network" | "datastore" | "storage";
export const COST_CATEGORIES: readonly CostCategory[] = [
  "cluster",
  "nodes",
  "network",
  "datastore",
  "storage",
];

export interface Capacity {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface CostItem {
  /** The resource the line prices. */
  readonly urn: string;
  readonly category: CostCategory;
  readonly description: string;
  readonly monthlyUSD: number;
  /** The tenant namespace the line belongs to alone (its volumes, its load balancers), if any. */
  readonly tenant?: string;
  /** What a node line adds to the cluster's capacity. */
  readonly capacity?: Capacity;
  /** True when the catalog has no price for what the resource uses: the line is 0 and says so. */
  readonly unpriced?: boolean;
}

export interface StackCost {
  readonly stack: string;
  readonly kind: StackPlan["kind"];
  readonly cloud: CloudName;
  readonly region: string;
  /** False for existing clusters: cloudtier creates no infrastructure there and prices nothing. */
  readonly estimated: boolean;
  readonly monthlyUSD: number;
  readonly items: readonly CostItem[];
  readonly notes: readonly string[];
  /** vCPU and memory of the priced nodes. */
  readonly capacity: Capacity;
}

interface Draft extends Omit<CostItem, "monthlyUSD" | "urn"> {
  readonly cents: number;
}

interface Context {
  readonly cloud: CloudName;
  readonly region: RegionSpec;
  readonly prices: RegionPrices;
  readonly resources: readonly PlannedResource[];
}

type Pricer = (resource: PlannedResource, ctx: Context) => Draft[];

const usd = (cents: number): number => cents / 100;
const rate = (hourly: number): string => `$${hourly}/h`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

function props<T>(resource: PlannedResource): Props<T> {
  return resource.inputs as Props<T>;
}

function clusterFee(label: string, sla: boolean, ctx: Context): Draft[] {
  const hourly = sla ? ctx.prices.clusterSlaHourlyUSD : ctx.prices.clusterHourlyUSD;
  const tier = sla ? " (uptime SLA tier)" : "";
  return [
    {
      category: "cluster",
      description: `${label} control plane${tier}, ${rate(hourly)}`,
      cents: monthlyCents(hourly),
    },
  ];
}

function nodes(what: string, machineType: unknown, count: number, ctx: Context): Draft[] {
  const machine = machineOf(ctx.region, machineType);
  if (!machine) {
    return [
      {
        category: "nodes",
        description: `${what}: ${plural(count, "node")} of ${String(machineType)}, not in the region catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  return [
    {
      category: "nodes",
      description: `${what}: ${count} x ${machine.instanceType} (${machine.vcpu} vCPU, ${machine.memoryGiB} GiB) at ${rate(machine.hourlyUSD)}`,
      cents: monthlyCents(machine.hourlyUSD, count),
      capacity: { vcpu: machine.vcpu * count, memoryGiB: machine.memoryGiB * count },
    },
  ];
}

function disks(what: string, gibEach: number | undefined, count: number, ctx: Context): Draft[] {
  if (!gibEach || count === 0) return [];
  const gib = gibEach * count;
  return [
    {
      category: "storage",
      description: `${what}: ${count} x ${gibEach} GiB at $${ctx.prices.storageGiBMonthUSD}/GiB-month`,
      cents: gibMonthCents(ctx.prices.storageGiBMonthUSD, gib),
    },
  ];
}

function datastore(
  what: string,
  kind: "postgres" | "redis",
  className: unknown,
  copies: number,
  ctx: Context,
): Draft[] {
  const size: SizeClass | undefined = datastoreSizeOf(ctx.cloud, kind, className);
  if (!size) {
    return [
      {
        category: "datastore",
        description: `${what}: class ${String(className)} is not in the catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  const hourly = (kind === "postgres" ? ctx.prices.postgresHourlyUSD : ctx.prices.redisHourlyUSD)[size];
  const copiesText = copies > 1 ? ` x ${copies}` : "";
  return [
    {
      category: "datastore",
      description: `${what}: ${String(className)} (${size})${copiesText} at ${rate(hourly)}`,
      cents: monthlyCents(hourly, copies),
    },
  ];
}

const network = (category: "nat" | "lb", what: string, ctx: Context, tenant?: string): Draft[] => {
  const hourly = category === "nat" ? ctx.prices.natGatewayHourlyUSD : ctx.prices.loadBalancerHourlyUSD;
  return [
    {
      category: "network",
      description: `${what} at ${rate(hourly)}`,
      cents: monthlyCents(hourly),
      ...(tenant ? { tenant } : {}),
    },
  ];
};

/** Zones a regional GKE pool spreads over: its node locations, or the catalog's zones of the region. */
function gkeZones(pool: { nodeLocations?: string[]; location?: string }, ctx: Context): number {
  if (pool.nodeLocations && pool.nodeLocations.length > 0) return pool.nodeLocations.length;
  const regional = pool.location === undefined || pool.location === ctx.region.id;
  return regional ? Math.max(1, ctx.region.zones.length) : 1;
}

/** Size of an EKS node's root volume: the node group's diskSize, or the stack's one launch template's. */
function eksNodeDiskGiB(group: Props<aws.eks.NodeGroupArgs>, ctx: Context): number | undefined {
  if (group.diskSize) return group.diskSize;
  if (!group.launchTemplate) return 20;
  const templates = ctx.resources.filter((r) => isType(r.type, "awsLaunchTemplate"));
  if (templates.length !== 1) return undefined;
  const mappings = props<aws.ec2.LaunchTemplateArgs>(templates[0]).blockDeviceMappings ?? [];
  return mappings.reduce((sum, m) => sum + (m.ebs?.volumeSize ?? 0), 0) || undefined;
}

function tenantOf(resource: PlannedResource): string | undefined {
  return (resource.inputs["metadata"] as { namespace?: string } | undefined)?.namespace;
}

/** Persistent storage a Kubernetes object asks for: PVCs, StatefulSet claim templates, operator CRs. */
function kubernetesStorageGiB(resource: PlannedResource): { gib: number; copies: number } | undefined {
  const inputs = resource.inputs as {
    kind?: string;
    spec?: {
      resources?: { requests?: { storage?: unknown } };
      replicas?: number;
      instances?: number;
      clusterSize?: number;
      volumeClaimTemplates?: { spec?: { resources?: { requests?: { storage?: unknown } } } }[];
      storage?: {
        size?: unknown;
        volumeClaimTemplate?: { spec?: { resources?: { requests?: { storage?: unknown } } } };
      };
    };
  };
  const spec = inputs.spec;
  if (!spec) return undefined;
  if (isType(resource.type, "persistentVolumeClaim")) {
    const gib = quantityGiB(spec.resources?.requests?.storage);
    return gib ? { gib, copies: 1 } : undefined;
  }
  if (resource.type === TYPE.k8sAppsStatefulSet) {
    const gib = (spec.volumeClaimTemplates ?? []).reduce(
      (sum, t) => sum + (quantityGiB(t.spec?.resources?.requests?.storage) ?? 0),
      0,
    );
    return gib ? { gib, copies: spec.replicas ?? 1 } : undefined;
  }
  // Operator custom resources (CloudNativePG Cluster, redis-operator Redis/RedisReplication).
  const gib = quantityGiB(
    spec.storage?.size ?? spec.storage?.volumeClaimTemplate?.spec?.resources?.requests?.storage,
  );
  return gib ? { gib, copies: spec.instances ?? spec.clusterSize ?? 1 } : undefined;
}

const CORE_API =
  /^kubernetes:(core|apps|batch|networking\.k8s\.io|rbac\.authorization\.k8s\.io|policy|autoscaling|helm\.sh|yaml)\//;

const PRICERS: readonly [TokenGroup | ((type: string) => boolean), Pricer][] = [
  // Control planes
  [
    "eksCluster",
    (r, ctx) => {
      const extended = props<aws.eks.ClusterArgs>(r).upgradePolicy?.supportType === "EXTENDED";
      const items = clusterFee("EKS", false, ctx);
      return extended
        ? items.map((i) => ({ ...i, description: `${i.description}; extended-support fees not included` }))
        : items;
    },
  ],
  ["gkeCluster", (r, ctx) => gkeCluster(props<gcp.container.ClusterArgs>(r), ctx)],
  [
    "aksCluster",
    (r, ctx) => {
      const cluster = props<azure.containerservice.ManagedClusterArgs>(r);
      const sla = ["standard", "premium"].includes(String(cluster.sku?.tier ?? "").toLowerCase());
      const items = clusterFee("AKS", sla, ctx);
      for (const pool of cluster.agentPoolProfiles ?? []) {
        const count = pool.count ?? pool.minCount ?? 1;
        items.push(...nodes(`node pool ${pool.name}`, pool.vmSize, count, ctx));
        if (String(pool.osDiskType ?? "").toLowerCase() !== "ephemeral") {
          items.push(...disks(`node pool ${pool.name} OS disks`, pool.osDiskSizeGB ?? 128, count, ctx));
        }
      }
      // AKS creates the outbound path itself: a standard load balancer, or a managed NAT gateway.
      const outbound = String(cluster.networkProfile?.outboundType ?? "loadBalancer");
      if (outbound === "loadBalancer")
        items.push(...network("lb", "outbound load balancer created by AKS", ctx));
      if (outbound === "managedNATGateway") items.push(...network("nat", "NAT gateway managed by AKS", ctx));
      return items;
    },
  ],
  [
    "kapsuleCluster",
    (r, ctx) => {
      const type = String(props<scaleway.kubernetes.ClusterArgs>(r).type ?? "kapsule");
      return clusterFee(`Kapsule (${type})`, type.includes("dedicated"), ctx);
    },
  ],
  [
    "doksCluster",
    (r, ctx) => {
      const cluster = props<digitalocean.KubernetesClusterArgs>(r);
      const pool = cluster.nodePool;
      const count = pool?.minNodes ?? pool?.nodeCount ?? 1;
      return [
        ...clusterFee(`DOKS${cluster.ha ? " (HA)" : ""}`, cluster.ha === true, ctx),
        ...nodes(`node pool ${pool?.name ?? "default"}`, pool?.size, count, ctx),
      ];
    },
  ],
  // Node pools
  [
    "eksNodeGroup",
    (r, ctx) => {
      const group = props<aws.eks.NodeGroupArgs>(r);
      const count = group.scalingConfig?.desiredSize ?? group.scalingConfig?.minSize ?? 1;
      return [
        ...nodes(`node group ${r.name}`, group.instanceTypes?.[0], count, ctx),
        ...disks(`node group ${r.name} root volumes`, eksNodeDiskGiB(group, ctx), count, ctx),
      ];
    },
  ],
  [
    "gkeNodePool",
    (r, ctx) => {
      const pool = props<gcp.container.NodePoolArgs>(r);
      const scaling = pool.autoscaling;
      const count =
        pool.nodeCount !== undefined
          ? pool.nodeCount * gkeZones(pool, ctx)
          : scaling?.totalMinNodeCount !== undefined
            ? scaling.totalMinNodeCount
            : (scaling?.minNodeCount ?? pool.initialNodeCount ?? 1) * gkeZones(pool, ctx);
      return [
        ...nodes(`node pool ${r.name}`, pool.nodeConfig?.machineType, count, ctx),
        ...disks(`node pool ${r.name} boot disks`, pool.nodeConfig?.diskSizeGb ?? 100, count, ctx),
      ];
    },
  ],
  [
    "aksAgentPool",
    (r, ctx) => {
      const pool = props<azure.containerservice.AgentPoolArgs>(r);
      const count = pool.count ?? pool.minCount ?? 1;
      const osDisks =
        String(pool.osDiskType ?? "").toLowerCase() === "ephemeral"
          ? []
          : disks(`node pool ${r.name} OS disks`, pool.osDiskSizeGB ?? 128, count, ctx);
      return [...nodes(`node pool ${r.name}`, pool.vmSize, count, ctx), ...osDisks];
    },
  ],
  [
    "kapsulePool",
    (r, ctx) => {
      const pool = props<scaleway.kubernetes.PoolArgs>(r);
      const count = pool.minSize ?? pool.size ?? 1;
      return [
        ...nodes(`node pool ${r.name}`, pool.nodeType, count, ctx),
        ...disks(`node pool ${r.name} root volumes`, pool.rootVolumeSizeInGb, count, ctx),
      ];
    },
  ],
  [
    "doksNodePool",
    (r, ctx) => {
      const pool = props<digitalocean.KubernetesNodePoolArgs>(r);
      return nodes(`node pool ${r.name}`, pool.size, pool.minNodes ?? pool.nodeCount ?? 1, ctx);
    },
  ],
  // Network
  ["awsNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["gcpRouterNat", (r, ctx) => network("nat", `Cloud NAT ${r.name}`, ctx)],
  ["azureNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["scalewayPublicGateway", (r, ctx) => network("nat", `public gateway ${r.name}`, ctx)],
  ["awsLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["gcpForwardingRule", (r, ctx) => network("lb", `load balancer (forwarding rule) ${r.name}`, ctx)],
  ["azureLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["scalewayLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["doLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  [
    "service",
    (r, ctx) => {
      const spec = (r.inputs["spec"] ?? {}) as { type?: string };
      const ns = tenantOf(r);
      return spec.type === "LoadBalancer"
        ? network("lb", `load balancer of Service ${ns ?? "default"}/${r.name}`, ctx, ns)
        : [];
    },
  ],
  // Managed data stores: what each bills is a fact of the store, read once (`analysis/facts.ts`).
  [isManagedStore, (r, ctx) => managedStore(r, ctx)],
  // Volumes
  ["awsVolume", (r, ctx) => disks(`EBS volume ${r.name}`, num(r.inputs["size"]), 1, ctx)],
  ["gcpDisk", (r, ctx) => disks(`persistent disk ${r.name}`, num(r.inputs["size"]), 1, ctx)],
  ["azureDisk", (r, ctx) => disks(`managed disk ${r.name}`, num(r.inputs["diskSizeGB"]), 1, ctx)],
  ["scalewayVolume", (r, ctx) => disks(`volume ${r.name}`, num(r.inputs["sizeInGb"]), 1, ctx)],
  ["doVolume", (r, ctx) => disks(`volume ${r.name}`, num(r.inputs["size"]), 1, ctx)],
  [
    (type) =>
      type.startsWith("kubernetes:") &&
      (isType(type, "persistentVolumeClaim") || type === TYPE.k8sAppsStatefulSet || !CORE_API.test(type)),
    (r, ctx) => {
      const storage = kubernetesStorageGiB(r);
      if (!storage) return [];
      const ns = tenantOf(r);
      return disks(
        `volumes of ${r.type.slice(r.type.lastIndexOf(":") + 1)} ${ns ? `${ns}/` : ""}${r.name}`,
        storage.gib,
        storage.copies,
        ctx,
      ).map((d) => ({ ...d, ...(ns ? { tenant: ns } : {}) }));
    },
  ],
];

/** Whether a type is one of the clouds' managed stores, as the cloud registry reads them. */
function isManagedStore(type: string): boolean {
  return Object.values(CLOUD_MODULES).some((m) => Object.hasOwn(m.facts.stores, type));
}

function managedStore(r: PlannedResource, ctx: Context): Draft[] {
  const facts = storeFactsOf(r);
  if (!facts?.billing) return [];
  const { label, className, copies, storageGiB } = facts.billing;
  return [
    ...datastore(label, facts.kind, className, copies, ctx),
    ...disks(`${label.replace(/ \(.*\)$|, .*$/, "")} storage`, storageGiB, copies, ctx),
  ];
}

function gkeCluster(cluster: Props<gcp.container.ClusterArgs>, ctx: Context): Draft[] {
  const items = clusterFee(
    `GKE ${cluster.location === ctx.region.id ? "regional" : "zonal"}`,
    cluster.location === ctx.region.id,
    ctx,
  );
  // The default pool exists only until removeDefaultNodePool deletes it; pools declared inline stay.
  if (cluster.removeDefaultNodePool !== true && (cluster.initialNodeCount ?? 0) > 0) {
    const count = (cluster.initialNodeCount ?? 1) * gkeZones(cluster, ctx);
    items.push(...nodes("default node pool", cluster.nodeConfig?.machineType ?? "e2-medium", count, ctx));
  }
  for (const pool of cluster.nodePools ?? []) {
    const count =
      (pool.nodeCount ?? pool.autoscaling?.minNodeCount ?? pool.initialNodeCount ?? 1) * gkeZones(pool, ctx);
    items.push(...nodes(`node pool ${pool.name ?? "inline"}`, pool.nodeConfig?.machineType, count, ctx));
  }
  return items;
}

/** Note shown for existing clusters. */
export const EXISTING_CLUSTER_NOTE =
  "existing cluster (kubeconfig): cost is not estimated; cloudtier creates no infrastructure there";

/** Estimates one planned stack's monthly cost from the region catalog. */
export function estimateStackCost(
  plan: Pick<StackPlan, "stack" | "kind" | "cloud" | "region" | "resources">,
): StackCost {
  const base = { stack: plan.stack, kind: plan.kind, cloud: plan.cloud, region: plan.region };
  if (plan.cloud === "kubeconfig") {
    return {
      ...base,
      estimated: false,
      monthlyUSD: 0,
      items: [],
      notes: [EXISTING_CLUSTER_NOTE],
      capacity: { vcpu: 0, memoryGiB: 0 },
    };
  }
  const region = regionSpec({ cloud: plan.cloud, region: plan.region });
  const ctx: Context = { cloud: plan.cloud, region, prices: region.prices, resources: plan.resources };
  const items: CostItem[] = [];
  for (const resource of plan.resources) {
    if (!resource.custom) continue;
    for (const [match, price] of PRICERS) {
      const matches = typeof match === "function" ? match(resource.type) : isType(resource.type, match);
      if (!matches) continue;
      for (const { cents, ...draft } of price(resource, ctx))
        items.push({ urn: resource.urn, ...draft, monthlyUSD: usd(cents) });
      break;
    }
  }
  // Lines by category (cluster, nodes, network, data stores, storage), in plan order within each.
  items.sort((a, b) => COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category));
  const totalCents = items.reduce((sum, i) => sum + Math.round(i.monthlyUSD * 100), 0);
  const notes = [
    `list prices of ${region.displayName} from ${region.prices.source} (${region.prices.date}), ${HOURS_PER_MONTH} h/month; node pools at their minimum size`,
  ];
  if (items.some((i) => i.unpriced))
    notes.push("some lines use a class the catalog has no price for and count as 0");
  if (plan.kind === "platform") {
    notes.push(
      "shared platform cluster: a customer pays a share of it by its quota requests relative to the cluster's capacity",
    );
  }
  const capacity = items.reduce(
    (sum, i) => ({
      vcpu: sum.vcpu + (i.capacity?.vcpu ?? 0),
      memoryGiB: sum.memoryGiB + (i.capacity?.memoryGiB ?? 0),
    }),
    { vcpu: 0, memoryGiB: 0 },
  );
  return { ...base, estimated: true, monthlyUSD: usd(totalCents), items, notes, capacity };
}

/** Token groups the estimate prices, for tests and documentation. */
export const PRICED_GROUPS: readonly TokenGroup[] = PRICERS.flatMap(([match]) =>
  typeof match === "string" ? [match] : [],
);
