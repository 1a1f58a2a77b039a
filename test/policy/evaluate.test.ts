import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Policies, PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { evaluatePolicies, mandatoryViolations } from "../../policy/evaluate.js";
import { ofType } from "../../policy/rules/support.js";
import { tenantStack } from "./fixtures.js";

const resources = tenantStack();
const namespaceUrn = resources.find((r) => r.name === "acme-ns")!.urn;

describe("the offline evaluator", () => {
  it("reports each violation with its policy, level, resource and message, mandatory first", async () => {
    const policies: Policies = [
      {
        name: "warn-on-namespaces",
        description: "test",
        enforcementLevel: "advisory",
        validateResource: ofType("namespace", (_props, _args, report) => report("advisory finding")),
      },
      {
        name: "block-roles",
        description: "test",
        enforcementLevel: "mandatory",
        validateResource: ofType("role", (_props, _args, report) => report("mandatory finding")),
      },
    ];
    const violations = await evaluatePolicies(resources, { policies, stack: "s" });
    assert.deepEqual(
      violations.map((v) => [v.policy, v.level, v.message]),
      [
        ["block-roles", "mandatory", "mandatory finding"],
        ["warn-on-namespaces", "advisory", "advisory finding"],
        ["warn-on-namespaces", "advisory", "advisory finding"],
      ],
    );
    assert.equal(mandatoryViolations(violations).length, 1);
    assert.ok(violations.some((v) => v.urn === namespaceUrn));
  });

  it("skips disabled policies, treats remediate as mandatory and a missing level as advisory", async () => {
    const always = (name: string, level?: "disabled" | "remediate") => ({
      name,
      description: "test",
      ...(level ? { enforcementLevel: level } : {}),
      validateStack: (_args: unknown, report: (m: string) => void) => report(name),
    });
    const violations = await evaluatePolicies(resources, {
      policies: [always("off", "disabled"), always("fix", "remediate"), always("plain")],
    });
    assert.deepEqual(
      violations.map((v) => [v.policy, v.level]),
      [
        ["fix", "mandatory"],
        ["plain", "advisory"],
      ],
    );
  });

  it("gives stack findings the stack's URN, and resource findings from a stack policy their own", async () => {
    const violations = await evaluatePolicies(resources, {
      stack: "acme-kubeconfig-local",
      policies: [
        {
          name: "stack",
          description: "test",
          enforcementLevel: "mandatory",
          validateStack: (args, report) => {
            report("whole stack");
            report("one resource", args.resources[1].urn);
          },
        },
      ],
    });
    assert.deepEqual(
      violations.map((v) => v.urn),
      [
        "urn:pulumi:acme-kubeconfig-local::cloudtier::pulumi:pulumi:Stack::cloudtier-acme-kubeconfig-local",
        resources[1].urn,
      ],
    );
  });

  it("passes args shaped like the policy server's: props, options, provider, type checks, notApplicable", async () => {
    const seen: ResourceValidationArgs[] = [];
    const stackSeen: PolicyResource[][] = [];
    await evaluatePolicies(resources, {
      policies: [
        {
          name: "inspect",
          description: "test",
          enforcementLevel: "advisory",
          validateResource: (args) => {
            if (args.type !== "kubernetes:core/v1:Namespace") args.notApplicable("namespaces only");
            seen.push(args);
          },
          validateStack: (args) => {
            stackSeen.push(args.resources);
          },
        },
      ],
    });
    const ns = seen.find((a) => a.urn === namespaceUrn)!;
    assert.equal(seen.length, 2, "notApplicable stops the other resources quietly");
    assert.deepEqual(ns.props, resources.find((r) => r.urn === namespaceUrn)!.inputs);
    assert.equal(ns.opts.protect, false);
    assert.equal(ns.provider?.type, "pulumi:providers:kubernetes");
    assert.equal(ns.isType({ __pulumiType: "kubernetes:core/v1:Namespace" } as never), true);
    assert.equal(ns.isType({ __pulumiType: "kubernetes:core/v1:Pod" } as never), false);
    assert.equal(stackSeen[0].length, resources.length);
  });

  it("names the policy and resource when a rule throws", async () => {
    await assert.rejects(
      evaluatePolicies(resources, {
        policies: [
          {
            name: "broken",
            description: "test",
            enforcementLevel: "mandatory",
            validateResource: ofType("namespace", () => {
              throw new Error("boom");
            }),
          },
        ],
      }),
      /policy broken failed on urn:.*acme-ns: boom/,
    );
  });
});
