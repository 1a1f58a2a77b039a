/**
 * Metering labels of the managed data stores' GCP resources: `labels`, or Cloud SQL's
 * `settings.userLabels`. Consulted before the cluster's reader (`metering.ts`).
 */
import type { GlobalAddressArgs } from "@pulumi/gcp/compute/globalAddress.js";
import type { InstanceArgs as MemorystoreArgs } from "@pulumi/gcp/redis/instance.js";
import type { ConnectionArgs } from "@pulumi/gcp/servicenetworking/connection.js";
import type { DatabaseArgs as SqlDatabaseArgs } from "@pulumi/gcp/sql/database.js";
import type { DatabaseInstanceArgs } from "@pulumi/gcp/sql/databaseInstance.js";
import type { UserArgs as SqlUserArgs } from "@pulumi/gcp/sql/user.js";
import { type HasLabels, tableReader } from "../../analysis/metering/table-reader.js";
import { TYPE } from "../tokens.js";

export const gcpDatastoreMetering = tableReader("gcp:", {
  [TYPE.gcpComputeGlobalAddress]: (true satisfies HasLabels<GlobalAddressArgs>) && "labels",
  [TYPE.gcpServicenetworkingConnection]: false satisfies HasLabels<ConnectionArgs>,
  // Cloud SQL keeps its labels in the settings block.
  [TYPE.gcpSqlDatabaseInstance]: (false satisfies HasLabels<DatabaseInstanceArgs>) || "settings.userLabels",
  [TYPE.gcpSqlDatabase]: false satisfies HasLabels<SqlDatabaseArgs>,
  [TYPE.gcpSqlUser]: false satisfies HasLabels<SqlUserArgs>,
  [TYPE.gcpRedisInstance]: (true satisfies HasLabels<MemorystoreArgs>) && "labels",
});
