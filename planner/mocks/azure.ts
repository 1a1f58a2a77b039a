import type { ProviderMocks } from "./types.js";

/** Ids, computed outputs and provider functions of the azure provider, as the planner's mocks answer them. */
export const azureMocks: ProviderMocks = { ids: {}, outputs: {}, calls: {} };
