/**
 * Metering tags of DigitalOcean resources. DigitalOcean tags are plain strings without '=', so cloudtier
 * writes each metering tag as `key:value`; this reader parses them back.
 */
import type { DatabaseClusterArgs } from "@pulumi/digitalocean/databaseCluster.js";
import type { DatabaseDbArgs } from "@pulumi/digitalocean/databaseDb.js";
import type { DatabaseFirewallArgs } from "@pulumi/digitalocean/databaseFirewall.js";
import type { DatabaseUserArgs } from "@pulumi/digitalocean/databaseUser.js";
import type { KubernetesClusterArgs } from "@pulumi/digitalocean/kubernetesCluster.js";
import type { KubernetesNodePoolArgs } from "@pulumi/digitalocean/kubernetesNodePool.js";
import type { LoadBalancerArgs } from "@pulumi/digitalocean/loadBalancer.js";
import type { SpacesBucketArgs } from "@pulumi/digitalocean/spacesBucket.js";
import type { SpacesKeyArgs } from "@pulumi/digitalocean/spacesKey.js";
import type { VolumeArgs } from "@pulumi/digitalocean/volume.js";
import type { VpcArgs } from "@pulumi/digitalocean/vpc.js";
import type { MeteringReader } from "../../analysis/metering/types.js";
import type { PlannedResource } from "../../planner/types.js";
import { TYPE } from "../tokens.js";

/** `true` exactly when the SDK's args type has a `tags` input: the table below fails to compile otherwise. */
type Taggable<Args> = "tags" extends keyof Args ? true : false;

/**
 * Whether each DigitalOcean resource type cloudtier creates accepts tags, checked against the SDK's input
 * types. A type missing here is treated as taggable, so a new resource is metered (or listed here as
 * untaggable) rather than silently skipped. VPCs and load balancers take no tags.
 */
export const DIGITALOCEAN_TAGGABLE = {
  [TYPE.doVpc]: false satisfies Taggable<VpcArgs>,
  [TYPE.doKubernetesCluster]: true satisfies Taggable<KubernetesClusterArgs>,
  [TYPE.doKubernetesNodePool]: true satisfies Taggable<KubernetesNodePoolArgs>,
  [TYPE.doDatabaseCluster]: true satisfies Taggable<DatabaseClusterArgs>,
  [TYPE.doDatabaseDb]: false satisfies Taggable<DatabaseDbArgs>,
  [TYPE.doDatabaseUser]: false satisfies Taggable<DatabaseUserArgs>,
  [TYPE.doDatabaseFirewall]: false satisfies Taggable<DatabaseFirewallArgs>,
  // Load balancers the cloud controller creates for Services; they take no tags.
  [TYPE.doLoadBalancer]: false satisfies Taggable<LoadBalancerArgs>,
  [TYPE.doVolume]: true satisfies Taggable<VolumeArgs>,
  // Spaces buckets and keys take no tags: a tenant's bucket is named after it instead.
  [TYPE.doSpacesBucket]: false satisfies Taggable<SpacesBucketArgs>,
  [TYPE.doSpacesKey]: false satisfies Taggable<SpacesKeyArgs>,
} as const satisfies Readonly<Record<string, boolean>>;

/** The `key:value` entries of a DigitalOcean tag list; entries without ':' carry no metering tag. */
export function parseDigitalOceanTags(tags: unknown): Record<string, string> {
  if (!Array.isArray(tags)) return {};
  const parsed: Record<string, string> = {};
  for (const tag of tags) {
    if (typeof tag !== "string") continue;
    const colon = tag.indexOf(":");
    if (colon > 0) parsed[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return parsed;
}

function isTaggable(resource: PlannedResource): boolean {
  const known = (DIGITALOCEAN_TAGGABLE as Readonly<Record<string, boolean>>)[resource.type];
  return known ?? true;
}

/** Metering tags of DigitalOcean resources. */
export const digitaloceanMetering: MeteringReader = {
  prefix: "digitalocean:",
  isTaggable,
  tagsOf: (resource) => parseDigitalOceanTags(resource.inputs["tags"]),
};
