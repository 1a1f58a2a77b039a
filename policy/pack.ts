/**
 * Where the policy pack lives, for the deploy commands: they pass `policyPackPath()` to Pulumi (the
 * `policyPacks` option of `up`/`preview` in the Automation API, or `--policy-pack` on the command line),
 * so every deployment is checked by the same rules `cloudtier plan` evaluates offline.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const POLICY_PACK_NAME = "cloudtier";
const PACK_FILE = "PulumiPolicy.yaml";

/**
 * The policy pack directory (the one holding PulumiPolicy.yaml), found from this module whether it runs
 * from the sources (`policy/`) or compiled (`dist/policy/`, whose pack directory is `policy/` beside it).
 */
export function policyPackPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, PACK_FILE))) return dir;
    if (existsSync(join(dir, "policy", PACK_FILE))) return join(dir, "policy");
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${PACK_FILE} found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The file Pulumi loads when it runs the pack: the `main` of the pack's package.json. */
export function policyPackEntry(packDir = policyPackPath()): string {
  const manifest = JSON.parse(readFileSync(join(packDir, "package.json"), "utf8")) as { main?: string };
  return resolve(packDir, manifest.main ?? "index.js");
}

/**
 * The `policyPacks` value for the Automation API. Throws when the pack's compiled entry is missing, so a
 * deployment never starts without its guardrails: Pulumi would otherwise fail late, mid-preview.
 */
export function policyPacks(): string[] {
  const dir = policyPackPath();
  const entry = policyPackEntry(dir);
  if (!existsSync(entry)) {
    throw new Error(`the policy pack is not built (${entry} is missing): run \`npm run build\` first.`);
  }
  return [dir];
}
