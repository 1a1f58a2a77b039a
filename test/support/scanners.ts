/**
 * kube-score and checkov, as scripts/tools/build.sh built and cached them, run over manifest files, and
 * the one list of accepted findings (test/manifests/scanner-exceptions.yaml). Nothing here imitates a
 * tool: each runs for real and its JSON report is read.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { tool } from "../e2e/support/tools.js";

export type Scanner = "kube-score" | "checkov";

/** One check a scanner ran on one object. */
export interface ScanResult {
  readonly tool: Scanner;
  readonly check: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly file: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface ScanException {
  readonly tool: Scanner;
  readonly check: string;
  readonly kind: string;
  readonly name?: string;
  readonly reason: string;
}

export const EXCEPTIONS_FILE = fileURLToPath(
  new URL("../manifests/scanner-exceptions.yaml", import.meta.url),
);

export function readExceptions(path = EXCEPTIONS_FILE): ScanException[] {
  const list = parse(readFileSync(path, "utf8")) as ScanException[];
  for (const e of list) {
    if (!e.tool || !e.check || !e.kind || !e.reason?.trim()) {
      throw new Error(`${path}: every exception needs tool, check, kind and a reason: ${JSON.stringify(e)}`);
    }
  }
  return list;
}

function run(
  command: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    // checkov would fetch check metadata from its vendor's API; the build machines have no such network.
    env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false" },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** kube-score's grades: 10 all OK, 7 almost OK, 5 warning, 1 critical. */
const KUBE_SCORE_OK = 7;

interface KubeScoreObject {
  readonly type_meta: { readonly kind: string };
  readonly object_meta: { readonly name: string; readonly namespace?: string };
  readonly file_name: string;
  readonly checks: readonly {
    readonly check: { readonly id: string; readonly target_type: string };
    readonly grade: number;
    readonly skipped: boolean;
    readonly comments: readonly { readonly summary?: string; readonly description?: string }[] | null;
  }[];
}

/**
 * kube-score over one file at a time: given several files, it keeps one object per kind, namespace and
 * name, and stacks of different regions hold objects of the same names.
 */
export function kubeScore(files: readonly string[]): { results: ScanResult[]; exitCodes: number[] } {
  const results: ScanResult[] = [];
  const exitCodes: number[] = [];
  for (const file of files) {
    const out = run(tool("kube-score"), ["score", "--output-format", "json", file]);
    exitCodes.push(out.status ?? -1);
    if (out.stdout.trim() === "") throw new Error(`kube-score printed nothing for ${file}: ${out.stderr}`);
    for (const object of JSON.parse(out.stdout) as KubeScoreObject[]) {
      for (const c of object.checks) {
        if (c.skipped) continue;
        results.push({
          tool: "kube-score",
          check: c.check.id,
          kind: object.type_meta.kind,
          name: object.object_meta.name,
          ...(object.object_meta.namespace ? { namespace: object.object_meta.namespace } : {}),
          file: object.file_name,
          passed: c.grade >= KUBE_SCORE_OK,
          message: (c.comments ?? []).map((m) => m.summary ?? m.description ?? "").join("; "),
        });
      }
    }
  }
  return { results, exitCodes };
}

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  /** `Kind.namespace.name`, or `Kind.name` without a namespace. */
  readonly resource: string;
  readonly file_path: string;
}

/** checkov's Kubernetes checks over a directory. */
export function checkov(dir: string): { results: ScanResult[]; exitCode: number; parsingErrors: number } {
  const out = run(tool("checkov"), [
    "--directory",
    dir,
    "--framework",
    "kubernetes",
    "--output",
    "json",
    "--skip-download",
  ]);
  const report = JSON.parse(out.stdout) as {
    readonly results?: { readonly passed_checks?: CheckovCheck[]; readonly failed_checks?: CheckovCheck[] };
    readonly summary: { readonly parsing_errors: number };
  };
  const toResult = (c: CheckovCheck, passed: boolean): ScanResult => {
    const parts = c.resource.split(".");
    const kind = parts[0];
    const name = parts.slice(parts.length === 2 ? 1 : 2).join(".");
    return {
      tool: "checkov",
      check: c.check_id,
      kind,
      name,
      ...(parts.length > 2 ? { namespace: parts[1] } : {}),
      file: join(dir, c.file_path),
      passed,
      message: c.check_name,
    };
  };
  return {
    results: [
      ...(report.results?.passed_checks ?? []).map((c) => toResult(c, true)),
      ...(report.results?.failed_checks ?? []).map((c) => toResult(c, false)),
    ],
    exitCode: out.status ?? -1,
    parsingErrors: report.summary.parsing_errors,
  };
}

function matches(e: ScanException, r: ScanResult): boolean {
  return (
    e.tool === r.tool &&
    e.check === r.check &&
    e.kind === r.kind &&
    (e.name === undefined || new RegExp(`^(?:${e.name})$`).test(r.name))
  );
}

/** Failed checks no exception covers, and exceptions that cover no failed check. */
export function judge(
  results: readonly ScanResult[],
  exceptions: readonly ScanException[],
): { unexcepted: ScanResult[]; accepted: ScanResult[]; unused: ScanException[] } {
  const failed = results.filter((r) => !r.passed);
  const unexcepted = failed.filter((r) => !exceptions.some((e) => matches(e, r)));
  const accepted = failed.filter((r) => exceptions.some((e) => matches(e, r)));
  const unused = exceptions.filter((e) => !failed.some((r) => matches(e, r)));
  return { unexcepted, accepted, unused };
}

/** A line per finding, for assertion messages. */
export function describeResults(results: readonly ScanResult[]): string {
  return results
    .map((r) => `${r.tool} ${r.check} on ${r.kind} ${r.namespace ?? ""}/${r.name} (${r.file}): ${r.message}`)
    .join("\n");
}
