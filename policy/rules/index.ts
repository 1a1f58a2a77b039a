/**
 * Every rule of the cloudtier policy pack, by area. The pack entry (`policy/index.ts`) serves this array
 * to Pulumi at deploy time; the offline evaluator (`policy/evaluate.ts`) runs the same objects on plans.
 * Importing this module loads no provider SDK and does not start the policy server.
 */
import type { Policies } from "@pulumi/policy";
import { CLOUD_MODULES } from "../../clouds/index.js";
import { CLUSTER_POLICIES } from "./clusters.js";
import { DATASTORE_POLICIES } from "./datastores.js";
import { METERING_POLICIES } from "./metering.js";
import { PLATFORM_POLICIES } from "./platform.js";
import { TENANT_POLICIES } from "./tenants.js";

export { CLUSTER_POLICIES, DATASTORE_POLICIES, METERING_POLICIES, PLATFORM_POLICIES, TENANT_POLICIES };

export const POLICIES: Policies = [
  ...CLUSTER_POLICIES,
  ...TENANT_POLICIES,
  ...DATASTORE_POLICIES,
  ...METERING_POLICIES,
  ...PLATFORM_POLICIES,
  // Rules of one cloud alone, kept in its folder.
  ...Object.values(CLOUD_MODULES).flatMap((cloud) => cloud.policies),
];
