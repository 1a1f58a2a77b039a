/**
 * The operators the platform installs once per cluster, as data: chart, pinned version, repository and
 * namespace. Pure, so the data store and SLO builders can name the namespaces without loading Pulumi.
 *
 * - Postgres: CloudNativePG, a CNCF Sandbox project, Apache-2.0, with monthly releases. One operator
 *   manages primary/standby failover, rolling updates, TLS between instances and clients, and runs
 *   under Pod Security `restricted` without exceptions: fit for tenant namespaces.
 * - Redis: the OT-Container-Kit redis-operator, Apache-2.0 and actively released; standalone and
 *   replication modes with operator-driven failover and a password from a Kubernetes Secret. The Bitnami
 *   charts were the other common choice; their free images are no longer maintained.
 * - Monitoring: kube-prometheus-stack, whose Prometheus Operator evaluates the tenants' SLO rules
 *   (`PrometheusRule`) and whose Alertmanager routes them.
 */
export interface ChartSpec {
  /** Helm release name. */
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
  readonly namespace: string;
}

export const OPERATOR_CHARTS = {
  postgres: {
    release: "cnpg",
    chart: "cloudnative-pg",
    version: "0.26.0",
    repo: "https://cloudnative-pg.github.io/charts",
    namespace: "cnpg-system",
  },
  redis: {
    release: "redis-operator",
    chart: "redis-operator",
    version: "0.22.1",
    repo: "https://ot-container-kit.github.io/helm-charts",
    namespace: "redis-operator",
  },
  monitoring: {
    release: "monitoring",
    chart: "kube-prometheus-stack",
    version: "75.15.1",
    repo: "https://prometheus-community.github.io/helm-charts",
    namespace: "monitoring",
  },
} as const satisfies Record<string, ChartSpec>;

export type OperatorName = keyof typeof OPERATOR_CHARTS;

export const OPERATOR_NAMESPACES = {
  postgres: OPERATOR_CHARTS.postgres.namespace,
  redis: OPERATOR_CHARTS.redis.namespace,
  monitoring: OPERATOR_CHARTS.monitoring.namespace,
} as const;
