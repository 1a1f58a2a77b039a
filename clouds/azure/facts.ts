/**
 * What an Azure plan provides, read back from it: the AKS cluster's zones, control plane and nodes, and
 * what PostgreSQL Flexible Server and Azure Cache for Redis stores are and cost. Pure.
 */
import { type CloudFacts, get, num, ofType, sum } from "../../analysis/facts.js";
import { TYPE } from "../tokens.js";

/** Flexible Server HA modes that run a standby (and bill it); only ZoneRedundant puts it in another zone. */
const STANDBY_MODES = ["ZoneRedundant", "SameZone"] as const;

export const azureFacts: CloudFacts = {
  cluster: (plan) => {
    const cluster = ofType(plan, TYPE.azureContainerserviceManagedCluster)[0];
    const pools = ofType(plan, TYPE.azureContainerserviceAgentPool);
    return {
      zones: pools.length
        ? Math.min(...pools.map((p) => ((get(p, "availabilityZones") as unknown[]) ?? []).length))
        : 0,
      controlPlaneSla: cluster ? get(cluster, "sku.tier") === "Standard" : false,
      minNodes: sum(pools.map((p) => num(get(p, "minCount")))),
    };
  },
  stores: {
    [TYPE.azureDbforpostgresqlServer]: (r) => {
      const mode = (get(r, "highAvailability.mode") as string | undefined) ?? "Disabled";
      const copies = (STANDBY_MODES as readonly string[]).includes(mode) ? 2 : 1;
      return {
        kind: "postgres",
        managed: true,
        ha: mode === "ZoneRedundant",
        replicas: copies,
        backupRetentionDays: num(get(r, "backup.backupRetentionDays")),
        billing: {
          label: `PostgreSQL flexible server ${r.name}${copies > 1 ? ` (${mode} HA)` : ""}`,
          className: get(r, "sku.name"),
          copies,
          storageGiB: (get(r, "storage.storageSizeGB") as number | undefined) ?? 32,
        },
      };
    },
    [TYPE.azureRedis]: (r) => {
      const sku = get(r, "sku") as { name?: string; family?: string; capacity?: number } | undefined;
      return {
        kind: "redis",
        managed: true,
        ha: ((get(r, "zones") as unknown[]) ?? []).length >= 2 && num(get(r, "replicasPerPrimary")) >= 1,
        replicas: 1 + num(get(r, "replicasPerPrimary")),
        backupRetentionDays: null,
        billing: {
          label: `Azure Cache for Redis ${r.name}`,
          className: sku ? `${sku.name}_${sku.family}${sku.capacity}` : undefined,
          // Standard and Premium list prices already include the replica.
          copies: get(r, "shardCount") !== undefined ? num(get(r, "shardCount")) : 1,
        },
      };
    },
  },
};
