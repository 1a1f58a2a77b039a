/**
 * Drives the CLI end to end: either the compiled `bin/cloudtier.js` in a child process (exactly what users
 * run), or `main()` in-process with output captured (the same parser and commands, faster).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../cli/main.js";
import { setLogger } from "../../cli/logger.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = join(ROOT, "bin", "cloudtier.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled CLI (build first: `npm run build`, which `npm test` does). */
export function runBin(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export type EnvPatch = Readonly<Record<string, string | undefined>>;

/**
 * Runs `main()` in this process with stdout/stderr captured and the environment patched (a variable set
 * to undefined is removed); restores both afterwards.
 */
export async function runMain(args: readonly string[], env: EnvPatch = {}): Promise<CliResult> {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (entries: Iterable<[string, string | undefined]>) => {
    for (const [k, v] of entries) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(Object.entries(env));
  let stdout = "";
  let stderr = "";
  const restore = setLogger({
    out: (t) => (stdout += t.endsWith("\n") ? t : `${t}\n`),
    info: (t) => (stderr += `${t}\n`),
    error: (t) => (stderr += `${t}\n`),
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    restore();
    apply(saved);
  }
}

/** A fresh project directory holding only a copy of Pulumi.yaml. */
export function tempProject(prefix = "cloudtier-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  return dir;
}

/** Every file under a directory with its content, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}
