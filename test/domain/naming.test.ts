import assert from "node:assert/strict";
import { describe, it } from "node:test";

import fc from "fast-check";

import { AWS_NAME_LIMITS, awsClusterNames, awsNodeGroupName } from "../../clouds/aws/names.js";
import { GCP_NAME_LIMITS, SERVICE_ACCOUNT_ID_PATTERN, gcpClusterNames } from "../../clouds/gcp/names.js";
import { CUSTOMER_ID_MAX, type Customer, parseCustomer } from "../../domain/customer.js";
import { InputError, formatProblem } from "../../domain/errors.js";
import {
  NAME_RULES,
  type NameRule,
  clusterNames,
  datastoreNames,
  environmentBaseName,
  environmentStackName,
  platformBaseName,
} from "../../domain/naming.js";
import { CATALOG, MANAGED_CLOUDS, type RegionRef, regionKey, regionSpec } from "../../regions/index.js";

const REGIONS: RegionRef[] = MANAGED_CLOUDS.flatMap((cloud) =>
  Object.keys(CATALOG[cloud].regions).map((region) => ({ cloud, region })),
);

function rejection(input: Record<string, unknown>): InputError {
  try {
    parseCustomer(input);
  } catch (err) {
    assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
    return err;
  }
  assert.fail(`${JSON.stringify(input)} was accepted`);
}

/** An id of exactly `length` characters that is a valid DNS label. */
function idOf(length: number): string {
  return `a${"b".repeat(length - 2)}c`;
}

function satisfies(rule: NameRule, name: string): boolean {
  return name.length <= rule.maxLength && rule.pattern.test(name);
}

/** Every name cloudtier derives for a customer, with the rule it must meet. */
function derivedNames(customer: Customer): { rule: NameRule; name: string }[] {
  const names = [{ rule: NAME_RULES.namespace as NameRule, name: customer.id }];
  for (const ref of customer.regions) {
    names.push({ rule: NAME_RULES.stack, name: environmentStackName(customer.id, ref) });
    if (customer.tier !== "cloud") continue;
    const base = environmentBaseName(customer.id, ref);
    for (const d of [...clusterNames(base, ref.cloud), ...datastoreNames(base, ref.cloud, customer)]) {
      names.push({ rule: NAME_RULES[d.rule], name: d.name });
    }
  }
  return names;
}

/** The names the cluster components set on aws and gcp, checked against those clouds' own limits. */
function componentNameProblems(base: string, ref: RegionRef): string[] {
  const problems: string[] = [];
  const check = (name: string, max: number) => {
    if (name.length > max) problems.push(`${name} (${name.length} > ${max})`);
  };
  if (ref.cloud === "aws") {
    const names = awsClusterNames(base);
    check(names.cluster, AWS_NAME_LIMITS.eksCluster);
    for (const role of [names.clusterRole, names.nodeRole, names.cniRole, names.flowLogRole])
      check(role, AWS_NAME_LIMITS.iamRole);
    check(names.kmsAlias, AWS_NAME_LIMITS.kmsAlias);
    check(names.launchTemplate, AWS_NAME_LIMITS.launchTemplate);
    check(names.controlPlaneLogGroup, AWS_NAME_LIMITS.logGroup);
    const spec = regionSpec(ref);
    for (const zone of spec.zones) {
      const group = awsNodeGroupName(base, zone, spec.id, { instanceType: "m7i.2xlarge", amiType: "x" });
      check(group, AWS_NAME_LIMITS.eksNodeGroup);
      if (!/^[0-9A-Za-z][A-Za-z0-9_-]*$/.test(group)) problems.push(`${group} has a bad character`);
    }
  }
  if (ref.cloud === "gcp") {
    const names = gcpClusterNames(base);
    check(names.cluster, GCP_NAME_LIMITS.gkeCluster);
    for (const n of [names.network, names.subnetwork, names.router, names.nat]) {
      check(n, GCP_NAME_LIMITS.compute);
      if (!satisfies(NAME_RULES.gcpNetwork, n)) problems.push(`${n} is not a valid compute name`);
    }
    if (!SERVICE_ACCOUNT_ID_PATTERN.test(names.nodeServiceAccount)) {
      problems.push(`service account id ${names.nodeServiceAccount}`);
    }
  }
  return problems;
}

