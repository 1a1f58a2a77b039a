import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { DATASTORE_LABEL } from "../../../components/datastore/settings.js";
import { OPERATOR_CHARTS } from "../../../components/platform/charts.js";
import { TIER_SPECS } from "../../../domain/tiers.js";
import { MOCK_PASSWORD_MARKER } from "../../../planner/mocks/random.js";
import type { PlannedResource, RecordedPlan } from "../../../planner/types.js";
import { input, ofType, oneOfType, planCustomer, planRequests } from "../../support/plan.js";

const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SECRET = "kubernetes:core/v1:Secret";
const CNPG = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const REDIS_REPLICATION = "kubernetes:redis.redis.opstreelabs.in/v1beta2:RedisReplication";
const REDIS = "kubernetes:redis.redis.opstreelabs.in/v1beta2:Redis";
const RELEASE = "kubernetes:helm.sh/v3:Release";

const byName = (plan: RecordedPlan, type: string, objectName: string): PlannedResource => {
  const found = ofType(plan, type).filter((r) => input(r, "metadata.name") === objectName);
  assert.equal(found.length, 1, `one ${type} named ${objectName}`);
  return found[0];
};

describe("in-cluster data stores (team tier, kubeconfig:local, --redis --postgres)", () => {
  let plan: RecordedPlan;
  before(async () => {
    [plan] = (await planCustomer({
      tier: "team",
      regions: ["kubeconfig:local"],
      members: ["ann@example.com:owner"],
      redis: true,
      postgres: true,
    })) as [RecordedPlan];
  });

  it("installs CloudNativePG, redis-operator and the monitoring stack once, pinned, in their namespaces", () => {
    const releases = ofType(plan, RELEASE);
    assert.deepEqual(releases.map((r) => input(r, "chart")).sort(), [
      "cert-manager",
      "cloudnative-pg",
      "kube-prometheus-stack",
      "redis-operator",
      "traefik",
    ]);
    for (const r of releases) {
      const chart = Object.values(OPERATOR_CHARTS).find((c) => c.chart === input(r, "chart"))!;
      assert.equal(input(r, "version"), chart.version);
      assert.equal(input(r, "namespace"), chart.namespace);
      assert.equal(input(r, "repositoryOpts.repo"), chart.repo);
    }
  });

  it("gives Postgres a CloudNativePG Cluster sized from the tier, TLS-only, without superuser", () => {
    const cluster = oneOfType(plan, CNPG);
    assert.equal(input(cluster, "metadata.namespace"), "acme");
    assert.equal(input(cluster, "spec.instances"), TIER_SPECS.team.sla.replicas);
    assert.equal(input(cluster, "spec.storage.size"), `${TIER_SPECS.team.datastoreStorageGiB}Gi`);
    assert.equal(input(cluster, "spec.enableSuperuserAccess"), false);
    assert.deepEqual(input(cluster, "spec.postgresql.pg_hba"), ["hostnossl all all all reject"]);
    assert.equal(input(cluster, "spec.bootstrap.initdb.secret.name"), "postgres-credentials");
    assert.ok(input(cluster, "spec.resources.limits.cpu"), "resource limits set");
    assert.ok(input(cluster, "spec.resources.requests.memory"), "resource requests set");
    assert.equal(input(cluster, "spec.affinity.topologyKey"), "topology.kubernetes.io/zone");
    assert.equal(
      input<Record<string, string>>(cluster, "spec.inheritedMetadata.labels")["cloudtier.io/customer"],
      "acme",
    );
  });

  it("gives Redis a replicated redis-operator store with the password from the credentials Secret", () => {
    assert.equal(ofType(plan, REDIS).length, 0, "two replicas: a replication, not a standalone");
    const redis = oneOfType(plan, REDIS_REPLICATION);
    assert.equal(input(redis, "spec.clusterSize"), 2);
    assert.deepEqual(input(redis, "spec.kubernetesConfig.redisSecret"), {
      name: "redis-credentials",
      key: "password",
    });
    assert.equal(
      input(redis, "spec.storage.volumeClaimTemplate.spec.resources.requests.storage"),
      `${TIER_SPECS.team.datastoreStorageGiB}Gi`,
    );
    assert.equal(input(redis, "spec.podSecurityContext.runAsNonRoot"), true);
    assert.equal(input(redis, "spec.securityContext.allowPrivilegeEscalation"), false);
  });

  it("protects the stores: deleting one takes an explicit unprotect", () => {
    for (const r of [oneOfType(plan, CNPG), oneOfType(plan, REDIS_REPLICATION)])
      assert.equal(r.protect, true, r.urn);
  });

  it("generates passwords without a random provider, and keeps them only in the credentials Secret", () => {
    assert.deepEqual(
      plan.resources.filter(
        (r) => r.type.startsWith("random:") || r.type.startsWith("pulumi:providers:random"),
      ),
      [],
      "the kubeconfig path needs no provider plugin beyond Kubernetes",
    );
    for (const kind of ["postgres", "redis"]) {
      const secret = byName(plan, "kubernetes:core/v1:Secret", `${kind}-credentials`);
      assert.equal(input(secret, "stringData"), "[secret]");
    }
  });

  it("admits only the tenant's own pods (and the operator, on its port) to the stores", () => {
    for (const policyName of ["postgres-ingress", "redis-ingress"]) {
      const policy = byName(plan, NP, policyName);
      assert.equal(input(policy, "metadata.namespace"), "acme");
      const rules = input<{ from: Record<string, unknown>[]; ports: { port: number }[] }[]>(
        policy,
        "spec.ingress",
      );
      for (const rule of rules) {
        for (const peer of rule.from) {
          if (peer["podSelector"] !== undefined) {
            assert.deepEqual(peer["podSelector"], {}, "same-namespace pods only");
            assert.equal(peer["namespaceSelector"], undefined, "no other namespace's pods");
          } else {
            const ns = (peer["namespaceSelector"] as { matchLabels: Record<string, string> }).matchLabels;
            assert.ok(
              ([OPERATOR_CHARTS.postgres.namespace, OPERATOR_CHARTS.redis.namespace] as string[]).includes(
                ns["kubernetes.io/metadata.name"],
              ),
              JSON.stringify(ns),
            );
          }
        }
        assert.ok(rule.ports.length > 0, "ports are narrowed");
      }
    }
    // The tenant's allow-ingress-controller policy no longer reaches data store pods.
    const ingress = byName(plan, NP, "allow-ingress-controller");
    assert.deepEqual(input(ingress, "spec.podSelector"), {
      matchExpressions: [{ key: DATASTORE_LABEL, operator: "DoesNotExist" }],
    });
  });

  it("delivers credentials as a Secret whose data is secret in the plan", () => {
    for (const kind of ["postgres", "redis"]) {
      const secret = byName(plan, SECRET, `${kind}-credentials`);
      assert.equal(input(secret, "metadata.namespace"), "acme");
      assert.equal(input(secret, "type"), "kubernetes.io/basic-auth");
      assert.equal(input(secret, "stringData"), "[secret]");
      assert.equal(input(secret, "data"), undefined);
    }
    assert.ok(!JSON.stringify(plan).includes(MOCK_PASSWORD_MARKER), "no password in plain text anywhere");
  });

  it("adds the tenant's SLO rules at the team tier's objectives", () => {
    const rule = oneOfType(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
    assert.equal(input(rule, "metadata.namespace"), "acme");
    assert.match(JSON.stringify(input(rule, "spec.groups")), /> 0\.0144 and/);
  });
});

describe("quota that cannot hold the requested stores", () => {
  it("fails the plan with an input error naming the quota field", async () => {
    const { planStacks } = await import("../../../planner/plan.js");
    const outcome = await planStacks([
      {
        name: "platform-kubeconfig-local",
        config: {
          kind: "platform",
          region: "kubeconfig:local",
          tenants: [{ id: "acme", tier: "team", postgres: true, quota: { storageGiB: 5 } }],
        },
      },
    ]);
    assert.equal(outcome.errors.length, 1);
    assert.equal(outcome.errors[0].kind, "input");
    assert.match(outcome.errors[0].message, /tenants\[0\]\.quota\.storageGiB/);
  });

  it("plans a tenant without stores with no data store objects, and shard 1 without operators", async () => {
    const [plan] = await planRequests([
      {
        name: "platform-kubeconfig-local-1",
        config: {
          kind: "platform",
          region: "kubeconfig:local",
          shard: 1,
          tenants: [{ id: "bare", tier: "developer" }],
        },
      },
    ]);
    assert.equal(ofType(plan, RELEASE).length, 0);
    assert.equal(ofType(plan, SECRET).length, 0);
    assert.equal(ofType(plan, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").length, 1);
  });
});
