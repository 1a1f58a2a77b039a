/**
 * The monthly cost estimate of a planned stack, line by line: cluster fee, nodes, NAT gateways and load
 * balancers, data stores, storage. Pure: planned resources and the region catalog in, items out. Resources
 * are recognised by type token and read by their SDK input names; node pools are priced at their minimum
 * (or desired) size, which is what the stack costs before autoscaling adds nodes. Each node line also
 * carries its pool's bounds and machine (`scaling`), so that `cost/sizing.ts` can size a platform cluster
 * for the tenants it holds, and NAT lines say they carry egress, priced per GiB from the load.
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
  CATALOG,
  type CloudName,
  type CloudSpec,
  type KubernetesSupportSpec,
  type MachineSpec,
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
  /** For a node line: its pool's bounds and machine, to size the pool for a load. */
  readonly scaling?: NodeScaling;
  /** For the line of a pool's node disks: the pool (its node line's `scaling.pool`). */
  readonly nodeDisksOf?: string;
  /** The line is a NAT gateway: the stack's outbound traffic goes through it, and is billed per GiB. */
  readonly egress?: boolean;
  /** The line prices an assumed usage (traffic), not a resource's hours. */
  readonly usage?: boolean;
}

/** A node pool as the autoscaler sees it. */
export interface NodeScaling {
  /** The pool: its resource's URN, and its name where one resource declares several pools. */
  readonly pool: string;
  /** What the line calls the pool, e.g. `node group platform-eu-west-1-nodes-a`. */
  readonly label: string;
  /** Nodes the line prices. */
  readonly nodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly machine: MachineSpec;
  /** Whether tenants' pods run there (false for a pool tainted for system add-ons only). */
  readonly tenantPods: boolean;
  /** Size of each node's disk, GiB, priced on the `nodeDisksOf` line. */
  readonly diskGiBPerNode?: number;
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
  /** A note for the whole stack rather than a line (drafts with a note and no cents add no line). */
  readonly note?: string;
}

interface Context {
  readonly cloud: CloudName;
  readonly region: RegionSpec;
  readonly prices: RegionPrices;
  readonly resources: readonly PlannedResource[];
}

/** How a pool scales: its bounds, whether tenants run on it, its nodes' disk size. */
interface PoolBounds {
  readonly pool: string;
  readonly min: number;
  readonly max: number;
  readonly tenantPods: boolean;
  readonly diskGiB?: number;
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

function nodes(
  what: string,
  machineType: unknown,
  count: number,
  ctx: Context,
  bounds?: PoolBounds,
): Draft[] {
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
      ...(bounds
        ? {
            scaling: {
              pool: bounds.pool,
              label: what,
              nodes: count,
              minNodes: Math.min(bounds.min, count),
              maxNodes: Math.max(bounds.max, count),
              machine,
              tenantPods: bounds.tenantPods,
              ...(bounds.diskGiB ? { diskGiBPerNode: bounds.diskGiB } : {}),
            },
          }
        : {}),
    },
  ];
}

/** The lines of a node pool: its nodes and, when they have their own disks, those disks. */
function pool(
  what: string,
  machineType: unknown,
  count: number,
  ctx: Context,
  bounds: PoolBounds,
  disksWhat?: string,
): Draft[] {
  const diskLines =
    disksWhat && bounds.diskGiB
      ? disks(disksWhat, bounds.diskGiB, count, ctx).map((d) => ({ ...d, nodeDisksOf: bounds.pool }))
      : [];
  return [...nodes(what, machineType, count, ctx, bounds), ...diskLines];
}

/**
 * Whether tenants' pods can run on a pool with taints of these effects: not when one keeps pods off.
 * Effects as each cloud spells them: `NoSchedule` (Kubernetes, AKS's `key=value:NoSchedule`),
 * `NO_SCHEDULE` (EKS, GKE).
 */
function acceptsTenants(effects: readonly unknown[] | undefined): boolean {
  const blocking = (effect: unknown) =>
    ["noschedule", "noexecute"].includes(String(effect).split(":").pop()!.replace(/_/g, "").toLowerCase());
  return !(effects ?? []).some(blocking);
}

function disks(
  what: string,
  gibEach: number | undefined,
  count: number,
  ctx: Context,
  rate = ctx.prices.storageGiBMonthUSD,
  rateNote = "",
): Draft[] {
  if (!gibEach || count === 0) return [];
  const gib = gibEach * count;
  return [
    {
      category: "storage",
      description: `${what}: ${count} x ${gibEach} GiB at $${rate}/GiB-month${rateNote}`,
      cents: gibMonthCents(rate, gib),
    },
  ];
}

