import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { OMITTED_ANNOTATION, renderManifests } from "../../planner/manifests.js";
import type { PlannedResource } from "../../planner/types.js";
import { runMain, tempProject } from "../support/cli.js";

const resource = (type: string, name: string, inputs: Record<string, unknown>): PlannedResource => ({
  urn: `urn:pulumi:s::cloudtier::${type}::${name}`,
  type,
  name,
  parent: null,
  provider: "urn::id",
  custom: true,
  protect: false,
  inputs,
});

const RESOURCES: PlannedResource[] = [
  resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", "deny", {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny-all", namespace: "acme" },
    spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
  }),
  resource("kubernetes:core/v1:Secret", "creds", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "redis-credentials", namespace: "acme" },
    type: "kubernetes.io/basic-auth",
    stringData: "[secret]",
  }),
  resource("kubernetes:core/v1:ServiceAccountPatch", "sa", {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "default", namespace: "acme" },
    automountServiceAccountToken: false,
  }),
  resource("kubernetes:core/v1:Namespace", "ns", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "acme" },
  }),
  resource("kubernetes:helm.sh/v3:Release", "ops", {
    name: "cnpg",
    namespace: "cnpg-system",
    chart: "cloudnative-pg",
    version: "0.26.0",
  }),
  { ...resource("cloudtier:tenancy:TenantNamespace", "acme", {}), custom: false },
];

describe("manifests of a plan", () => {
  const text = renderManifests({ stack: "platform-kubeconfig-local", resources: RESOURCES });
  interface Manifest {
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
    readonly [field: string]: unknown;
  }
  const objects = parseAllDocuments(text).map((d) => d.toJS() as Manifest);

  it("holds the Kubernetes objects only, in apply order: the namespace first", () => {
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      [
        "Namespace/acme",
        "ServiceAccount/default",
        "Secret/redis-credentials",
        "NetworkPolicy/default-deny-all",
      ],
    );
  });

  it("writes a patch as the object it patches, and a Secret without the values the plan never sees", () => {
    const secret = objects.find((o) => o.kind === "Secret")!;
    assert.equal(secret.stringData, undefined);
    assert.equal(secret.metadata.annotations?.[OMITTED_ANNOTATION], "stringData");
    assert.equal(secret.type, "kubernetes.io/basic-auth");
    assert.equal(objects.find((o) => o.kind === "ServiceAccount")!.automountServiceAccountToken, false);
    assert.ok(!text.includes("[secret]"));
  });

  it("lists Helm releases in the header, and gives the same bytes for the same plan", () => {
    assert.match(text, /^# {3}cnpg-system\/cnpg: chart cloudnative-pg 0\.26\.0$/m);
    assert.equal(
      renderManifests({ stack: "platform-kubeconfig-local", resources: [...RESOURCES].reverse() }),
      text,
    );
  });
});

describe("cloudtier plan --manifests", () => {
  const projects: string[] = [];
  after(() => projects.forEach((p) => rmSync(p, { recursive: true, force: true })));

  it("writes DIR/<stack>.yaml for every planned stack", async () => {
    const project = tempProject();
    projects.push(project);
    const dir = join(project, "out", "manifests");
    const result = await runMain([
      "-C",
      project,
      "plan",
      "--customer",
      "acme",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
      "--member",
      "ann@example.com:owner",
      "--manifests",
      dir,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const objects = parseAllDocuments(readFileSync(join(dir, "platform-kubeconfig-local.yaml"), "utf8")).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string } },
    );
    assert.ok(objects.some((o) => o.kind === "RoleBinding" && o.metadata.name === "tenant-owner"));
  });

  it("writes nothing when the input is bad", async () => {
    const project = tempProject();
    projects.push(project);
    const dir = join(project, "manifests");
    const result = await runMain([
      "-C",
      project,
      "plan",
      "--customer",
      "acme",
      "--tier",
      "team",
      "--regions",
      "nowhere:x",
      "--manifests",
      dir,
    ]);
    assert.equal(result.code, 2);
    assert.equal(existsSync(dir), false);
  });
});
