/**
 * Sharded platform stacks through the CLI: onboarding fills a region's shards in order (the size from
 * shard 0's `tenantsPerShard`), a customer onboarded again stays in its shard, offboarding finds a tenant
 * in whichever shard holds it, and the next customer takes the place it left.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { writeStackConfig } from "../../cli/stack-files.js";
import { fakeEnv, readStackFile, run, tempProject } from "./harness.js";

interface PlatformFile {
  shard?: number;
  tenantsPerShard?: number;
  tenants: { id: string; redis?: boolean }[];
}

function shardFile(project: string, stack: string): PlatformFile {
  return (parse(readStackFile(project, stack)) as { config: { "cloudtier:stack": PlatformFile } }).config[
    "cloudtier:stack"
  ];
}

const stackFiles = (project: string) =>
  readdirSync(join(project, "stacks"))
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();

const ids = (project: string, stack: string) => shardFile(project, stack).tenants.map((t) => t.id);

describe("sharded platform stacks", () => {
  it("onboarding fills the shards in order, and offboarding frees a place the next customer takes", async () => {
    const project = tempProject();
    mkdirSync(join(project, "stacks"));
    writeStackConfig(project, "platform-kubeconfig-local", {
      kind: "platform",
      region: "kubeconfig:local",
      tenantsPerShard: 2,
      tenants: [],
    });
    const batch = join(project, "customers.yaml");
    writeFileSync(
      batch,
      `customers:\n${["c0", "c1", "c2", "c3", "c4"]
        .map((id) => `  - { id: ${id}, tier: developer, regions: [kubeconfig:local] }`)
        .join("\n")}\n`,
    );
    const onboarded = await run(["-C", project, "onboard", "--file", batch, "--json"]);
    assert.equal(onboarded.code, 0, onboarded.stderr);
    assert.deepEqual(stackFiles(project), [
      "platform-kubeconfig-local",
      "platform-kubeconfig-local-1",
      "platform-kubeconfig-local-2",
    ]);
    assert.deepEqual(ids(project, "platform-kubeconfig-local"), ["c0", "c1"]);
    assert.deepEqual(ids(project, "platform-kubeconfig-local-1"), ["c2", "c3"]);
    assert.deepEqual(ids(project, "platform-kubeconfig-local-2"), ["c4"]);
    assert.equal(shardFile(project, "platform-kubeconfig-local-1").shard, 1);
    assert.equal(shardFile(project, "platform-kubeconfig-local-2").shard, 2);
    // The onboarding planned every shard it wrote.
    const report = JSON.parse(onboarded.stdout) as { stacks: { stack: string; resources?: number }[] };
    assert.deepEqual(
      report.stacks.map((s) => [s.stack, (s.resources ?? 0) > 0]),
      stackFiles(project).map((s) => [s, true]),
    );

    const again = await run([
      "-C",
      project,
      "onboard",
      "c3",
      "--tier",
      "developer",
      "--regions",
      "kubeconfig:local",
      "--redis",
      "--no-plan",
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(ids(project, "platform-kubeconfig-local-1"), ["c2", "c3"], "c3 stayed in shard 1");
    assert.equal(shardFile(project, "platform-kubeconfig-local-1").tenants[1].redis, true);

    const offboarded = await run(["-C", project, "offboard", "c2", "--yes"], fakeEnv(project));
    assert.equal(offboarded.code, 0, offboarded.stderr);
    assert.deepEqual(ids(project, "platform-kubeconfig-local-1"), ["c3"]);
    assert.deepEqual(ids(project, "platform-kubeconfig-local"), ["c0", "c1"], "other shards untouched");

    const next = await run([
      "-C",
      project,
      "onboard",
      "c5",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
      "--no-plan",
    ]);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(ids(project, "platform-kubeconfig-local-1"), ["c3", "c5"], "the first shard with room");
    assert.equal(stackFiles(project).length, 3);
  });
});
