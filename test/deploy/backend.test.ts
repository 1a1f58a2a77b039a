import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkSecretsProvider,
  passphraseProblems,
  resolveBackend,
  stackSecretsProvider,
} from "../../deploy/backend.js";
import { InputError } from "../../domain/errors.js";

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError);
    return err.problems[0].field;
  }
  assert.fail("expected an InputError");
}

describe("state backend", () => {
  it("defaults to a file backend inside the project", () => {
    const b = resolveBackend("/work/proj", undefined, {});
    assert.equal(b.url, "file:///work/proj/.pulumi-state");
    assert.equal(b.source, "default");
    assert.equal(b.localDir, "/work/proj/.pulumi-state");
    assert.equal(b.service, false);
  });

  it("takes PULUMI_BACKEND_URL, and --backend over it", () => {
    assert.equal(resolveBackend("/p", undefined, { PULUMI_BACKEND_URL: "s3://bucket" }).url, "s3://bucket");
    const flag = resolveBackend("/p", "gs://other", { PULUMI_BACKEND_URL: "s3://bucket" });
    assert.equal(flag.url, "gs://other");
    assert.equal(flag.source, "--backend");
    assert.equal(resolveBackend("/p", "https://api.pulumi.com", {}).service, true);
    assert.equal(resolveBackend("/p", "azblob://container", {}).localDir, undefined);
  });

  it("rejects what is not a backend URL, naming where it came from", () => {
    assert.equal(
      fieldOf(() => resolveBackend("/p", "ftp://x", {})),
      "--backend",
    );
    assert.equal(
      fieldOf(() => resolveBackend("/p", undefined, { PULUMI_BACKEND_URL: "bucket" })),
      "PULUMI_BACKEND_URL",
    );
    assert.equal(
      fieldOf(() => resolveBackend("/p", "s3://", {})),
      "--backend",
    );
  });
});

describe("secrets", () => {
  it("accepts passphrase, default and KMS URLs only", () => {
    assert.equal(
      checkSecretsProvider("awskms://alias/x?region=eu-west-1"),
      "awskms://alias/x?region=eu-west-1",
    );
    assert.equal(checkSecretsProvider("passphrase"), "passphrase");
    assert.equal(checkSecretsProvider(undefined), undefined);
    assert.equal(
      fieldOf(() => checkSecretsProvider("vault")),
      "--secrets-provider",
    );
  });

  it("uses the provider recorded in the stack file, else the flag, else the backend's default", () => {
    const file = resolveBackend("/p", undefined, {});
    const cloud = resolveBackend("/p", "https://api.pulumi.com", {});
    assert.equal(stackSecretsProvider("gcpkms://k", "awskms://a", file), "gcpkms://k");
    assert.equal(stackSecretsProvider(undefined, "awskms://a", file), "awskms://a");
    assert.equal(stackSecretsProvider(undefined, undefined, file), "passphrase");
    assert.equal(stackSecretsProvider(undefined, undefined, cloud), "default");
  });

  it("requires a passphrase only for stacks that use the passphrase provider", () => {
    const stacks = [
      { stack: "a", provider: "passphrase" },
      { stack: "b", provider: "awskms://k" },
    ];
    const problems = passphraseProblems(stacks, {});
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, "PULUMI_CONFIG_PASSPHRASE");
    assert.match(problems[0].rule, /a encrypt secrets with the passphrase provider/);
    assert.deepEqual(
      passphraseProblems(stacks, { PULUMI_CONFIG_PASSPHRASE: "" }),
      [],
      "an empty passphrase is a passphrase",
    );
    assert.deepEqual(passphraseProblems(stacks, { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secret" }), []);
    assert.deepEqual(passphraseProblems([stacks[1]], {}), []);
  });
});
