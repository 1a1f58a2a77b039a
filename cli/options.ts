/**
 * Shared option parsing: list flags and the checks commander does not do. Errors are InputErrors that
 * name the flag.
 */
import type { Command } from "commander";
import { InputError, throwIfProblems } from "../domain/errors.js";

/** Collector for repeatable options (`--member a --member b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Splits `a,b, c` into `["a","b","c"]`, dropping empty items. */
export function splitList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function parsePositiveInt(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  // Digits only: Number() would also take "0x10", "1e3" and " 4".
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw InputError.single({
      field: flag,
      rule: "must be a whole number",
      limit: `1 to ${max}`,
      received: value,
      fix: `Give a number from 1 to ${max}.`,
    });
  }
  return n;
}

/** Rejects flags that cannot be combined. */
export function exclusive(options: Record<string, unknown>, flags: readonly string[]): void {
  const given = flags.filter((f) => options[f] !== undefined && options[f] !== false);
  if (given.length > 1) {
    const names = given.map(flagName);
    throw InputError.single({
      field: names.join(", "),
      rule: "cannot be combined",
      received: names.join(" "),
      fix: `Give only one of ${flags.map(flagName).join(", ")}.`,
    });
  }
}

export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A whole number from `min` to `max` (seconds, counts), or undefined when the option was not given. */
export function parseWholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw InputError.single({
      field: flag,
      rule: "must be a whole number",
      limit: `${min} to ${max}`,
      received: value,
      fix: `Give a number from ${min} to ${max}.`,
    });
  }
  return Number(value);
}

/** Rejects options that mean nothing without another one (`--backend` on `onboard` without `--deploy`). */
export function onlyWith(
  options: Record<string, unknown>,
  keys: readonly string[],
  needed: string,
  fix: string,
): void {
  throwIfProblems(
    keys
      .filter((k) => options[k] !== undefined && options[k] !== false)
      .map((k) => ({
        field: flagName(k),
        rule: `applies only with ${needed}`,
        received: options[k],
        fix,
      })),
  );
}

/**
 * Makes every single-valued option of a command (and its subcommands) reject a second occurrence:
 * commander would silently keep the last (`--tier team --tier cloud`). Repeatable options use `collect`.
 */
export function rejectRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    const takesValue = option.required || option.optional;
    if (!takesValue || option.parseArg === collect || option.variadic) continue;
    const given: string[] = [];
    command.on(`option:${option.name()}`, (value: string) => {
      given.push(value);
      if (given.length > 1) {
        throw InputError.single({
          field: option.long ?? option.short ?? option.name(),
          rule: "is given more than once; it takes one value",
          received: given,
          fix: `Give ${option.long ?? option.name()} once.`,
        });
      }
    });
  }
  for (const sub of command.commands) rejectRepeatedOptions(sub);
}

/** How long a writer waits, by default, while another cloudtier command writes `stacks/`. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 300;
/** The longest wait one may ask for. */
export const MAX_LOCK_TIMEOUT_SECONDS = 86_400;

/** `--lock-timeout`, for the commands that write stack files. */
export function addLockTimeoutOption(command: Command): Command {
  return command.option(
    "--lock-timeout <seconds>",
    `how long to wait while another cloudtier command writes stacks/ (default ${DEFAULT_LOCK_TIMEOUT_SECONDS}; 0: do not wait)`,
  );
}

export function parseLockTimeout(value: string | undefined): number | undefined {
  return parseWholeNumber(value, "--lock-timeout", 0, MAX_LOCK_TIMEOUT_SECONDS);
}
