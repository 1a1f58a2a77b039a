/**
 * The offline planner: runs the real stack program against Pulumi's mock runtime, in worker threads or
 * child processes, up to one per core at a time. Needs no credentials and no Pulumi CLI.
 */
import { fork } from "node:child_process";
import type { EventEmitter } from "node:events";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { WorkerReply } from "./reply.js";
import { PlanError, type RecordedPlan, type StackRequest } from "./types.js";

export type Isolation = "worker" | "process";

export interface PlanOptions {
  /** Stacks planned at once. @default the number of cores */
  readonly parallel?: number;
  /** Called as each stack finishes, in completion order. */
  readonly onStackDone?: (plan: RecordedPlan) => void;
  /**
   * Where stacks are planned: worker threads of this process, or child processes. Measured on 2 cores
   * (`npm run bench -- --isolation`), both plan many stacks about as fast; threads take some 20% less
   * memory, start sooner and hand a plan back cheaper. Processes are there to measure again on machines
   * with many more cores, where planners sharing one process's garbage-collector threads may not scale.
   * @default "worker"
   */
  readonly isolation?: Isolation;
}

export interface PlanOutcome {
  readonly plans: RecordedPlan[];
  readonly errors: PlanError[];
}

const fromSources = import.meta.url.endsWith(".ts");
const entry = (name: string) => new URL(`./${name}${fromSources ? ".ts" : ".js"}`, import.meta.url);

/**
 * Young generation of each planner's heap, MiB. Registering a resource allocates short-lived objects
 * (protobuf structs, promises, closures) by the hundred, many of which outlive a default-sized young
 * generation and get copied into the old one before they die: a larger one cuts the time spent collecting
 * garbage by about a third. Its cost is this much more memory per planner.
 */
export const YOUNG_GENERATION_MIB = 192;

/** A worker thread or child process that plans the stacks it is sent, one at a time. */
interface Planner {
  plan(request: StackRequest): Promise<WorkerReply>;
  close(): void;
}

/**
 * One request at a time over a worker's or child's message channel. `fail` ends the channel (the worker
 * or child died): the request in flight, and any later one, are rejected with the reason.
 */
function sequential(channel: EventEmitter, send: (request: StackRequest) => void) {
  let inFlight: ((outcome: WorkerReply | Error) => void) | undefined;
  let ended: Error | undefined;
  return {
    plan: (request: StackRequest) =>
      new Promise<WorkerReply>((resolve, reject) => {
        if (ended) return reject(ended);
        const onMessage = (reply: WorkerReply) => settle(reply);
        const settle = (outcome: WorkerReply | Error) => {
          inFlight = undefined;
          channel.off("message", onMessage);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        inFlight = settle;
        channel.once("message", onMessage);
        send(request);
      }),
    fail: (err: Error) => {
      ended = err;
      inFlight?.(err);
    },
  };
}

/**
 * Run from sources (tests, benchmarks under tsx), the worker is the .ts file next to this one; Node 20 does
 * not pass tsx's loader hooks on to worker threads, so the worker registers them itself first.
 */
function threadPlanner(): Planner {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB };
  const url = entry("worker");
  const bootstrap = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  const worker = fromSources
    ? new Worker(bootstrap, { eval: true, resourceLimits })
    : new Worker(url, { resourceLimits });
  const channel = sequential(worker, (request) => worker.postMessage(request));
  worker.once("error", (err) => channel.fail(err));
  worker.once("exit", (code) => channel.fail(new Error(`planner worker exited with code ${code}`)));
  return { plan: channel.plan, close: () => void worker.terminate() };
}

/** A child process takes V8 flags directly; the young generation is split into two semi-spaces. */
function processPlanner(): Planner {
  const child = fork(fileURLToPath(entry("child")), [], {
    execArgv: [
      ...(fromSources ? ["--import", "tsx"] : []),
      `--max-semi-space-size=${Math.round(YOUNG_GENERATION_MIB / 3)}`,
    ],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const channel = sequential(child, (request) => void child.send(request));
  child.once("error", (err) => channel.fail(err));
  child.once("exit", (code, signal) =>
    channel.fail(new Error(`planner process exited with ${signal ?? `code ${code}`}`)),
  );
  return { plan: channel.plan, close: () => void child.kill() };
}

/** Plans the stacks; stacks that fail are returned as errors, the others still complete. */
export async function planStacks(
  requests: readonly StackRequest[],
  options: PlanOptions = {},
): Promise<PlanOutcome> {
  const limit = Math.max(1, Math.min(options.parallel ?? availableParallelism(), requests.length));
  const start = options.isolation === "process" ? processPlanner : threadPlanner;
  const plans: (RecordedPlan | undefined)[] = requests.map(() => undefined);
  const errors: PlanError[] = [];
  let next = 0;
  // Each lane keeps its planner for the stacks it takes: loading Pulumi and the SDKs and compiling them is
  // a good part of planning a stack of a few thousand resources. A stack that fails takes its planner with
  // it; the next stack gets a fresh one.
  const lane = async () => {
    let planner: Planner | undefined;
    while (next < requests.length) {
      const i = next++;
      const request = requests[i];
      planner ??= start();
      try {
        const reply = await planner.plan(request);
        if (!reply.ok) throw new PlanError(request.name, reply.message, reply.input ? "input" : "program");
        plans[i] = reply.plan;
        options.onStackDone?.(reply.plan);
      } catch (err) {
        planner.close();
        planner = undefined;
        const message = err instanceof Error ? err.message : String(err);
        errors.push(err instanceof PlanError ? err : new PlanError(request.name, message));
      }
    }
    planner?.close();
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return { plans: plans.filter((p): p is RecordedPlan => p !== undefined), errors };
}
