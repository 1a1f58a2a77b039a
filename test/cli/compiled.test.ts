/**
 * Every command through the compiled CLI (`bin/cloudtier.js` over `dist/`), as users run it, in one project:
 * a deleted or broken compiled module of any command fails here even when the in-process tests pass.
 * Deploy commands use the stand-in pulumi (test/fixtures/fake-pulumi), which records its calls.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { fakeEnv, pulumiCalls, readStackFile } from "./harness.js";
import { type CliResult, runBin, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";

let project: string;

function cli(...args: string[]): CliResult {
  const result = runBin(["-C", project, ...args], { env: fakeEnv(project) });
  assert.equal(result.code, 0, `cloudtier ${args.join(" ")}\n${result.stdout}${result.stderr}`);
  return result;
}

const json = <T>(result: CliResult) => JSON.parse(result.stdout) as T;
type Summary = { ok: boolean; stacks: { stack: string; result: string; changeCount: number }[] };

before(() => {
  project = tempProject("cloudtier-compiled-");
  // The settings onboarding asks of the managed clouds (zed is a Cloud customer on AWS).
  setProjectConfig(project);
});

describe("every command, compiled", () => {
  it("--help, help <command>, regions and tiers", () => {
    assert.match(cli("--help").stdout, /Usage: cloudtier/);
    for (const command of ["onboard", "offboard", "status", "ci", "export", "drift"]) {
      assert.match(cli("help", command).stdout, new RegExp(`Usage: cloudtier ${command}`));
    }
    const regions = json<{ regions: { cloud: string }[] }>(cli("regions", "--cloud", "gcp", "--json"));
    assert.ok(regions.regions.length > 0 && regions.regions.every((r) => r.cloud === "gcp"));
    const tiers = json<{ tiers: { tier: string }[] }>(cli("tiers", "--json"));
    assert.deepEqual(
      tiers.tiers.map((t) => t.tier),
      ["community", "developer", "team", "cloud"],
    );
  });

  it("onboard (planned), onboard --file, and plan of what was written", () => {
    const acme = cli(
      "onboard",
      "acme",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
      "--member",
      "ann@example.com:owner",
    );
    assert.match(acme.stdout, /platform-kubeconfig-local .*created/);
    assert.match(acme.stdout, /Policy: \d+ rules on 1 stack: 0 mandatory violations/);
    writeFileSync(
      join(project, "customers.yaml"),
      "customers:\n  - { id: zed, tier: cloud, regions: [aws:eu-west-1], postgres: true }\n",
    );
    const batch = json<{ stacks: { stack: string; file: string; diff?: string }[] }>(
      cli("onboard", "--file", join(project, "customers.yaml"), "--no-plan", "--json"),
    );
    assert.deepEqual(
      batch.stacks.map(({ diff: _diff, ...row }) => row),
      [{ stack: "zed-aws-eu-west-1", kind: "environment", region: "aws:eu-west-1", file: "created" }],
    );
    // A created file's diff is the whole file, against /dev/null.
    assert.match(
      batch.stacks[0].diff ?? "",
      /^--- \/dev\/null\n\+\+\+ b\/stacks\/Pulumi\.zed-aws-eu-west-1\.yaml\n/,
    );
    const plan = json<{ stacks: { stack: string; resources: unknown[] }[] }>(
      cli("plan", "--stack", "platform-kubeconfig-local", "--json"),
    );
    assert.equal(plan.stacks[0].stack, "platform-kubeconfig-local");
    assert.ok(plan.stacks[0].resources.length > 10);
    const customer = json<{ customer: { customer: string } }>(
      cli("plan", "--customer", "newco", "--tier", "developer", "--regions", "kubeconfig:local", "--json"),
    );
    assert.equal(customer.customer.customer, "newco");
  });

  it("preview, up, refresh, drift and status", () => {
    const preview = json<Summary>(cli("preview", "--all", "--json"));
    assert.deepEqual(
      preview.stacks.map((s) => [s.stack, s.result]),
      [
        ["platform-kubeconfig-local", "succeeded"],
        ["zed-aws-eu-west-1", "succeeded"],
      ],
    );
    const up = json<Summary>(cli("up", "--all", "--json"));
    assert.ok(up.ok && up.stacks.every((s) => s.result === "succeeded" && s.changeCount > 0));
    assert.equal(json<Summary>(cli("refresh", "--customer", "acme", "--json")).stacks[0].result, "succeeded");
    const drift = json<Summary>(cli("drift", "--all", "--json"));
    assert.ok(
      drift.stacks.every((s) => s.result === "succeeded" && s.changeCount === 0),
      "no drift after up",
    );
    const status = json<{ stacks: { stack: string; deployed: boolean }[] }>(cli("status", "--json"));
    assert.deepEqual(
      status.stacks.map((s) => [s.stack, s.deployed]),
      [
        ["platform-kubeconfig-local", true],
        ["zed-aws-eu-west-1", true],
      ],
    );
    const ups = pulumiCalls(project).filter((c) => c.command === "up");
    assert.deepEqual(ups.map((c) => c.stack).sort(), ["platform-kubeconfig-local", "zed-aws-eu-west-1"]);
  });

  it("ci github and export operator", () => {
    const workflow = parse(
      cli("ci", "github", "--branch", "release/2026", "--cron", "0 4 * * MON-FRI").stdout,
    ) as {
      on: { push: { branches: string[] }; schedule: { cron: string }[] };
      jobs: Record<string, unknown>;
    };
    assert.deepEqual(workflow.on.push.branches, ["release/2026"]);
    assert.equal(workflow.on.schedule[0].cron, "0 4 * * MON-FRI");
    // One job per stack, beside the job that picks the stacks a change touches and the one cached build.
    assert.deepEqual(Object.keys(workflow.jobs).sort(), [
      "build",
      "changes",
      "platform-kubeconfig-local",
      "zed-aws-eu-west-1",
    ]);
    const objects = parseAllDocuments(
      cli("export", "operator", "--repo", "git@github.com:acme/platform.git", "--backend", "s3://acme-state")
        .stdout,
    ).map((d) => d.toJS() as { kind: string; spec: { stack: string; projectRepo: string } });
    assert.deepEqual(
      objects.map((o) => [o.kind, o.spec.stack, o.spec.projectRepo]),
      [
        ["Stack", "platform-kubeconfig-local", "git@github.com:acme/platform.git"],
        ["Stack", "zed-aws-eu-west-1", "git@github.com:acme/platform.git"],
      ],
    );
  });

  it("onboard --deploy, offboard and destroy", () => {
    const deployed = json<{ deploy: Summary }>(
      cli(
        "onboard",
        "beta",
        "--tier",
        "community",
        "--regions",
        "kubeconfig:local",
        "--no-plan",
        "--deploy",
        "--json",
      ),
    );
    assert.equal(deployed.deploy.ok, true);
    assert.match(readStackFile(project, "platform-kubeconfig-local"), /id: beta/);
    const offboard = json<{ ok: boolean }>(cli("offboard", "zed", "--yes", "--delete-data", "--json"));
    assert.equal(offboard.ok, true);
    const destroy = json<Summary>(cli("destroy", "--stack", "platform-kubeconfig-local", "--yes", "--json"));
    assert.equal(destroy.stacks[0].result, "succeeded");
    const status = json<{ stacks: { stack: string }[] }>(cli("status", "--json"));
    assert.deepEqual(
      status.stacks.map((s) => s.stack),
      ["platform-kubeconfig-local"],
      "zed's environment stack and its file are gone",
    );
  });

  it("restore", () => {
    const live = join(project, "live.yaml");
    writeFileSync(
      live,
      [
        "apiVersion: postgresql.cnpg.io/v1",
        "kind: Cluster",
        "metadata: { name: postgres, namespace: acme }",
        "spec:",
        "  instances: 1",
        "  backup:",
        "    barmanObjectStore: { destinationPath: 's3://backups/acme/' }",
        "    retentionPolicy: 7d",
      ].join("\n"),
    );
    const recovered = parse(cli("restore", "--from", live).stdout) as {
      metadata: { name: string };
      spec: { bootstrap: unknown };
    };
    assert.equal(recovered.metadata.name, "postgres-restore");
    assert.deepEqual(recovered.spec.bootstrap, { recovery: { source: "postgres" } });
  });
});
