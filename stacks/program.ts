/**
 * The stack program: one program, two stack kinds chosen by the stack's `cloudtier:stack` config.
 * `pulumi up` runs it through `index.ts`; the offline planner imports it under the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { STACK_CONFIG_KEY, parseStackConfig } from "../domain/stack-config.js";

export async function program(): Promise<Record<string, unknown>> {
  const [namespace, key] = STACK_CONFIG_KEY.split(":") as [string, string];
  const config = parseStackConfig(new pulumi.Config(namespace).requireObject(key));
  switch (config.kind) {
    case "platform":
      return (await import("./platform.js")).platformStack(config);
    case "environment":
      return (await import("./environment.js")).environmentStack(config);
  }
}
