/**
 * Where the cloudtier policy pack is, for Pulumi to enforce at deploy time: `policy/` of the cloudtier
 * installation (from `deploy/` or `dist/deploy/`). Its entry is the compiled `dist/policy/index.js`, which
 * `npm ci` builds; `plan` evaluates the same rules offline.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function policyPackDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "policy", "PulumiPolicy.yaml"))) return join(dir, "policy");
    if (dirname(dir) === dir)
      throw new Error("the cloudtier policy pack (policy/PulumiPolicy.yaml) is missing");
  }
}
