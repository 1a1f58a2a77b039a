/**
 * How the cost estimate prices a DigitalOcean stack's own resources: the DOKS control plane (free, or its
 * high-availability fee), its node pools (inline or beside it) with their bounds, load balancers and
 * volumes. Managed PostgreSQL and Valkey are priced from their facts (`facts.ts`). Pure.
 */
import type * as digitalocean from "@pulumi/digitalocean";
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
  props,
  versionSupport,
} from "../../cost/pricers.js";

/**
 * The lines of a DOKS pool, the cluster's own or beside it: its Droplets, priced at their minimum. A
 * Droplet's local disk is in its price, so a pool has no disk line.
 */
function doksPool(
  key: string,
  what: string,
  nodePool: Omit<Props<digitalocean.KubernetesNodePoolArgs>, "clusterId">,
  ctx: PricingContext,
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

export const digitaloceanPricers: CloudPricers = [
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
  [
    "doksNodePool",
    (r, ctx) => {
      return doksPool(r.urn, `node pool ${r.name}`, props<digitalocean.KubernetesNodePoolArgs>(r), ctx);
    },
  ],
  ["doLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["doVolume", (r, ctx) => disks(`volume ${r.name}`, num(r.inputs["size"]), 1, ctx)],
];
