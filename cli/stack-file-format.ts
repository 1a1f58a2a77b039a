/**
 * The format of a stack file, `stacks/Pulumi.<stack>.yaml`, without touching the disk: parsing and validating
 * its text (YAML, shape, the stack-config schema, the cloudtier keys beside it, a name that matches the
 * content), and changes to it as bytes before and after, rendered so that every other key of the file is
 * kept. `stack-files.ts` reads, locks and writes the files with it, and is the module the rest imports.
 */
import { parseDocument, stringify } from "yaml";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { NAME_RULES, environmentStackName, platformStackName } from "../domain/naming.js";
import { isProblem, parseRegionKey } from "../domain/region-key.js";
import { STACK_CONFIG_KEY, type StackConfigInput, parseStackConfig } from "../domain/stack-config.js";
import { shardOfStackName } from "../domain/placement.js";

/**
 * Set on an environment stack whose customer was offboarded while its data stores were kept: the stack
 * still holds them, and `--all`/`--customer` leave it alone so no later `up` recreates the environment.
 */
export const OFFBOARDED_KEY = "cloudtier:offboarded";

/** YAML aliases a stack file may expand; more is the signature of an alias bomb. */
const MAX_ALIASES = 100;

/** The stack file's name as problems and messages show it, relative to the project. */
export function stackFileName(stack: string): string {
  return `stacks/Pulumi.${stack}.yaml`;
}

export function stackNameProblem(stack: string, field: string): InputProblem | undefined {
  const rule = NAME_RULES.stack;
  if (rule.pattern.test(stack) && stack.length <= rule.maxLength) return undefined;
  return {
    field,
    rule: `must be a stack name: ${rule.patternText}`,
    limit: `${rule.maxLength} characters`,
    received: stack,
    fix: "Run `cloudtier status` to list the stacks.",
  };
}

export function checkStackName(stack: string, field: string): void {
  const problem = stackNameProblem(stack, field);
  if (problem) throw InputError.single(problem);
}

export interface StackFile {
  readonly stack: string;
  /** The file's bytes as read. */
  readonly text: string;
  /** The `cloudtier:stack` config as stored, validated with the stack-config schema. */
  readonly config: StackConfigInput;
  /** `secretsprovider:` as Pulumi recorded it; undefined for the passphrase and Pulumi Cloud providers. */
  readonly secretsProvider?: string;
  readonly offboarded: boolean;
  /**
   * The file's other config keys (`cloudtier:charts`, `gcp:project`, ...), for the program; values Pulumi
   * keeps encrypted (`secure:`) are left out, as only Pulumi can read them.
   */
  readonly otherConfig: Readonly<Record<string, unknown>>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeShape(value: unknown): string {
  if (value === null || value === undefined) return "an empty document";
  if (Array.isArray(value)) return "a list";
  return `a ${typeof value}`;
}

/** The stack's name must say what the file holds: onboarding finds stacks by these names. */
function nameProblems(stack: string, config: StackConfigInput, source: string): InputProblem[] {
  const ref = parseRegionKey(config.region, `${source}.region`);
  if (isProblem(ref)) return [ref];
  if (config.kind === "environment") {
    const expected = environmentStackName(config.customer.id, ref);
    if (expected === stack) return [];
    const sameCustomer = stack.startsWith(`${config.customer.id}-`);
    return [
      {
        field: `${source}.${sameCustomer ? "region" : "customer.id"}`,
        rule: `must match the stack's name: the environment of ${config.customer.id} in ${config.region} is the stack ${expected}`,
        received: sameCustomer ? config.region : config.customer.id,
        fix: `Rename the file to ${stackFileName(expected)}, or correct the customer id or region in it.`,
      },
    ];
  }
  const shard = shardOfStackName(ref, stack);
  if (shard === undefined) {
    return [
      {
        field: `${source}.region`,
        rule: `must match the stack's name: platform stacks of ${config.region} are named ${platformStackName(ref)} and ${platformStackName(ref)}-<shard>`,
        received: config.region,
        fix: `Rename the file to ${stackFileName(platformStackName(ref))}, or correct the region in it.`,
      },
    ];
  }
  if ((config.shard ?? 0) !== shard) {
    return [
      {
        field: `${source}.shard`,
        rule: `must match the stack's name: ${stack} is shard ${shard}`,
        received: config.shard,
        fix:
          shard === 0
            ? "Remove the shard key: shard 0 is the stack that owns the cluster."
            : `Set shard: ${shard}.`,
      },
    ];
  }
  return [];
}

/** Validates a stack file's text: YAML, shape, the `cloudtier:stack` schema, the cloudtier keys beside it. */
export function parseStackFile(stack: string, text: string): StackFile {
  const name = stackFileName(stack);
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0] ?? doc.warnings[0];
  if (syntax) {
    throw InputError.single({
      field: name,
      rule: doc.errors.length > 0 ? "must be valid YAML" : "must be plain YAML (no custom tags)",
      received: syntax.message.split("\n")[0],
      fix: "Fix the file at the position shown, or restore it from version control.",
    });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw InputError.single({
      field: name,
      rule: "must not expand YAML aliases without bound",
      limit: `${MAX_ALIASES} alias expansions`,
      received: err instanceof Error ? err.message : String(err),
      fix: "Write the values out instead of aliasing them; restore the file from version control.",
    });
  }
  if (!isRecord(raw)) {
    throw InputError.single({
      field: name,
      rule: "must be a YAML mapping with a `config:` section",
      received: describeShape(raw),
      fix: "Restore the stack file from version control, or create it with `cloudtier onboard`.",
    });
  }
  const config = raw["config"];
  if (!isRecord(config)) {
    throw InputError.single({
      field: `${name}: config`,
      rule: "must be a mapping of config keys",
      received: config === undefined ? undefined : describeShape(config),
      fix: "Restore the stack file from version control, or create it with `cloudtier onboard`.",
    });
  }
  if (!Object.hasOwn(config, STACK_CONFIG_KEY)) {
    throw InputError.single({
      field: `${name}: config.${STACK_CONFIG_KEY}`,
      rule: "is required",
      received: undefined,
      fix: "Create the stack with `cloudtier onboard`.",
    });
  }
  const source = `${name}: config.${STACK_CONFIG_KEY}`;
  const stackConfig = config[STACK_CONFIG_KEY] as StackConfigInput;
  parseStackConfig(stackConfig, source);
  const problems = nameProblems(stack, stackConfig, source);
  const offboarded = config[OFFBOARDED_KEY];
  if (offboarded !== undefined && typeof offboarded !== "boolean") {
    problems.push({
      field: `${name}: config.${OFFBOARDED_KEY}`,
      rule: "must be true or false",
      received: offboarded,
      fix: "Set it to true (the customer was offboarded, its data kept) or remove the key.",
    });
  }
  const provider = raw["secretsprovider"];
  if (provider !== undefined && typeof provider !== "string") {
    problems.push({
      field: `${name}: secretsprovider`,
      rule: "must be a string, as Pulumi writes it",
      received: provider,
      fix: "Restore the key from version control; Pulumi sets it at `pulumi stack init --secrets-provider`.",
    });
  }
  throwIfProblems(problems);
  return {
    stack,
    text,
    config: stackConfig,
    ...(typeof provider === "string" && provider !== "" ? { secretsProvider: provider } : {}),
    offboarded: offboarded === true,
    otherConfig: Object.fromEntries(
      Object.entries(config).filter(
        ([key, value]) =>
          key !== STACK_CONFIG_KEY && key !== OFFBOARDED_KEY && !(isRecord(value) && "secure" in value),
      ),
    ),
  };
}

