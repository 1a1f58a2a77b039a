/**
 * How the cost estimate prices a Scaleway stack's own resources: the Kapsule control plane (dedicated for
 * the SLA), pools with their bounds and root volumes, public gateways and their IPs, load balancers and
 * volumes. Managed Database and Managed Redis are priced from their facts (`facts.ts`). Pure.
 */
import type * as scaleway from "@pulumiverse/scaleway";
import {
  type CloudPricers,
  clusterFee,
  disks,
  network,
  num,
  pool,
  props,
  publicIps,
  versionSupport,
} from "../../cost/pricers.js";

export const scalewayPricers: CloudPricers = [
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
  ["scalewayPublicGateway", (r, ctx) => network("nat", `public gateway ${r.name}`, ctx)],
  ["scalewayPublicGatewayIp", (r, ctx) => publicIps(`public gateway IP ${r.name}`, 1, ctx)],
  ["scalewayLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["scalewayVolume", (r, ctx) => disks(`volume ${r.name}`, num(r.inputs["sizeInGb"]), 1, ctx)],
];
