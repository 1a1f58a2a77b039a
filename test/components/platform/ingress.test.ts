import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CLUSTER_ISSUER,
  HOST_POLICY,
  INGRESS_CLASS,
  hostAdmissionObjects,
  issuerObjects,
  traefikValues,
} from "../../../components/platform/ingress-spec.js";

/** A nested field by path (`spec.validations.0.expression`). */
function at<T = unknown>(object: unknown, path: string): T {
  return path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], object) as T;
}

describe("the ingress objects", () => {
  it("Traefik serves the Ingress API alone, as the default class, behind a load balancer", () => {
    const values = traefikValues({ replicas: 3, labels: { a: "b" } });
    assert.equal(at(values, "ingressClass.name"), "cloudtier");
    assert.equal(at(values, "ingressClass.isDefaultClass"), true);
    assert.equal(at(values, "providers.kubernetesCRD.enabled"), false);
    assert.equal(at(values, "providers.kubernetesIngress.allowExternalNameServices"), false);
    assert.equal(at(values, "service.spec.type"), "LoadBalancer");
    assert.deepEqual(at(values, "podDisruptionBudget"), { enabled: true, minAvailable: 1 });
  });

  it("an ACME issuer solves HTTP-01 through the platform's class; the private CA is a root and a CA issuer", () => {
    const acme = issuerObjects(
      {
        domain: "apps.example.com",
        publicDomain: true,
        issuer: { kind: "acme", server: "https://acme.example/dir" },
      },
      {},
    );
    assert.deepEqual(
      acme.map((o) => [o["kind"], o.metadata.name]),
      [["ClusterIssuer", "cloudtier"]],
    );
    assert.deepEqual(at(acme[0], "spec.acme.solvers"), [
      { http01: { ingress: { ingressClassName: "cloudtier" } } },
    ]);
    const ca = issuerObjects(
      { domain: "cloudtier.internal", publicDomain: false, issuer: { kind: "private-ca" } },
      {},
    );
    assert.deepEqual(
      ca.map((o) => [o["kind"], o.metadata.name, o.metadata.namespace]),
      [
        ["ClusterIssuer", "cloudtier-selfsigned", undefined],
        ["Certificate", "cloudtier-root-ca", "cert-manager"],
        ["ClusterIssuer", "cloudtier", undefined],
      ],
    );
    assert.deepEqual(at(ca[2], "spec.ca"), { secretName: "cloudtier-root-ca" });
    assert.equal(CLUSTER_ISSUER, "cloudtier");
    assert.equal(INGRESS_CLASS, "cloudtier");
  });

  it("the admission policy is the API server's own, fails closed and binds the tenant namespaces only", () => {
    const { policy, binding } = hostAdmissionObjects("aws-eu-west-1.apps.example.com", {});
    assert.equal(policy.metadata.name, HOST_POLICY);
    assert.equal(at(policy, "spec.failurePolicy"), "Fail");
    assert.deepEqual(at(policy, "spec.matchConstraints.resourceRules.0.operations"), ["CREATE", "UPDATE"]);
    assert.deepEqual(at(policy, "spec.matchConstraints.resourceRules.0.resources"), ["ingresses"]);
    // The suffix appears quoted in the host checks, after the namespace's name.
    assert.match(
      at<string>(policy, "spec.validations.0.expression"),
      /namespaceObject\.metadata\.name \+ '\.aws-eu-west-1\.apps\.example\.com'/,
    );
    assert.equal(at(binding, "spec.policyName"), HOST_POLICY);
    assert.deepEqual(at(binding, "spec.validationActions"), ["Deny"]);
    assert.deepEqual(at(binding, "spec.matchResources.namespaceSelector.matchExpressions"), [
      { key: "cloudtier.io/customer", operator: "Exists" },
      { key: "cloudtier.io/customer", operator: "NotIn", values: ["platform"] },
    ]);
  });
});
