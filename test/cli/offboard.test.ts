import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  deployProject,
  fakeEnv,
  fakeState,
  pulumiCalls,
  readStackFile,
  run,
  snapshot,
  tempProject,
} from "./harness.js";

/** acme: cloud tier with Postgres in two regions; beta and gamma: tenants of the local platform stack. */
async function deployedProject(): Promise<string> {
  const project = deployProject();
  const batch = join(project, "customers.yaml");
  writeFileSync(
    batch,
    `customers:
  - { id: acme, tier: cloud, regions: [aws:eu-west-1, gcp:europe-west1], postgres: true }
  - { id: beta, tier: team, regions: [kubeconfig:local], postgres: true }
  - { id: gamma, tier: team, regions: [kubeconfig:local] }
`,
  );
  const r = await run(["-C", project, "onboard", "--file", batch, "--no-plan", "--deploy"], fakeEnv(project));
  assert.equal(r.code, 0, r.stderr);
  return project;
}

describe("cloudtier offboard", () => {
  it("without --yes shows what would change, exits 2 and deletes nothing", async () => {
    const project = await deployedProject();
    const before = snapshot(project);
    const calls = pulumiCalls(project).length;
    const result = await run(["-C", project, "offboard", "acme"], fakeEnv(project));
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--yes: is required to offboard/);
    assert.match(result.stderr, /acme-aws-eu-west-1: destroy \(data stores kept\)/);
    assert.deepEqual(snapshot(project), before, "no file changed, no state changed");
    assert.equal(pulumiCalls(project).length, calls, "pulumi never ran");
  });

  it("destroys environment stacks but keeps their data stores, and removes the stack from --all", async () => {
    const project = await deployedProject();
    const result = await run(["-C", project, "offboard", "acme", "--yes"], fakeEnv(project));
    assert.equal(result.code, 0, result.stderr);
    for (const stack of ["acme-aws-eu-west-1", "acme-gcp-europe-west1"]) {
      const left = fakeState(project, stack)!.resources;
      const db = left.find(
        (r) => r.type.endsWith("atabaseInstance:DatabaseInstance") || r.type === "aws:rds/instance:Instance",
      );
      assert.ok(db, `${stack} keeps its database`);
      assert.equal(db.protect, true);
      assert.ok(
        !left.some((r) => r.type.includes("cluster:Cluster") || r.type.includes("Cluster:Cluster")),
        `${stack}: the cluster is gone`,
      );
      assert.match(readStackFile(project, stack), /cloudtier:offboarded: true/);
    }
    const destroys = pulumiCalls(project).filter((c) => c.command === "destroy");
    assert.ok(destroys.every((c) => c.argv.includes("--exclude-protected")));
    const all = await run(["-C", project, "preview", "--all", "--json"], fakeEnv(project));
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(
      (JSON.parse(all.stdout) as { stacks: { stack: string }[] }).stacks.map((s) => s.stack),
      ["platform-kubeconfig-local"],
      "offboarded stacks are left out of --all",
    );
  });

  it("--delete-data deletes everything and removes the environment stacks and their files", async () => {
    const project = await deployedProject();
    const result = await run(
      ["-C", project, "offboard", "acme", "--yes", "--delete-data", "--json"],
      fakeEnv(project),
    );
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      dataKept: boolean;
      stacks: { stack: string; result: string }[];
    };
    assert.equal(report.dataKept, false);
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, s.result]),
      [
        ["acme-aws-eu-west-1", "succeeded"],
        ["acme-gcp-europe-west1", "succeeded"],
      ],
    );
    for (const stack of ["acme-aws-eu-west-1", "acme-gcp-europe-west1"]) {
      assert.equal(fakeState(project, stack), undefined, `${stack} removed from the backend`);
      assert.equal(existsSync(join(project, "stacks", `Pulumi.${stack}.yaml`)), false);
    }
  });

  it("a failed platform update puts the tenant back in the stack file so offboard can be re-run", async () => {
    const project = await deployedProject();
    const before = readStackFile(project, "platform-kubeconfig-local");
    const result = await run(
      ["-C", project, "offboard", "gamma", "--yes"],
      fakeEnv(project, { FAKE_PULUMI_FAIL: "platform-kubeconfig-local" }),
    );
    assert.equal(result.code, 1);
    assert.equal(readStackFile(project, "platform-kubeconfig-local"), before);
  });

  it("bad input exits 2 and names the field", async () => {
    const project = tempProject();
    const unknown = await run(["-C", project, "offboard", "nobody", "--yes"], fakeEnv(project));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /<customer>: is not onboarded/);
    const bad = await run(["-C", project, "offboard", "Not_An_Id", "--yes"], fakeEnv(project));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /<customer>: must be a DNS-1123 label/);
    assert.deepEqual(pulumiCalls(project), []);
  });
});
