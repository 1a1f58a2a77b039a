/**
 * `cloudtier export operator` against the operator it targets: the Stack CRD of the Pulumi Kubernetes
 * Operator 1.16.0 (from the operator's own module, fetched by scripts/tools/build.sh) installed into a real
 * API server, and every exported object created there with strict field validation, as a dry run. The API
 * server, not this test, judges the objects; a deliberately wrong object shows that it rejects.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { OPERATOR_API_VERSION, OPERATOR_VERSION } from "../../deploy/operator.js";
import { runMain } from "../support/cli.js";
import { ControlPlane } from "../e2e/support/control-plane.js";
import { tool } from "../e2e/support/tools.js";
import { deployProject } from "../cli/harness.js";

const NAMESPACE = "pulumi-kubernetes-operator";
const STACKS_PATH = `/apis/pulumi.com/v1/namespaces/${NAMESPACE}/stacks`;
const DRY_RUN = "?dryRun=All&fieldValidation=Strict";

describe(
  `export operator: Stack objects against the Pulumi Kubernetes Operator ${OPERATOR_VERSION} CRD`,
  { timeout: 300_000 },
  () => {
    let dir: string;
    let project: string;
    let plane: ControlPlane | undefined;
    const exported: Record<string, unknown>[] = [];

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "cloudtier-operator-"));
      project = deployProject();
      const onboard = async (...args: string[]) => {
        const r = await runMain(["-C", project, "onboard", ...args, "--no-plan"]);
        assert.equal(r.code, 0, r.stderr);
      };
      await onboard(
        "acme",
        "--tier",
        "cloud",
        "--regions",
        "aws:eu-west-1,gcp:europe-west1,azure:westeurope,scaleway:fr-par,digitalocean:fra1",
      );
      await onboard(
        "beta",
        "--tier",
        "team",
        "--regions",
        "kubeconfig:local,kubeconfig:gke_myproj_europe-west1_prod",
      );
      for (const backend of [
        "s3://acme-state",
        "gs://acme-state",
        "azblob://acme-state",
        "https://api.pulumi.com",
      ]) {
        const r = await runMain([
          "-C",
          project,
          "export",
          "operator",
          "--repo",
          "https://github.com/acme/platform.git",
          "--backend",
          backend,
        ]);
        assert.equal(r.code, 0, r.stderr);
        exported.push(...parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>));
      }

      plane = await ControlPlane.start(dir, "operator-crd");
      const crd = parse(readFileSync(tool("pulumi-operator-stack-crd.yaml"), "utf8")) as Record<
        string,
        unknown
      >;
      const created = await plane.api("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
      assert.equal(created.status, 201, created.text);
      await plane.waitFor(
        async () => (await plane!.api("GET", "/apis/pulumi.com/v1")).status === 200,
        60_000,
        "the Stack CRD to be served",
      );
      const ns = await plane.api("POST", "/api/v1/namespaces", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: NAMESPACE },
      });
      assert.equal(ns.status, 201, ns.text);
    });

    after(async () => {
      await plane?.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(project, { recursive: true, force: true });
    });

    it("exports one Stack per stack and backend, for the operator's API version", () => {
      assert.equal(exported.length, 4 * 7);
      for (const o of exported) assert.equal(o["apiVersion"], OPERATOR_API_VERSION);
    });

    it("every exported Stack is accepted by the API server with strict field validation", async () => {
      const rejected: string[] = [];
      for (const object of exported) {
        const r = await plane!.api("POST", `${STACKS_PATH}${DRY_RUN}`, object);
        if (r.status !== 201)
          rejected.push(
            `${JSON.stringify((object["metadata"] as { name: string }).name)}: ${r.status} ${r.text}`,
          );
      }
      assert.deepEqual(rejected, []);
    });

    it("stores a Stack as exported: nothing pruned, nothing defaulted away", async () => {
      const object = exported.find(
        (o) => (o["spec"] as { stack: string }).stack === "acme-gcp-europe-west1",
      )!;
      const r = await plane!.api("POST", STACKS_PATH, object);
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.body["spec"], object["spec"]);
    });

    it("rejects what the CRD does not define, and wrong types (negative controls)", async () => {
      const base = exported[0];
      const spec = base["spec"] as Record<string, unknown>;
      const withField = { ...base, spec: { ...spec, serviceAccountName: "pulumi" } };
      const unknown = await plane!.api("POST", `${STACKS_PATH}${DRY_RUN}`, withField);
      assert.equal(unknown.status, 400, unknown.text);
      assert.match(String(unknown.body["message"]), /unknown field "spec\.serviceAccountName"/);
      const wrongType = { ...base, spec: { ...spec, resyncFrequencySeconds: "600" } };
      const invalid = await plane!.api("POST", `${STACKS_PATH}${DRY_RUN}`, wrongType);
      assert.equal(invalid.status, 422, invalid.text);
      assert.match(String(invalid.body["message"]), /spec\.resyncFrequencySeconds: Invalid value: "string"/);
    });
  },
);
