/**
 * What a planner worker (thread or process) does with the one stack it is given: plan it and turn the
 * outcome into a message for the parent. Load it after `deferred-modules.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../domain/errors.js";
import { runStack } from "./run-stack.js";
import type { RecordedPlan, StackRequest } from "./types.js";

export type WorkerReply = { ok: true; plan: RecordedPlan } | { ok: false; message: string; input: boolean };

/** With `CLOUDTIER_DEBUG` set, program errors keep their stack traces and the reply carries them. */
const debug = Boolean(process.env["CLOUDTIER_DEBUG"]);

// The SDK captures a stack trace for every promise it creates (several per resource, kept until the
// promise is collected): with the default depth, about a third of the time and much of the memory of
// registering a resource. Nobody reads those traces here: user errors carry their position in their
// message (InputError names the stack file's field, PlanError the stack), and the mock engine ignores
// the source positions the SDK sends with each registration.
Error.stackTraceLimit = debug ? 50 : 0;

// For the same reason, the SDK's source position of each resource: it captures a full stack trace (it
// lifts the limit above for it) and parses it, for the engine to point at in its messages. The mock engine
// never shows them. `Resource.callsites` is private to the SDK: if it is ever renamed this does nothing.
if (!debug) {
  const sdk = pulumi.Resource as unknown as { callsites?: () => unknown[] };
  if (typeof sdk.callsites === "function") sdk.callsites = () => [];
}

export async function planReply(request: StackRequest): Promise<WorkerReply> {
  try {
    return { ok: true, plan: await runStack(request) };
  } catch (err) {
    const message = err instanceof Error ? (debug && err.stack) || err.message : String(err);
    return { ok: false, message, input: err instanceof InputError };
  }
}
