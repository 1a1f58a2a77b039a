import type { ProviderMocks } from "./types.js";

/** Ids, computed outputs and provider functions of the scaleway provider, as the planner's mocks answer them. */
export const scalewayMocks: ProviderMocks = { ids: {}, outputs: {}, calls: {} };
