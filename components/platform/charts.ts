/**
 * The operators the platform installs once per cluster, as data: chart, pinned version, repository and
 * namespace; and where each chart is taken from, which is configuration (`cloudtier:charts`): the public
 * repository by default, or a mirror, an OCI registry or a local chart for air-gapped installations.
 * Pure, so the data store and SLO builders can name the namespaces without loading Pulumi.
 *
 * - Postgres: CloudNativePG, a CNCF Sandbox project, Apache-2.0, with monthly releases. One operator
 *   manages primary/standby failover, rolling updates, TLS between instances and clients, and runs
 *   under Pod Security `restricted` without exceptions: fit for tenant namespaces.
 * - Redis: the OT-Container-Kit redis-operator, Apache-2.0 and actively released; standalone and
 *   replication modes with operator-driven failover and a password from a Kubernetes Secret. The Bitnami
 *   charts were the other common choice; their free images are no longer maintained.
 * - Monitoring: kube-prometheus-stack, whose Prometheus Operator evaluates the tenants' SLO rules
 *   (`PrometheusRule`) and whose Alertmanager routes them.
 * - Ingress: Traefik Proxy, MIT, serving the Kubernetes Ingress API behind the cloud's load balancer.
 *   ingress-nginx, the usual choice, was retired by Kubernetes SIG Network in March 2026.
 * - Certificates: cert-manager (CNCF), which issues tenants' certificates from an ACME CA or the platform's
 *   private CA through its ingress integration.
 * - DNS: external-dns (kubernetes-sigs), which writes tenants' host names into the cloud's DNS service.
 * - Capacity: the Kubernetes cluster autoscaler, on EKS, whose node groups have no autoscaler of their
 *   own (the other clouds' managed autoscalers are settings of their node pools).
 *
 * Versions were read from each chart's repository as of August 2026 (Traefik, external-dns) or its release
 * notes (cert-manager, cluster autoscaler), not from the chart repositories live.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { InputError } from "../../domain/errors.js";

export interface ChartSpec {
  /** Helm release name. */
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
  readonly namespace: string;
  /**
   * The service account the chart runs its operator as, set in its values so the name does not follow
   * the chart's defaults: the admission rule of reserved pod labels admits the data-store operators by it.
   * @default the chart's own choice (the charts whose operators need no such exemption)
   */
  readonly serviceAccount?: string;
}

export const OPERATOR_CHARTS = {
  postgres: {
    release: "cnpg",
    chart: "cloudnative-pg",
    version: "0.26.0",
    repo: "https://cloudnative-pg.github.io/charts",
    namespace: "cnpg-system",
    // The chart's own default name (`<release>-<chart>`), pinned in its values.
    serviceAccount: "cnpg-cloudnative-pg",
  },
  redis: {
    release: "redis-operator",
    chart: "redis-operator",
    version: "0.22.1",
    repo: "https://ot-container-kit.github.io/helm-charts",
    namespace: "redis-operator",
    // The chart's own default (`serviceAccountName`), pinned in its values.
    serviceAccount: "redis-operator",
  },
  monitoring: {
    release: "monitoring",
    chart: "kube-prometheus-stack",
    version: "75.15.1",
    repo: "https://prometheus-community.github.io/helm-charts",
    namespace: "monitoring",
  },
  ingress: {
    release: "ingress",
    chart: "traefik",
    version: "41.3.0",
    repo: "https://traefik.github.io/charts",
    namespace: "cloudtier-ingress",
  },
  certManager: {
    release: "cert-manager",
    chart: "cert-manager",
    version: "v1.21.1",
    repo: "https://charts.jetstack.io",
    namespace: "cert-manager",
  },
  externalDns: {
    release: "external-dns",
    chart: "external-dns",
    version: "1.21.1",
    repo: "https://kubernetes-sigs.github.io/external-dns",
    namespace: "cloudtier-dns",
  },
  clusterAutoscaler: {
    release: "cluster-autoscaler",
    chart: "cluster-autoscaler",
    version: "9.52.1",
    repo: "https://kubernetes.github.io/autoscaler",
    // Where the cloud's identity for it is bound (the service account `kube-system/cluster-autoscaler`).
    namespace: "kube-system",
  },
} as const satisfies Record<string, ChartSpec>;

export type OperatorName = keyof typeof OPERATOR_CHARTS;

