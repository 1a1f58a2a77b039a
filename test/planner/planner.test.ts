import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StackConfigInput } from "../../domain/stack-config.js";
import { planStacks } from "../../planner/plan.js";
import type { StackRequest } from "../../planner/types.js";

const config: StackConfigInput = { kind: "platform", region: "kubeconfig:local", tenants: [] };
const fixture = (file: string): StackRequest => ({
  name: `fixture-${file}`,
  config,
  programUrl: new URL(`../fixtures/programs/${file}.ts`, import.meta.url).href,
});

describe("offline planner", () => {
  it("rejects a stack that registers the same URN twice", async () => {
    const { plans, errors } = await planStacks([fixture("duplicate-urn")]);
    assert.equal(plans.length, 0);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /duplicate resource URNs.*kubernetes:core\/v1:Namespace::same/);
  });

  it("fails a stack whose Kubernetes object breaks the official schema", async () => {
    const { errors } = await planStacks([fixture("invalid-object")]);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /ResourceQuota fails schema validation.*quantity/);
  });

  it("fails a stack whose object name is not a DNS-1123 label", async () => {
    const { errors } = await planStacks([fixture("bad-name")]);
    assert.match(errors[0].message, /metadata.name "Not_A_Label" is not a valid Namespace name/);
  });

  it("plans the others when one stack fails, each in its own worker", async () => {
    const good: StackRequest = {
      name: "platform-kubeconfig-local",
      config: { kind: "platform", region: "kubeconfig:local", tenants: [{ id: "acme", tier: "team" }] },
    };
    const { plans, errors } = await planStacks([fixture("duplicate-urn"), good, fixture("invalid-object")], {
      parallel: 2,
    });
    assert.deepEqual(
      plans.map((p) => p.stack),
      ["platform-kubeconfig-local"],
    );
    assert.equal(errors.length, 2);
  });

  it("rejects an invalid stack config as bad input, naming the field", async () => {
    const { errors } = await planStacks([
      {
        name: "broken",
        config: {
          kind: "platform",
          region: "kubeconfig:local",
          tenants: [{ id: "x", tier: "gold" }],
        } as never,
      },
    ]);
    assert.equal(errors[0].kind, "input");
    assert.match(errors[0].message, /cloudtier:stack\.tenants\[0\]\.tier/);
  });
});
