/**
 * The viewer role reads and never writes: every rule of the planned `tenant-viewer` Role grants exactly
 * get, list and watch (pinned, not merely "no wildcard"), on every kind the other roles may change, and no
 * subresource that acts (exec, port-forward, scale).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ROLE_RULES } from "../../../components/tenancy/rbac.js";
import type { PlannedResource, RecordedPlan } from "../../../planner/types.js";
import { input, ofType, planCustomer } from "../../support/plan.js";

const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const READ = ["get", "list", "watch"];

interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
}

describe("the viewer role", () => {
  let roles: PlannedResource[];
  before(async () => {
    const [plan] = (await planCustomer({
      tier: "team",
      regions: ["kubeconfig:local"],
      members: ["ann@example.com:owner", "vi@example.com:viewer"],
    })) as [RecordedPlan];
    roles = ofType(plan, ROLE);
  });

  it("grants get, list and watch, nothing else, in every rule", () => {
    const viewer = roles.find((r) => input<string>(r, "metadata.name") === "tenant-viewer");
    assert.ok(
      viewer,
      `a tenant-viewer Role among ${roles.map((r) => input<string>(r, "metadata.name")).join(", ")}`,
    );
    const rules = input<Rule[]>(viewer, "rules");
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      assert.deepEqual(
        [...rule.verbs].sort(),
        READ,
        `${rule.apiGroups.join(",")}/${rule.resources.join(",")}`,
      );
      for (const resource of rule.resources) {
        assert.doesNotMatch(resource, /\/(exec|portforward|attach|scale|proxy)$/, resource);
      }
    }
  });

  it("can see every kind a developer may change", () => {
    const seen = (group: string, resource: string) =>
      ROLE_RULES.viewer.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));
    for (const rule of ROLE_RULES.developer.filter((r) => r.verbs.includes("create"))) {
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources.filter((r) => !r.includes("/"))) {
          assert.ok(seen(group, resource), `the viewer sees ${group}/${resource}`);
        }
      }
    }
    for (const rule of ROLE_RULES.viewer) assert.deepEqual([...rule.verbs].sort(), READ);
  });
});
