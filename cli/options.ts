/**
 * Shared option parsing: list flags and the checks commander does not do. Errors are InputErrors that
 * name the flag.
 */
import { InputError } from "../domain/errors.js";

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
  const n = Number(value);
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
