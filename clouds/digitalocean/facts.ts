/**
 * What a DigitalOcean plan provides, read back from it: the DOKS cluster's zones (a region is one
 * datacenter), control plane and nodes, and what Managed PostgreSQL and Valkey clusters are and cost.
 */
import { type CloudFacts, type StoreFacts, get, num, ofType, sum } from "../../analysis/facts.js";
import type { PlannedResource } from "../../planner/types.js";
import { TYPE } from "../tokens.js";

/** Days DigitalOcean keeps PostgreSQL backups; the retention cannot be changed. */
export const DO_PG_BACKUP_DAYS = 7;

function databaseFacts(r: PlannedResource): StoreFacts {
  const nodes = get(r, "nodeCount") !== undefined ? num(get(r, "nodeCount")) : 1;
  const postgres = get(r, "engine") === "pg";
  return {
    kind: postgres ? "postgres" : "redis",
    managed: true,
    // Standby nodes take over by themselves, in the same datacenter: a region has no other zone.
    ha: nodes >= 2,
    replicas: nodes,
    backupRetentionDays: postgres ? DO_PG_BACKUP_DAYS : null,
    billing: {
      label: `${postgres ? "Managed PostgreSQL" : "Managed Valkey"} ${r.name}, ${nodes} node${nodes === 1 ? "" : "s"}`,
      className: get(r, "size"),
      // Each node (primary or standby) is billed at the size's price; storage is included.
      copies: nodes,
    },
  };
}

export const digitaloceanFacts: CloudFacts = {
  cluster: (plan) => {
    const cluster = ofType(plan, TYPE.doKubernetesCluster)[0];
    const pools = ofType(plan, TYPE.doKubernetesNodePool);
    const inline = cluster ? num(get(cluster, "nodePool.minNodes") ?? get(cluster, "nodePool.nodeCount")) : 0;
    return {
      zones: cluster ? 1 : 0,
      controlPlaneSla: cluster ? get(cluster, "ha") === true : false,
      minNodes: inline + sum(pools.map((p) => num(get(p, "minNodes") ?? get(p, "nodeCount")))),
    };
  },
  stores: { [TYPE.doDatabaseCluster]: databaseFacts },
};
