/**
 * Platform shards under the planner: shard 0 owns the region's cluster and exports its kubeconfig; a later
 * shard on a cloud reaches that cluster through a StackReference to shard 0 (answered by the planner's
 * mocks with a kubeconfig in the cloud's format) and creates no cluster or operators of its own; on an
 * existing cluster every shard uses the same kubeconfig context.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StackConfigInput } from "../../domain/stack-config.js";
import { planStacks } from "../../planner/plan.js";
import type { RecordedPlan, StackRequest } from "../../planner/types.js";
import { input, ofType, oneOfType, planRequests } from "../support/plan.js";

const tenants = [
  {
    id: "alpha",
    tier: "team" as const,
    postgres: true,
    members: [{ email: "a@example.com", role: "owner" as const }],
  },
  { id: "beta", tier: "community" as const, redis: true },
];

function platform(region: string, shard: number): StackConfigInput {
  return { kind: "platform", region, shard, tenants };
}

const fixture = (name: string) => new URL(`../fixtures/programs/${name}.ts`, import.meta.url).href;

/** Every custom resource of the tenants goes through this provider. */
function tenantProviders(plan: RecordedPlan): Set<string> {
  return new Set(
    plan.resources
      .filter(
        (r) =>
          r.custom &&
          r.urn.includes("cloudtier:tenancy:TenantNamespace") &&
          !r.type.startsWith("pulumi:providers:"),
      )
      .filter((r) => !r.type.startsWith("random:"))
      .map((r) => r.provider!.slice(0, r.provider!.lastIndexOf("::"))),
  );
}

describe("platform shards", () => {
  it("a later aws shard reads shard 0's kubeconfig through a StackReference and creates no cluster", async () => {
    const [plan] = await planRequests([
      { name: "platform-aws-eu-west-1-1", config: platform("aws:eu-west-1", 1) },
    ]);
    const reference = oneOfType(plan, "pulumi:pulumi:StackReference");
    assert.equal(input(reference, "name"), "organization/cloudtier/platform-aws-eu-west-1");
    const providers = ofType(plan, "pulumi:providers:kubernetes");
    assert.equal(providers.length, 1);
    assert.equal(input(providers[0], "kubeconfig"), "[secret]", "the kubeconfig stays a secret");
    assert.equal(reference.parent, providers[0].parent, "both belong to the ClusterReference");
    // The tenants' Kubernetes objects go to the cluster; the one Postgres tenant's backup grants are
    // made in AWS, through a provider of the shard's own (shard 0's is not reachable from here).
    const aws = oneOfType(plan, "pulumi:providers:aws");
    assert.equal(input(aws, "region"), "eu-west-1");
    assert.deepEqual([...tenantProviders(plan)].sort(), [aws.urn, providers[0].urn].sort());
    assert.deepEqual(
      [...new Set(plan.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type))],
      ["aws:eks/podIdentityAssociation:PodIdentityAssociation"],
      "no cluster, network or bucket: only the Postgres tenant's backup grants",
    );
    assert.deepEqual(
      plan.resources.filter((r) => r.type.startsWith("kubernetes:helm.sh/")),
      [],
      "no operators",
    );
    assert.equal(ofType(plan, "kubernetes:core/v1:Namespace").length, tenants.length);
  });

  for (const region of ["gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"]) {
    it(`a later ${region.split(":")[0]} shard plans against shard 0 too`, async () => {
      const name = `platform-${region.replace(":", "-")}-2`;
      const [plan] = await planRequests([{ name, config: platform(region, 2) }]);
      const reference = oneOfType(plan, "pulumi:pulumi:StackReference");
      assert.equal(input(reference, "name"), `organization/cloudtier/platform-${region.replace(":", "-")}`);
      assert.equal(ofType(plan, "kubernetes:core/v1:Namespace").length, tenants.length);
    });
  }

  it("shard 0 on a cloud exports the cluster's kubeconfig as a secret, and each tenant's names", async () => {
    const [plan] = await planRequests([
      {
        name: "platform-aws-eu-west-1",
        config: platform("aws:eu-west-1", 0),
        programUrl: fixture("platform-outputs"),
      },
    ]);
    const outputs = oneOfType(plan, "test:outputs:Outputs");
    assert.deepEqual(input(outputs, "names"), ["backups", "clusterName", "kubeconfig", "tenants"]);
    assert.equal(input(outputs, "kubeconfig"), "[secret]");
    assert.deepEqual(input(outputs, "tenants"), [
      { namespace: "alpha", postgresSecret: "postgres-credentials" },
      { namespace: "beta", redisSecret: "redis-credentials" },
    ]);
    assert.equal(ofType(plan, "aws:eks/cluster:Cluster").length, 1);
  });

  it("a later shard on an existing cluster uses the same kubeconfig context, without a StackReference", async () => {
    const [plan] = await planRequests([
      { name: "platform-kubeconfig-kind-1", config: platform("kubeconfig:kind", 1) },
    ]);
    assert.equal(ofType(plan, "pulumi:pulumi:StackReference").length, 0);
    assert.equal(input(oneOfType(plan, "pulumi:providers:kubernetes"), "context"), "kind");
  });

  it("rejects a stack file whose shard is not the one its name stands for", async () => {
    const request: StackRequest = { name: "platform-aws-eu-west-1-2", config: platform("aws:eu-west-1", 0) };
    const { errors } = await planStacks([request]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].kind, "input");
    assert.match(
      errors[0].message,
      /cloudtier:stack\.shard: must be the shard the stack name platform-aws-eu-west-1-2/,
    );
  });

  it("ends a plan whose awaited registration fails, with the mocks' message", async () => {
    const { errors } = await planStacks([
      {
        name: "platform-aws-eu-west-1",
        config: platform("aws:eu-west-1", 0),
        programUrl: fixture("refused-registration"),
      },
    ]);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0].message,
      /only knows the outputs of platform-aws-eu-west-1, not of the stack organization\/cloudtier\/elsewhere/,
    );
  });
});
