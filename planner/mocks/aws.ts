import type { ProviderMocks } from "./types.js";

/** Ids, computed outputs and provider functions of the aws provider, as the planner's mocks answer them. */
export const awsMocks: ProviderMocks = { ids: {}, outputs: {}, calls: {} };
