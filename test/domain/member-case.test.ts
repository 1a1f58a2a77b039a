/**
 * Members' e-mail addresses keep the case they were given in: Kubernetes user names are case-sensitive and
 * Entra ID user principal names keep their case, so the binding must name the user exactly as its sign-in
 * does. Two spellings of one address are still one member: duplicates are found without regard to case.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../domain/errors.js";
import { parseCustomer } from "../../domain/customer.js";
import { parseStackConfig, tenantOf } from "../../domain/stack-config.js";

const base = { id: "acme", tier: "team", regions: ["azure:westeurope"] };

describe("members' e-mail addresses", () => {
  it("keep their case, in the customer and in the tenant a stack stores", () => {
    const c = parseCustomer({ ...base, members: ["Ann.Smith@Contoso.onmicrosoft.com:owner"] });
    assert.equal(c.members[0].email, "Ann.Smith@Contoso.onmicrosoft.com");
    assert.equal(tenantOf(c).members[0].email, "Ann.Smith@Contoso.onmicrosoft.com");
    const config = parseStackConfig({
      kind: "platform",
      region: "azure:westeurope",
      tenants: [tenantOf(c)],
    });
    assert.equal(
      config.kind === "platform" && config.tenants[0].members[0].email,
      "Ann.Smith@Contoso.onmicrosoft.com",
    );
  });

  it("are one member however they are capitalised", () => {
    assert.throws(
      () => parseCustomer({ ...base, members: ["ann@example.com:owner", "ANN@Example.com:viewer"] }),
      (err: unknown) =>
        err instanceof InputError &&
        err.problems.some((p) => p.field === "customer.members[1].email" && /listed twice/.test(p.rule)),
    );
  });
});
