/**
 * The policy pack entry point Pulumi runs at deploy time (`pulumi up --policy-pack policy`, or the
 * `policyPacks` option of the Automation API). Constructing the PolicyPack starts the policy server, so it
 * happens here and only here; everything else imports `./rules/index.js`.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME } from "./pack.js";
import { POLICIES } from "./rules/index.js";

new PolicyPack(POLICY_PACK_NAME, {
  policies: POLICIES,
  description:
    "cloudtier guardrails: private, encrypted, logged clusters; fenced tenant namespaces; private, encrypted, backed-up data stores; metering and naming.",
  // Rules set their own levels; a rule without one would only warn.
  enforcementLevel: "advisory",
});
