/**
 * Rules the Azure and Scaleway clusters share: who may reach the Kubernetes API, and when the cloud may
 * upgrade the cluster. Pure (no Pulumi), so both are tested without the mock runtime.
 */
import type { InputProblem } from "../../domain/errors.js";
import { cidrSize, formatCidr, parseCidr } from "../../domain/network-plan.js";

/** Where the stack config's API CIDRs come from, for error messages. */
export const API_ALLOWED_CIDRS_FIELD = "cloudtier:stack.cluster.apiAllowedCidrs";

/**
 * The widest range accepted. Anything wider than a /8 (a sixteenth of the IPv4 internet, or a pair of /1s
 * that together are 0.0.0.0/0) is a public endpoint in all but name.
 */
export const API_CIDR_MIN_PREFIX = 8;

/**
 * Problems with the CIDRs allowed to reach a cluster's public API endpoint: each must be an IPv4 network
 * address in CIDR notation, no wider than a /8, listed once, and there may be at most `maxEntries`
 * (where the cloud documents a limit).
 */
export function apiAllowedCidrProblems(
  cidrs: readonly string[],
  limits: { readonly cloud: string; readonly maxEntries?: number },
  field = API_ALLOWED_CIDRS_FIELD,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const { cloud, maxEntries } = limits;
  if (maxEntries !== undefined && cidrs.length > maxEntries) {
    problems.push({
      field,
      rule: `lists more ranges than ${cloud} accepts for a cluster's API`,
      limit: `${maxEntries} ranges`,
      received: cidrs.length,
      fix: "Merge adjacent ranges, or reach the API through a VPN and leave the list empty.",
    });
  }
  const seen = new Set<string>();
  for (const [i, text] of cidrs.entries()) {
    const at = `${field}[${i}]`;
    let cidr: { base: number; prefix: number };
    try {
      cidr = parseCidr(text);
    } catch {
      problems.push({
        field: at,
        rule: "must be an IPv4 CIDR",
        received: text,
        fix: "Write it as a network address and prefix length, e.g. 203.0.113.0/24.",
      });
      continue;
    }
    const size = cidrSize(cidr);
    if (cidr.prefix < API_CIDR_MIN_PREFIX) {
      problems.push({
        field: at,
        rule: "must not open the Kubernetes API to the internet at large",
        limit: `a prefix length of at least ${API_CIDR_MIN_PREFIX}`,
        received: text,
        fix: "List the ranges of your offices, VPN or CI runners; leave the list empty for a private endpoint.",
      });
    } else if (cidr.base % size !== 0) {
      problems.push({
        field: at,
        rule: "must be a network address: the bits after the prefix must be zero",
        received: text,
        fix: `Use ${formatCidr({ base: cidr.base - (cidr.base % size), prefix: cidr.prefix })}.`,
      });
    } else if (seen.has(text)) {
      problems.push({
        field: at,
        rule: "is listed twice",
        received: text,
        fix: "Remove the duplicate.",
      });
    }
    seen.add(text);
  }
  return problems;
}

/** The address ten past the start of a range: the conventional cluster DNS service address. */
export function dnsServiceIp(serviceCidr: string): string {
  return formatCidr({ base: parseCidr(serviceCidr).base + 10, prefix: 32 }).replace(/\/32$/, "");
}

/**
 * The weekly window in which the cloud may upgrade the control plane and roll the nodes: early Sunday UTC,
 * after the tiers' daily backup windows have started (02:00-03:00 UTC) and outside European working hours.
 */
export const MAINTENANCE_WINDOW = {
  day: "sunday",
  startHourUtc: 4,
  durationHours: 4,
} as const;
