import type { MeteringReader } from "./types.js";

/** Metering tags of aws resources. */
export const awsMetering: MeteringReader = {
  prefix: "aws:",
  isTaggable: () => false,
  tagsOf: () => ({}),
};
