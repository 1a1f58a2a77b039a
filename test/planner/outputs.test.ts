import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planCustomer } from "../support/plan.js";

describe("the stack outputs of a plan", () => {
  it("are the program's outputs as the mocks resolve them, secrets masked", async () => {
    const [platform] = await planCustomer({ tier: "team", regions: ["kubeconfig:local"], postgres: true });
    assert.deepEqual(platform.outputs, {
      clusterName: "current-context",
      tenants: [{ namespace: "acme", postgresSecret: "postgres-credentials" }],
    });
    const [environment] = await planCustomer({ tier: "cloud", regions: ["aws:eu-west-1"] });
    assert.equal(environment.outputs["kubeconfig"], "[secret]", "the kubeconfig stays secret");
    assert.equal(typeof environment.outputs["clusterName"], "string");
  });
});
