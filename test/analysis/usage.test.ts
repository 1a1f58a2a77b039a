import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { UNATTRIBUTED, resourcesPerCustomer } from "../../analysis/usage.js";
import type { PlannedResource, RecordedPlan } from "../../planner/types.js";
import { planRequests } from "../support/plan.js";

const resource = (
  urn: string,
  type: string,
  inputs: Record<string, unknown>,
  provider: string | null = null,
): PlannedResource => ({
  urn,
  type,
  name: urn,
  parent: null,
  provider,
  custom: true,
  protect: false,
  inputs,
});

describe("resourcesPerCustomer", () => {
  it("reads Kubernetes labels, cloud tags and the aws provider's default tags", () => {
    const plan: Pick<RecordedPlan, "stack" | "resources"> = {
      stack: "acme-aws-eu-west-1",
      resources: [
        resource("p", "pulumi:providers:aws", {
          defaultTags: JSON.stringify({ tags: { "cloudtier-customer": "acme" } }),
        }),
        resource("sg", "aws:ec2/securityGroup:SecurityGroup", {}, "p::id"),
        resource("db", "aws:rds/instance:Instance", { tags: { "cloudtier-customer": "acme" } }),
        resource("ns", "kubernetes:core/v1:Namespace", {
          metadata: { labels: { "cloudtier.io/customer": "beta" } },
        }),
        resource("pw", "random:index/randomPassword:RandomPassword", {}),
        { ...resource("c", "cloudtier:datastore:Postgres", {}), custom: false },
      ],
    };
    assert.deepEqual(resourcesPerCustomer(plan), [
      { customer: UNATTRIBUTED, resources: 1, byStack: { "acme-aws-eu-west-1": 1 } },
      { customer: "acme", resources: 2, byStack: { "acme-aws-eu-west-1": 2 } },
      { customer: "beta", resources: 1, byStack: { "acme-aws-eu-west-1": 1 } },
    ]);
  });

  describe("on a planned platform stack with two tenants", () => {
    let plan: RecordedPlan;
    before(async () => {
      [plan] = await planRequests([
        {
          name: "platform-kubeconfig-local",
          config: {
            kind: "platform",
            region: "kubeconfig:local",
            tenants: [
              { id: "acme", tier: "team", redis: true, postgres: true },
              { id: "beta", tier: "developer" },
            ],
          },
        },
      ]);
    });

    it("counts every custom resource once, each tenant's Kubernetes objects under its id", () => {
      const usage = resourcesPerCustomer([plan]);
      const total = plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).length;
      assert.equal(
        usage.reduce((n, u) => n + u.resources, 0),
        total,
      );
      const of = (c: string) => usage.find((u) => u.customer === c)?.resources ?? 0;
      const labelled = (c: string) =>
        plan.resources.filter(
          (r) =>
            (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[
              "cloudtier.io/customer"
            ] === c,
        ).length;
      assert.equal(of("acme"), labelled("acme"));
      assert.equal(of("beta"), labelled("beta"));
      assert.ok(of("acme") > of("beta"), "data stores add to acme's count");
      // Helm releases and generated passwords carry no labels or tags of their own.
      const untagged = plan.resources.filter(
        (r) => r.type === "kubernetes:helm.sh/v3:Release" || r.type.startsWith("random:"),
      ).length;
      assert.equal(of(UNATTRIBUTED), untagged);
    });
  });
});
