/**
 * Metering tags of Scaleway resources. Scaleway tags are a list of strings, so cloudtier writes each
 * metering tag as a `key=value` entry; this reader parses them back.
 */
import type { ApiKeyArgs } from "@pulumiverse/scaleway/iam/apiKey.js";
import type { ApplicationArgs } from "@pulumiverse/scaleway/iam/application.js";
import type { PolicyArgs } from "@pulumiverse/scaleway/iam/policy.js";
import type { AclArgs } from "@pulumiverse/scaleway/kubernetes/acl.js";
import type { ClusterArgs } from "@pulumiverse/scaleway/kubernetes/cluster.js";
import type { PoolArgs } from "@pulumiverse/scaleway/kubernetes/pool.js";
import type { GatewayNetworkArgs } from "@pulumiverse/scaleway/network/gatewayNetwork.js";
import type { PrivateNetworkArgs } from "@pulumiverse/scaleway/network/privateNetwork.js";
import type { PublicGatewayArgs } from "@pulumiverse/scaleway/network/publicGateway.js";
import type { PublicGatewayIpArgs } from "@pulumiverse/scaleway/network/publicGatewayIp.js";
import type { VpcArgs } from "@pulumiverse/scaleway/network/vpc.js";
import type { BucketArgs } from "@pulumiverse/scaleway/object/bucket.js";
import type { BucketServerSideEncryptionConfigurationArgs } from "@pulumiverse/scaleway/object/bucketServerSideEncryptionConfiguration.js";
import type { PlannedResource } from "../../planner/types.js";
import type { MeteringReader } from "../../analysis/metering/types.js";
import { TYPE } from "../tokens.js";

/** `true` exactly when the SDK's args type has a `tags` input: the table below fails to compile otherwise. */
type Taggable<Args> = "tags" extends keyof Args ? true : false;

/**
 * Whether each Scaleway resource type cloudtier creates accepts tags, checked against the SDK's input
 * types. A type missing here is treated as taggable, so a new resource is metered (or listed here as
 * untaggable) rather than silently skipped.
 */
export const SCALEWAY_TAGGABLE = {
  [TYPE.scwNetworkVpc]: true satisfies Taggable<VpcArgs>,
  [TYPE.scwNetworkPrivateNetwork]: true satisfies Taggable<PrivateNetworkArgs>,
  [TYPE.scwNetworkPublicGatewayIp]: true satisfies Taggable<PublicGatewayIpArgs>,
  [TYPE.scwNetworkPublicGateway]: true satisfies Taggable<PublicGatewayArgs>,
  [TYPE.scwNetworkGatewayNetwork]: false satisfies Taggable<GatewayNetworkArgs>,
  [TYPE.scwKubernetesCluster]: true satisfies Taggable<ClusterArgs>,
  [TYPE.scwKubernetesPool]: true satisfies Taggable<PoolArgs>,
  [TYPE.scwKubernetesAcl]: false satisfies Taggable<AclArgs>,
  [TYPE.scwIamApplication]: true satisfies Taggable<ApplicationArgs>,
  [TYPE.scwIamPolicy]: true satisfies Taggable<PolicyArgs>,
  [TYPE.scwIamApiKey]: false satisfies Taggable<ApiKeyArgs>,
  // Buckets take tags as a map rather than a list.
  [TYPE.scwObjectBucket]: true satisfies Taggable<BucketArgs>,
  [TYPE.scwObjectBucketServerSideEncryptionConfiguration]:
    false satisfies Taggable<BucketServerSideEncryptionConfigurationArgs>,
} as const satisfies Readonly<Record<string, boolean>>;

/**
 * The `key=value` entries of a Scaleway tag list (entries without `=` carry no metering tag), or the
 * entries of a tag map (Object Storage buckets).
 */
export function parseScalewayTags(tags: unknown): Record<string, string> {
  if (tags && typeof tags === "object" && !Array.isArray(tags)) {
    return Object.fromEntries(
      Object.entries(tags as Record<string, unknown>).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    );
  }
  if (!Array.isArray(tags)) return {};
  const parsed: Record<string, string> = {};
  for (const tag of tags) {
    if (typeof tag !== "string") continue;
    const eq = tag.indexOf("=");
    if (eq > 0) parsed[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  return parsed;
}

function isTaggable(resource: PlannedResource): boolean {
  const known = (SCALEWAY_TAGGABLE as Readonly<Record<string, boolean>>)[resource.type];
  return known ?? true;
}

/** Metering tags of scaleway resources. */
export const scalewayMetering: MeteringReader = {
  prefix: "scaleway:",
  isTaggable,
  tagsOf: (resource) => parseScalewayTags(resource.inputs["tags"]),
};
