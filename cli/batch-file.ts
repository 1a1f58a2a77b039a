/**
 * Batch files: `customers: [...]` (or a bare list), the customers `onboard --file` onboards and the deploy
 * commands' `--file` selects. Read with the same care as stack files: size, UTF-8, plain YAML, bounded
 * aliases, no unknown top-level key.
 */
import { readFileSync, statSync } from "node:fs";
import { parseDocument } from "yaml";
import { InputError, type InputProblem, throwIfProblems } from "../domain/errors.js";
import { validateCustomerId } from "../domain/customer.js";

/** A batch file larger than this is not a list of customers someone wrote. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_ALIASES = 100;
const BATCH_KEYS = ["customers"];

function batchProblem(path: string, rule: string, received: unknown, fix: string): InputError {
  return InputError.single({ field: `--file ${path}`, rule, received, fix });
}

/** A batch file: `customers: [...]` (or a bare list) of customers in the shape `parseCustomer` takes. */
export function readBatchFile(path: string): unknown[] {
  const { entries, problems } = readBatch(path);
  throwIfProblems(problems);
  return entries;
}

/**
 * A batch file's entries, and the problems of its top level that do not stop its entries being read (an
 * unknown key beside `customers:`), so that one run reports every problem of the file.
 */
export function readBatch(path: string): { entries: unknown[]; problems: InputProblem[] } {
  const example = "Give a YAML file such as customers.yaml with `customers: [{id, tier, regions, ...}]`.";
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw batchProblem(path, "must be a readable YAML file", path, example);
  }
  if (stat.isDirectory()) throw batchProblem(path, "must be a file, but is a directory", path, example);
  if (!stat.isFile()) throw batchProblem(path, "must be a regular file", path, example);
  if (stat.size > MAX_BATCH_BYTES) {
    throw InputError.single({
      field: `--file ${path}`,
      rule: "is too large for a batch file",
      limit: `${MAX_BATCH_BYTES / 1024 / 1024} MiB`,
      received: `${stat.size} bytes`,
      fix: "Split the customers into several batch files.",
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    throw batchProblem(
      path,
      err instanceof TypeError ? "must be UTF-8 text" : "must be a readable YAML file",
      path,
      example,
    );
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const syntax = doc.errors[0] ?? doc.warnings[0];
  if (syntax) {
    throw batchProblem(
      path,
      doc.errors.length > 0 ? "must be valid YAML" : "must be plain YAML (no custom tags)",
      syntax.message.split("\n")[0],
      "Fix the YAML at the position shown.",
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    throw InputError.single({
      field: `--file ${path}`,
      rule: "must not expand YAML aliases without bound",
      limit: `${MAX_ALIASES} alias expansions`,
      received: err instanceof Error ? err.message : String(err),
      fix: "Write each customer out instead of aliasing.",
    });
  }
  let list: unknown = raw;
  const problems: InputProblem[] = [];
  if (!Array.isArray(raw)) {
    if (typeof raw !== "object" || raw === null) {
      throw batchProblem(
        path,
        "must be a mapping with `customers:` or a list of customers",
        raw === null || raw === undefined ? "an empty document" : raw,
        example,
      );
    }
    const record = raw as Record<string, unknown>;
    problems.push(
      ...Object.keys(record)
        .filter((k) => !BATCH_KEYS.includes(k))
        .map((key) => ({
          field: `${path}: ${key}`,
          rule: "is not a batch file key",
          limit: BATCH_KEYS.join(", "),
          received: key,
          fix: "A batch file holds `customers:` only; put each customer's fields under its entry.",
        })),
    );
    list = record["customers"];
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError([
      ...problems,
      {
        field: `${path}: customers`,
        rule: "must be a non-empty list of customers",
        received: list === null || list === undefined ? undefined : Array.isArray(list) ? [] : typeof list,
        fix: "Write `customers:` followed by one `- id: ...` entry per customer.",
      },
    ]);
  }
  return { entries: list, problems };
}

/**
 * The customer ids a batch file lists, for selecting their stacks: each entry's `id` (an entry may also be
 * the id alone). Only the ids are read; onboarding validates the rest.
 */
export function batchCustomerIds(path: string): string[] {
  const problems: InputProblem[] = [];
  const ids: string[] = [];
  readBatchFile(path).forEach((entry, i) => {
    const field = `--file ${path}: customers[${i}].id`;
    const id =
      typeof entry === "string"
        ? entry
        : typeof entry === "object" && entry !== null && typeof (entry as { id?: unknown }).id === "string"
          ? (entry as { id: string }).id
          : undefined;
    if (id === undefined) {
      problems.push({
        field,
        rule: "is required: each entry names a customer by its id",
        received: entry,
        fix: "Give each entry an `id:` (the batch file onboarding read), or list the ids alone.",
      });
      return;
    }
    problems.push(...validateCustomerId(id, field));
    if (!ids.includes(id)) ids.push(id);
  });
  throwIfProblems(problems);
  return ids;
}