/** Storage of a managed PostgreSQL: the cloud's database storage rate where the catalog has one. */
function databaseDisks(what: string, gibEach: number | undefined, copies: number, ctx: Context): Draft[] {
  const rate = ctx.prices.databaseStorageGiBMonthUSD;
  return rate === null
    ? disks(what, gibEach, copies, ctx, ctx.prices.storageGiBMonthUSD, " (block storage rate)")
    : disks(what, gibEach, copies, ctx, rate);
}

/** Public IPv4 addresses, at the catalog's hourly rate (not priced where it has none). */
function publicIps(what: string, count: number, ctx: Context): Draft[] {
  if (count <= 0) return [];
  const hourly = ctx.prices.publicIpv4HourlyUSD;
  if (hourly === null) {
    return [
      {
        category: "network",
        description: `${what}: ${plural(count, "public IPv4 address")}, not in the catalog: not priced`,
        cents: 0,
        unpriced: true,
      },
    ];
  }
  return [
    {
      category: "network",
      description: `${what}: ${plural(count, "public IPv4 address")} at ${rate(hourly)}`,
      cents: monthlyCents(hourly, count),
    },
  ];
}

/**
 * Whether a cluster's Kubernetes version is past the cloud's standard support on the date of the catalog's
 * prices, and what that costs: the extended-support rate when the cluster stays on it (`extended`), or a
 * note that the cloud upgrades it. The control plane's hourly rate to use, and the notes.
 */
