/**
 * Metering labels and tags. Every Kubernetes object carries the `cloudtier.io/*` labels and every taggable
 * cloud resource the `cloudtier-*` tags, so usage and cost can be allocated per customer.
 */
import { regionDnsLabel } from "../domain/hostnames.js";
import type { RegionRef } from "../regions/index.js";

export interface MeteringScope {
  /** Customer id, or `platform` for shared platform infrastructure. */
  readonly customer: string;
  /** Tier name, or `shared` for a platform cluster that hosts several tiers. */
  readonly tier: string;
  readonly region: RegionRef;
}

export const MANAGED_BY = "cloudtier";

/** Region label value: `<cloud>-<region>` (label values cannot hold ':'), the same as in host names. */
export function regionLabel(region: RegionRef): string {
  return regionDnsLabel(region);
}

/** The Kubernetes label of each metering fact: read them by name, never by position. */
export const CUSTOMER_LABEL = "cloudtier.io/customer";
export const TIER_LABEL = "cloudtier.io/tier";
export const REGION_LABEL = "cloudtier.io/region";
/** The cloud tag of each metering fact. */
export const CUSTOMER_TAG = "cloudtier-customer";
export const TIER_TAG = "cloudtier-tier";
export const REGION_TAG = "cloudtier-region";

/** The customer value of the platform's own objects and namespaces. */
export const PLATFORM_CUSTOMER = "platform";

/**
 * The tenant namespaces, as a namespace selector: labelled with a customer other than the platform. The
 * admission rules of tenant namespaces are bound with it.
 */
export function tenantNamespaceSelector(): {
  matchExpressions: { key: string; operator: string; values?: string[] }[];
} {
  return {
    matchExpressions: [
      { key: CUSTOMER_LABEL, operator: "Exists" },
      { key: CUSTOMER_LABEL, operator: "NotIn", values: [PLATFORM_CUSTOMER] },
    ],
  };
}

/** Kubernetes labels for metering, on every object cloudtier creates. */
export function meteringLabels(scope: MeteringScope): Record<string, string> {
  return {
    [CUSTOMER_LABEL]: scope.customer,
    [TIER_LABEL]: scope.tier,
    [REGION_LABEL]: regionLabel(scope.region),
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** Cloud tags (AWS, Azure) for metering. */
export function meteringTags(scope: MeteringScope): Record<string, string> {
  return {
    [CUSTOMER_TAG]: scope.customer,
    [TIER_TAG]: scope.tier,
    [REGION_TAG]: regionLabel(scope.region),
    "managed-by": MANAGED_BY,
  };
}

/** The same tags as GCP / Scaleway labels (lowercase keys and values, no ':'). */
export function meteringCloudLabels(scope: MeteringScope): Record<string, string> {
  return meteringTags(scope);
}

/** The keys every taggable cloud resource and every Kubernetes object must carry. */
export const METERING_TAG_KEYS = [CUSTOMER_TAG, TIER_TAG, REGION_TAG] as const;
export const METERING_LABEL_KEYS = [CUSTOMER_LABEL, TIER_LABEL, REGION_LABEL] as const;
