/**
 * Platform shards on the real Pulumi engine and a real API server (the tools scripts/tools/build.sh
 * builds): `pulumi preview` and `pulumi up` of one platform stack of N tenants, against a bare program
 * registering the same Kubernetes objects (bench/baselines/bare-program.mjs) on its own fresh control
 * plane, measured in the same run. Wall time, resources per second, and the peak resident memory of the
 * engine, language host, program and provider together (sampled from /proc).
 *
 *   node --import tsx bench/real-engine.ts [N,N,...]     # default 50,150,300
 *
 * Not part of `npm run bench` (it takes tens of minutes); its figures are in bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControlPlane } from "../test/e2e/support/control-plane.js";
import { processTree } from "../test/e2e/support/processes.js";
import { E2eProject, explain, finished } from "../test/e2e/support/project.js";
import { REPO } from "../test/e2e/support/tools.js";
import { KUBERNETES_TYPES } from "../clouds/tokens.js";
import { writePlatformStack } from "./fixtures.js";
import { readFileSync } from "node:fs";

const CONTEXT = "e2e";
const STACK = `platform-kubeconfig-${CONTEXT}`;

interface Figures {
  readonly previewS: number;
  readonly upS: number;
  readonly resources: number;
  readonly peakMiB: number;
}

function rssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Runs `pulumi ARGS` in the project, sampling the memory of its whole process tree. */
async function measured(
  project: E2eProject,
  args: string[],
): Promise<{ seconds: number; peakMiB: number; stdout: string }> {
  const started = performance.now();
  const child = project.spawn("pulumi", args, {
    PULUMI_BACKEND_URL: `file://${join(project.dir, ".pulumi-state")}`,
  });
  let peak = 0;
  const timer = setInterval(() => {
    const total = processTree(child.pid!).reduce((sum, pid) => sum + rssMiB(pid), 0);
    peak = Math.max(peak, total);
  }, 100);
  const run = await finished(child);
  clearInterval(timer);
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")}: ${explain(run)}`);
  return { seconds: (performance.now() - started) / 1000, peakMiB: Math.round(peak), stdout: run.stdout };
}

async function onFreshPlane<T>(body: (plane: ControlPlane) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "cloudtier-bench-plane-"));
  const plane = await ControlPlane.start(dir, CONTEXT);
  try {
    return await body(plane);
  } finally {
    await plane.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** preview then up of one stack; `setup` writes the project's program and stack file. */
async function previewAndUp(
  plane: ControlPlane,
  setup: (project: E2eProject) => number | Promise<number>,
): Promise<Figures> {
  const project = new E2eProject(plane.kubeconfigPath);
  try {
    const resources = await setup(project);
    const init = await project.pulumi("stack", "init", STACK);
    if (init.code !== 0) throw new Error(explain(init));
    const preview = await measured(project, ["preview", "--stack", STACK]);
    const up = await measured(project, ["up", "--stack", STACK, "--yes", "--skip-preview"]);
    return {
      previewS: preview.seconds,
      upS: up.seconds,
      resources,
      peakMiB: Math.max(preview.peakMiB, up.peakMiB),
    };
  } finally {
    project.remove();
  }
}

const sizes = (process.argv[2] ?? "50,150,300").split(",").map(Number);
const rows: string[] = [];
for (const n of sizes) {
  let planJson = "";
  const cloudtier = await onFreshPlane((plane) =>
    previewAndUp(plane, async (project) => {
      writePlatformStack(project.dir, STACK, `kubeconfig:${CONTEXT}`, n);
      const plan = await project.cloudtier("plan", "--stack", STACK, "--json");
      if (plan.code !== 0) throw new Error(explain(plan));
      planJson = plan.stdout;
      return (JSON.parse(planJson) as { stacks: { resources: unknown[] }[] }).stacks[0].resources.length;
    }),
  );
  const bare = await onFreshPlane((plane) =>
    previewAndUp(plane, (project) => {
      writeFileSync(join(project.dir, "plan.json"), planJson);
      // The bare program knows no cloudtier module: the type tokens it needs come from the registry here.
      writeFileSync(
        join(project.dir, "tokens.json"),
        JSON.stringify({
          helmRelease: KUBERNETES_TYPES.k8sHelmReleaseV3,
          namespace: KUBERNETES_TYPES.k8sCoreNamespace,
        }),
      );
      writeFileSync(
        join(project.dir, "Pulumi.yaml"),
        "name: cloudtier\nmain: bare-program.mjs\nstackConfigDir: stacks\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
      );
      project.copyIn(join(REPO, "bench", "baselines", "bare-program.mjs"), "bare-program.mjs");
      return cloudtier.resources;
    }),
  );
  const row = [
    n,
    cloudtier.resources,
    `${cloudtier.previewS.toFixed(1)} s (bare ${bare.previewS.toFixed(1)} s, ${(cloudtier.previewS / bare.previewS).toFixed(2)}x)`,
    `${cloudtier.upS.toFixed(1)} s (bare ${bare.upS.toFixed(1)} s, ${(cloudtier.upS / bare.upS).toFixed(2)}x)`,
    `${(cloudtier.resources / cloudtier.upS).toFixed(1)}/s (bare ${(bare.resources / bare.upS).toFixed(1)}/s)`,
    `${cloudtier.peakMiB} MiB (bare ${bare.peakMiB} MiB, ${(cloudtier.peakMiB / bare.peakMiB).toFixed(2)}x)`,
  ].join(" | ");
  rows.push(`| ${row} |`);
  console.log(rows.at(-1));
}
console.log(
  "\n| tenants | resources | preview | up | resources/s (up) | peak memory (engine, host, program, provider) |\n|---|---|---|---|---|---|",
);
for (const row of rows) console.log(row);
