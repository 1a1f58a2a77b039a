/**
 * Tenants' host names: each tenant of a cluster owns `<customer>.<cloud>-<region>.<platform domain>` and
 * every name below it, and nothing else. The region part names the cloud too, so two clouds' regions of
 * the same name never share hosts. Pure.
 */
import type { RegionRef } from "../regions/index.js";
import type { InputProblem } from "./errors.js";
import { INGRESS_CONFIG_KEY } from "./platform-config.js";

/** A region as one DNS label (and label value): `<cloud>-<region>`, e.g. `aws-eu-west-1`. */
export function regionDnsLabel(region: RegionRef): string {
  return `${region.cloud}-${region.region}`;
}

/** The names a cluster's tenants' hosts end with: `<cloud>-<region>.<domain>`. */
export function clusterHostSuffix(region: RegionRef, domain: string): string {
  return `${regionDnsLabel(region)}.${domain}`;
}

/** The host a tenant owns, with every name below it: `<customer>.<cloud>-<region>.<domain>`. */
export function tenantHost(customer: string, region: RegionRef, domain: string): string {
  return `${customer}.${clusterHostSuffix(region, domain)}`;
}

/** Whether `host` (or a wildcard `*.…`) is the tenant's own host or a name below it. */
export function isTenantHost(host: string, tenant: string): boolean {
  return host === tenant || host.endsWith(`.${tenant}`);
}

/** DNS limits (RFC 1035): 63 characters a label, 253 a name. */
export const DNS_LABEL_MAX = 63;
export const DNS_NAME_MAX = 253;
/** Room kept below a tenant's host for its own names: one label of the longest length, and its dot. */
export const TENANT_NAME_ROOM = DNS_LABEL_MAX + 1;

/** Problems with the hosts of these tenants: a label or the whole name too long for DNS. */
export function tenantHostProblems(
  customers: readonly string[],
  region: RegionRef,
  domain: string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const regionLabel = regionDnsLabel(region);
  if (regionLabel.length > DNS_LABEL_MAX) {
    problems.push({
      field: "region",
      rule: "makes a host name label longer than DNS allows",
      limit: `${DNS_LABEL_MAX} characters`,
      received: regionLabel,
      fix: "Use a shorter kubeconfig context key for the region.",
    });
  }
  const longest = customers.reduce((a, b) => (b.length > a.length ? b : a), "");
  if (longest && tenantHost(longest, region, domain).length + TENANT_NAME_ROOM > DNS_NAME_MAX) {
    problems.push({
      field: `${INGRESS_CONFIG_KEY}.domain`,
      rule: `leaves ${longest}'s host ${tenantHost(longest, region, domain)} no room for a name of its own`,
      limit: `${DNS_NAME_MAX - TENANT_NAME_ROOM} characters for <customer>.<cloud>-<region>.<domain>`,
      received: domain,
      fix: "Use a shorter platform domain.",
    });
  }
  return problems;
}
