import type { MeteringReader } from "./types.js";

/** Metering tags of azure resources. */
export const azureMetering: MeteringReader = {
  prefix: "azure-native:",
  isTaggable: () => false,
  tagsOf: () => ({}),
};
