/**
 * What a Scaleway plan provides, read back from it: the Kapsule cluster's zones, control plane and nodes,
 * and what Managed Database and Managed Redis stores are and cost. Pure.
 */
import { type CloudFacts, distinct, get, num, ofType, sum } from "../../analysis/facts.js";
import { TYPE } from "../tokens.js";

export const scalewayFacts: CloudFacts = {
  cluster: (plan) => {
    const cluster = ofType(plan, TYPE.scwKubernetesCluster)[0];
    const pools = ofType(plan, TYPE.scwKubernetesPool);
    return {
      zones: distinct(pools.map((p) => get(p, "zone"))),
      // Dedicated control planes come with Scaleway's SLA; the mutualised one does not.
      controlPlaneSla: cluster ? String(get(cluster, "type")).startsWith("kapsule-dedicated") : false,
      minNodes: sum(pools.map((p) => num(get(p, "minSize")))),
    };
  },
  stores: {
    [TYPE.scwDatabasesInstance]: (r) => {
      const copies = get(r, "isHaCluster") === true ? 2 : 1;
      return {
        kind: "postgres",
        managed: true,
        ha: copies === 2,
        replicas: copies,
        backupRetentionDays: get(r, "disableBackup") === true ? 0 : num(get(r, "backupScheduleRetention")),
        billing: {
          label: `Managed Database ${r.name}${copies > 1 ? " (HA)" : ""}`,
          className: get(r, "nodeType"),
          copies,
          storageGiB: get(r, "volumeSizeInGb") as number | undefined,
        },
      };
    },
    [TYPE.scwRedisCluster]: (r) => {
      const nodes = get(r, "clusterSize") !== undefined ? num(get(r, "clusterSize")) : 1;
      return {
        kind: "redis",
        managed: true,
        ha: nodes >= 3,
        replicas: nodes,
        backupRetentionDays: null,
        billing: {
          label: `Managed Redis ${r.name}, ${nodes} node${nodes === 1 ? "" : "s"}`,
          className: get(r, "nodeType"),
          copies: nodes,
        },
      };
    },
  },
};
