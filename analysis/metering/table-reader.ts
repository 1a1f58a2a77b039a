/**
 * A metering reader built from a table: the resource types a cloud's module creates, and where each keeps
 * its tags (`false`: it takes none). The tables live with each cloud (`clouds/<cloud>/`); whether a type
 * takes tags is checked there against the SDK's input types at compile time, with the types below.
 */
import type { PlannedResource } from "../../planner/types.js";
import type { MeteringReader } from "./types.js";
import { inputAt, stringRecord } from "./values.js";

type Tags = Record<string, string>;
/** `true` exactly when the SDK's args type has a `tags` input. */
export type HasTags<Args> = "tags" extends keyof Args ? true : false;
/** `true` exactly when the SDK's args type has a `labels` input. */
export type HasLabels<Args> = "labels" extends keyof Args ? true : false;

/** `["k=v", ...]` -> `{ k: v }`. */
export function parseTagList(value: unknown): Tags {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value
      .filter((t): t is string => typeof t === "string" && t.includes("="))
      .map((t) => [t.slice(0, t.indexOf("=")), t.slice(t.indexOf("=") + 1)]),
  );
}

/** Where a type keeps its tags, or `false` when it takes none. */
export type TagPaths = Readonly<Record<string, string | false>>;

/** A reader that owns exactly the types in `paths`, under the provider's type prefix. */
export function tableReader(
  prefix: string,
  paths: TagPaths,
  parse: (value: unknown) => Tags = stringRecord,
  defaults: (r: PlannedResource, providers: ReadonlyMap<string, PlannedResource>) => Tags = () => ({}),
): MeteringReader {
  return {
    prefix,
    owns: (r) => Object.hasOwn(paths, r.type),
    isTaggable: (r) => paths[r.type] !== false && paths[r.type] !== undefined,
    tagsOf: (r, providers) => {
      const path = paths[r.type];
      return { ...defaults(r, providers), ...(path ? parse(inputAt(r.inputs, path)) : {}) };
    },
  };
}

/** The path of a `tags` input, or `false`, from whether the SDK's args type has one. */
export const tagsIf = (taggable: boolean): "tags" | false => (taggable ? "tags" : false);
