/**
 * Provider settings a real deployment takes from the stack's own config (`pulumi config set ...`) and the
 * offline planner has to supply: they name an account or project that a plan needs no access to. Values
 * set in the stack config win; these fill the gaps, and are valid ids that no real project has.
 */
export const OFFLINE_PROVIDER_CONFIG: Readonly<Record<string, string>> = {
  "gcp:project": "cloudtier-offline-plan",
};
