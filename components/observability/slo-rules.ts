import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { TierName } from "../../domain/tiers.js";
import { sloRuleGroups } from "./slo.js";

export interface SloRulesArgs {
  /** The tenant namespace's name; the rules select the tenant's traffic by it. */
  readonly namespaceName: string;
  /** The namespace as the Namespace object's output, so the rule waits for it. */
  readonly namespace: pulumi.Input<string>;
  /** The tier whose SLA sets the objectives. */
  readonly tier: TierName;
  /** Metering labels of the tenant. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The monitoring stack's release, when the same stack installs it: the PrometheusRule CRD comes with it.
   * @default none
   */
  readonly monitoring?: pulumi.Resource;
}

/** Name of the tenant's PrometheusRule. */
export const SLO_RULE_NAME = "slo";

/**
 * A tenant's SLO alert rules (`cloudtier:observability:SloRules`): one `PrometheusRule` in its namespace
 * with multi-window burn-rate alerts on availability and latency against the tier's SLA.
 */
export class SloRules extends pulumi.ComponentResource {
  constructor(name: string, args: SloRulesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:observability:SloRules", name, {}, opts);
    new k8s.apiextensions.CustomResource(
      `${name}-rule`,
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: SLO_RULE_NAME, namespace: args.namespace, labels: { ...args.labels } },
        spec: { groups: sloRuleGroups(args.namespaceName, args.tier) },
      },
      { parent: this, dependsOn: args.monitoring ? [args.monitoring] : [] },
    );
    this.registerOutputs({});
  }
}
