/**
 * A project directory for the end-to-end suite, as a user's checkout would be: Pulumi.yaml (with the chart
 * sources pointed at the suite's local charts, as an air-gapped installation points them at a mirror), the
 * program's sources linked from the repository, its own `stacks/` and its own file backend. The compiled
 * CLI and the real `pulumi` run in it, with an environment of their own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { killProcessesIn } from "./processes.js";
import { REPO, pulumiPluginsDir, toolsBin } from "./tools.js";

export const CLI = join(REPO, "bin", "cloudtier.js");

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Charts the platform takes from this suite's folder instead of chart repositories. */
export function localCharts(): Record<string, { path: string }> {
  const dir = join(REPO, "test/e2e/charts");
  return {
    postgres: { path: join(dir, "cloudnative-pg") },
    redis: { path: join(dir, "redis-operator") },
    monitoring: { path: join(dir, "kube-prometheus-stack") },
    ingress: { path: join(dir, "traefik") },
    certManager: { path: join(dir, "cert-manager") },
  };
}

/**
 * The charts for the suite's node (support/node.ts), where pods run: the ingress controller is a real
 * Traefik, from a small chart of the suite's own (test/e2e/node-charts); the rest as `localCharts`.
 */
export function nodeCharts(): Record<string, { path: string }> {
  return { ...localCharts(), ingress: { path: join(REPO, "test/e2e/node-charts/traefik") } };
}

/**
 * `cloudtier:egress` and `cloudtier:backups` of the suite's project: a documentation range (RFC 5737) for
 * the allowlist, and an S3-compatible endpoint that need not exist (nothing runs the backups here).
 */
export const PLATFORM_SETTINGS = {
  "cloudtier:egress": { allowlist: { cidrs: ["203.0.113.0/24"] } },
  "cloudtier:backups": { endpoint: "https://s3.backups.example:9000", bucket: "cloudtier-backups" },
} as const;

export class E2eProject {
  readonly dir: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(kubeconfigPath: string, charts: Record<string, { path: string }> = localCharts()) {
    this.dir = mkdtempSync(join(tmpdir(), "cloudtier-e2e-"));
    // Pulumi.yaml as the repository has it, plus the project-wide chart sources.
    const doc = parseDocument(readFileSync(join(REPO, "Pulumi.yaml"), "utf8"));
    doc.setIn(["config", "cloudtier:charts", "value"], doc.createNode(charts));
    // The platform's egress allowlist and backup endpoint, project-wide as an operator would set them.
    for (const [key, value] of Object.entries(PLATFORM_SETTINGS)) {
      doc.setIn(["config", key, "value"], doc.createNode(value));
    }
    writeFileSync(join(this.dir, "Pulumi.yaml"), doc.toString());
    // The program and its dependencies, linked: everything at the top of the repository but the project's
    // own files (stacks/ holds the stack files; its code is linked file by file).
    const own = new Set(["Pulumi.yaml", "stacks", ".git", ".pulumi-state", "test", "bench", "dist"]);
    for (const entry of readdirSync(REPO)) {
      if (!own.has(entry)) symlinkSync(join(REPO, entry), join(this.dir, entry));
    }
    mkdirSync(join(this.dir, "stacks"));
    // The file backend the CLI defaults to, for plain `pulumi` runs too.
    mkdirSync(join(this.dir, ".pulumi-state"));
    for (const file of readdirSync(join(REPO, "stacks"))) {
      if (!file.endsWith(".yaml")) symlinkSync(join(REPO, "stacks", file), join(this.dir, "stacks", file));
    }
    // PULUMI_HOME of its own (workspaces, credentials), with the plugins the tools build installed.
    this.home = join(this.dir, ".pulumi-home");
    mkdirSync(this.home);
    symlinkSync(pulumiPluginsDir(), join(this.home, "plugins"));
    this.env = {
      PATH: `${toolsBin()}:${process.env["PATH"] ?? ""}`,
      HOME: process.env["HOME"],
      TMPDIR: process.env["TMPDIR"],
      PULUMI_HOME: this.home,
      PULUMI_CONFIG_PASSPHRASE: "cloudtier-e2e",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // The bin directory holds exactly the plugins meant to be used.
      PULUMI_IGNORE_AMBIENT_PLUGINS: "false",
      KUBECONFIG: kubeconfigPath,
      CI: "true",
      NO_COLOR: "1",
    };
  }

  /** Starts a process in the project with its environment. */
  spawn(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
    return spawn(command, args, {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /** Runs a process to its end. */
  run(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    return finished(this.spawn(command, args, extraEnv));
  }

  /** `cloudtier -C <project> ...`, compiled, as users run it. */
  cloudtier(...args: string[]): Promise<Run> {
    return this.run(process.execPath, [CLI, "-C", this.dir, ...args]);
  }

  /** A plain `pulumi ...` in the project directory, as people run it by hand. */
  pulumi(...args: string[]): Promise<Run> {
    return this.run("pulumi", args, { PULUMI_BACKEND_URL: `file://${join(this.dir, ".pulumi-state")}` });
  }

  stackFile(stack: string): string {
    return readFileSync(join(this.dir, "stacks", `Pulumi.${stack}.yaml`), "utf8");
  }

  copyIn(from: string, to: string): void {
    cpSync(from, join(this.dir, to), { recursive: true });
  }

  /** Kills whatever a run left behind in the project, then removes it. */
  remove(): void {
    killProcessesIn(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Collects a process's output and resolves when it exits. */
export function finished(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolveRun, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolveRun({ code, signal, stdout, stderr }));
  });
}

/** A message for a failed assertion: the command's output. */
export function explain(run: Run): string {
  return `exit ${run.code ?? run.signal}\n--- stdout\n${run.stdout.slice(-6000)}\n--- stderr\n${run.stderr.slice(-6000)}`;
}
