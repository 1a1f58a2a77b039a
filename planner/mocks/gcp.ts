import type { ProviderMocks } from "./types.js";

/** Ids, computed outputs and provider functions of the gcp provider, as the planner's mocks answer them. */
export const gcpMocks: ProviderMocks = { ids: {}, outputs: {}, calls: {} };
