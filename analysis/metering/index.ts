/**
 * The metering check: every Kubernetes object carries the `cloudtier.io/*` labels and every taggable cloud
 * resource the `cloudtier-*` tags, so usage can be allocated per customer. Used by the policy pack and by
 * the tests on every plan they make.
 */
import { METERING_LABEL_KEYS, METERING_TAG_KEYS } from "../../components/labels.js";
import { isKubernetesObject } from "../k8s-schema.js";
import type { PlannedResource, StackPlan } from "../types.js";
import { awsMetering } from "./aws.js";
import { azureMetering } from "./azure.js";
import { DATASTORE_READERS } from "./datastores.js";
import { gcpMetering } from "./gcp.js";
import { scalewayMetering } from "./scaleway.js";
import type { MeteringReader } from "./types.js";

export { providerUrn } from "./values.js";

/** The data stores' readers first: each owns only its own types, the clouds' readers the rest. */
const READERS: readonly MeteringReader[] = [
  ...DATASTORE_READERS,
  awsMetering,
  gcpMetering,
  azureMetering,
  scalewayMetering,
];

export interface MeteringSummary {
  /** Kubernetes objects and taggable cloud resources checked. */
  readonly checked: number;
  /** One line per resource missing a label or tag. */
  readonly problems: string[];
}

function providerIndex(resources: readonly PlannedResource[]): Map<string, PlannedResource> {
  const index = new Map<string, PlannedResource>();
  for (const r of resources) if (r.type.startsWith("pulumi:providers:")) index.set(r.urn, r);
  return index;
}

/** The metering tags of a taggable cloud resource (with its provider's defaults); undefined otherwise. */
export function meteringTagsOf(
  r: PlannedResource,
  providers: ReadonlyMap<string, PlannedResource>,
): Record<string, string> | undefined {
  if (!r.custom) return undefined;
  const reader = READERS.find((m) => r.type.startsWith(m.prefix) && (m.owns?.(r) ?? true));
  return reader?.isTaggable(r) ? reader.tagsOf(r, providers) : undefined;
}

export function meteringOf(plan: Pick<StackPlan, "resources">): MeteringSummary {
  const providers = providerIndex(plan.resources);
  const problems: string[] = [];
  let checked = 0;
  for (const r of plan.resources) {
    if (isKubernetesObject(r)) {
      checked++;
      const labels = (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
      const missing = METERING_LABEL_KEYS.filter((k) => !labels[k]);
      if (missing.length > 0) problems.push(`${r.urn}: missing labels ${missing.join(", ")}`);
      continue;
    }
    const tags = meteringTagsOf(r, providers);
    if (!tags) continue;
    checked++;
    const missing = METERING_TAG_KEYS.filter((k) => !tags[k]);
    if (missing.length > 0) problems.push(`${r.urn}: missing tags ${missing.join(", ")}`);
  }
  return { checked, problems };
}
