/**
 * The stack program: one program, two stack kinds chosen by the stack's `cloudtier:stack` config.
 * `pulumi up` runs it through `index.ts`; the offline planner imports it under the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { STACK_CONFIG_KEY, parseStackConfig } from "../domain/stack-config.js";
import { CHARTS_CONFIG_KEY, type ChartSources, parseChartSources } from "../components/platform/charts.js";
import {
  BACKUPS_CONFIG_KEY,
  EGRESS_CONFIG_KEY,
  INGRESS_CONFIG_KEY,
  type PlatformConfig,
  parsePlatformConfig,
} from "../domain/platform-config.js";

/** Settings a stack takes from config keys of their own, beside `cloudtier:stack`. */
export interface StackSettings {
  /** Where the platform operators' charts come from (`cloudtier:charts`). */
  readonly charts: ChartSources;
  /**
   * `cloudtier:ingress`, `cloudtier:egress` and `cloudtier:backups`.
   * @default none set: a private domain and CA, no egress allowlist, backups to the cloud's object store
   */
  readonly platform?: PlatformConfig;
}

/** Reads a namespaced config key: `pulumi.Config` takes the namespace and the key apart. */
function configObject(fullKey: string, required: boolean): unknown {
  const [namespace, key] = fullKey.split(":") as [string, string];
  const config = new pulumi.Config(namespace);
  return required ? config.requireObject(key) : config.getObject(key);
}

export async function program(): Promise<Record<string, unknown>> {
  // Every config key is parsed here, once, before any resource exists.
  const config = parseStackConfig(configObject(STACK_CONFIG_KEY, true));
  const settings: StackSettings = {
    charts: parseChartSources(configObject(CHARTS_CONFIG_KEY, false)),
    platform: parsePlatformConfig({
      ingress: configObject(INGRESS_CONFIG_KEY, false),
      egress: configObject(EGRESS_CONFIG_KEY, false),
      backups: configObject(BACKUPS_CONFIG_KEY, false),
    }),
  };
  switch (config.kind) {
    case "platform":
      return (await import("./platform.js")).platformStack(config, settings);
    case "environment":
      return (await import("./environment.js")).environmentStack(config, settings);
  }
}
