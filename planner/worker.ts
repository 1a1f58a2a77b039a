/**
 * Worker thread entry: plans the stacks it is sent, one at a time, and posts each result back. Every stack
 * gets a fresh mock runtime (mocks, monitor, config, recorder: see `run-stack.ts`); the worker and the
 * modules it loaded (Pulumi, the SDKs, the program), already compiled and optimized, serve the next one.
 * The parent discards a worker after a stack fails, so nothing a failed program left running can reach
 * another stack.
 */
import "./deferred-modules.js";
import { parentPort } from "node:worker_threads";
import { planReply } from "./reply.js";
import type { StackRequest } from "./types.js";

export type { WorkerReply } from "./reply.js";

parentPort!.on("message", (request: StackRequest) => {
  void planReply(request).then((reply) => parentPort!.postMessage(reply));
});
