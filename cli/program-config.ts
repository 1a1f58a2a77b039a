/**
 * The config a stack's program reads besides `cloudtier:stack`, as Pulumi assembles it: project-wide
 * values from Pulumi.yaml's `config:` block, overridden by the stack file's own keys. The offline planner
 * hands these to the program so a plan sees what `pulumi up` would (chart sources, a GCP project); values
 * encrypted with the stack's secrets provider are left out, as the planner cannot read them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { StackFile } from "./stack-file-format.js";

type ConfigValues = Record<string, unknown>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A value Pulumi keeps encrypted: `{ secure: ... }`. */
const isSecure = (v: unknown) => isRecord(v) && "secure" in v;

/** Pulumi.yaml `config:`: `ns:key: value` or `ns:key: { value: ... }` (declarations without a value skipped). */
export function projectConfig(project: string): ConfigValues {
  const file = join(project, "Pulumi.yaml");
  if (!existsSync(file)) return {};
  const doc: unknown = parse(readFileSync(file, "utf8"));
  const block = isRecord(doc) ? doc["config"] : undefined;
  if (!isRecord(block)) return {};
  const out: ConfigValues = {};
  for (const [key, entry] of Object.entries(block)) {
    if (!key.includes(":")) continue;
    if (isRecord(entry) && ("value" in entry || "default" in entry || "type" in entry)) {
      if ("value" in entry && !isSecure(entry["value"])) out[key] = entry["value"];
    } else if (!isSecure(entry)) out[key] = entry;
  }
  return out;
}

/**
 * What the program of a stack reads besides `cloudtier:stack`: the project's values, then the stack
 * file's (read and validated by stack-files.ts); a stack without a file yet has the project's only.
 */
export function programConfig(project: string, file: StackFile | undefined): ConfigValues {
  return { ...projectConfig(project), ...file?.otherConfig };
}
