/**
 * The offline planner: runs the real stack program against Pulumi's mock runtime, each stack in its own
 * worker thread, up to one worker per core at a time. Needs no credentials and no Pulumi CLI.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { PlanError, type StackPlan, type StackRequest } from "./types.js";
import type { WorkerReply } from "./worker.js";

export interface PlanOptions {
  /** Stacks planned at once. @default the number of cores */
  readonly parallel?: number;
  /** Called as each stack finishes, in completion order. */
  readonly onStackDone?: (plan: StackPlan) => void;
}

export interface PlanOutcome {
  readonly plans: StackPlan[];
  readonly errors: PlanError[];
}

const fromSources = import.meta.url.endsWith(".ts");
const workerUrl = new URL(fromSources ? "./worker.ts" : "./worker.js", import.meta.url);

/**
 * Run from sources (tests, benchmarks under tsx), the worker is the .ts file next to this one; Node 20 does
 * not pass tsx's loader hooks on to worker threads, so the worker registers them itself first.
 */
function startWorker(request: StackRequest): Worker {
  if (!fromSources) return new Worker(workerUrl, { workerData: request });
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}

function planInWorker(request: StackRequest): Promise<StackPlan> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(request);
    let settled = false;
    worker.once("message", (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.plan);
      else reject(new PlanError(request.name, reply.message, reply.input ? "input" : "program"));
      void worker.terminate();
    });
    worker.once("error", (err) => {
      if (!settled) reject(new PlanError(request.name, err.message));
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new PlanError(request.name, `planner worker exited with code ${code}`));
    });
  });
}

/** Plans the stacks; stacks that fail are returned as errors, the others still complete. */
export async function planStacks(
  requests: readonly StackRequest[],
  options: PlanOptions = {},
): Promise<PlanOutcome> {
  const limit = Math.max(1, Math.min(options.parallel ?? availableParallelism(), requests.length));
  const plans: (StackPlan | undefined)[] = requests.map(() => undefined);
  const errors: PlanError[] = [];
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const i = next++;
      const request = requests[i];
      try {
        plans[i] = await planInWorker(request);
        options.onStackDone?.(plans[i]);
      } catch (err) {
        errors.push(err instanceof PlanError ? err : new PlanError(request.name, String(err)));
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return { plans: plans.filter((p): p is StackPlan => p !== undefined), errors };
}