/** One stack file's change, as bytes: computed from what was read, written only by `commitChanges`. */
export interface StackFileChange {
  readonly stack: string;
  /** The file's bytes the change was computed from; undefined when there was no file. */
  readonly before: string | undefined;
  /** The bytes to write; undefined to remove the file. */
  readonly after: string | undefined;
}

export type FileChange = "created" | "updated" | "removed" | "unchanged";

export function fileChange(change: StackFileChange): FileChange {
  if (change.before === change.after) return "unchanged";
  if (change.after === undefined) return "removed";
  return change.before === undefined ? "created" : "updated";
}

export interface RenderOptions {
  /** Set (true) or clear (false) the offboarding marker; left as it is when undefined. */
  readonly offboarded?: boolean;
  /**
   * Plain config keys to set beside the stack config: the project settings onboarding pins into a stack
   * file (`gcp:project`, see cli/deploy-readiness.ts). Keys not named here are kept as they are.
   */
  readonly keys?: Readonly<Record<string, string>>;
}

/** Serialized file content for a stack config, merged into the existing file's other keys. */
export function renderStackFile(
  existing: string | undefined,
  config: StackConfigInput | undefined,
  options: RenderOptions = {},
): string {
  const pinned = options.keys ?? {};
  if (existing === undefined) {
    const keys: Record<string, unknown> = { ...pinned, [STACK_CONFIG_KEY]: config };
    if (options.offboarded) keys[OFFBOARDED_KEY] = true;
    return stringify({ config: keys }, { lineWidth: 0 });
  }
  const doc = parseDocument(existing);
  for (const [key, value] of Object.entries(pinned)) doc.setIn(["config", key], value);
  if (config !== undefined) doc.setIn(["config", STACK_CONFIG_KEY], doc.createNode(config));
  if (options.offboarded === true) doc.setIn(["config", OFFBOARDED_KEY], true);
  if (options.offboarded === false && doc.hasIn(["config", OFFBOARDED_KEY])) {
    doc.deleteIn(["config", OFFBOARDED_KEY]);
  }
  const text = doc.toString({ lineWidth: 0 });
  // Re-serializing an untouched document can still change its bytes (quoting, indentation): keep them.
  return config === undefined && options.offboarded === undefined && Object.keys(pinned).length === 0
    ? existing
    : text;
}

/**
 * The change that gives a stack this config (validated as the program will parse it), keeping the file's
 * other keys.
 */
export function configChange(
  stack: string,
  file: StackFile | undefined,
  config: StackConfigInput,
  options: RenderOptions = {},
): StackFileChange {
  checkStackName(stack, "stack");
  const source = `${stackFileName(stack)}: config.${STACK_CONFIG_KEY}`;
  // What is written must be exactly what the program accepts at `pulumi up`.
  parseStackConfig(config, source);
  throwIfProblems(nameProblems(stack, config, source));
  return { stack, before: file?.text, after: renderStackFile(file?.text, config, options) };
}

/** The change that sets or clears a stack file's offboarding marker. */
export function offboardedChange(file: StackFile, offboarded: boolean): StackFileChange {
  if (file.offboarded === offboarded) return { stack: file.stack, before: file.text, after: file.text };
  return {
    stack: file.stack,
    before: file.text,
    after: renderStackFile(file.text, undefined, { offboarded }),
  };
}

/** The change that removes a stack file. */
export function removalChange(stack: string, file: StackFile | undefined): StackFileChange {
  return { stack, before: file?.text, after: undefined };
}
