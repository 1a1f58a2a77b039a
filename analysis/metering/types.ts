import type { PlannedResource } from "../../planner/types.js";

/**
 * How one provider package carries the metering tags: which of its resource types are taggable, and the
 * tags a planned resource (or its provider's default tags) ends up with.
 */
export interface MeteringReader {
  /** Type-token prefix of the package, e.g. `aws:`. */
  readonly prefix: string;
  /**
   * Whether this reader answers for the resource's type at all; the first reader that does decides.
   * Readers without it answer for every type under their prefix.
   */
  owns?(resource: PlannedResource): boolean;
  /** Whether resources of this type accept tags or labels. */
  isTaggable(resource: PlannedResource): boolean;
  /** The effective tags of a taggable resource, including its provider's default tags. */
  tagsOf(resource: PlannedResource, providers: ReadonlyMap<string, PlannedResource>): Record<string, string>;
}
