/**
 * Mocks that answer like the real providers: physical ids in each cloud's format and the computed outputs
 * the program reads (endpoints, ARNs, certificates). Provider functions the program calls must be known
 * here: an unexpected invoke fails the plan rather than returning nothing.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { kubernetesObject } from "./kubernetes.js";
import { STACK_REFERENCE_TYPE, stackReferenceState } from "./stack-reference.js";
import type { CallMock, IdFactory, OutputMock, ProviderMocks } from "./types.js";

export type { ProviderMocks } from "./types.js";

function idFactory(seed: string): IdFactory {
  return {
    hex(length: number): string {
      let out = "";
      for (let i = 0; out.length < length; i++) {
        out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
      }
      return out.slice(0, length);
    },
  };
}

export class PlanMocks implements pulumi.runtime.Mocks {
  private readonly ids: Record<string, NonNullable<ProviderMocks["ids"]>[string]> = {};
  private readonly outputs: Record<string, OutputMock> = {};
  private readonly calls: Record<string, CallMock> = {};

  constructor(
    private readonly stack: string,
    providers: readonly ProviderMocks[],
  ) {
    for (const p of providers) {
      Object.assign(this.ids, p.ids);
      Object.assign(this.outputs, p.outputs);
      Object.assign(this.calls, p.calls);
    }
  }

  newResource(
    args: pulumi.runtime.MockResourceArgs,
  ): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> {
    const ids = idFactory(`${this.stack}/${args.type}/${args.name}`);
    if (args.type === STACK_REFERENCE_TYPE) return stackReferenceState(args, ids);
    if (args.type.startsWith("kubernetes:") && !args.type.startsWith("kubernetes:helm")) {
      const obj = kubernetesObject(args.inputs as Record<string, unknown>, args.name, (n) => ids.hex(n));
      return { id: obj.id, state: obj.state };
    }
    if (args.type.startsWith("pulumi:providers:")) {
      return { id: ids.hex(8) + "-" + ids.hex(4), state: args.inputs as Record<string, unknown> };
    }
    const makeId = this.ids[args.type];
    const id = makeId ? makeId(args, ids) : `${args.name}-${ids.hex(7)}`;
    const computed = this.outputs[args.type]?.(args, ids) ?? {};
    return { id, state: { ...(args.inputs as Record<string, unknown>), ...computed } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const mock = this.calls[args.token];
    if (!mock) {
      throw new Error(`the offline planner has no mock for the provider function ${args.token}`);
    }
    return mock(args);
  }
}
