import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type StackState,
  type StateResource,
  dataStoreUrns,
  markEnvironmentData,
  markTenantData,
  remainingResources,
} from "../../deploy/data-stores.js";

const S = "urn:pulumi:s::cloudtier::";
const r = (type: string, name: string, extra: Partial<StateResource> = {}): StateResource => ({
  urn: `${S}${type}::${name}`,
  type,
  custom: true,
  ...extra,
});

const root = r("pulumi:pulumi:Stack", "cloudtier-s", { custom: false });
const vpc = r("aws:ec2/vpc:Vpc", "acme-net", { parent: root.urn });
const cluster = r("aws:eks/cluster:Cluster", "acme-cluster", { parent: root.urn, dependencies: [vpc.urn] });
const store = r("cloudtier:datastore:Postgres", "acme-pg", { custom: false, parent: root.urn });
const rds = r("aws:rds/instance:Instance", "acme-pg-db", { parent: store.urn });
const password = r("random:index/randomPassword:RandomPassword", "acme-pg-password", {
  parent: store.urn,
  protect: true,
});
const environment: StackState = {
  version: 3,
  deployment: { resources: [root, vpc, cluster, store, rds, password] },
};

const tenant = (id: string, withData: boolean): StateResource[] => {
  const component = r("cloudtier:tenancy:TenantNamespace", id, { custom: false, parent: root.urn });
  const ns = r("kubernetes:core/v1:Namespace", `${id}-ns`, { parent: component.urn });
  const quota = r("kubernetes:core/v1:ResourceQuota", `${id}-quota`, { parent: component.urn });
  const pvc = r("kubernetes:core/v1:PersistentVolumeClaim", `${id}-data`, {
    parent: component.urn,
    protect: true,
  });
  return withData ? [component, ns, quota, pvc] : [component, ns, quota];
};
const platform: StackState = {
  version: 3,
  deployment: {
    resources: [
      root,
      r("pulumi:providers:kubernetes", "k8s"),
      ...tenant("acme", true),
      ...tenant("beta", true),
    ],
  },
};

function flags(state: StackState, key: "protect" | "retainOnDelete"): string[] {
  return (state.deployment.resources ?? [])
    .filter((x) => x[key] === true)
    .map((x) => x.urn.slice(x.urn.lastIndexOf("::") + 2));
}

describe("data stores in a stack state", () => {
  it("finds managed stores by type and everything inside a Datastore component", () => {
    const names = [...dataStoreUrns(environment.deployment.resources!)].map((u) =>
      u.slice(u.lastIndexOf("::") + 2),
    );
    assert.deepEqual(names.sort(), ["acme-pg-db", "acme-pg-password"]);
  });

  it("protects an environment's data stores to keep them, and unprotects them to delete them", () => {
    const keep = markEnvironmentData(environment, true);
    assert.equal(keep.changed, true);
    assert.deepEqual(flags(keep.state, "protect").sort(), ["acme-pg-db", "acme-pg-password"]);
    assert.equal(environment.deployment.resources![4].protect, undefined, "the input is not modified");

    const again = markEnvironmentData(keep.state, true);
    assert.equal(again.changed, false, "nothing to import when already marked");

    const drop = markEnvironmentData(keep.state, false);
    assert.deepEqual(flags(drop.state, "protect"), []);
  });

  it("unprotects a protected cluster when offboarding, whether or not the data is kept", () => {
    const guarded: StackState = {
      version: 3,
      deployment: {
        resources: environment.deployment.resources!.map((x) =>
          x.urn === cluster.urn ? { ...x, protect: true } : x,
        ),
      },
    };
    for (const keep of [true, false]) {
      const edit = markEnvironmentData(guarded, keep);
      assert.ok(!flags(edit.state, "protect").includes("acme-cluster"), `keep=${keep}`);
    }
  });

  it("retains a leaving tenant's volumes and namespace, and nobody else's", () => {
    const keep = markTenantData(platform, "acme", true);
    assert.equal(keep.changed, true);
    assert.deepEqual(flags(keep.state, "retainOnDelete").sort(), ["acme-data", "acme-ns"]);
    assert.deepEqual(
      flags(keep.state, "protect"),
      ["beta-data"],
      "the leaving tenant's store is unprotected",
    );
    assert.equal(keep.dataStores.length, 1);

    const drop = markTenantData(keep.state, "acme", false);
    assert.deepEqual(flags(drop.state, "retainOnDelete"), []);

    const none = markTenantData(
      { version: 3, deployment: { resources: [root, ...tenant("gamma", false)] } },
      "gamma",
      true,
    );
    assert.equal(none.changed, false, "a tenant without data keeps nothing, not even its namespace");
    assert.equal(markTenantData(platform, "unknown", true).changed, false);
  });

  it("counts what a destroy left behind", () => {
    assert.equal(remainingResources(platform).length, 8);
    assert.deepEqual(remainingResources({ version: 3, deployment: { resources: [root] } }), []);
  });
});
