import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MOCK_PASSWORD_MARKER } from "../../planner/mocks/random.js";
import { input, oneOfType, planRequests } from "../support/plan.js";

describe("the password canary", () => {
  it("is visible when a program shows a password in plain text, and hidden in a Secret", async () => {
    const [plan] = await planRequests([
      {
        name: "platform-kubeconfig-local",
        config: { kind: "platform", region: "kubeconfig:local", tenants: [] },
        programUrl: new URL("../fixtures/programs/leaky-password.ts", import.meta.url).href,
      },
    ]);
    const leak = oneOfType(plan, "kubernetes:core/v1:ConfigMap");
    assert.ok(
      String(input(leak, "data.password")).startsWith(MOCK_PASSWORD_MARKER),
      "the canary shows a leak",
    );
    assert.ok(JSON.stringify(plan).includes(MOCK_PASSWORD_MARKER));
    const kept = oneOfType(plan, "kubernetes:core/v1:Secret");
    assert.equal(input(kept, "stringData"), "[secret]");
    assert.ok(!JSON.stringify(kept).includes(MOCK_PASSWORD_MARKER));
  });
});
