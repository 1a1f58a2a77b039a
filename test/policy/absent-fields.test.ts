/**
 * A security setting left out is not a setting turned on: each encryption-at-rest field the rule guards,
 * removed from a compliant fixture (not set to false: absent, as a program that forgot it would leave it),
 * triggers the rule on that resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TokenGroup } from "../../clouds/tokens.js";
import { evaluatePolicies } from "../../policy/evaluate.js";
import { POLICIES } from "../../policy/rules/index.js";
import { BASELINES, type Baseline, targetOf } from "./fixtures.js";

const RULE = "datastore-encryption-at-rest";
const policy = POLICIES.find((p) => p.name === RULE)!;

const GUARDED: readonly { baseline: Baseline; group: TokenGroup; field: string }[] = [
  { baseline: "aws", group: "rdsInstance", field: "storageEncrypted" },
  { baseline: "aws", group: "elasticacheReplicationGroup", field: "atRestEncryptionEnabled" },
  { baseline: "scaleway", group: "scalewayDatabase", field: "encryptionAtRest" },
];

describe(`${RULE} with its field left out`, () => {
  for (const { baseline, group, field } of GUARDED) {
    it(`${baseline} ${group} without ${field} is a violation`, async () => {
      const resources = structuredClone(BASELINES[baseline]());
      const target = targetOf(resources, { group });
      assert.ok(target, `the ${baseline} fixture has a ${group}`);
      const inputs = target.inputs;
      assert.equal(inputs[field], true, `the compliant fixture sets ${field}`);
      assert.deepEqual(await evaluatePolicies(resources, { policies: [policy] }), [], "compliant as it is");
      delete inputs[field];
      assert.equal(field in inputs, false);
      const hits = (await evaluatePolicies(resources, { policies: [policy] })).filter(
        (v) => v.policy === RULE,
      );
      assert.ok(
        hits.some((h) => h.urn === target.urn),
        `${RULE} names ${target.urn}: ${JSON.stringify(hits)}`,
      );
    });
  }
});
