/**
 * What an EKS cluster looks like for given cluster args: zones, subnets, NAT placement, machine and AMI
 * type, API endpoint access. Pure (no Pulumi), so every decision here is tested without the mock runtime.
 */
import { throwIfProblems } from "../../domain/errors.js";
import { type MachineSpec, regionKey, regionSpec } from "../../regions/index.js";
import { apiAllowedCidrProblems } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";

/** EKS requires the cluster's subnets to span at least two availability zones. */
export const EKS_MIN_ZONES = 2;

/** Every control-plane log type EKS offers: all of them go to CloudWatch. */
export const EKS_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export interface AwsZoneLayout {
  /** The availability zone, e.g. `eu-west-1a`. */
  readonly zone: string;
  readonly privateSubnet: string;
  readonly publicSubnet: string;
  /** Whether this zone's public subnet holds a NAT gateway. */
  readonly hasNat: boolean;
  /** Index (into the zones) of the zone whose NAT gateway this zone's private subnets route through. */
  readonly natZone: number;
}

export interface AwsClusterLayout {
  /** The AWS region id from the catalog, e.g. `eu-west-1`. */
  readonly regionId: string;
  readonly kubernetesVersion: string;
  readonly zones: readonly AwsZoneLayout[];
  readonly machine: MachineSpec;
  /** EKS AMI type matching the machine's architecture. */
  readonly amiType: string;
  readonly minNodesPerZone: number;
  readonly maxNodesPerZone: number;
  /** CIDRs allowed to reach the public API endpoint; empty means no public endpoint at all. */
  readonly publicAccessCidrs: readonly string[];
}

/** Graviton families carry a `g` right after the generation digit: m7g, c7gn, r8g, t4g, x2gd. */
export function amiTypeFor(instanceType: string): string {
  return /^[a-z]+\d+g/.test(instanceType) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/** Lays the cluster out over the region's zones; throws an InputError for bad API CIDRs. */
export function awsClusterLayout(args: ClusterArgs): AwsClusterLayout {
  const spec = regionSpec(args.region);
  const where = regionKey(args.region);
  const cidrs = [...(args.apiAllowedCidrs ?? [])];
  // The same rule on every cloud: IPv4 network addresses, none wider than a /8, none twice.
  throwIfProblems(apiAllowedCidrProblems(cidrs, { cloud: "EKS" }));

  const count = Math.max(EKS_MIN_ZONES, args.sla.zones);
  if (spec.zones.length < count) {
    throw new Error(`${where} has ${spec.zones.length} zones in the catalog; the cluster needs ${count}`);
  }
  const { privateSubnets, publicSubnets } = args.network;
  if (privateSubnets.length < count || publicSubnets.length < count) {
    throw new Error(
      `the network plan for ${where} has ${privateSubnets.length} private and ${publicSubnets.length} public ` +
        `subnets; an EKS cluster over ${count} zones needs one of each per zone`,
    );
  }
  // One NAT gateway per zone keeps egress alive when a zone fails; below three zones the SLA does not
  // promise zone failure tolerance, so a single gateway saves its hourly price.
  const natPerZone = args.sla.zones >= 3;
  const zones = spec.zones.slice(0, count).map((zone, i): AwsZoneLayout => ({
    zone,
    privateSubnet: privateSubnets[i],
    publicSubnet: publicSubnets[i],
    hasNat: natPerZone || i === 0,
    natZone: natPerZone ? i : 0,
  }));
  const machine = spec.machines[args.nodePool.sizeClass];
  return {
    regionId: spec.id,
    kubernetesVersion: spec.kubernetesVersion,
    zones,
    machine,
    amiType: amiTypeFor(machine.instanceType),
    minNodesPerZone: args.nodePool.minNodesPerZone,
    maxNodesPerZone: args.nodePool.maxNodesPerZone,
    publicAccessCidrs: cidrs,
  };
}
