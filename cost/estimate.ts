/**
 * The monthly cost estimate of a planned stack, line by line: cluster fee, nodes, NAT gateways and load
 * balancers, data stores, storage. Pure: planned resources and the region catalog in, items out. Resources
 * are recognised by type token and read by their SDK input names; node pools are priced at their minimum
 * (or desired) size, which is what the stack costs before autoscaling adds nodes. Each node line also
 * carries its pool's bounds and machine (`scaling`), so that `cost/sizing.ts` can size a platform cluster
 * for the tenants it holds, and NAT lines say they carry egress, priced per GiB from the load.
 *
 * Each cloud prices its own resources (`clouds/<cloud>/pricing.ts`, reached through the registry); what
 * every cloud's stacks hold alike (LoadBalancer Services, managed data stores from their facts, the
 * storage Kubernetes objects ask for) is priced here.
 *
 * Amounts are computed in whole cents per line and the totals are sums of the lines, so they add up.
 */
import type { PlannedResource, RecordedPlan } from "../planner/types.js";
import { storeFactsOf } from "../analysis/facts.js";
import { CLOUD_MODULES } from "../clouds/index.js";
import { TYPE, type TokenGroup, isType } from "../clouds/tokens.js";
import { CATALOG, type CloudName, type CloudSpec, type MachineSpec, regionSpec } from "../regions/index.js";
import {
  type Draft,
  type Pricer,
  type PricingContext,
  databaseDisks,
  datastore,
  disks,
  network,
} from "./pricers.js";
import { quantityGiB } from "./quantity.js";
import { HOURS_PER_MONTH } from "./rates.js";

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
  readonly kind: RecordedPlan["kind"];
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

const usd = (cents: number): number => cents / 100;

const CORE_API =
  /^kubernetes:(core|apps|batch|networking\.k8s\.io|rbac\.authorization\.k8s\.io|policy|autoscaling|helm\.sh|yaml)\//;

/**
 * Pricers of what every cloud's stacks hold alike: Services of type LoadBalancer, the managed data stores
 * (priced from their facts), and the storage Kubernetes objects ask for. A cloud's own resources are
 * priced by its pricers (`clouds/<cloud>/pricing.ts`), which run first.
 */
const SHARED_PRICERS: readonly [TokenGroup | ((type: string) => boolean), Pricer][] = [
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

function managedStore(r: PlannedResource, ctx: PricingContext): Draft[] {
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

/** Note shown for existing clusters. */
export const EXISTING_CLUSTER_NOTE =
  "existing cluster (kubeconfig): cost is not estimated; cloudtier creates no infrastructure there";

/** Estimates one planned stack's monthly cost from the region catalog. */
export function estimateStackCost(
  plan: Pick<RecordedPlan, "stack" | "kind" | "cloud" | "region" | "resources">,
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
  const ctx: PricingContext = { cloud: plan.cloud, region, prices: region.prices, resources: plan.resources };
  const pricers = [...CLOUD_MODULES[plan.cloud].pricers, ...SHARED_PRICERS];
  const items: CostItem[] = [];
  const versionNotes: string[] = [];
  for (const resource of plan.resources) {
    if (!resource.custom) continue;
    for (const [match, price] of pricers) {
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
export const PRICED_GROUPS: readonly TokenGroup[] = [
  ...Object.values(CLOUD_MODULES).flatMap((m) => m.pricers.map(([group]) => group)),
  ...SHARED_PRICERS.flatMap(([match]) => (typeof match === "string" ? [match] : [])),
];
