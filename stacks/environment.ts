/**
 * An environment stack: one Cloud-tier customer's isolated network and cluster in one region, and the
 * customer's namespace inside it.
 */
import type { EnvironmentStackConfig } from "../domain/stack-config.js";
import type { RegionRef } from "../regions/index.js";

export function environmentStack(
  config: EnvironmentStackConfig & { ref: RegionRef },
): Promise<Record<string, unknown>> {
  throw new Error(`environment stacks on ${config.ref.cloud} are not built yet`);
}
