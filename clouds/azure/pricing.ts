/**
 * How the cost estimate prices an Azure stack's own resources: the AKS control plane (Standard tier for the
 * SLA), its pools (inline or beside it) with their bounds and OS disks, the outbound load balancer or NAT
 * gateway AKS creates and its addresses, NAT gateways, load balancers and managed disks. PostgreSQL
 * flexible servers and Azure Cache for Redis are priced from their facts (`facts.ts`). Pure.
 */
import type * as azure from "@pulumi/azure-native";
import type { Props } from "../../policy/rules/support.js";
import {
  type CloudPricers,
  type Draft,
  type PricingContext,
  acceptsTenants,
  clusterFee,
  disks,
  network,
  num,
  pool,
  props,
  publicIps,
  versionSupport,
} from "../../cost/pricers.js";

/** The lines of an AKS pool, declared in the cluster or beside it. */
function aksPool(
  key: string,
  what: string,
  profile: Omit<Props<azure.containerservice.AgentPoolArgs>, "resourceGroupName" | "resourceName">,
  ctx: PricingContext,
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

export const azurePricers: CloudPricers = [
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
    "aksAgentPool",
    (r, ctx) => {
      return aksPool(r.urn, `node pool ${r.name}`, props<azure.containerservice.AgentPoolArgs>(r), ctx);
    },
  ],
  ["azureNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["azureLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["azureDisk", (r, ctx) => disks(`managed disk ${r.name}`, num(r.inputs["diskSizeGB"]), 1, ctx)],
];
