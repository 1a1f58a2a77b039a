import type { MeteringReader } from "./types.js";

/** Metering tags of gcp resources. */
export const gcpMetering: MeteringReader = {
  prefix: "gcp:",
  isTaggable: () => false,
  tagsOf: () => ({}),
};
