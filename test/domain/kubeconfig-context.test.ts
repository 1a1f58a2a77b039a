import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { parse } from "yaml";
import { CONTEXT_KEY_MAX, contextKey, isProblem, parseRegionKey } from "../../domain/region-key.js";
import { parseStackConfig } from "../../domain/stack-config.js";
import { runMain, tempProject } from "../support/cli.js";

/** The context names `gcloud container clusters get-credentials` and `aws eks update-kubeconfig` write. */
const GKE = "gke_myproj_europe-west1_prod";
const EKS = "arn:aws:eks:eu-west-1:123456789012:cluster/prod";

describe("kubeconfig context names", () => {
  it("maps the names gcloud and the AWS CLI write to readable keys", () => {
    assert.equal(contextKey(GKE), "gke-myproj-europe-west1-prod");
    assert.equal(contextKey(EKS), "arn-aws-eks-eu-west-1-123456789012-cluster-prod");
    assert.equal(contextKey("kind-dev"), "kind-dev");
    assert.equal(contextKey("My Cluster (EU)"), "my-cluster-eu");
  });

  it("keeps the context's own name beside its key, and the key alone when they are the same", () => {
    assert.deepEqual(parseRegionKey(`kubeconfig:${GKE}`, "r"), {
      cloud: "kubeconfig",
      region: "gke-myproj-europe-west1-prod",
      context: GKE,
    });
    assert.deepEqual(parseRegionKey(`kubeconfig:${EKS}`, "r"), {
      cloud: "kubeconfig",
      region: "arn-aws-eks-eu-west-1-123456789012-cluster-prod",
      context: EKS,
    });
    assert.deepEqual(parseRegionKey("kubeconfig:kind-dev", "r"), { cloud: "kubeconfig", region: "kind-dev" });
  });

  it("rejects names without a letter or digit, and control characters", () => {
    for (const bad of ["kubeconfig:___", "kubeconfig:a\u0007b"]) {
      const parsed = parseRegionKey(bad, "--regions");
      assert.ok(isProblem(parsed), bad);
      assert.equal(parsed.field, "--regions");
    }
  });

  it("gives every name a key within the limit that is its own key, and distinct long names distinct keys", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (name) => {
        const key = contextKey(name);
        if (key === "") return;
        assert.ok(key.length <= CONTEXT_KEY_MAX, key);
        assert.match(key, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        assert.equal(contextKey(key), key, "a key maps to itself");
      }),
    );
    const long = (suffix: string) => `arn:aws:eks:eu-west-1:123456789012:cluster/${"x".repeat(60)}-${suffix}`;
    assert.notEqual(contextKey(long("a")), contextKey(long("b")));
  });

  it("accepts a stack config only with the context its key stands for", () => {
    const config = (context: string) => ({
      kind: "platform",
      region: "kubeconfig:gke-myproj-europe-west1-prod",
      cluster: { context },
      tenants: [],
    });
    assert.equal(parseStackConfig(config(GKE)).ref.context, GKE);
    assert.throws(() => parseStackConfig(config("gke_other_prod")), /cluster\.context/);
    assert.throws(
      () =>
        parseStackConfig({
          kind: "platform",
          region: "aws:eu-west-1",
          cluster: { context: GKE },
          tenants: [],
        }),
      /kubeconfig regions only/,
    );
  });
});

describe("cloudtier with the context names gcloud and the AWS CLI write", () => {
  const projects: string[] = [];
  after(() => projects.forEach((p) => rmSync(p, { recursive: true, force: true })));

  it("plans and onboards both, and the stack's Kubernetes provider uses the context's own name", async () => {
    const project = tempProject();
    projects.push(project);
    const regions = ["--regions", `kubeconfig:${GKE},kubeconfig:${EKS}`];
    const plan = await runMain([
      "-C",
      project,
      "plan",
      "--customer",
      "acme",
      "--tier",
      "team",
      ...regions,
      "--json",
    ]);
    assert.equal(plan.code, 0, plan.stderr);
    const planned = JSON.parse(plan.stdout) as {
      stacks: { stack: string; resources: { type: string; inputs: Record<string, unknown> }[] }[];
    };
    const contexts = planned.stacks.map((s) => [
      s.stack,
      s.resources.find((r) => r.type === "pulumi:providers:kubernetes")?.inputs["context"],
    ]);
    assert.deepEqual(contexts.sort(), [
      ["platform-kubeconfig-arn-aws-eks-eu-west-1-123456789012-cluster-prod", EKS],
      ["platform-kubeconfig-gke-myproj-europe-west1-prod", GKE],
    ]);

    const onboard = await runMain(["-C", project, "onboard", "acme", "--tier", "team", ...regions]);
    assert.equal(onboard.code, 0, onboard.stderr);
    const file = join(project, "stacks", "Pulumi.platform-kubeconfig-gke-myproj-europe-west1-prod.yaml");
    const config = (parse(readFileSync(file, "utf8")) as { config: Record<string, Record<string, unknown>> })
      .config["cloudtier:stack"];
    assert.equal(config["region"], "kubeconfig:gke-myproj-europe-west1-prod");
    assert.deepEqual(config["cluster"], { context: GKE });

    // Another context whose key is the same is refused, not merged into the first one's stack.
    const clash = await runMain([
      "-C",
      project,
      "onboard",
      "beta",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:gke-myproj-europe-west1-prod",
      "--no-plan",
    ]);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /already stands for the context "gke_myproj_europe-west1_prod"/);
  });
});
