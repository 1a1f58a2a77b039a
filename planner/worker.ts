/**
 * Worker entry: plans the one stack it is given and posts the result back. One worker per stack keeps
 * the mock runtime's global state from leaking between stacks.
 */
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../domain/errors.js";
import { runStack } from "./run-stack.js";
import type { StackRequest } from "./types.js";

export type WorkerReply =
  { ok: true; plan: Awaited<ReturnType<typeof runStack>> } | { ok: false; message: string; input: boolean };

// Stack traces captured per promise are a large share of the cost of registering a resource; the errors
// users need carry their position in their messages (InputError, PlanError), not in deep traces.
Error.stackTraceLimit = 10;
const request = workerData as StackRequest;
try {
  const plan = await runStack(request);
  parentPort!.postMessage({ ok: true, plan } satisfies WorkerReply);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  parentPort!.postMessage({ ok: false, message, input: err instanceof InputError } satisfies WorkerReply);
}