/** The config key that names other chart sources, project-wide (Pulumi.yaml `config:`) or per stack. */
export const CHARTS_CONFIG_KEY = "cloudtier:charts";

const sourceSchema = z
  .object({
    /** A chart repository (a mirror of the public one): the chart is fetched by name and version. */
    repo: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL of a Helm chart repository" })
      .optional(),
    /** An OCI reference to the chart itself, without its version: `oci://registry/path/chart`. */
    oci: z
      .string()
      .regex(/^oci:\/\/[^\s/]+\/\S+$/, "must be oci://REGISTRY/PATH/CHART")
      .optional(),
    /** A chart on disk: a directory holding Chart.yaml, or a packaged .tgz; relative to the project. */
    path: z.string().min(1, "must name a chart directory or .tgz").optional(),
    /** The chart version; with `path` the chart's own. @default the pinned version above */
    version: z
      .string()
      .regex(/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, "must be a semantic version, e.g. 1.2.3")
      .optional(),
  })
  .strict()
  .refine((s) => [s.repo, s.oci, s.path].filter((v) => v !== undefined).length === 1, {
    message: "must set exactly one of repo, oci and path",
  })
  .refine((s) => !(s.path !== undefined && s.version !== undefined), {
    message: "a local chart has its own version: remove version, or use repo or oci",
  });

export const chartSourcesSchema = z
  .object(
    Object.fromEntries(Object.keys(OPERATOR_CHARTS).map((k) => [k, sourceSchema.optional()])) as Record<
      OperatorName,
      z.ZodOptional<typeof sourceSchema>
    >,
  )
  .strict();

export type ChartSource = z.output<typeof sourceSchema>;
export type ChartSources = Partial<Readonly<Record<OperatorName, ChartSource>>>;

/** Parses `cloudtier:charts`; problems name the config key's fields. */
export function parseChartSources(raw: unknown): ChartSources {
  if (raw === undefined || raw === null) return {};
  const result = chartSourcesSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      field: [CHARTS_CONFIG_KEY, ...issue.path.map(String)].join("."),
      rule: issue.message,
      limit: issue.code === "unrecognized_keys" ? Object.keys(OPERATOR_CHARTS).join(", ") : undefined,
      received: undefined,
      fix:
        "Give each chart one source, e.g. `postgres: { path: ./charts/cloudnative-pg }`, " +
        "`{ oci: oci://registry.example.com/charts/cloudnative-pg }` or `{ repo: https://mirror.example.com/charts }`.",
    })),
  );
}

/** The chart arguments of an operator's Helm release: where the chart comes from, and which version. */
export interface ChartLocation {
  readonly chart: string;
  readonly version?: string;
  readonly repo?: string;
}

/** Where an operator's chart is taken from; `projectDir` anchors relative paths. */
export function chartLocation(
  operator: OperatorName,
  source: ChartSource | undefined,
  projectDir: string,
): ChartLocation {
  const pinned = OPERATOR_CHARTS[operator];
  if (source?.path !== undefined) return { chart: resolve(projectDir, source.path) };
  if (source?.oci !== undefined) return { chart: source.oci, version: source.version ?? pinned.version };
  return {
    chart: pinned.chart,
    version: source?.version ?? pinned.version,
    repo: source?.repo ?? pinned.repo,
  };
}

export const OPERATOR_NAMESPACES = {
  postgres: OPERATOR_CHARTS.postgres.namespace,
  redis: OPERATOR_CHARTS.redis.namespace,
  monitoring: OPERATOR_CHARTS.monitoring.namespace,
  ingress: OPERATOR_CHARTS.ingress.namespace,
  certManager: OPERATOR_CHARTS.certManager.namespace,
  externalDns: OPERATOR_CHARTS.externalDns.namespace,
  clusterAutoscaler: OPERATOR_CHARTS.clusterAutoscaler.namespace,
} as const;

/**
 * The Kubernetes user names the data-store operators act as (`system:serviceaccount:<namespace>:<name>`):
 * they create the stores' pods and workloads in the tenant namespaces.
 */
export const DATASTORE_OPERATOR_USERS = (["postgres", "redis"] as const).map(
  (operator) =>
    `system:serviceaccount:${OPERATOR_CHARTS[operator].namespace}:${OPERATOR_CHARTS[operator].serviceAccount}`,
);
