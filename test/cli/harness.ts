/**
 * Driving the real CLI end to end in tests: `main()` with a temporary project (`-C`), captured output, and
 * the stand-in `pulumi` (test/fixtures/fake-pulumi) selected through CLOUDTIER_PULUMI_ROOT.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type CliResult, type EnvPatch, runMain, snapshot, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";

export { snapshot, tempProject };

/** A fresh project whose Pulumi.yaml has the settings onboarding asks of managed clouds (a GCP project, deployer CIDRs, member sign-in). */
export function deployProject(): string {
  const project = tempProject();
  setProjectConfig(project);
  return project;
}
export type { EnvPatch };

export const REPO = resolve(import.meta.dirname, "../..");
export const FAKE_PULUMI_ROOT = join(REPO, "test/fixtures/fake-pulumi");

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

/** Runs `cloudtier <args>` in this process (see test/support/cli.ts). */
export const run = runMain;
export type RunResult = CliResult;

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
