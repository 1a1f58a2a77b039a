/**
 * What a GKE cluster looks like for given cluster args: location (regional or zonal), node zones, ranges,
 * machine type and API access. Pure (no Pulumi), so every decision here is tested without the mock runtime.
 */
import { throwIfProblems } from "../../domain/errors.js";
import { type MachineSpec, regionKey, regionSpec } from "../../regions/index.js";
import { apiAllowedCidrProblems } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";

export interface GcpClusterLayout {
  /** The GCP region id from the catalog, e.g. `europe-west1`. */
  readonly regionId: string;
  /**
   * Where the control plane runs: the region (replicated over three zones, covered by the regional SLA)
   * when the tier asks for a control-plane SLA, otherwise the first zone.
   */
  readonly location: string;
  readonly regional: boolean;
  /** The zones nodes run in: the first `sla.zones` zones of the region. */
  readonly zones: readonly string[];
  /**
   * The cluster's `nodeLocations`: every node zone for a regional cluster; for a zonal cluster the node
   * zones other than the cluster's own (GKE adds that one itself).
   */
  readonly clusterNodeLocations: readonly string[];
  readonly kubernetesVersion: string;
  readonly machine: MachineSpec;
  readonly minNodesPerZone: number;
  readonly maxNodesPerZone: number;
  /** Primary range of the node subnetwork (GCP subnetworks span the region's zones). */
  readonly nodeRange: string;
  readonly podRange: string;
  readonly serviceRange: string;
  /** CIDRs allowed to reach the API; empty means the private endpoint only. */
  readonly authorizedCidrs: readonly string[];
}

/** Lays the cluster out over the region's zones; throws an InputError for bad API CIDRs. */
export function gcpClusterLayout(args: ClusterArgs): GcpClusterLayout {
  const spec = regionSpec(args.region);
  const cidrs = [...(args.apiAllowedCidrs ?? [])];
  // The same rule on every cloud: IPv4 network addresses, none wider than a /8, none twice.
  throwIfProblems(apiAllowedCidrProblems(cidrs, { cloud: "GKE" }));

  const count = Math.max(1, args.sla.zones);
  if (spec.zones.length < count) {
    throw new Error(
      `${regionKey(args.region)} has ${spec.zones.length} zones in the catalog; the cluster needs ${count}`,
    );
  }
  const nodeRange = args.network.privateSubnets[0];
  if (!nodeRange) throw new Error(`the network plan for ${regionKey(args.region)} has no private subnet`);
  const zones = spec.zones.slice(0, count);
  const regional = args.sla.controlPlaneSla;
  return {
    regionId: spec.id,
    location: regional ? spec.id : zones[0],
    regional,
    zones,
    clusterNodeLocations: regional ? zones : zones.slice(1),
    kubernetesVersion: spec.kubernetesVersion,
    machine: spec.machines[args.nodePool.sizeClass],
    minNodesPerZone: args.nodePool.minNodesPerZone,
    maxNodesPerZone: args.nodePool.maxNodesPerZone,
    nodeRange,
    podRange: args.network.pods,
    serviceRange: args.network.services,
    authorizedCidrs: cidrs,
  };
}
