/**
 * Metering tags of the managed data stores' Scaleway resources: `key=value` lists. Consulted before
 * the cluster's reader (`metering.ts`).
 */
import type { DatabaseArgs as ScwDatabaseArgs } from "@pulumiverse/scaleway/databases/database.js";
import type { InstanceArgs as ScwInstanceArgs } from "@pulumiverse/scaleway/databases/instance.js";
import type { ClusterArgs as ScwRedisArgs } from "@pulumiverse/scaleway/redis/cluster.js";
import { type HasTags, tableReader, tagsIf, parseTagList } from "../../analysis/metering/table-reader.js";
import { TYPE } from "../tokens.js";

export const scalewayDatastoreMetering = tableReader(
  "scaleway:",
  {
    [TYPE.scwDatabasesInstance]: tagsIf(true satisfies HasTags<ScwInstanceArgs>),
    [TYPE.scwDatabasesDatabase]: tagsIf(false satisfies HasTags<ScwDatabaseArgs>),
    [TYPE.scwRedisCluster]: tagsIf(true satisfies HasTags<ScwRedisArgs>),
  },
  parseTagList,
);
