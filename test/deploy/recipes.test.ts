import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { githubWorkflow, jobId } from "../../deploy/ci-github.js";
import { operatorStacks, resourceName } from "../../deploy/operator.js";

describe("GitHub workflow", () => {
  it("makes valid, distinct job ids from stack names", () => {
    assert.equal(jobId("acme-aws-eu-west-1"), "acme-aws-eu-west-1");
    assert.equal(jobId("acme.v2"), "acme_v2");
    assert.equal(jobId("1st"), "s_1st");
    const jobs = githubWorkflow([
      { stack: "a.b", cloud: "kubeconfig", regionId: "local" },
      { stack: "a_b", cloud: "kubeconfig", regionId: "local" },
    ])["jobs"] as Record<string, unknown>;
    assert.deepEqual(Object.keys(jobs), ["a_b", "a_b_2"]);
  });

  it("brings each cloud's credentials", () => {
    const jobs = githubWorkflow([
      { stack: "x-azure", cloud: "azure", regionId: "westeurope" },
      { stack: "x-scw", cloud: "scaleway", regionId: "fr-par" },
      { stack: "x-gcp", cloud: "gcp", regionId: "europe-west1" },
    ])["jobs"] as Record<string, { env?: Record<string, string>; steps: { uses?: string }[] }>;
    assert.equal(jobs["x-azure"].env?.["ARM_USE_OIDC"], "true");
    assert.match(jobs["x-scw"].env?.["SCW_SECRET_KEY"] ?? "", /secrets\.SCW_SECRET_KEY/);
    assert.ok(jobs["x-gcp"].steps.some((s) => s.uses?.startsWith("google-github-actions/auth")));
  });
});

describe("operator Stack resources", () => {
  it("derives DNS-1123 names, keeping distinct stacks distinct", () => {
    assert.equal(resourceName("acme-aws-eu-west-1"), "acme-aws-eu-west-1");
    const a = resourceName("Acme.Prod");
    const b = resourceName("acme-prod");
    assert.match(a, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.notEqual(a, b);
    assert.ok(resourceName("x".repeat(100)).length <= 63);
  });

  it("uses the stack's KMS provider or the passphrase secret, and the access token on Pulumi Cloud", () => {
    const [kms, pass] = operatorStacks(
      [{ stack: "a", secretsProvider: "awskms://alias/k" }, { stack: "b" }],
      { repo: "https://x/y.git", backend: "s3://state" },
    ) as { spec: Record<string, unknown> }[];
    assert.equal(kms.spec["secretsProvider"], "awskms://alias/k");
    assert.equal(kms.spec["envRefs"], undefined);
    assert.deepEqual(Object.keys(pass.spec["envRefs"] as object), ["PULUMI_CONFIG_PASSPHRASE"]);
    const [cloud] = operatorStacks([{ stack: "c" }], { repo: "r", backend: "https://api.pulumi.com" }) as {
      spec: Record<string, unknown>;
    }[];
    assert.deepEqual(Object.keys(cloud.spec["envRefs"] as object), ["PULUMI_ACCESS_TOKEN"]);
  });
});
