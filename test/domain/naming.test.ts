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
  checkName,
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

/**
 * Each cloud's name limits as its documentation states them, written here as literals: the tests judge
 * NAME_RULES (and the customer-id checks built on it) against these, never against NAME_RULES itself.
 * Not listed: the AKS node resource group (80, which the AKS documentation does not state where this was
 * written) and the Kapsule cluster name (Scaleway documents none).
 */
const DOCUMENTED_LIMITS: readonly {
  readonly rule: keyof typeof NAME_RULES;
  readonly max: number;
  /** Names the documentation rules out whatever their length. */
  readonly invalid: readonly string[];
  readonly source: string;
}[] = [
  {
    rule: "namespace",
    max: 63,
    invalid: ["Acme", "-acme", "acme-", "ac_me", "ac.me"],
    source: "Kubernetes: namespace names are RFC 1123 DNS labels, at most 63 characters",
  },
  {
    rule: "stack",
    max: 100,
    invalid: ["a/b", "a b", "a:b"],
    source: "Pulumi: stack names match ^[A-Za-z0-9_.-]{1,100}$",
  },
  {
    rule: "eksCluster",
    max: 100,
    invalid: ["-acme", "_acme", "ac.me"],
    source: "EKS CreateCluster: alphanumerics, hyphens and underscores, starting alphanumeric, at most 100",
  },
  {
    rule: "elasticacheReplicationGroup",
    max: 40,
    invalid: ["1acme", "acme-", "ac--me"],
    source:
      "ElastiCache ReplicationGroupId: 1 to 40 letters, digits or hyphens, a letter first, no trailing or double hyphen",
  },
  {
    rule: "rdsInstance",
    max: 63,
    invalid: ["1acme", "acme-", "ac--me"],
    source:
      "RDS DBInstanceIdentifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen",
  },
  {
    rule: "gkeCluster",
    max: 40,
    invalid: ["1acme", "acme-", "Acme"],
    source:
      "GKE Cluster.name: up to 40 lowercase letters, numbers and hyphens, a letter first, no trailing hyphen",
  },
  {
    rule: "gcpNetwork",
    max: 63,
    invalid: ["1net", "net-", "Net"],
    source: "Compute Engine resource names: RFC 1035, 1 to 63 characters",
  },
  {
    rule: "cloudSqlInstance",
    max: 98,
    invalid: ["1db", "Db", "db_1"],
    source:
      "Cloud SQL Admin API: instance ID of lowercase letters, numbers and hyphens, a letter first, at most 98",
  },
  {
    rule: "memorystoreInstance",
    max: 40,
    invalid: ["1cache", "cache-", "Cache"],
    source:
      "Memorystore for Redis instance_id: 1-40 lowercase letters, numbers, hyphens; a letter first; a letter or number last",
  },
  {
    rule: "aksCluster",
    max: 63,
    invalid: ["-aks", "aks-", "aks.1"],
    source:
      "Azure naming rules, managedClusters: 1-63 alphanumerics, underscores, hyphens; start and end alphanumeric",
  },
  {
    rule: "azureResourceGroup",
    max: 90,
    invalid: ["rg/1", "rg 1", "rg#"],
    source:
      "Azure naming rules, resourcegroups: 1-90 alphanumerics, underscores, parentheses, hyphens, periods",
  },
  {
    rule: "aksNodePool",
    max: 12,
    invalid: ["1pool", "Pool", "po-ol"],
    source: "AKS: Linux node pool names 1-12 lowercase letters and numbers, starting with a letter",
  },
  {
    rule: "azurePostgresServer",
    max: 63,
    invalid: ["-pg", "pg-", "Pg"],
    source:
      "Azure naming rules, flexibleServers: 3-63 lowercase letters, numbers, hyphens; no leading or trailing hyphen",
  },
  {
    rule: "azureRedisCache",
    max: 63,
    invalid: ["-cache", "cache-", "ca--che"],
    source:
      "Azure naming rules, Redis: 1-63 alphanumerics and hyphens, start and end alphanumeric, no double hyphen",
  },
];

/** A valid name of exactly `length` characters under every rule above: `a`, then `b`s, then `c`. */
const nameOf = (length: number) => `a${"b".repeat(length - 2)}c`;

describe("name limits, from the clouds' documentation", () => {
  for (const { rule, max, invalid, source } of DOCUMENTED_LIMITS) {
    it(`${rule}: at most ${max} characters (${source})`, () => {
      assert.equal(checkName({ rule, name: nameOf(max) }, "f"), undefined, `${max} characters are allowed`);
      const over = checkName({ rule, name: nameOf(max + 1) }, "f");
      assert.ok(over, `${max + 1} characters are refused`);
      assert.match(over.limit ?? "", new RegExp(`^${max} characters`));
      for (const name of invalid) assert.ok(checkName({ rule, name }, "f"), `${name} is refused`);
    });
  }

  // Customer ids at the edge, with region ids written out: gcp:europe-west1 is "europe-west1" (12).
  it("a cloud customer in gcp:europe-west1 may have an id of 27 characters, not 28 (GKE: 40)", () => {
    assert.equal(parseCustomer({ id: idOf(27), tier: "cloud", regions: ["gcp:europe-west1"] }).id.length, 27);
    const err = rejection({ id: idOf(28), tier: "cloud", regions: ["gcp:europe-west1"] });
    assert.match(formatProblem(err.problems[0]), /GKE cluster.*40 characters/);
  });

  it("with Redis there, 21 characters, not 22 (Memorystore: 40, with -redis)", () => {
    const regions = ["gcp:europe-west1"];
    assert.equal(parseCustomer({ id: idOf(21), tier: "cloud", regions, redis: true }).id.length, 21);
    const err = rejection({ id: idOf(22), tier: "cloud", regions, redis: true });
    assert.match(formatProblem(err.problems[0]), /Memorystore instance.*40 characters/);
  });

  it("with Redis in aws:eu-west-1, 24 characters, not 25 (ElastiCache: 40)", () => {
    const regions = ["aws:eu-west-1"];
    assert.equal(parseCustomer({ id: idOf(24), tier: "cloud", regions, redis: true }).id.length, 24);
    const err = rejection({ id: idOf(25), tier: "cloud", regions, redis: true });
    assert.match(formatProblem(err.problems[0]), /ElastiCache replication group.*40 characters/);
  });
});