describe("derived names", () => {
  it("rejects an id that fits a namespace but makes the GKE cluster name longer than 40", () => {
    const id = idOf(30);
    assert.ok(id.length <= CUSTOMER_ID_MAX);
    // The same id is fine where the cluster name allows it.
    assert.equal(parseCustomer({ id, tier: "cloud", regions: ["aws:eu-west-1"] }).id, id);
    const err = rejection({ id, tier: "cloud", regions: ["gcp:europe-west1"] });
    assert.equal(err.problems.length, 1);
    const [problem] = err.problems;
    assert.match(problem.field, /^customer\.id/);
    const text = formatProblem(problem);
    for (const part of ["gcp", "GKE cluster", "40"])
      assert.ok(text.includes(part), `"${text}" names ${part}`);
    assert.equal(problem.received, `${id}-europe-west1`);
  });

  it("rejects an id whose ElastiCache replication group name exceeds 40 only when redis is asked for", () => {
    const id = idOf(25);
    const regions = ["aws:eu-west-1"];
    assert.equal(parseCustomer({ id, tier: "cloud", regions }).id, id);
    const err = rejection({ id, tier: "cloud", regions, redis: true });
    assert.equal(err.problems.length, 1);
    const text = formatProblem(err.problems[0]);
    for (const part of ["aws", "ElastiCache replication group", "40"]) {
      assert.ok(text.includes(part), `"${text}" names ${part}`);
    }
    assert.equal(err.problems[0].received, `${id}-eu-west-1-redis`);
  });

  it("does not apply the cloud names to shared tiers, which get no cluster of their own", () => {
    const id = idOf(CUSTOMER_ID_MAX);
    assert.equal(parseCustomer({ id, tier: "team", regions: ["gcp:europe-west1"] }).id, id);
  });

  it("gives every accepted customer names that satisfy every rule, on every cloud", () => {
    const input = fc.record({
      id: fc.stringMatching(/^[a-z][-a-z0-9]{0,38}[a-z0-9]$/),
      tier: fc.constantFrom("cloud", "team", "developer"),
      regions: fc.uniqueArray(fc.constantFrom(...REGIONS), {
        minLength: 1,
        maxLength: 2,
        selector: regionKey,
      }),
      redis: fc.boolean(),
      postgres: fc.boolean(),
    });
    let accepted = 0;
    fc.assert(
      fc.property(input, (raw) => {
        let customer: Customer;
        try {
          customer = parseCustomer({ ...raw, regions: raw.regions.map(regionKey) });
        } catch (err) {
          assert.ok(err instanceof InputError, String(err));
          return;
        }
        accepted++;
        for (const { rule, name } of derivedNames(customer)) {
          assert.ok(satisfies(rule, name), `${name} breaks the ${rule.cloud} ${rule.resource} rule`);
        }
        if (customer.tier === "cloud") {
          for (const ref of customer.regions) {
            assert.deepEqual(componentNameProblems(environmentBaseName(customer.id, ref), ref), []);
          }
        }
      }),
      { numRuns: 400 },
    );
    assert.ok(accepted > 100, `only ${accepted} of 400 customers were accepted: the property tested little`);
  });

  it("rejects only ids whose derived names would really break a rule", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: CUSTOMER_ID_MAX }),
        fc.constantFrom(...REGIONS),
        fc.boolean(),
        (length, ref, redis) => {
          const id = length === 1 ? "a" : idOf(length);
          const customer = { id, tier: "cloud" as const, regions: [ref], redis, postgres: true };
          const breaks = derivedNames({ ...customer, displayName: id, members: [], quota: {} }).some(
            ({ rule, name }) => !satisfies(rule, name),
          );
          let rejected = false;
          try {
            parseCustomer({ ...customer, regions: [regionKey(ref)] });
          } catch (err) {
            assert.ok(err instanceof InputError);
            rejected = true;
          }
          assert.equal(rejected, breaks, `${id} in ${regionKey(ref)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps the platform clusters' names within every cloud's limits", () => {
    for (const ref of REGIONS) {
      const base = platformBaseName(ref);
      for (const d of clusterNames(base, ref.cloud)) {
        assert.ok(satisfies(NAME_RULES[d.rule], d.name), `${d.name} (${regionKey(ref)})`);
      }
      assert.deepEqual(componentNameProblems(base, ref), [], regionKey(ref));
    }
  });
});
