/**
 * SLO alert rules of a tenant, as data derived from its tier's SLA: multi-window, multi-burn-rate alerts
 * on availability (share of 5xx answers at the ingress) and on p99 latency against the tier's target.
 * Pure; `slo-rules.ts` turns the result into a `PrometheusRule` (monitoring.coreos.com/v1).
 *
 * Burn rates and windows follow the Google SRE Workbook ("Alerting on SLOs"): a 30-day budget spent 2% in
 * an hour or 5% in six hours pages; 10% in three days or a steady full-rate burn opens a ticket. Each alert
 * needs the long window (sustained) and the short one (still happening) above the threshold.
 */
import { type SlaSpec, TIER_SPECS, type TierName } from "../../domain/tiers.js";

export interface BurnRateAlert {
  readonly severity: "page" | "ticket";
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Multiple of the error budget's even spend over 30 days. */
  readonly burnRate: number;
  readonly for: string;
}

export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { severity: "page", longWindow: "1h", shortWindow: "5m", burnRate: 14.4, for: "2m" },
  { severity: "page", longWindow: "6h", shortWindow: "30m", burnRate: 6, for: "15m" },
  { severity: "ticket", longWindow: "1d", shortWindow: "2h", burnRate: 3, for: "1h" },
  { severity: "ticket", longWindow: "3d", shortWindow: "6h", burnRate: 1, for: "1h" },
];

/** The ingress controller's request metrics, labelled with the namespace of the Ingress they served. */
export const REQUESTS_METRIC = "nginx_ingress_controller_requests";
export const DURATION_BUCKETS_METRIC = "nginx_ingress_controller_request_duration_seconds_bucket";

export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

/** Share of requests the SLA allows to fail, e.g. 0.0005 for 99.95 %. */
export function errorBudget(sla: Pick<SlaSpec, "targetPercent">): number {
  return Number((100 - sla.targetPercent).toFixed(6)) / 100;
}

const num = (x: number) => String(Number(x.toPrecision(6)));

export interface SloObjectives {
  /** Availability objective, percent: the tier's SLA target. */
  readonly availabilityPercent: number;
  readonly errorBudget: number;
  /** p99 latency objective, seconds. */
  readonly latencyP99Seconds: number;
}

export function sloObjectives(tier: TierName): SloObjectives {
  const sla = TIER_SPECS[tier].sla;
  return {
    availabilityPercent: sla.targetPercent,
    errorBudget: errorBudget(sla),
    latencyP99Seconds: sla.latencyP99Ms / 1000,
  };
}

function windowsOf(alerts: readonly BurnRateAlert[]): string[] {
  const seconds = (w: string) =>
    Number(w.slice(0, -1)) * { m: 60, h: 3600, d: 86400 }[w.slice(-1) as "m" | "h" | "d"];
  return [...new Set(alerts.flatMap((a) => [a.shortWindow, a.longWindow]))].sort(
    (a, b) => seconds(a) - seconds(b),
  );
}

export const ERROR_RATIO_RECORD = (window: string) => `cloudtier:ingress_error_ratio:rate${window}`;
export const LATENCY_P99_RECORD = (window: string) => `cloudtier:ingress_latency_p99_seconds:${window}`;

/** The rule groups of one tenant namespace. */
export function sloRuleGroups(namespace: string, tier: TierName): RuleGroup[] {
  const o = sloObjectives(tier);
  const sel = `exported_namespace="${namespace}"`;
  const windows = windowsOf(BURN_RATE_ALERTS);
  const labels = (severity: string, slo: string) => ({ severity, slo, tier, namespace });
  const availability = BURN_RATE_ALERTS.map((a): Rule => {
    const threshold = num(a.burnRate * o.errorBudget);
    return {
      alert: `SloAvailabilityBurn${a.severity === "page" ? "Fast" : "Slow"}${a.longWindow}`,
      expr: `${ERROR_RATIO_RECORD(a.longWindow)}{namespace="${namespace}"} > ${threshold} and ${ERROR_RATIO_RECORD(a.shortWindow)}{namespace="${namespace}"} > ${threshold}`,
      for: a.for,
      labels: labels(a.severity, "availability"),
      annotations: {
        summary: `${namespace}: error budget of the ${o.availabilityPercent}% availability SLO burning ${a.burnRate}x`,
        description: `5xx share above ${threshold} over ${a.longWindow} and ${a.shortWindow}.`,
      },
    };
  });
  // Latency alerts use the same windows; the objective is the tier's p99 target itself.
  const latency = BURN_RATE_ALERTS.filter((a) => a.burnRate >= 6).map((a): Rule => ({
    alert: `SloLatencyP99${a.longWindow}`,
    expr: `${LATENCY_P99_RECORD(a.longWindow)}{namespace="${namespace}"} > ${num(o.latencyP99Seconds)} and ${LATENCY_P99_RECORD(a.shortWindow)}{namespace="${namespace}"} > ${num(o.latencyP99Seconds)}`,
    for: a.for,
    labels: labels(a.severity, "latency"),
    annotations: {
      summary: `${namespace}: p99 latency above the ${tier} tier's ${o.latencyP99Seconds * 1000} ms objective`,
      description: `p99 above ${num(o.latencyP99Seconds)}s over ${a.longWindow} and ${a.shortWindow}.`,
    },
  }));
  return [
    {
      name: "slo-recordings",
      interval: "30s",
      rules: windows.flatMap((w): Rule[] => [
        {
          record: ERROR_RATIO_RECORD(w),
          expr: `sum(rate(${REQUESTS_METRIC}{${sel},status=~"5.."}[${w}])) / sum(rate(${REQUESTS_METRIC}{${sel}}[${w}]))`,
          labels: { namespace },
        },
        {
          record: LATENCY_P99_RECORD(w),
          expr: `histogram_quantile(0.99, sum by (le) (rate(${DURATION_BUCKETS_METRIC}{${sel}}[${w}])))`,
          labels: { namespace },
        },
      ]),
    },
    { name: "slo-availability", rules: availability },
    { name: "slo-latency", rules: latency },
  ];
}
