/**
 * `cloudtier plan` judging plans: policy verdicts and cost in the text and JSON output, and exit 1 when a
 * mandatory rule is violated. Weakened plans come from the test-only hook (`planTestHooks.afterPlan`),
 * which no flag or environment variable can reach: a stack file weakened the same way is bad input.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { planTestHooks } from "../../cli/commands/plan.js";
import { renderStackFile } from "../../cli/stack-files.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { runBin, runMain, tempProject } from "../support/cli.js";

interface PlanJson {
  stacks: {
    stack: string;
    cloud: string;
    policy: { violations: { policy: string; level: string; urn: string; message: string }[] };
    cost: {
      monthlyUSD: number;
      estimated: boolean;
      items: { urn: string; description: string; monthlyUSD: number }[];
      notes: string[];
    };
  }[];
  customer?: {
    customer: string;
    seats: number;
    priceMonthlyUSD: number;
    costMonthlyUSD: number;
    marginMonthlyUSD: number;
  };
  errors: unknown[];
}

const TEAM = [
  "plan",
  "--customer",
  "acme",
  "--tier",
  "team",
  "--regions",
  "kubeconfig:local",
  "--member",
  "ann@example.com:owner",
  "--member",
  "bob@example.com:developer",
];

function withoutResource(predicate: (r: PlannedResource) => boolean) {
  return (plans: RecordedPlan[]): RecordedPlan[] =>
    plans.map((p) => ({ ...p, resources: p.resources.filter((r) => !predicate(r)) }));
}

afterEach(() => {
  delete planTestHooks.afterPlan;
});

describe("cloudtier plan: policy and cost", () => {
  it("prints verdicts and cost after the tree, and the customer's cost against its price", async () => {
    const project = tempProject();
    const result = await runMain(["-C", project, ...TEAM]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /policy: \d+ rules checked: 0 mandatory, 0 advisory warnings/);
    assert.match(
      result.stdout,
      /cost: \$0\.00\/month: existing cluster \(kubeconfig\): cost is not estimated/,
    );
    assert.match(result.stdout, /Policy: \d+ rules on 1 stack: 0 mandatory violations, 0 advisory\./);
    assert.match(result.stdout, /Cost of acme \(Team tier, 3 seats, 1 environment\), monthly:/);
    // The published price: $35 per user per month, at least the Team tier's 3 seats.
    assert.match(result.stdout, /\$105\.00 +price: 3 seats x \$35\.00/);
    assert.match(result.stdout, /estimated cost \(existing clusters not counted\)/);
    assert.ok(result.stdout.indexOf("└─") < result.stdout.indexOf("policy:"), "verdicts come after the tree");
  });

  it("adds policy and cost to each stack of --json, and the customer summary", async () => {
    const project = tempProject();
    const result = await runMain(["-C", project, ...TEAM, "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as PlanJson;
    assert.equal(json.stacks.length, 1);
    assert.deepEqual(json.stacks[0].policy, { violations: [] });
    assert.deepEqual(
      {
        monthlyUSD: json.stacks[0].cost.monthlyUSD,
        estimated: json.stacks[0].cost.estimated,
        items: json.stacks[0].cost.items,
      },
      { monthlyUSD: 0, estimated: false, items: [] },
    );
    assert.match(json.stacks[0].cost.notes[0], /not estimated/);
    assert.deepEqual(
      {
        ...json.customer,
        stacks: undefined,
        tier: undefined,
        pricePerSeatMonthlyUSD: undefined,
        pricePerEnvironmentMonthlyUSD: undefined,
        marginPercent: undefined,
      },
      {
        customer: "acme",
        seats: 3,
        environments: 1,
        priceMonthlyUSD: 105,
        costMonthlyUSD: 0,
        marginMonthlyUSD: 105,
        estimated: false,
        stacks: undefined,
        tier: undefined,
        pricePerSeatMonthlyUSD: undefined,
        pricePerEnvironmentMonthlyUSD: undefined,
        marginPercent: undefined,
      },
    );
  });

  it("exits 1 naming the rule when a tenant namespace loses its default-deny policy", async () => {
    planTestHooks.afterPlan = withoutResource(
      (r) => (r.inputs["metadata"] as { name?: string } | undefined)?.name === "default-deny-all",
    );
    const result = await runMain(["-C", tempProject(), ...TEAM]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /MANDATORY tenant-default-deny-network-policy/);
    assert.match(
      result.stderr,
      /mandatory policy violations:\n {2}tenant-default-deny-network-policy \(platform-kubeconfig-local\): namespace acme has no default-deny NetworkPolicy for Ingress and Egress/,
    );
  });

  it("still prints --json, with the violation, before exiting 1", async () => {
    planTestHooks.afterPlan = withoutResource((r) => r.type === "kubernetes:core/v1:LimitRange");
    const result = await runMain(["-C", tempProject(), ...TEAM, "--json"]);
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout) as PlanJson;
    const violation = json.stacks[0].policy.violations.find((v) => v.policy === "tenant-limit-range");
    assert.ok(violation);
    assert.equal(violation.level, "mandatory");
    assert.match(violation.urn, /kubernetes:core\/v1:Namespace::acme-ns$/);
    assert.match(result.stderr, /tenant-limit-range/);
  });

  it("exits 1 naming the rule when a cluster's API is opened to the world", async () => {
    planTestHooks.afterPlan = (plans) =>
      plans.map((p) => ({
        ...p,
        resources: p.resources.map((r) =>
          r.type === "aws:eks/cluster:Cluster"
            ? {
                ...r,
                inputs: {
                  ...r.inputs,
                  vpcConfig: {
                    ...(r.inputs["vpcConfig"] as object),
                    endpointPublicAccess: true,
                    publicAccessCidrs: ["0.0.0.0/0"],
                  },
                },
              }
            : r,
        ),
      }));
    const result = await runMain([
      "-C",
      tempProject(),
      "plan",
      "--customer",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      "aws:eu-west-1",
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /cluster-api-endpoint-restricted \(acme-aws-eu-west-1\): vpcConfig\.publicAccessCidrs opens the API to 0\.0\.0\.0\/0/,
    );
  });

  it("exits 1 naming the rule when a shared-tier tenant's quota allows load balancers", async () => {
    planTestHooks.afterPlan = (plans) =>
      plans.map((p) => ({
        ...p,
        resources: p.resources.map((r) => {
          if (r.type !== "kubernetes:core/v1:ResourceQuota") return r;
          const spec = r.inputs["spec"] as { hard: Record<string, string> };
          return {
            ...r,
            inputs: { ...r.inputs, spec: { ...spec, hard: { ...spec.hard, "services.loadbalancers": "2" } } },
          };
        }),
      }));
    const result = await runMain(["-C", tempProject(), ...TEAM]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /shared-tier-no-external-services \(platform-kubeconfig-local\): namespace acme \(team\): no ResourceQuota holds services\.loadbalancers at 0/,
    );
  });

  it("refuses, as bad input, a stack file whose shared-tier tenant may create load balancers", async () => {
    const project = tempProject();
    mkdirSync(join(project, "stacks"));
    writeFileSync(
      join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml"),
      renderStackFile(undefined, {
        kind: "platform",
        region: "kubeconfig:local",
        tenants: [{ id: "acme", tier: "community", members: [], quota: { loadBalancers: 2 } }],
      }),
    );
    const result = await runMain(["-C", project, "plan", "--stack", "platform-kubeconfig-local"]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /stacks\/Pulumi\.platform-kubeconfig-local\.yaml: config\.cloudtier:stack\.tenants\[0\]\.quota\.loadBalancers: exceeds what the community tier allows \(limit: at most 0\)/,
    );
  });
});

describe("cloudtier plan --help", () => {
  it("explains policy, cost and the exit codes", () => {
    const help = runBin(["plan", "--help"]);
    assert.equal(help.code, 0);
    for (const text of [
      "Policy:",
      "Cost:",
      "730 h/month",
      "margin",
      "mandatory policy",
      '"policy":{"violations"',
      '"cost":{"monthlyUSD"',
    ]) {
      assert.ok(help.stdout.includes(text), `help mentions ${text}`);
    }
  });
});
