/**
 * SLA rules checked on a plan: what the resources the program registered actually provide (zones,
 * control-plane tier, nodes, data store HA, replicas and backup retention, SLO rules), read from their
 * inputs, against the SLA the tier promises (`domain/tiers.ts`). Pure: works on any plan's JSON.
 *
 * Facts a plan cannot show (the zones of an existing cluster reached by kubeconfig) are `null` and not
 * checked; every fact a plan can show is.
 */
import { TIER_LABEL, TIER_TAG } from "../components/labels.js";
import { sloRuleGroups } from "../components/observability/slo.js";
import { type SlaSpec, TIERS, TIER_SPECS, type TierName } from "../domain/tiers.js";
import { isKubernetesObject } from "../planner/k8s-schema.js";
import { meteringTagsOf } from "./metering/index.js";
import type { PlannedResource, RecordedPlan } from "../planner/types.js";
import { TYPE } from "../clouds/tokens.js";
import { type ClusterFacts, type StoreFacts, clusterFacts, get, storeFactsOf } from "./facts.js";

export type { ClusterFacts };

export interface DatastoreFacts extends Pick<
  StoreFacts,
  "kind" | "managed" | "ha" | "replicas" | "backupRetentionDays"
> {
  readonly urn: string;
  /** Tier of the customer the store is metered to. */
  readonly tier: TierName | undefined;
}

export interface SloRuleFacts {
  readonly urn: string;
  readonly namespace: string;
  readonly tier: TierName | undefined;
  readonly groups: unknown;
}

type Inputs = Record<string, unknown>;

export { clusterFacts };

const asTier = (v: unknown): TierName | undefined =>
  (TIERS as readonly unknown[]).includes(v) ? (v as TierName) : undefined;

function providerIndex(plan: Pick<RecordedPlan, "resources">): Map<string, PlannedResource> {
  return new Map(plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
}

function tierOf(r: PlannedResource, providers: ReadonlyMap<string, PlannedResource>): TierName | undefined {
  if (isKubernetesObject(r)) {
    return asTier((get(r, "metadata.labels") as Inputs | undefined)?.[TIER_LABEL]);
  }
  return asTier(meteringTagsOf(r, providers)?.[TIER_TAG]);
}

export function datastoreFacts(plan: Pick<RecordedPlan, "resources">): DatastoreFacts[] {
  const providers = providerIndex(plan);
  return plan.resources.flatMap((r) => {
    const facts = storeFactsOf(r);
    if (!facts) return [];
    const { kind, managed, ha, replicas, backupRetentionDays } = facts;
    return [{ urn: r.urn, kind, managed, tier: tierOf(r, providers), ha, replicas, backupRetentionDays }];
  });
}

export function sloRuleFacts(plan: Pick<RecordedPlan, "resources">): SloRuleFacts[] {
  return plan.resources
    .filter((r) => r.type === TYPE.k8sMonitoringPrometheusRule)
    .map((r) => ({
      urn: r.urn,
      namespace: String(get(r, "metadata.namespace")),
      tier: asTier((get(r, "metadata.labels") as Inputs | undefined)?.[TIER_LABEL]),
      groups: get(r, "spec.groups"),
    }));
}

/** JSON with object keys sorted: recorded inputs do not keep the program's key order. */
function canonical(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Inputs)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sortKeys(x)]),
          )
        : v;
  return JSON.stringify(sortKeys(value));
}

/**
 * Every way a plan falls short of its SLAs: the cluster against `clusterSla` (the platform cluster's, or
 * the Cloud-tier customer's), each data store and SLO rule against its own customer's tier. Empty when
 * the plan keeps every promise it can show.
 */
export function slaViolations(
  plan: Pick<RecordedPlan, "cloud" | "resources">,
  clusterSla: SlaSpec,
): string[] {
  const problems: string[] = [];
  const cluster = clusterFacts(plan);
  if (cluster.zones !== null && cluster.zones < clusterSla.zones) {
    problems.push(`cluster spans ${cluster.zones} zones; the SLA needs ${clusterSla.zones}`);
  }
  if (cluster.controlPlaneSla !== null && clusterSla.controlPlaneSla && !cluster.controlPlaneSla) {
    problems.push("control plane is not on the cloud's uptime-SLA tier");
  }
  if (cluster.minNodes !== null && cluster.minNodes < clusterSla.zones) {
    problems.push(
      `cluster keeps ${cluster.minNodes} nodes at least; the SLA needs one per zone (${clusterSla.zones})`,
    );
  }
  for (const store of datastoreFacts(plan)) {
    if (!store.tier) {
      problems.push(`${store.urn}: carries no tier label or tag`);
      continue;
    }
    const sla = TIER_SPECS[store.tier].sla;
    if (sla.datastoreHa && !store.ha)
      problems.push(`${store.urn}: not highly available; the ${store.tier} SLA needs HA`);
    if (!store.managed && store.replicas < sla.replicas) {
      problems.push(`${store.urn}: ${store.replicas} instances; the ${store.tier} SLA needs ${sla.replicas}`);
    }
    if (store.backupRetentionDays !== null && store.backupRetentionDays < sla.backupRetentionDays) {
      problems.push(
        `${store.urn}: keeps backups ${store.backupRetentionDays} days; the ${store.tier} SLA needs ${sla.backupRetentionDays}`,
      );
    }
  }
  for (const rule of sloRuleFacts(plan)) {
    if (!rule.tier) {
      problems.push(`${rule.urn}: carries no tier label`);
    } else if (canonical(rule.groups) !== canonical(sloRuleGroups(rule.namespace, rule.tier))) {
      problems.push(`${rule.urn}: alert rules do not match the ${rule.tier} tier's SLA objectives`);
    }
  }
  return problems;
}
