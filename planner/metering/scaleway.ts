import type { MeteringReader } from "./types.js";

/** Metering tags of scaleway resources. */
export const scalewayMetering: MeteringReader = {
  prefix: "scaleway:",
  isTaggable: () => false,
  tagsOf: () => ({}),
};
