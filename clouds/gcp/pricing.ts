/**
 * How the cost estimate prices a GCP stack's own resources: the GKE control plane (zonal or regional) and
 * any inline pools, node pools with their bounds and boot disks over their zones, Cloud NAT and its
 * addresses, forwarding rules and persistent disks. Cloud SQL and Memorystore are priced from their facts
 * (`facts.ts`). Pure.
 */
import type * as gcp from "@pulumi/gcp";
import type { Props } from "../../policy/rules/support.js";
import {
  type CloudPricers,
  type Draft,
  type PricingContext,
  acceptsTenants,
  clusterFee,
  disks,
  network,
  nodes,
  num,
  pool,
  props,
  publicIps,
  versionSupport,
} from "../../cost/pricers.js";

/** Zones a regional GKE pool spreads over: its node locations, or the catalog's zones of the region. */
function gkeZones(pool: { nodeLocations?: string[]; location?: string }, ctx: PricingContext): number {
  if (pool.nodeLocations && pool.nodeLocations.length > 0) return pool.nodeLocations.length;
  const regional = pool.location === undefined || pool.location === ctx.region.id;
  return regional ? Math.max(1, ctx.region.zones.length) : 1;
}

function gkeCluster(cluster: Props<gcp.container.ClusterArgs>, ctx: PricingContext): Draft[] {
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

export const gcpPricers: CloudPricers = [
  ["gkeCluster", (r, ctx) => gkeCluster(props<gcp.container.ClusterArgs>(r), ctx)],
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
    "gcpRouterNat",
    (r, ctx) => {
      const nat = props<gcp.compute.RouterNatArgs>(r);
      // With AUTO_ONLY Cloud NAT allocates its addresses itself, at least one; manual ones are listed.
      const manual = nat.natIpAllocateOption === "MANUAL_ONLY" ? (nat.natIps ?? []).length : 0;
      const what = `Cloud NAT ${r.name}${manual > 0 ? "" : " (addresses it allocates, at least 1)"}`;
      return [...network("nat", `Cloud NAT ${r.name}`, ctx), ...publicIps(what, Math.max(1, manual), ctx)];
    },
  ],
  ["gcpForwardingRule", (r, ctx) => network("lb", `load balancer (forwarding rule) ${r.name}`, ctx)],
  ["gcpDisk", (r, ctx) => disks(`persistent disk ${r.name}`, num(r.inputs["size"]), 1, ctx)],
];
