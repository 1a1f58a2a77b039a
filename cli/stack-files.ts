/**
 * Reading and writing `stacks/Pulumi.<stack>.yaml`, the same files a plain `pulumi up` uses. Writes touch
 * only the `cloudtier:stack` key and the plain keys onboarding pins (`gcp:project`; Pulumi keeps its
 * encryption salt and secrets in the same file), replace
 * the file atomically, and leave a file byte-identical when nothing changed.
 */
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, stringify } from "yaml";
import { InputError } from "../domain/errors.js";
import { STACK_CONFIG_KEY, type StackConfigInput } from "../domain/stack-config.js";
import { NAME_RULES } from "../domain/naming.js";
import { stacksDir } from "./project.js";

export function stackFilePath(project: string, stack: string): string {
  return join(stacksDir(project), `Pulumi.${stack}.yaml`);
}

function checkStackName(stack: string, field: string): void {
  const rule = NAME_RULES.stack;
  if (!rule.pattern.test(stack) || stack.length > rule.maxLength) {
    throw InputError.single({
      field,
      rule: `must be a stack name: ${rule.patternText}`,
      limit: `${rule.maxLength} characters`,
      received: stack,
      fix: "Run `cloudtier status` to list the stacks.",
    });
  }
}

/** Names of the stacks that have a file under `stacks/`, sorted. */
export function listStackFiles(project: string): string[] {
  const dir = stacksDir(project);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The `cloudtier:stack` config of a stack file, or undefined when the file does not exist. */
export function readStackConfig(
  project: string,
  stack: string,
  field = "--stack",
): StackConfigInput | undefined {
  checkStackName(stack, field);
  const path = stackFilePath(project, stack);
  if (!existsSync(path)) return undefined;
  const doc = parseDocument(readFileSync(path, "utf8"));
  if (doc.errors.length > 0) {
    throw InputError.single({
      field: path,
      rule: "must be valid YAML",
      received: doc.errors[0].message,
      fix: "Fix the file by hand or restore it from version control.",
    });
  }
  const config = doc.getIn(["config", STACK_CONFIG_KEY]) as { toJSON?: () => unknown } | undefined;
  if (config === undefined) {
    throw InputError.single({
      field: `${path}: config.${STACK_CONFIG_KEY}`,
      rule: "is required",
      received: undefined,
      fix: "Create the stack with `cloudtier onboard`.",
    });
  }
  return (typeof config.toJSON === "function" ? config.toJSON() : config) as StackConfigInput;
}

/**
 * Serialized file content for a stack config, merged into the existing file's other keys. `keys` are plain
 * config keys set beside it (the GCP project a new GCP stack gets, `gcp:project`).
 */
export function renderStackFile(
  existing: string | undefined,
  config: StackConfigInput,
  keys: Readonly<Record<string, string>> = {},
): string {
  if (existing === undefined) {
    return stringify({ config: { ...keys, [STACK_CONFIG_KEY]: config } }, { lineWidth: 0 });
  }
  const doc = parseDocument(existing);
  for (const [key, value] of Object.entries(keys)) doc.setIn(["config", key], value);
  doc.setIn(["config", STACK_CONFIG_KEY], doc.createNode(config));
  return doc.toString({ lineWidth: 0 });
}

/**
 * Writes a stack's config. Returns whether the file changed. The file is replaced atomically, so a crash
 * never leaves half a file.
 */
export function writeStackConfig(
  project: string,
  stack: string,
  config: StackConfigInput,
  keys: Readonly<Record<string, string>> = {},
): boolean {
  checkStackName(stack, "stack");
  const path = stackFilePath(project, stack);
  const existing = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const next = renderStackFile(existing, config, keys);
  if (next === existing) return false;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, next);
  renameSync(temp, path);
  return true;
}
