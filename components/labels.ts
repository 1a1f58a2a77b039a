/**
 * Metering labels and tags. Every Kubernetes object carries the `cloudtier.io/*` labels and every taggable
 * cloud resource the `cloudtier-*` tags, so usage and cost can be allocated per customer.
 */
import type { RegionRef } from "../regions/index.js";

export interface MeteringScope {
  /** Customer id, or `platform` for shared platform infrastructure. */
  readonly customer: string;
  /** Tier name, or `shared` for a platform cluster that hosts several tiers. */
  readonly tier: string;
  readonly region: RegionRef;
}

export const MANAGED_BY = "cloudtier";

/** Region label value: `<cloud>-<region>` (label values cannot hold ':'). */
export function regionLabel(region: RegionRef): string {
  return `${region.cloud}-${region.region}`;
}

/** Kubernetes labels for metering, on every object cloudtier creates. */
export function meteringLabels(scope: MeteringScope): Record<string, string> {
  return {
    "cloudtier.io/customer": scope.customer,
    "cloudtier.io/tier": scope.tier,
    "cloudtier.io/region": regionLabel(scope.region),
    "app.kubernetes.io/managed-by": MANAGED_BY,
  };
}

/** Cloud tags (AWS, Azure) for metering. */
export function meteringTags(scope: MeteringScope): Record<string, string> {
  return {
    "cloudtier-customer": scope.customer,
    "cloudtier-tier": scope.tier,
    "cloudtier-region": regionLabel(scope.region),
    "managed-by": MANAGED_BY,
  };
}

/** The same tags as GCP / Scaleway labels (lowercase keys and values, no ':'). */
export function meteringCloudLabels(scope: MeteringScope): Record<string, string> {
  return meteringTags(scope);
}

export const METERING_TAG_KEYS = ["cloudtier-customer", "cloudtier-tier", "cloudtier-region"] as const;
export const METERING_LABEL_KEYS = [
  "cloudtier.io/customer",
  "cloudtier.io/tier",
  "cloudtier.io/region",
] as const;
