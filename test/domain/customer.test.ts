import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  CUSTOMER_ID_MAX,
  effectiveQuota,
  namespaceReservedBy,
  parseCustomer,
  validateCustomerId,
} from "../../domain/customer.js";
import { OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
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
  it("accepts a valid customer, members' e-mail addresses as given", () => {
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
      { email: "Ann@Example.com", role: "owner" },
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

describe("reserved namespaces", () => {
  it("every cloud's add-on namespaces, and the platform's own, are refused as customer ids, naming who reserves them", () => {
    const cases: [string, RegExp][] = [
      ["gmp-system", /Google Cloud/],
      ["gmp-public", /Google Cloud/],
      ["gke-managed-cim", /prefix gke-/],
      ["config-management-system", /Google Cloud/],
      ["amazon-cloudwatch", /Amazon Web Services/],
      ["amazon-guardduty", /Amazon Web Services/],
      ["aws-observability", /Amazon Web Services/],
      ["aws-anything", /prefix aws-/],
      ["azure-arc", /prefix azure-/],
      ["aks-istio-system", /prefix aks-/],
      ["app-routing-system", /Azure/],
      ["tigera-operator", /reserved by/],
      ["calico-system", /reserved by/],
      ["cilium-secrets", /prefix cilium/],
      ["kube-flannel", /prefix kube-/],
      ["cattle-system", /prefix cattle-/],
      ["cert-manager", /Kubernetes and cloudtier/],
      ["traefik", /Kubernetes and cloudtier/],
      ["monitoring", /Kubernetes and cloudtier/],
    ];
    for (const [id, rule] of cases) {
      const problems = validateCustomerId(id);
      assert.equal(problems.length, 1, id);
      assert.match(problems[0].rule, rule, id);
      assert.equal(problems[0].received, id);
      assert.ok(problems[0].limit && problems[0].fix, id);
    }
    for (const id of ["acme", "globex-eu", "gkeacme", "amazonia"])
      assert.deepEqual(validateCustomerId(id), [], id);
  });

  it("hold every namespace the platform's charts install into", () => {
    for (const namespace of Object.values(OPERATOR_NAMESPACES)) {
      assert.ok(namespaceReservedBy(namespace), namespace);
    }
  });

  it("a customer id that a cloud reserves exits 2 through parseCustomer, naming the field", () => {
    assert.throws(
      () => parseCustomer({ id: "amazon-cloudwatch", tier: "team", regions: ["kubeconfig:local"] }),
      (e: unknown) => e instanceof InputError && e.problems.some((p) => p.field === "customer.id"),
    );
  });
});

describe("customer id (properties)", () => {
  const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/);

  it("accepts every DNS-1123 label within the budget that is not reserved", () => {
    fc.assert(
      fc.property(label, (id) => {
        fc.pre(namespaceReservedBy(id) === undefined);
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
