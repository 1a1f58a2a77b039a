/**
 * What a GCP plan provides, read back from it: the GKE cluster's zones, control plane and nodes, and what
 * Cloud SQL and Memorystore stores are and cost. Pure, over planned resources.
 */
import { type CloudFacts, get, num, ofType, sum } from "../../analysis/facts.js";
import type { PlannedResource } from "../../planner/types.js";
import { TYPE } from "../tokens.js";

export const gcpFacts: CloudFacts = {
  cluster: (plan) => {
    const cluster = ofType(plan, TYPE.gcpContainerCluster)[0];
    const pools = ofType(plan, TYPE.gcpContainerNodePool);
    const zonesOf = (p: PlannedResource) => ((get(p, "nodeLocations") as unknown[]) ?? []).length;
    return {
      zones: pools.length ? Math.min(...pools.map(zonesOf)) : 0,
      // A regional cluster (location is a region, not a zone) has the replicated, SLA-backed control plane.
      controlPlaneSla: cluster ? !/-[a-z]$/.test(String(get(cluster, "location"))) : false,
      // GKE's minimum is per zone.
      minNodes: sum(pools.map((p) => num(get(p, "autoscaling.minNodeCount")) * zonesOf(p))),
    };
  },
  stores: {
    [TYPE.gcpSqlDatabaseInstance]: (r) => {
      const copies = get(r, "settings.availabilityType") === "REGIONAL" ? 2 : 1;
      return {
        kind: "postgres",
        managed: true,
        ha: copies === 2,
        replicas: copies,
        backupRetentionDays:
          get(r, "settings.backupConfiguration.enabled") === true
            ? num(get(r, "settings.backupConfiguration.backupRetentionSettings.retainedBackups"))
            : 0,
        billing: {
          label: `Cloud SQL ${r.name}${copies > 1 ? " (regional HA)" : ""}`,
          className: get(r, "settings.tier"),
          copies,
          storageGiB: (get(r, "settings.diskSize") as number | undefined) ?? 10,
        },
      };
    },
    [TYPE.gcpRedisInstance]: (r) => ({
      kind: "redis",
      managed: true,
      ha: get(r, "tier") === "STANDARD_HA",
      replicas: 1 + num(get(r, "replicaCount")),
      // RDB snapshots have no retention count: Memorystore keeps the latest.
      backupRetentionDays: null,
      billing: {
        label: `Memorystore ${r.name}`,
        // The catalog names Memorystore classes by tier and size, e.g. STANDARD_HA-5GB; HA is in the price.
        className: `${(get(r, "tier") as string | undefined) ?? "BASIC"}-${get(r, "memorySizeGb") as number}GB`,
        copies: 1,
      },
    }),
  },
};
