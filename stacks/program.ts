/**
 * The stack program: one program, two stack kinds chosen by the stack's `cloudtier:stack` config.
 * `pulumi up` runs it through `index.ts`; the offline planner imports it under the mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { STACK_CONFIG_KEY, parseStackConfig } from "../domain/stack-config.js";
import { apiAllowedCidrProblems } from "../components/cluster/shared-rules.js";
import { throwIfProblems } from "../domain/errors.js";
import { CHARTS_CONFIG_KEY, type ChartSources, parseChartSources } from "../components/platform/charts.js";
import {
  BACKUPS_CONFIG_KEY,
  EGRESS_CONFIG_KEY,
  INGRESS_CONFIG_KEY,
  type PlatformConfig,
  parsePlatformConfig,
} from "../domain/platform-config.js";
import {
  CLUSTER_ADMINS_KEY,
  DEPLOYER_CIDRS_KEY,
  GCP_PROJECT_KEY,
  MEMBER_OIDC_KEY,
  type ProjectSettings,
  parseProjectSettings,
} from "../domain/project-settings.js";

/**
 * Settings a stack takes from config keys of their own, beside `cloudtier:stack`: project-wide in
 * Pulumi.yaml, or the stack file's own (see domain/project-settings.ts).
 */
export interface StackSettings {
  /** Where the platform operators' charts come from (`cloudtier:charts`). */
  readonly charts: ChartSources;
  /**
   * `cloudtier:ingress`, `cloudtier:egress` and `cloudtier:backups`.
   * @default none set: a private domain and CA, no egress allowlist, backups to the cloud's object store
   */
  readonly platform?: PlatformConfig;
  /** Deployer CIDRs, member sign-in and cluster admins. @default none set */
  readonly project?: ProjectSettings;
}

/** Reads a namespaced config key: `pulumi.Config` takes the namespace and the key apart. */
function configObject(fullKey: string, required: boolean): unknown {
  const [namespace, key] = fullKey.split(":") as [string, string];
  const config = new pulumi.Config(namespace);
  return required ? config.requireObject(key) : config.getObject(key);
}

/** A config value as Pulumi holds it: a string, JSON text for structured values; undefined when unset. */
function configText(fullKey: string): string | undefined {
  const [namespace, key] = fullKey.split(":") as [string, string];
  return new pulumi.Config(namespace).get(key);
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
    project: parseProjectSettings(
      Object.fromEntries(
        [GCP_PROJECT_KEY, DEPLOYER_CIDRS_KEY, MEMBER_OIDC_KEY, CLUSTER_ADMINS_KEY].map((key) => [
          key,
          configText(key),
        ]),
      ),
    ),
  };
  // The deployer's CIDRs follow the same rules as a stack's own, and are named as what they are.
  throwIfProblems(
    apiAllowedCidrProblems(
      settings.project?.deployerCidrs ?? [],
      { cloud: config.ref.cloud },
      DEPLOYER_CIDRS_KEY,
    ),
  );
  switch (config.kind) {
    case "platform":
      return (await import("./platform.js")).platformStack(config, settings);
    case "environment":
      return (await import("./environment.js")).environmentStack(config, settings);
  }
}
