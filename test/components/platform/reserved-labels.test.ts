import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DATASTORE_KINDS } from "../../../components/datastore/settings.js";
import { datastoreNetworkPolicies } from "../../../components/datastore/in-cluster-spec.js";
import { OPERATOR_CHARTS } from "../../../components/platform/charts.js";
import { HOST_POLICY, hostAdmissionObjects } from "../../../components/platform/ingress-spec.js";
import {
  POD_TEMPLATE_PATHS,
  RESERVED_KEYS_ANNOTATION,
  RESERVED_LABELS_POLICY,
  RESERVED_LABEL_WRITERS,
  RESERVED_POD_LABEL_KEYS,
  reservedLabelAdmissionObjects,
} from "../../../components/platform/reserved-labels-spec.js";
import { requiredKeys } from "../../../policy/rules/platform.js";

function at<T = unknown>(object: unknown, path: string): T {
  return path
    .split(".")
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], object) as T;
}

const { policy, binding } = reservedLabelAdmissionObjects({ "cloudtier.io/customer": "platform" });
const variable = (name: string) =>
  at<{ name: string; expression: string }[]>(policy, "spec.variables").find((v) => v.name === name)!
    .expression;

describe("the reserved pod labels", () => {
  it("reserve every key the data stores' NetworkPolicies select their pods by", () => {
    for (const kind of DATASTORE_KINDS) {
      for (const [name, spec] of Object.entries(datastoreNetworkPolicies(kind, 9000))) {
        const keys = requiredKeys(spec["podSelector"] as Parameters<typeof requiredKeys>[0]);
        assert.ok(keys.length > 0, `${name} selects the store's pods only`);
        for (const key of keys) assert.ok(RESERVED_POD_LABEL_KEYS.includes(key), `${name}: ${key}`);
      }
    }
  });

  it("are refused by the API server itself, failing closed, on Pods and every pod template", () => {
    assert.equal(policy.metadata.name, RESERVED_LABELS_POLICY);
    assert.equal(policy["kind"], "ValidatingAdmissionPolicy");
    assert.equal(at(policy, "spec.failurePolicy"), "Fail");
    const rules = at<{ apiGroups: string[]; resources: string[]; operations: string[] }[]>(
      policy,
      "spec.matchConstraints.resourceRules",
    );
    assert.deepEqual(
      rules.map((r) => [r.apiGroups, r.resources.slice().sort()]),
      [
        [[""], ["pods", "replicationcontrollers"]],
        [["apps"], ["daemonsets", "deployments", "replicasets", "statefulsets"]],
        [["batch"], ["cronjobs", "jobs"]],
      ],
    );
    for (const r of rules) assert.deepEqual(r.operations, ["CREATE", "UPDATE"]);
    assert.equal(policy.metadata.annotations?.[RESERVED_KEYS_ANNOTATION], RESERVED_POD_LABEL_KEYS.join(","));
  });

  it("read each resource's pod labels where it keeps them, a missing field as none", () => {
    const reserved = variable("reserved");
    for (const key of RESERVED_POD_LABEL_KEYS) assert.ok(reserved.includes(`'${key}'`), key);
    assert.match(
      reserved,
      /request\.resource\.resource == 'pods' \? \(has\(object\.metadata\) && has\(object\.metadata\.labels\) \? object\.metadata\.labels : \{\}\)/,
    );
    assert.ok(reserved.includes(`${POD_TEMPLATE_PATHS.batch.cronjobs}.labels`));
    assert.ok(reserved.includes("has(object.spec.jobTemplate.spec.template.metadata.labels)"));
    assert.ok(reserved.includes(`${POD_TEMPLATE_PATHS.apps.deployments}.labels`));
  });

  it("are written only by the data-store operators and the controller manager's controllers", () => {
    const writer = variable("writer");
    assert.ok(writer.includes("'system:serviceaccount:cnpg-system:cnpg-cloudnative-pg'"));
    assert.ok(writer.includes("'system:serviceaccount:redis-operator:redis-operator'"));
    assert.ok(writer.includes("'system:kube-controller-manager'"));
    assert.ok(writer.includes(".startsWith('system:serviceaccount:kube-system:')"));
    assert.ok(writer.includes(".endsWith('-controller')"));
    assert.equal(RESERVED_LABEL_WRITERS.users.length, 3);
    // The names are pinned in the charts' values, not left to their defaults.
    assert.equal(OPERATOR_CHARTS.postgres.serviceAccount, "cnpg-cloudnative-pg");
    assert.equal(OPERATOR_CHARTS.redis.serviceAccount, "redis-operator");
  });

  it("admit an update that leaves the pod template as it was, and refuse by naming the label", () => {
    assert.match(variable("templateUnchanged"), /^request\.operation == 'UPDATE' && /);
    assert.ok(variable("templateUnchanged").includes("oldObject.spec.template"));
    const [validation] = at<{ expression: string; messageExpression: string; reason: string }[]>(
      policy,
      "spec.validations",
    );
    assert.equal(
      validation.expression,
      "size(variables.reserved) == 0 || variables.writer || variables.templateUnchanged",
    );
    assert.match(validation.messageExpression, /^'refused: the pod label ' \+ variables\.reserved\[0\]/);
    assert.equal(validation.reason, "Forbidden");
  });

  it("are bound with Deny to the tenant namespaces, as the host-name policy is", () => {
    assert.equal(at(binding, "spec.policyName"), RESERVED_LABELS_POLICY);
    assert.deepEqual(at(binding, "spec.validationActions"), ["Deny"]);
    const hosts = hostAdmissionObjects("x.example.com", {}).binding;
    assert.equal(at(hosts, "spec.policyName"), HOST_POLICY);
    assert.deepEqual(
      at(binding, "spec.matchResources.namespaceSelector"),
      at(hosts, "spec.matchResources.namespaceSelector"),
    );
  });
});
