/**
 * Driving the real CLI end to end in tests: `main()` with a temporary project (`-C`), captured output, and
 * the stand-in `pulumi` (test/fixtures/fake-pulumi) selected through CLOUDTIER_PULUMI_ROOT.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { main } from "../../cli/main.js";
import { setLogger } from "../../cli/logger.js";

export const REPO = resolve(import.meta.dirname, "../..");
export const FAKE_PULUMI_ROOT = join(REPO, "test/fixtures/fake-pulumi");

/** A fresh project directory holding a copy of the repository's Pulumi.yaml. */
export function tempProject(prefix = "cloudtier-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  copyFileSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  return dir;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type EnvPatch = Readonly<Record<string, string | undefined>>;

/** The environment for deploys through the stand-in: its root, a call log, a passphrase, no outside backend. */
export function fakeEnv(project: string, extra: EnvPatch = {}): EnvPatch {
  return {
    CLOUDTIER_PULUMI_ROOT: FAKE_PULUMI_ROOT,
    FAKE_PULUMI_LOG: join(project, "pulumi-calls.jsonl"),
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
    PULUMI_BACKEND_URL: undefined,
    FAKE_PULUMI_FAIL: undefined,
    FAKE_PULUMI_LOCKED: undefined,
    FAKE_PULUMI_CHANGES: undefined,
    FAKE_PULUMI_DELAY: undefined,
    CI: undefined,
    ...extra,
  };
}

/** Runs `cloudtier <args>` in this process with the environment patched; restores it afterwards. */
export async function run(args: readonly string[], env: EnvPatch = {}): Promise<RunResult> {
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
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
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export interface PulumiCall {
  readonly argv: string[];
  readonly command: string;
  readonly stack: string | null;
  readonly start: number;
  readonly end: number;
  readonly exitCode: number;
  readonly backend: string | null;
}

/** Every invocation of the stand-in recorded for this project. */
export function pulumiCalls(project: string): PulumiCall[] {
  const path = join(project, "pulumi-calls.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as PulumiCall);
}

/** Every file under a directory with its content, to show that a command wrote nothing. */
export function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

export function readStackFile(project: string, stack: string): string {
  return readFileSync(join(project, "stacks", `Pulumi.${stack}.yaml`), "utf8");
}

export interface FakeStackState {
  resources: { urn: string; type: string; protect?: boolean; retainOnDelete?: boolean }[];
  retainedOnDelete?: string[];
}

/** The stand-in's saved state of a stack (resources with their flags, outputs, history). */
export function fakeState(project: string, stack: string): FakeStackState | undefined {
  const path = join(project, ".pulumi-state", ".fake-pulumi", "stacks", `${stack}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as FakeStackState) : undefined;
}
