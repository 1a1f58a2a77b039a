/**
 * Child process entry, the alternative to a worker thread (`PlanOptions.isolation: "process"`): plans the
 * stacks it is sent over IPC, one at a time, as `worker.ts` does; ends when the parent disconnects.
 */
import "./deferred-modules.js";
import { planReply } from "./reply.js";
import type { StackRequest } from "./types.js";

process.on("message", (request: StackRequest) => {
  void planReply(request).then((reply) => process.send!(reply));
});