function versionSupport(
  label: string,
  version: unknown,
  extended: boolean,
  standardHourly: number,
  ctx: Context,
): { hourly: number; suffix: string; notes: Draft[] } {
  const support: KubernetesSupportSpec = CATALOG[ctx.cloud].kubernetesSupport;
  const ends = typeof version === "string" ? support.standardSupportEnds[version] : undefined;
  if (ends === undefined || ctx.prices.date <= ends) return { hourly: standardHourly, suffix: "", notes: [] };
  const past = `Kubernetes ${String(version)} left ${label} standard support on ${ends}`;
  if (extended && support.extendedSupportClusterHourlyUSD !== null) {
    return {
      hourly: support.extendedSupportClusterHourlyUSD,
      suffix: ` in extended support (${past})`,
      notes: [],
    };
  }
  const fee = extended ? "; its extended-support fee is not in the catalog" : "";
  return {
    hourly: standardHourly,
    suffix: "",
    notes: [
      {
        category: "cluster",
        description: "",
        cents: 0,
        note: `${past}: ${support.pastStandardSupport}${fee}`,
      },
    ],
  };
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
      ...(category === "nat" ? { egress: true } : {}),
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
      const cluster = props<aws.eks.ClusterArgs>(r);
      // EXTENDED is the EKS API's default: a cluster that does not say STANDARD stays on its version.
      const extended = (cluster.upgradePolicy?.supportType ?? "EXTENDED") === "EXTENDED";
      const support = versionSupport("EKS", cluster.version, extended, ctx.prices.clusterHourlyUSD, ctx);
      return [
        {
          category: "cluster",
          description: `EKS control plane${support.suffix}, ${rate(support.hourly)}`,
          cents: monthlyCents(support.hourly),
        },
        ...support.notes,
      ];
    },
  ],
  ["gkeCluster", (r, ctx) => gkeCluster(props<gcp.container.ClusterArgs>(r), ctx)],
  [
    "aksCluster",
    (r, ctx) => {
      const cluster = props<azure.containerservice.ManagedClusterArgs>(r);
      const sla = ["standard", "premium"].includes(String(cluster.sku?.tier ?? "").toLowerCase());
      const items = clusterFee("AKS", sla, ctx);
      const lts = String(cluster.supportPlan ?? "") === "AKSLongTermSupport";
      items.push(...versionSupport("AKS", cluster.kubernetesVersion, lts, 0, ctx).notes);
      for (const profile of cluster.agentPoolProfiles ?? []) {
        items.push(...aksPool(`${r.urn}#${profile.name}`, `node pool ${profile.name}`, profile, ctx));
      }
      // AKS creates the outbound path itself: a standard load balancer, or a managed NAT gateway, each
      // with its managed public IPv4 addresses (one unless the profile asks for more).
      const outbound = String(cluster.networkProfile?.outboundType ?? "loadBalancer");
      if (outbound === "loadBalancer") {
        items.push(...network("lb", "outbound load balancer created by AKS", ctx));
        const ips = cluster.networkProfile?.loadBalancerProfile?.managedOutboundIPs?.count ?? 1;
        items.push(...publicIps("outbound load balancer created by AKS", ips, ctx));
      }
      if (outbound === "managedNATGateway") {
        items.push(...network("nat", "NAT gateway managed by AKS", ctx));
        const ips = cluster.networkProfile?.natGatewayProfile?.managedOutboundIPProfile?.count ?? 1;
        items.push(...publicIps("NAT gateway managed by AKS", ips, ctx));
      }
      return items;
    },
  ],
  [
    "kapsuleCluster",
    (r, ctx) => {
      const cluster = props<scaleway.kubernetes.ClusterArgs>(r);
      const type = String(cluster.type ?? "kapsule");
      return [
        ...clusterFee(`Kapsule (${type})`, type.includes("dedicated"), ctx),
        ...versionSupport("Kapsule", cluster.version, false, 0, ctx).notes,
      ];
    },
  ],
  [
    "doksCluster",
    (r, ctx) => {
      const cluster = props<digitalocean.KubernetesClusterArgs>(r);
      const inline = cluster.nodePool;
      return [
        ...clusterFee(`DOKS${cluster.ha ? " (HA)" : ""}`, cluster.ha === true, ctx),
        ...(inline ? doksPool(`${r.urn}#${inline.name}`, `node pool ${inline.name}`, inline, ctx) : []),
        ...versionSupport("DOKS", cluster.version, false, 0, ctx).notes,
      ];
    },
  ],
  // Node pools
  [
    "eksNodeGroup",
    (r, ctx) => {
      const group = props<aws.eks.NodeGroupArgs>(r);
      const scaling = group.scalingConfig;
      const count = scaling?.desiredSize ?? scaling?.minSize ?? 1;
      const bounds = {
        pool: r.urn,
        min: scaling?.minSize ?? count,
        max: scaling?.maxSize ?? count,
        tenantPods: acceptsTenants((group.taints ?? []).map((t) => t.effect)),
        diskGiB: eksNodeDiskGiB(group, ctx),
      };
      return pool(
        `node group ${r.name}`,
        group.instanceTypes?.[0],
        count,
        ctx,
        bounds,
        `node group ${r.name} root volumes`,
      );
    },
  ],
  [
    "gkeNodePool",
    (r, ctx) => {
      const nodePool = props<gcp.container.NodePoolArgs>(r);
      const scaling = nodePool.autoscaling;
      const zones = gkeZones(nodePool, ctx);
      const count =
        nodePool.nodeCount !== undefined
          ? nodePool.nodeCount * zones
          : scaling?.totalMinNodeCount !== undefined
            ? scaling.totalMinNodeCount
            : (scaling?.minNodeCount ?? nodePool.initialNodeCount ?? 1) * zones;
      const autoscaled = nodePool.nodeCount === undefined && scaling !== undefined;
      const bounds = {
        pool: r.urn,
        min: count,
        max: !autoscaled
          ? count
          : (scaling.totalMaxNodeCount ??
            (scaling.maxNodeCount === undefined ? count : scaling.maxNodeCount * zones)),
        tenantPods: acceptsTenants((nodePool.nodeConfig?.taints ?? []).map((t) => t.effect)),
        diskGiB: nodePool.nodeConfig?.diskSizeGb ?? 100,
      };
      return pool(
        `node pool ${r.name}`,
        nodePool.nodeConfig?.machineType,
        count,
        ctx,
        bounds,
        `node pool ${r.name} boot disks`,
      );
    },
  ],
  [
    "aksAgentPool",
    (r, ctx) => {
      return aksPool(r.urn, `node pool ${r.name}`, props<azure.containerservice.AgentPoolArgs>(r), ctx);
    },
  ],
  [
    "kapsulePool",
    (r, ctx) => {
      const kapsulePool = props<scaleway.kubernetes.PoolArgs>(r);
      const count = kapsulePool.minSize ?? kapsulePool.size ?? 1;
      const autoscaled = kapsulePool.autoscaling === true;
      const bounds = {
        pool: r.urn,
        min: count,
        max: autoscaled ? (kapsulePool.maxSize ?? count) : count,
        tenantPods: true,
        ...(kapsulePool.rootVolumeSizeInGb ? { diskGiB: kapsulePool.rootVolumeSizeInGb } : {}),
      };
      return pool(
        `node pool ${r.name}`,
        kapsulePool.nodeType,
        count,
        ctx,
        bounds,
        `node pool ${r.name} root volumes`,
      );
    },
  ],
  [
    "doksNodePool",
    (r, ctx) => {
      return doksPool(r.urn, `node pool ${r.name}`, props<digitalocean.KubernetesNodePoolArgs>(r), ctx);
    },
  ],
  // Network
  ["awsNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["awsEip", (r, ctx) => publicIps(`Elastic IP ${r.name}`, 1, ctx)],
  [
    "gcpRouterNat",
    (r, ctx) => {
      const nat = props<gcp.compute.RouterNatArgs>(r);
      // With AUTO_ONLY Cloud NAT allocates its addresses itself, at least one; manual ones are listed.
      const manual = nat.natIpAllocateOption === "MANUAL_ONLY" ? (nat.natIps ?? []).length : 0;
      const what = `Cloud NAT ${r.name}${manual > 0 ? "" : " (addresses it allocates, at least 1)"}`;
      return [...network("nat", `Cloud NAT ${r.name}`, ctx), ...publicIps(what, Math.max(1, manual), ctx)];
    },
  ],
  ["azureNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["scalewayPublicGateway", (r, ctx) => network("nat", `public gateway ${r.name}`, ctx)],
  ["scalewayPublicGatewayIp", (r, ctx) => publicIps(`public gateway IP ${r.name}`, 1, ctx)],
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

/** The lines of an AKS pool, declared in the cluster or beside it. */
function aksPool(
  key: string,
  what: string,
  profile: Omit<Props<azure.containerservice.AgentPoolArgs>, "resourceGroupName" | "resourceName">,
  ctx: Context,
): Draft[] {
  const count = profile.count ?? profile.minCount ?? 1;
  const autoscaled = profile.enableAutoScaling !== false && profile.maxCount !== undefined;
  const ephemeral = String(profile.osDiskType ?? "").toLowerCase() === "ephemeral";
  const bounds = {
    pool: key,
    min: autoscaled ? (profile.minCount ?? count) : count,
    max: autoscaled ? (profile.maxCount ?? count) : count,
    tenantPods: acceptsTenants(profile.nodeTaints),
    ...(ephemeral ? {} : { diskGiB: profile.osDiskSizeGB ?? 128 }),
  };
  return pool(what, profile.vmSize, count, ctx, bounds, `${what} OS disks`);
}

/**
 * The lines of a DOKS pool, the cluster's own or beside it: its Droplets, priced at their minimum. A
 * Droplet's local disk is in its price, so a pool has no disk line.
 */
function doksPool(
  key: string,
  what: string,
  nodePool: Omit<Props<digitalocean.KubernetesNodePoolArgs>, "clusterId">,
  ctx: Context,
): Draft[] {
  const count = nodePool.minNodes ?? nodePool.nodeCount ?? 1;
  const autoscaled = nodePool.autoScale === true;
  const bounds = {
    pool: key,
    min: count,
    max: autoscaled ? (nodePool.maxNodes ?? count) : count,
    tenantPods: acceptsTenants((nodePool.taints ?? []).map((t) => t.effect)),
  };
  return nodes(what, nodePool.size, count, ctx, bounds);
}

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
    // PostgreSQL storage at the service's own rate where the catalog lists one.
    ...(facts.kind === "postgres" ? databaseDisks : disks)(
      `${label.replace(/ \(.*\)$|, .*$/, "")} storage`,
      storageGiB,
      copies,
      ctx,
    ),
  ];
}

