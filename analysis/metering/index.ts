/**
 * The metering check: every Kubernetes object carries the `cloudtier.io/*` labels and every taggable cloud
 * resource the `cloudtier-*` tags, so usage can be allocated per customer. Used by the policy pack and by
 * the tests on every plan they make.
 */
import { METERING_LABEL_KEYS, METERING_TAG_KEYS } from "../../components/labels.js";
import { isKubernetesObject } from "../../planner/k8s-schema.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { CLOUD_MODULES } from "../../clouds/index.js";
import type { MeteringReader } from "./types.js";

export { providerUrn } from "./values.js";

/**
 * Every cloud's readers, from the registry. Within a cloud the data stores' reader comes first (it owns
 * only its own types) and the cluster's reader answers for the rest of the cloud's prefix.
 */
const READERS: readonly MeteringReader[] = Object.values(CLOUD_MODULES).flatMap((m) => m.metering);

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

export function meteringOf(plan: Pick<RecordedPlan, "resources">): MeteringSummary {
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
