/**
 * The GCP project a stack deploys into: the standard `gcp:project` config of the stack. The offline
 * planner needs none; it plans against a placeholder that says what to set.
 */

/** A valid project id (6-30 characters) that names the missing setting; no real project has it. */
export const GCP_PROJECT_PLACEHOLDER = "set-gcp-project-config";

/** The project id to use: the configured one, or the placeholder when none is set. */
export function gcpProjectId(configured: string | undefined): string {
  return configured && configured.length > 0 ? configured : GCP_PROJECT_PLACEHOLDER;
}
