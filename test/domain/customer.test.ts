import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  CUSTOMER_ID_MAX,
  RESERVED_IDS,
  effectiveQuota,
  parseCustomer,
  validateCustomerId,
} from "../../domain/customer.js";
import { InputError } from "../../domain/errors.js";
import { TIER_SPECS } from "../../domain/tiers.js";
import { BAD_INPUTS } from "./bad-inputs.js";

function problemsOf(input: unknown): InputError {
  try {
    parseCustomer(input);
  } catch (err) {
    assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(input)}`);
}

describe("customer spec", () => {
  it("accepts a valid customer and normalises members", () => {
    const c = parseCustomer({
      id: "acme",
      tier: "team",
      regions: ["kubeconfig:local", "aws:eu-west-1"],
      members: ["Ann@Example.com:owner", { email: "bo@example.com", role: "viewer" }],
      redis: true,
      quota: { pods: 200 },
    });
    assert.deepEqual(c.regions, [
      { cloud: "kubeconfig", region: "local" },
      { cloud: "aws", region: "eu-west-1" },
    ]);
    assert.deepEqual(c.members, [
      { email: "ann@example.com", role: "owner" },
      { email: "bo@example.com", role: "viewer" },
    ]);
    assert.equal(effectiveQuota(c.tier, c.quota).pods, 200);
    assert.equal(effectiveQuota(c.tier, c.quota).services, TIER_SPECS.team.quota.services);
  });

  it(`has at least 50 distinct bad inputs`, () => {
    assert.ok(BAD_INPUTS.length >= 50, `${BAD_INPUTS.length} bad inputs`);
    assert.equal(new Set(BAD_INPUTS.map((b) => JSON.stringify(b.input))).size, BAD_INPUTS.length);
  });

  for (const bad of BAD_INPUTS) {
    it(`rejects ${bad.why}, naming ${bad.field}`, () => {
      const err = problemsOf(bad.input);
      const problem = err.problems.find((p) => p.field.includes(bad.field));
      assert.ok(problem, `no problem names ${bad.field}: ${err.message}`);
      assert.ok(problem.rule.length > 0 && problem.fix.length > 0);
    });
  }

  it("names the cloud, the resource and the limit when a derived name is too long", () => {
    const err = problemsOf({ id: "a".repeat(30), tier: "cloud", regions: ["gcp:europe-west1"] });
    assert.match(err.message, /gcp GKE cluster/);
    assert.match(err.message, /40 characters/);
  });

  it("reports every problem at once", () => {
    const err = problemsOf({ id: "Bad Id", tier: "gold", regions: ["mars:x"], members: ["x:y"] });
    const fields = err.problems.map((p) => p.field);
    assert.ok(fields.includes("customer.id"));
    assert.ok(fields.includes("customer.tier"));
    assert.ok(fields.includes("customer.regions[0]"));
  });

  it("rejects unknown fields and wrong types", () => {
    assert.match(
      problemsOf({ id: "acme", tier: "team", regions: ["kubeconfig:local"], colour: "red" }).message,
      /customer/,
    );
    assert.match(problemsOf({ id: 7, tier: "team", regions: [] }).message, /customer\.id/);
  });
});

describe("customer id (properties)", () => {
  const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/);

  it("accepts every DNS-1123 label within the budget that is not reserved", () => {
    fc.assert(
      fc.property(label, (id) => {
        fc.pre(!(RESERVED_IDS as readonly string[]).includes(id) && !/^(kube|cloudtier|openshift)-/.test(id));
        assert.deepEqual(validateCustomerId(id), []);
      }),
    );
  });

  it("rejects any id with a character outside [a-z0-9-]", () => {
    fc.assert(
      fc.property(
        label,
        fc.nat(),
        fc.constantFrom("A", "Z", " ", "_", ".", "é", "/", ":", "@"),
        (id, at, bad) => {
          const i = at % (id.length + 1);
          assert.notDeepEqual(validateCustomerId(id.slice(0, i) + bad + id.slice(i)), []);
        },
      ),
    );
  });

  it("rejects any id longer than the budget", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9]{40,80}$/), (id) => {
        assert.ok(id.length > CUSTOMER_ID_MAX);
        assert.ok(validateCustomerId(id).some((p) => p.limit === `${CUSTOMER_ID_MAX} characters`));
      }),
    );
  });

  it("takes ephemeral-storage overrides like every quota field, within the tier's bounds", () => {
    const c = parseCustomer({
      id: "acme",
      tier: "team",
      regions: ["kubeconfig:local"],
      quota: { requestsEphemeralStorageGiB: 100, limitsEphemeralStorageGiB: 300 },
    });
    assert.equal(effectiveQuota(c.tier, c.quota).requestsEphemeralStorageGiB, 100);
    assert.equal(effectiveQuota(c.tier, c.quota).limitsEphemeralStorageGiB, 300);
    assert.equal(
      effectiveQuota(c.tier, {}).limitsEphemeralStorageGiB,
      TIER_SPECS.team.quota.limitsEphemeralStorageGiB,
    );
  });

  it("accepts any quota override within the tier's bounds and rejects any beyond", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("community", "developer", "team", "cloud" as const),
        fc.nat(),
        (tier, n) => {
          const max = TIER_SPECS[tier].quotaMax.pods;
          const within = n % (max + 1);
          const accept = () =>
            parseCustomer({ id: "acme", tier, regions: ["aws:eu-west-1"], quota: { pods: within } });
          assert.doesNotThrow(accept);
          assert.throws(
            () =>
              parseCustomer({ id: "acme", tier, regions: ["aws:eu-west-1"], quota: { pods: max + 1 + n } }),
            InputError,
          );
        },
      ),
    );
  });
});
