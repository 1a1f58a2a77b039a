import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CHARTS_CONFIG_KEY,
  OPERATOR_CHARTS,
  chartLocation,
  parseChartSources,
} from "../../../components/platform/charts.js";
import { InputError } from "../../../domain/errors.js";
import { input, ofType, planRequests } from "../../support/plan.js";

const problemsOf = (raw: unknown) => {
  try {
    parseChartSources(raw);
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err.problems;
  }
  return assert.fail("expected bad input");
};

describe("chart sources (cloudtier:charts)", () => {
  it("default to each chart's public repository at its pinned version", () => {
    assert.deepEqual(parseChartSources(undefined), {});
    assert.deepEqual(chartLocation("postgres", undefined, "/p"), {
      chart: "cloudnative-pg",
      version: "0.26.0",
      repo: "https://cloudnative-pg.github.io/charts",
    });
  });

  it("take a mirror, an OCI registry or a local chart, relative paths from the project", () => {
    const sources = parseChartSources({
      postgres: { path: "./charts/cloudnative-pg" },
      redis: { oci: "oci://registry.example.com/charts/redis-operator" },
      monitoring: { repo: "https://mirror.example.com/prometheus", version: "75.16.0" },
    });
    assert.deepEqual(chartLocation("postgres", sources.postgres, "/srv/project"), {
      chart: "/srv/project/charts/cloudnative-pg",
    });
    assert.deepEqual(chartLocation("redis", sources.redis, "/p"), {
      chart: "oci://registry.example.com/charts/redis-operator",
      version: OPERATOR_CHARTS.redis.version,
    });
    assert.deepEqual(chartLocation("monitoring", sources.monitoring, "/p"), {
      chart: "kube-prometheus-stack",
      version: "75.16.0",
      repo: "https://mirror.example.com/prometheus",
    });
    assert.equal(chartLocation("postgres", { path: "/abs/cnpg.tgz" }, "/p").chart, "/abs/cnpg.tgz");
  });

  it("reject what Helm could not use, naming the config key's field", () => {
    const cases: [unknown, string, RegExp][] = [
      [{ postgres: {} }, `${CHARTS_CONFIG_KEY}.postgres`, /exactly one of repo, oci and path/],
      [{ postgres: { path: "a", oci: "oci://r/x" } }, `${CHARTS_CONFIG_KEY}.postgres`, /exactly one/],
      [{ redis: { repo: "ftp://mirror/charts" } }, `${CHARTS_CONFIG_KEY}.redis.repo`, /http\(s\) URL/],
      [{ redis: { oci: "registry.example.com/x" } }, `${CHARTS_CONFIG_KEY}.redis.oci`, /oci:\/\//],
      [
        { monitoring: { repo: "https://m", version: "latest" } },
        `${CHARTS_CONFIG_KEY}.monitoring.version`,
        /semantic/,
      ],
      [{ postgres: { path: "./c", version: "1.0.0" } }, `${CHARTS_CONFIG_KEY}.postgres`, /own version/],
      [{ mysql: { path: "./c" } }, CHARTS_CONFIG_KEY, /mysql|Unrecognized/i],
      [{ postgres: { path: "./c", extra: 1 } }, `${CHARTS_CONFIG_KEY}.postgres`, /extra|Unrecognized/i],
      ["charts", CHARTS_CONFIG_KEY, /object/],
    ];
    for (const [raw, field, rule] of cases) {
      const problems = problemsOf(raw);
      assert.ok(
        problems.some((p) => p.field === field && rule.test(p.rule)),
        `${JSON.stringify(raw)}: ${JSON.stringify(problems)}`,
      );
    }
  });

  it("reach the operators' Helm releases of a platform stack", async () => {
    const [plan] = await planRequests([
      {
        name: "platform-kubeconfig-local",
        config: { kind: "platform", region: "kubeconfig:local", tenants: [] },
        otherConfig: {
          [CHARTS_CONFIG_KEY]: {
            postgres: { path: "/charts/cloudnative-pg" },
            redis: { oci: "oci://registry.example.com/charts/redis-operator", version: "0.22.2" },
          },
        },
      },
    ]);
    const releases = Object.fromEntries(
      ofType(plan, "kubernetes:helm.sh/v3:Release").map((r) => [input<string>(r, "name"), r]),
    );
    const cnpg = releases[OPERATOR_CHARTS.postgres.release];
    assert.equal(input(cnpg, "chart"), "/charts/cloudnative-pg");
    assert.equal(input(cnpg, "repositoryOpts"), undefined);
    assert.equal(input(cnpg, "version"), undefined);
    const redis = releases[OPERATOR_CHARTS.redis.release];
    assert.equal(input(redis, "chart"), "oci://registry.example.com/charts/redis-operator");
    assert.equal(input(redis, "version"), "0.22.2");
    const monitoring = releases[OPERATOR_CHARTS.monitoring.release];
    assert.equal(input(monitoring, "repositoryOpts.repo"), OPERATOR_CHARTS.monitoring.repo);
  });

  it("are bad input in a stack's config: the plan fails naming the field", async () => {
    const { planStacks } = await import("../../../planner/plan.js");
    const outcome = await planStacks([
      {
        name: "platform-kubeconfig-local",
        config: { kind: "platform", region: "kubeconfig:local", tenants: [] },
        otherConfig: { [CHARTS_CONFIG_KEY]: { postgres: { oci: "not-oci" } } },
      },
    ]);
    assert.equal(outcome.plans.length, 0);
    assert.equal(outcome.errors[0]?.kind, "input");
    assert.match(outcome.errors[0].message, /cloudtier:charts\.postgres\.oci/);
  });
});
