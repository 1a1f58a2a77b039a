import assert from "node:assert/strict";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { INSTALL_URL, PulumiNotFoundError, locatePulumi } from "../../deploy/pulumi-cli.js";
import { tempDir } from "../support/cli.js";

function install(root: string): string {
  mkdirSync(join(root, "bin"), { recursive: true });
  const executable = join(root, "bin", "pulumi");
  writeFileSync(executable, "#!/bin/sh\necho v3.200.0\n");
  chmodSync(executable, 0o755);
  return executable;
}

describe("finding the pulumi executable", () => {
  const empty = tempDir("no-pulumi-");

  it("uses CLOUDTIER_PULUMI_ROOT first", () => {
    const root = tempDir("pulumi-root-");
    install(root);
    const onPath = tempDir("pulumi-path-");
    install(onPath);
    const found = locatePulumi({ CLOUDTIER_PULUMI_ROOT: root, PATH: join(onPath, "bin") });
    assert.deepEqual(found, {
      root,
      executable: join(root, "bin", "pulumi"),
      source: "CLOUDTIER_PULUMI_ROOT",
    });
  });

  it("rejects a CLOUDTIER_PULUMI_ROOT without bin/pulumi", () => {
    assert.throws(
      () => locatePulumi({ CLOUDTIER_PULUMI_ROOT: empty }),
      /CLOUDTIER_PULUMI_ROOT=.*is not an executable file/,
    );
  });

  it("then the PATH, then $PULUMI_HOME/bin", () => {
    const onPath = tempDir("pulumi-path-");
    install(onPath);
    assert.equal(locatePulumi({ PATH: `${empty}:${join(onPath, "bin")}`, HOME: empty }).source, "PATH");
    const home = tempDir("pulumi-home-");
    install(home);
    const found = locatePulumi({ PATH: empty, PULUMI_HOME: home, HOME: empty });
    assert.equal(found.source, "PULUMI_HOME");
    assert.equal(found.root, home);
  });

  it("says how to install Pulumi when there is none", () => {
    assert.throws(
      () => locatePulumi({ PATH: empty, PULUMI_HOME: empty, HOME: empty }),
      (err: unknown) =>
        err instanceof PulumiNotFoundError &&
        err.message.includes(INSTALL_URL) &&
        /pulumi CLI was not found/.test(err.message),
    );
  });
});
