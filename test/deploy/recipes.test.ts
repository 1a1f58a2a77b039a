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
    assert.deepEqual(Object.keys(jobs), ["changes", "build", "a_b", "a_b_2"]);
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
      [
        { stack: "a", cloud: "kubeconfig", secretsProvider: "awskms://alias/k" },
        { stack: "b", cloud: "kubeconfig" },
      ],
      { repo: "https://x/y.git", backend: "s3://state" },
    ) as { spec: Record<string, unknown> }[];
    assert.equal(kms.spec["secretsProvider"], "awskms://alias/k");
    assert.ok(!("PULUMI_CONFIG_PASSPHRASE" in (kms.spec["envRefs"] as object)));
    assert.ok("PULUMI_CONFIG_PASSPHRASE" in (pass.spec["envRefs"] as object));
    const [cloud] = operatorStacks([{ stack: "c", cloud: "kubeconfig" }], {
      repo: "r",
      backend: "https://api.pulumi.com",
    }) as { spec: Record<string, unknown> }[];
    assert.deepEqual(Object.keys(cloud.spec["envRefs"] as object), ["KUBECONFIG", "PULUMI_ACCESS_TOKEN"]);
  });

  it("references the state backend's and each cloud's credentials, and creates stacks the backend lacks", () => {
    const stacks = operatorStacks(
      [
        { stack: "a-aws", cloud: "aws" },
        { stack: "a-gcp", cloud: "gcp" },
        { stack: "a-azure", cloud: "azure" },
        { stack: "a-scw", cloud: "scaleway" },
        { stack: "a-do", cloud: "digitalocean" },
        { stack: "p-local", cloud: "kubeconfig" },
      ],
      { repo: "https://x/y.git", backend: "gs://state" },
    ) as { spec: { envRefs: Record<string, { type: string; secret?: { name: string; key: string } }> } }[];
    const names = (i: number) => Object.keys(stacks[i].spec.envRefs);
    assert.deepEqual(names(0), [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "GOOGLE_CREDENTIALS",
      "PULUMI_CONFIG_PASSPHRASE",
    ]);
    assert.deepEqual(stacks[1].spec.envRefs["GOOGLE_CREDENTIALS"], {
      type: "Secret",
      secret: { name: "cloudtier-gcp", key: "GOOGLE_CREDENTIALS" },
    });
    assert.deepEqual(stacks[0].spec.envRefs["GOOGLE_CREDENTIALS"], {
      type: "Secret",
      secret: { name: "cloudtier-state-backend", key: "GOOGLE_CREDENTIALS" },
    });
    assert.deepEqual(
      names(2).filter((n) => n.startsWith("ARM_")),
      ["ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_SUBSCRIPTION_ID", "ARM_TENANT_ID"],
    );
    assert.ok(names(3).includes("SCW_SECRET_KEY"));
    assert.ok(names(4).includes("DIGITALOCEAN_TOKEN"));
    assert.deepEqual(stacks[5].spec.envRefs["KUBECONFIG"], {
      type: "Literal",
      literal: { value: "/var/run/cloudtier/kubeconfig/config" },
    });
    for (const s of stacks) {
      assert.equal(
        (s.spec as Record<string, unknown>)["useLocalStackOnly"],
        undefined,
        "the operator creates new stacks",
      );
    }
  });
});
