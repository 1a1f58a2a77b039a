import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type MeteringScope, meteringLabels } from "../labels.js";
import { type ChartSources, OPERATOR_CHARTS, type OperatorName, chartLocation } from "./charts.js";

/** The operators this component installs: the data stores' and monitoring (the rest: `PlatformServices`). */
export type StoreOperatorName = Extract<OperatorName, "postgres" | "redis" | "monitoring">;

export interface PlatformOperatorsArgs {
  /** The operators to install, once per cluster. */
  readonly operators: readonly StoreOperatorName[];
  /** Scope of the metering labels: `platform`/`shared` on a platform cluster, the customer's in an environment. */
  readonly metering: MeteringScope;
  /**
   * Where the charts come from (`cloudtier:charts`).
   * @default each chart's public repository, at its pinned version
   */
  readonly charts?: ChartSources;
  /**
   * The directory relative chart paths start from.
   * @default the working directory: the project directory under `pulumi up`
   */
  readonly projectDir?: string;
}

/** Chart values per operator: only what cloudtier depends on, the charts' defaults otherwise. */
function chartValues(operator: StoreOperatorName, labels: Record<string, string>): Record<string, unknown> {
  switch (operator) {
    case "postgres":
      // The chart installs the CRDs; one operator watches every namespace.
      return {
        crds: { create: true },
        config: { clusterWide: true },
        podLabels: labels,
        serviceAccount: { create: true, name: OPERATOR_CHARTS.postgres.serviceAccount },
      };
    case "redis":
      return {
        redisOperator: { watchNamespace: "" },
        podLabels: labels,
        serviceAccountName: OPERATOR_CHARTS.redis.serviceAccount,
      };
    case "monitoring":
      return {
        commonLabels: labels,
        prometheus: {
          prometheusSpec: {
            // Evaluate every PrometheusRule in every namespace, not only the chart's own: the tenants'
            // SLO rules live in the tenant namespaces.
            ruleSelectorNilUsesHelmValues: false,
            ruleNamespaceSelector: {},
            serviceMonitorSelectorNilUsesHelmValues: false,
          },
        },
      };
  }
}

/**
 * The operators a cluster runs once for all its tenants (CloudNativePG, redis-operator, Prometheus
 * Operator), each a Helm release in its own namespace, its pods labelled for metering. Objects of their
 * custom resources must depend on `releases` so the CRDs exist first.
 */
export class PlatformOperators extends pulumi.ComponentResource {
  /** The releases, by operator; depend on these before creating the operators' custom resources. */
  readonly releases: Readonly<Partial<Record<StoreOperatorName, k8s.helm.v3.Release>>>;

  constructor(name: string, args: PlatformOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:platform:Operators", name, {}, opts);
    const labels = meteringLabels(args.metering);
    const releases: Partial<Record<StoreOperatorName, k8s.helm.v3.Release>> = {};
    for (const operator of args.operators) {
      releases[operator] = chartRelease(`${name}-${operator}`, operator, chartValues(operator, labels), {
        charts: args.charts,
        projectDir: args.projectDir,
        opts: { parent: this },
      });
    }
    this.releases = releases;
    this.registerOutputs({});
  }
}

/**
 * The Helm release of one of the platform's charts, from where `cloudtier:charts` says (its pinned public
 * repository by default), in the chart's own namespace.
 */
export function chartRelease(
  name: string,
  operator: OperatorName,
  values: pulumi.Input<Record<string, unknown>>,
  options: {
    readonly charts?: ChartSources;
    readonly projectDir?: string;
    readonly opts: pulumi.CustomResourceOptions;
  },
): k8s.helm.v3.Release {
  const chart = OPERATOR_CHARTS[operator];
  const location = chartLocation(operator, options.charts?.[operator], options.projectDir ?? process.cwd());
  return new k8s.helm.v3.Release(
    name,
    {
      name: chart.release,
      chart: location.chart,
      ...(location.version !== undefined ? { version: location.version } : {}),
      ...(location.repo !== undefined ? { repositoryOpts: { repo: location.repo } } : {}),
      namespace: chart.namespace,
      // Helm creates the namespace and leaves it when the release goes: the platform's namespaces
      // are not the tenants', and their usage is the platform's overhead (no metering labels).
      createNamespace: true,
      // A failed upgrade rolls back rather than leaving a half-updated operator behind.
      atomic: true,
      cleanupOnFail: true,
      values,
    },
    options.opts,
  );
}
