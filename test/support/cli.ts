/**
 * Drives the CLI end to end: either the compiled `bin/cloudtier.js` in a child process (exactly what users
 * run), or `main()` in-process with output captured (the same parser and commands, faster).
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
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

export type EnvPatch = Readonly<Record<string, string | undefined>>;

/** The compiled CLI in a child process, without blocking this one: for processes that run at once. */
export function spawnBin(
  args: readonly string[],
  options: { cwd?: string; env?: EnvPatch } = {},
): { pid: number; done: Promise<CliResult>; kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: patchedEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })),
  );
  return { pid: child.pid!, done, kill: (signal) => child.kill(signal) };
}

/** The environment of this process with a patch applied: a variable set to undefined is removed. */
export function patchedEnv(patch: EnvPatch = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs the compiled CLI (build first: `npm run build`, which `npm test` does). */
export function runBin(args: readonly string[], options: { cwd?: string; env?: EnvPatch } = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: patchedEnv(options.env),
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

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

const temporary = new Set<string>();
let cleanupRegistered = false;

/** Removes a temporary directory made by `tempDir` now, rather than when the test process exits. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  temporary.delete(dir);
}

/**
 * A fresh directory in the system's temporary directory, removed when this test process exits (each test
 * file runs in a process of its own), so a run of the suite leaves nothing behind.
 */
export function tempDir(prefix = "cloudtier-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.add(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on("exit", () => {
      for (const d of temporary) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** A fresh project directory holding only a copy of Pulumi.yaml; removed when the test process exits. */
export function tempProject(prefix = "cloudtier-test-"): string {
  const dir = tempDir(prefix);
  cpSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  return dir;
}

/**
 * Every file under a directory with its content, and every directory (as `name/`), to prove that nothing
 * was written, not even an empty directory.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        out[`${relative(dir, path)}/`] = "";
        walk(path);
      } else {
        out[relative(dir, path)] = readFileSync(path, "latin1");
      }
    }
  };
  walk(dir);
  return out;
}
