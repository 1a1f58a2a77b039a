/**
 * Plans one stack in the current process: installs the mocks, sets the stack's config, loads the real
 * stack program and records what it registers. The mock runtime is process-global, so each stack runs in
 * a fresh worker (see `plan.ts`); this module must be loaded there, before the program.
 */
import * as pulumi from "@pulumi/pulumi";
import { STACK_CONFIG_KEY, stackCloud } from "../domain/stack-config.js";
import { isKubernetesObject, validateKubernetesObject } from "./k8s-schema.js";
import { PlanMocks } from "./mocks/index.js";
import { OFFLINE_PROVIDER_CONFIG } from "./provider-config.js";
import { mocksForCloud } from "./mocks/clouds.js";
import { Recorder } from "./recorder.js";
import { PlanError, type RecordedPlan, type StackRequest } from "./types.js";

export const PROJECT = "cloudtier";
export const ORGANIZATION = "organization";

/** A program's outputs as plain values, each secret one (at its top level) shown as `[secret]`. */
async function resolveOutputs(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(outputs).map(async ([key, value]): Promise<[string, unknown]> => {
      const output: pulumi.Output<unknown> = pulumi.output(value);
      const [plain, secret] = await Promise.all([
        new Promise<unknown>((resolve) => output.apply((v: unknown) => resolve(v))),
        pulumi.isSecret(output),
      ]);
      return [key, secret ? "[secret]" : plain];
    }),
  );
  return Object.fromEntries(entries);
}

export async function runStack(request: StackRequest): Promise<RecordedPlan> {
  const started = performance.now();
  const cloud = stackCloud(request.config);
  const mocks = new PlanMocks(request.name, await mocksForCloud(cloud));
  // preview=false: outputs the mocks compute resolve, so the program's applies run as in an update. The
  // organization is the one a file backend gives every stack, so StackReference names read as there.
  await pulumi.runtime.setMocks(mocks, PROJECT, request.name, false, ORGANIZATION);
  const recorder = new Recorder();
  recorder.attach();
  pulumi.runtime.setAllConfig({
    ...OFFLINE_PROVIDER_CONFIG,
    ...Object.fromEntries(
      Object.entries(request.otherConfig ?? {}).map(([k, v]) => [
        k,
        typeof v === "string" ? v : JSON.stringify(v),
      ]),
    ),
    [STACK_CONFIG_KEY]: JSON.stringify(request.config),
  });

  const failures: unknown[] = [];
  let outputs: Record<string, unknown> = {};
  // A failed registration rejects the resource's outputs, which nothing may be awaiting: a program that
  // waits for its registrations in batches would wait forever. The first failure ends the plan.
  let failed: () => void = () => undefined;
  const firstFailure = new Promise<void>((resolve) => (failed = resolve));
  const onRejection = (reason: unknown) => {
    failures.push(reason);
    failed();
  };
  process.on("unhandledRejection", onRejection);
  try {
    const run = async () => {
      // The program is imported only now, after the mocks are in place.
      const { program } = (await (request.programUrl
        ? import(request.programUrl)
        : import("../stacks/program.js"))) as typeof import("../stacks/program.js");
      outputs = await resolveOutputs(await program());
      await pulumi.runtime.disconnect();
    };
    await Promise.race([run(), firstFailure]);
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  if (failures.length > 0) {
    const first = failures[0];
    throw new PlanError(request.name, first instanceof Error ? first.message : String(first));
  }
  if (recorder.duplicates.length > 0) {
    throw new PlanError(
      request.name,
      `duplicate resource URNs (the engine would reject the stack): ${recorder.duplicates.join(", ")}`,
    );
  }
  const schemaErrors = recorder.resources.filter(isKubernetesObject).flatMap(validateKubernetesObject);
  if (schemaErrors.length > 0) {
    throw new PlanError(request.name, `Kubernetes schema validation failed:\n  ${schemaErrors.join("\n  ")}`);
  }
  const config = request.config;
  return {
    stack: request.name,
    kind: config.kind,
    cloud,
    region: config.region.slice(cloud.length + 1),
    resources: recorder.resources,
    outputs,
    durationMs: Math.round(performance.now() - started),
  };
}