function gkeCluster(cluster: Props<gcp.container.ClusterArgs>, ctx: Context): Draft[] {
  const extended = String(cluster.releaseChannel?.channel ?? "") === "EXTENDED";
  const items = [
    ...clusterFee(
      `GKE ${cluster.location === ctx.region.id ? "regional" : "zonal"}`,
      cluster.location === ctx.region.id,
      ctx,
    ),
    ...versionSupport("GKE", cluster.minMasterVersion, extended, 0, ctx).notes,
  ];
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
  const versionNotes: string[] = [];
  for (const resource of plan.resources) {
    if (!resource.custom) continue;
    for (const [match, price] of PRICERS) {
      const matches = typeof match === "function" ? match(resource.type) : isType(resource.type, match);
      if (!matches) continue;
      for (const { cents, note, ...draft } of price(resource, ctx)) {
        if (note !== undefined) versionNotes.push(note);
        else items.push({ urn: resource.urn, ...draft, monthlyUSD: usd(cents) });
      }
      break;
    }
  }
  // Lines by category (cluster, nodes, network, data stores, storage), in plan order within each.
  items.sort((a, b) => COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category));
  const totalCents = items.reduce((sum, i) => sum + Math.round(i.monthlyUSD * 100), 0);
  const notes = [
    `list prices of ${region.displayName} from ${region.prices.source} (${region.prices.date}), ${HOURS_PER_MONTH} h/month; node pools at their minimum size`,
  ];
  const converted = (CATALOG[plan.cloud] as CloudSpec).listCurrency;
  if (converted) {
    notes.push(
      `${converted.currency} list prices converted at ${converted.usdPerUnit} USD per ${converted.currency} (${converted.source}, ${converted.date})`,
    );
  }
  notes.push(...new Set(versionNotes));
  if (items.some((i) => i.unpriced))
    notes.push("some lines use a class the catalog has no price for and count as 0");
  if (plan.kind === "platform") {
    notes.push(
      "shared platform cluster: sized for the region's tenants, each tenant pays its part (see the platform cost)",
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
