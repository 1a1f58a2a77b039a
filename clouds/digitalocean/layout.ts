/**
 * What a DOKS cluster looks like for given cluster args: names, the VPC's range, the node pool, the
 * control plane (HA where the SLA asks), upgrades and API access. Pure (no Pulumi), so every decision
 * here is tested without the mock runtime.
 *
 * DigitalOcean's VPC rules (API reference, `POST /v2/vpcs`): a range is private (RFC 1918), between a /28
 * and a /16, and overlaps no other network of the same account. The network plan gives each region one
 * range, the same for every customer, so two Cloud-tier customers in one region need two DigitalOcean
 * teams (accounts): one team per Cloud-tier customer, and one for the platform (see README).
 */
import { type InputProblem, throwIfProblems } from "../../domain/errors.js";
import { checkName, clusterNames } from "../../domain/naming.js";
import { cidrContains, cidrsOverlap, parseCidr } from "../../domain/network-plan.js";
import { regionKey, regionSpec } from "../../regions/index.js";
import { type MeteringScope, meteringCloudLabels } from "../../components/labels.js";
import { MAINTENANCE_WINDOW, apiAllowedCidrProblems } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";

/** The private ranges a VPC may take (RFC 1918). */
export const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
/** The widest and narrowest VPC DigitalOcean creates. */
export const DO_VPC_PREFIX = { widest: 16, narrowest: 28 } as const;
/** Ranges DigitalOcean keeps for itself (DOKS' default pod and service ranges among them). */
export const DO_RESERVED_RANGES = [
  "10.244.0.0/16",
  "10.245.0.0/16",
  "10.246.0.0/24",
  "10.229.0.0/16",
] as const;
/** One tag's characters and length (API reference, tags). */
export const DO_TAG_PATTERN = /^[a-zA-Z0-9_\-:]+$/;
export const DO_TAG_MAX = 255;

export interface DoksPoolLayout {
  readonly name: string;
  readonly size: string;
  readonly minNodes: number;
  readonly maxNodes: number;
}

export interface DoksLayout {
  /** DigitalOcean region slug from the catalog, e.g. `nyc3`. */
  readonly region: string;
  /** Minor version from the catalog: DOKS takes the newest patch of it and upgrades within it. */
  readonly kubernetesVersion: string;
  readonly names: { readonly cluster: string; readonly vpc: string };
  readonly vpcRange: string;
  readonly clusterSubnet: string;
  readonly serviceSubnet: string;
  /** The control plane with three replicas and DigitalOcean's 99.95% SLA. */
  readonly ha: boolean;
  readonly pool: DoksPoolLayout;
  /** Who may reach the API: the listed ranges only (the cluster's own nodes always can). */
  readonly allowedAddresses: readonly string[];
  readonly maintenance: { readonly day: string; readonly startTime: string };
  /** The metering tags as DigitalOcean tags (`key:value`: tags cannot hold '='). */
  readonly tags: readonly string[];
}

/** DigitalOcean tags are plain strings of letters, digits, '_', '-' and ':': each metering tag is `key:value`. */
export function digitaloceanTags(scope: MeteringScope): string[] {
  return Object.entries(meteringCloudLabels(scope)).map(([key, value]) => `${key}:${value}`);
}

/** Problems with a VPC range under DigitalOcean's rules. */
export function vpcRangeProblems(range: string, field = "network.network"): InputProblem[] {
  const problems: InputProblem[] = [];
  const { prefix } = parseCidr(range);
  if (!RFC1918.some((block) => cidrContains(block, range))) {
    problems.push({
      field,
      rule: "must be a private range (RFC 1918) for a DigitalOcean VPC",
      limit: RFC1918.join(", "),
      received: range,
      fix: "Give the region a network slot whose ranges fall in 10.0.0.0/8.",
    });
  }
  if (prefix < DO_VPC_PREFIX.widest || prefix > DO_VPC_PREFIX.narrowest) {
    problems.push({
      field,
      rule: "must be between a /16 and a /28 for a DigitalOcean VPC",
      limit: `/${DO_VPC_PREFIX.widest} to /${DO_VPC_PREFIX.narrowest}`,
      received: range,
      fix: "Use the network plan's ranges, which are /16 or narrower.",
    });
  }
  const reserved = DO_RESERVED_RANGES.find((r) => cidrsOverlap(r, range));
  if (reserved) {
    problems.push({
      field,
      rule: `overlaps ${reserved}, which DigitalOcean reserves`,
      received: range,
      fix: "Give the region a network slot clear of DigitalOcean's reserved ranges.",
    });
  }
  return problems;
}

/** Lays the cluster out; throws an InputError for bad API CIDRs, names or ranges DigitalOcean would reject. */
export function doksLayout(args: ClusterArgs): DoksLayout {
  const spec = regionSpec(args.region);
  const base = args.baseName;
  const cidrs = [...(args.apiAllowedCidrs ?? [])];
  const problems: InputProblem[] = apiAllowedCidrProblems(cidrs, { cloud: "DOKS" });
  for (const name of clusterNames(base, "digitalocean")) {
    const problem = checkName(name, "cluster.baseName");
    if (problem) problems.push(problem);
  }
  problems.push(...vpcRangeProblems(args.network.network));
  for (const [field, range] of [
    ["network.pods", args.network.pods],
    ["network.services", args.network.services],
  ] as const) {
    const reserved = DO_RESERVED_RANGES.find((r) => cidrsOverlap(r, range));
    if (reserved || cidrsOverlap(range, args.network.network)) {
      problems.push({
        field,
        rule: `overlaps ${reserved ?? args.network.network}: DOKS needs pod and service ranges of their own`,
        received: range,
        fix: `Check the network plan for ${regionKey(args.region)}.`,
      });
    }
  }
  throwIfProblems(problems);

  // A region is one datacenter: the SLA's zones become as many nodes, so a node can fail and the others
  // carry on, but a datacenter outage takes the cluster down (see README).
  const nodes = Math.max(1, args.sla.zones);
  return {
    region: spec.id,
    kubernetesVersion: spec.kubernetesVersion,
    names: { cluster: base, vpc: `${base}-vpc` },
    vpcRange: args.network.network,
    clusterSubnet: args.network.pods,
    serviceSubnet: args.network.services,
    ha: args.sla.controlPlaneSla,
    pool: {
      name: "nodes",
      size: spec.machines[args.nodePool.sizeClass].instanceType,
      minNodes: args.nodePool.minNodesPerZone * nodes,
      maxNodes: args.nodePool.maxNodesPerZone * nodes,
    },
    allowedAddresses: cidrs,
    maintenance: {
      day: MAINTENANCE_WINDOW.day,
      startTime: `${String(MAINTENANCE_WINDOW.startHourUtc).padStart(2, "0")}:00`,
    },
    tags: digitaloceanTags(args.metering),
  };
}
