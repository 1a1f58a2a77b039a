/**
 * The region catalog: the single source of facts about clouds and regions.
 */
import { aws } from "../clouds/aws/catalog.js";
import { azure } from "../clouds/azure/catalog.js";
import { digitalocean } from "../clouds/digitalocean/catalog.js";
import { gcp } from "../clouds/gcp/catalog.js";
import { kubeconfig, kubeconfigContextRegion } from "../clouds/kubeconfig/catalog.js";
import { scaleway } from "../clouds/scaleway/catalog.js";
import type { CloudName, CloudSpec, RegionSpec } from "./types.js";

export * from "./types.js";

export const CATALOG = { aws, gcp, azure, scaleway, digitalocean, kubeconfig } as const satisfies Record<
  CloudName,
  CloudSpec
>;

/** Region keys per cloud, e.g. `AwsRegion` is `"eu-west-1" | ...`: a typo in a key fails to compile. */
export type RegionOf<C extends CloudName> = keyof (typeof CATALOG)[C]["regions"] & string;

/** A region as stacks refer to it: the cloud and the catalog key. */
export interface RegionRef {
  readonly cloud: CloudName;
  readonly region: string;
  /**
   * kubeconfig only: the context's own name, when the key (`region`) is not the name itself: the key is a
   * stack-name-safe form of it (see `contextKey` in domain/region-key.ts).
   */
  readonly context?: string;
}

export function regionKey(ref: RegionRef): string {
  return `${ref.cloud}:${ref.region}`;
}

export function cloudSpec(cloud: CloudName): CloudSpec {
  return CATALOG[cloud];
}

export function regionNames(cloud: CloudName): string[] {
  return Object.keys(CATALOG[cloud].regions);
}

/** Looks a region up; undefined when the catalog does not have it. */
export function findRegion(ref: RegionRef): RegionSpec | undefined {
  const regions: Readonly<Record<string, RegionSpec>> = CATALOG[ref.cloud].regions;
  if (Object.hasOwn(regions, ref.region)) return regions[ref.region];
  if (ref.cloud === "kubeconfig") return kubeconfigContextRegion(ref.region);
  return undefined;
}

/** Looks a region up that has been validated already. */
export function regionSpec(ref: RegionRef): RegionSpec {
  const spec = findRegion(ref);
  if (!spec) throw new Error(`region ${regionKey(ref)} is not in the catalog`);
  return spec;
}

/**
 * Whether a cloud keeps a Kubernetes version under standard support on a date (ISO): false past the end,
 * and for a version the catalog has no support record of.
 */
export function inStandardSupport(cloud: CloudName, version: string, date: string): boolean {
  const ends: Readonly<Record<string, string>> = CATALOG[cloud].kubernetesSupport.standardSupportEnds;
  return Object.hasOwn(ends, version) && date <= ends[version];
}
