/**
 * What a Kapsule cluster looks like for given cluster args: names, the private network's range, the
 * egress gateway, one node pool per zone and API access. Pure (no Pulumi), so every decision here is
 * tested without the mock runtime.
 */
import { type InputProblem, throwIfProblems } from "../../domain/errors.js";
import { checkName, clusterNames } from "../../domain/naming.js";
import { cidrContains, formatCidr, parseCidr } from "../../domain/network-plan.js";
import { regionKey, regionSpec } from "../../regions/index.js";
import { type MeteringScope, meteringCloudLabels } from "../../components/labels.js";
import {
  MAINTENANCE_WINDOW,
  apiAllowedCidrProblems,
  dnsServiceIp,
} from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";

/**
 * The widest IPv4 range a Scaleway private network accepts is a /20 (the narrowest a /28), so the private
 * network takes the first /20 of the plan's first private subnet rather than the whole network range.
 */
export const SCW_PRIVATE_NETWORK_PREFIX = 20;
/** The smallest public gateway offer: egress NAT for the nodes, no bastion. */
export const SCW_GATEWAY_TYPE = "VPC-GW-S";
/** Kapsule's dedicated control plane, the offer that comes with an uptime SLA (the shared one has none). */
export const KAPSULE_DEDICATED_TYPE = "kapsule-dedicated-4";
export const KAPSULE_SHARED_TYPE = "kapsule";

export interface KapsulePoolLayout {
  readonly zone: string;
  readonly name: string;
  readonly nodeType: string;
  readonly minSize: number;
  readonly maxSize: number;
}

export type KapsuleApiAccess =
  { readonly kind: "none" } | { readonly kind: "cidrs"; readonly cidrs: readonly string[] };

export interface KapsuleLayout {
  /** Scaleway region id from the catalog, e.g. `fr-par`. */
  readonly region: string;
  /** Zones the node pools span, the first `sla.zones` of the catalog's. */
  readonly zones: readonly string[];
  /** Minor version from the catalog: auto-upgrade needs `x.y` and keeps it patched. */
  readonly kubernetesVersion: string;
  readonly clusterType: typeof KAPSULE_DEDICATED_TYPE | typeof KAPSULE_SHARED_TYPE;
  readonly names: {
    readonly cluster: string;
    readonly vpc: string;
    readonly privateNetwork: string;
    readonly gateway: string;
  };
  readonly privateNetworkCidr: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly serviceDnsIp: string;
  /** The public gateway is zonal; it sits in the first zone and serves the regional private network. */
  readonly gatewayZone: string;
  readonly pools: readonly KapsulePoolLayout[];
  readonly apiAccess: KapsuleApiAccess;
  readonly autoUpgrade: {
    readonly enable: true;
    readonly maintenanceWindowDay: string;
    readonly maintenanceWindowStartHour: number;
  };
  /** The metering tags as Scaleway tag strings (`key=value`). */
  readonly tags: readonly string[];
}

/** Scaleway tags are plain strings: each metering tag becomes one `key=value` entry. */
export function scalewayTags(scope: MeteringScope): string[] {
  return Object.entries(meteringCloudLabels(scope)).map(([key, value]) => `${key}=${value}`);
}

/** The first /20 of the plan's first private subnet. */
export function privateNetworkCidr(args: Pick<ClusterArgs, "network" | "region">): string {
  const subnet = args.network.privateSubnets[0];
  if (!subnet) throw new Error(`the network plan for ${regionKey(args.region)} has no private subnet`);
  const cidr = formatCidr({ base: parseCidr(subnet).base, prefix: SCW_PRIVATE_NETWORK_PREFIX });
  if (!cidrContains(subnet, cidr) || !cidrContains(args.network.network, cidr)) {
    throw new Error(`${cidr} does not fit the plan's private subnet ${subnet} of ${args.network.network}`);
  }
  return cidr;
}

/** Lays the cluster out; throws an InputError for bad API CIDRs or names Scaleway would reject. */
export function kapsuleLayout(args: ClusterArgs): KapsuleLayout {
  const spec = regionSpec(args.region);
  const base = args.baseName;
  const cidrs = [...(args.apiAllowedCidrs ?? [])];
  const problems: InputProblem[] = apiAllowedCidrProblems(cidrs, { cloud: "Kapsule" });
  for (const name of clusterNames(base, "scaleway")) {
    const problem = checkName(name, "cluster.baseName");
    if (problem) problems.push(problem);
  }
  throwIfProblems(problems);

  if (spec.zones.length < args.sla.zones) {
    throw new Error(
      `${regionKey(args.region)} has ${spec.zones.length} zones in the catalog; the SLA needs ${args.sla.zones}`,
    );
  }
  const zones = spec.zones.slice(0, args.sla.zones);
  const nodeType = spec.machines[args.nodePool.sizeClass].instanceType;
  return {
    region: spec.id,
    zones,
    kubernetesVersion: spec.kubernetesVersion,
    clusterType: args.sla.controlPlaneSla ? KAPSULE_DEDICATED_TYPE : KAPSULE_SHARED_TYPE,
    names: { cluster: base, vpc: `${base}-vpc`, privateNetwork: `${base}-nodes`, gateway: `${base}-egress` },
    privateNetworkCidr: privateNetworkCidr(args),
    podCidr: args.network.pods,
    serviceCidr: args.network.services,
    serviceDnsIp: dnsServiceIp(args.network.services),
    gatewayZone: zones[0],
    // Kapsule pools are zonal: one pool per zone, each scaled within the tier's per-zone bounds.
    pools: zones.map((zone) => ({
      zone,
      name: `nodes-${zone}`,
      nodeType,
      minSize: args.nodePool.minNodesPerZone,
      maxSize: args.nodePool.maxNodesPerZone,
    })),
    apiAccess: cidrs.length === 0 ? { kind: "none" } : { kind: "cidrs", cidrs },
    autoUpgrade: {
      enable: true,
      maintenanceWindowDay: MAINTENANCE_WINDOW.day,
      maintenanceWindowStartHour: MAINTENANCE_WINDOW.startHourUtc,
    },
    tags: scalewayTags(args.metering),
  };
}
