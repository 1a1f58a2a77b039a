import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { deployProject, fakeEnv, run } from "./harness.js";

interface Status {
  backend: { url: string; readable: boolean; reason?: string };
  stacks: {
    stack: string;
    kind: string;
    region: string;
    customers: string[];
    tiers: string[];
    deployed?: boolean;
    outputs?: Record<string, unknown>;
    outputsUnavailable?: string;
  }[];
}

describe("cloudtier status", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function project(): Promise<string> {
    const dir = deployProject();
    dirs.push(dir);
    for (const args of [
      ["acme", "--tier", "cloud", "--regions", "aws:eu-west-1"],
      ["beta", "--tier", "team", "--regions", "kubeconfig:local"],
      ["gamma", "--tier", "developer", "--regions", "kubeconfig:local"],
    ]) {
      const r = await run(["-C", dir, "onboard", ...args, "--no-plan"]);
      assert.equal(r.code, 0, r.stderr);
    }
    return dir;
  }

  it("lists stack files, customers, tiers and regions with no passphrase and no pulumi executable", async () => {
    const dir = await project();
    const empty = mkdtempSync(join(tmpdir(), "cloudtier-nopulumi-"));
    dirs.push(empty);
    const offline = {
      PATH: empty,
      PULUMI_HOME: empty,
      CLOUDTIER_PULUMI_ROOT: undefined,
      PULUMI_CONFIG_PASSPHRASE: undefined,
      PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
      PULUMI_BACKEND_URL: undefined,
    };
    const result = await run(["-C", dir, "status", "--json"], offline);
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout) as Status;
    assert.equal(status.backend.readable, false);
    assert.match(status.backend.reason!, /the pulumi CLI was not found/);
    assert.deepEqual(
      status.stacks.map((s) => [s.stack, s.kind, s.region, s.customers, s.tiers, s.deployed]),
      [
        ["acme-aws-eu-west-1", "environment", "aws:eu-west-1", ["acme"], ["cloud"], undefined],
        [
          "platform-kubeconfig-local",
          "platform",
          "kubeconfig:local",
          ["beta", "gamma"],
          ["developer", "team"],
          undefined,
        ],
      ],
    );

    const table = await run(["-C", dir, "status"], offline);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /platform-kubeconfig-local .*beta, gamma .*developer, team .*unknown/);
    assert.match(table.stdout, /deployment state not read from file:\/\/.*: the pulumi CLI was not found/);
  });

  it("shows deployment state without the passphrase, and says why the outputs are not shown", async () => {
    const dir = await project();
    assert.equal((await run(["-C", dir, "up", "--stack", "acme-aws-eu-west-1"], fakeEnv(dir))).code, 0);
    const result = await run(
      ["-C", dir, "status", "--json"],
      fakeEnv(dir, { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined }),
    );
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout) as Status;
    assert.equal(status.backend.readable, true);
    const acme = status.stacks.find((s) => s.stack === "acme-aws-eu-west-1")!;
    assert.equal(acme.deployed, true);
    assert.equal(acme.outputs, undefined);
    assert.equal(acme.outputsUnavailable, "PULUMI_CONFIG_PASSPHRASE is not set");
    assert.equal(status.stacks.find((s) => s.stack === "platform-kubeconfig-local")!.deployed, false);
  });
});
