/**
 * The network plan: deterministic, non-overlapping private CIDRs for every environment (customer x region)
 * and every platform cluster, so environments can be peered later and never collide with the platform.
 *
 * Each catalog region owns a fixed slot (0-63, `RegionSpec.networkSlot`); a region's ranges depend on its
 * slot alone, so adding a region to a customer never moves the ranges of the regions it already has.
 * Different customers are isolated from each other and reuse the same ranges.
 *
 *   environment network  10.<slot>.0.0/16          10.0.0.0  - 10.63.255.255
 *   environment pods     10.<64+slot>.0.0/16       10.64.0.0 - 10.127.255.255
 *   environment services 10.128.0.0/14 in /20s     10.128.0.0 - 10.131.255.255
 *   platform services    10.132.0.0/14 in /20s     10.132.0.0 - 10.135.255.255
 *   platform network     172.16.0.0/12 in /18s
 *   platform pods        100.64.0.0/10 in /16s     (RFC 6598 shared address space)
 */
import type { RegionRef } from "../regions/index.js";
import { regionSpec } from "../regions/index.js";

export const MAX_SLOTS = 64;

export interface Cidr {
  /** Network address as a 32-bit unsigned integer. */
  readonly base: number;
  readonly prefix: number;
}

export interface NetworkPlan {
  /** The VPC / VNet / private network. */
  readonly network: string;
  /** Private (node) subnets, one per zone, /19 each. */
  readonly privateSubnets: readonly string[];
  /** Public subnets for NAT and load balancers, one per zone, /22 each. */
  readonly publicSubnets: readonly string[];
  readonly pods: string;
  readonly services: string;
}

export function parseCidr(text: string): Cidr {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!match) throw new Error(`not a CIDR: ${text}`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`not a CIDR: ${text}`);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
  const b = cidr.base;
  return `${Math.floor(b / 2 ** 24) % 256}.${Math.floor(b / 2 ** 16) % 256}.${Math.floor(b / 2 ** 8) % 256}.${b % 256}/${cidr.prefix}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.base < y.base + cidrSize(y) && y.base < x.base + cidrSize(x);
}

export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return i.base >= o.base && i.base + cidrSize(i) <= o.base + cidrSize(o);
}

const ip = (a: number, b: number, c: number, d: number) => ((a * 256 + b) * 256 + c) * 256 + d;
const cidr = (base: number, prefix: number) => formatCidr({ base, prefix });

function slotOf(ref: RegionRef): number {
  const slot = regionSpec(ref).networkSlot;
  if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) {
    throw new Error(
      `${ref.cloud}:${ref.region} has no network slot; existing clusters bring their own network`,
    );
  }
  return slot;
}

function subnets(networkBase: number, zones: number): Pick<NetworkPlan, "privateSubnets" | "publicSubnets"> {
  const count = Math.max(1, Math.min(zones, 4));
  const privateSubnets = Array.from({ length: count }, (_, z) => cidr(networkBase + z * 2 ** 13, 19));
  // Public subnets sit in the upper half of the range (after four /19s), /22 each.
  const publicSubnets = Array.from({ length: count }, (_, z) =>
    cidr(networkBase + 4 * 2 ** 13 + z * 2 ** 10, 22),
  );
  return { privateSubnets, publicSubnets };
}

/** The ranges of a customer's isolated environment in one region. */
export function environmentNetwork(ref: RegionRef, zones: number): NetworkPlan {
  const slot = slotOf(ref);
  const network = ip(10, slot, 0, 0);
  return {
    network: cidr(network, 16),
    ...subnets(network, zones),
    pods: cidr(ip(10, 64 + slot, 0, 0), 16),
    services: cidr(ip(10, 128, 0, 0) + slot * 2 ** 12, 20),
  };
}

/** The ranges of the shared platform cluster in one region. */
export function platformNetwork(ref: RegionRef, zones: number): NetworkPlan {
  const slot = slotOf(ref);
  const network = ip(172, 16, 0, 0) + slot * 2 ** 14;
  const count = Math.max(1, Math.min(zones, 3));
  return {
    network: cidr(network, 18),
    // Inside a /18: private /20s for the first three zones, public /24s in the last /20.
    privateSubnets: Array.from({ length: count }, (_, z) => cidr(network + z * 2 ** 12, 20)),
    publicSubnets: Array.from({ length: count }, (_, z) => cidr(network + 3 * 2 ** 12 + z * 2 ** 8, 24)),
    pods: cidr(ip(100, 64 + slot, 0, 0), 16),
    services: cidr(ip(10, 132, 0, 0) + slot * 2 ** 12, 20),
  };
}

/** Every range in a plan, for overlap checks. */
export function planRanges(plan: NetworkPlan): string[] {
  return [plan.network, plan.pods, plan.services];
}

/**
 * Private ranges of an environment's managed data stores, inside its network's /16 and clear of the node
 * subnets (four /19s, 10.<slot>.0.0 - 10.<slot>.127.255) and public subnets (four /22s, 10.<slot>.128.0 -
 * 10.<slot>.143.255):
 *
 *   gcp private service access   10.<slot>.192.0/20   (peered to Google's producer network: Cloud SQL, Memorystore)
 *   azure postgres subnet        10.<slot>.208.0/24   (delegated to Microsoft.DBforPostgreSQL/flexibleServers)
 *   azure private endpoints      10.<slot>.209.0/24   (Azure Cache for Redis)
 *
 * AWS data stores use the private (node) subnets; Scaleway attaches them to the cluster's private network.
 */
export interface DatastoreRanges {
  readonly privateServiceAccess: string;
  readonly postgresSubnet: string;
  readonly privateEndpointSubnet: string;
}

export function datastoreRanges(ref: RegionRef): DatastoreRanges {
  const slot = slotOf(ref);
  return {
    privateServiceAccess: cidr(ip(10, slot, 192, 0), 20),
    postgresSubnet: cidr(ip(10, slot, 208, 0), 24),
    privateEndpointSubnet: cidr(ip(10, slot, 209, 0), 24),
  };
}
