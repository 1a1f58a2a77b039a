import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { deployProject, run, snapshot } from "./harness.js";

interface Job {
  name: string;
  concurrency: { group: string };
  env?: Record<string, string>;
  steps: { name?: string; if?: string; run?: string; uses?: string; with?: Record<string, string> }[];
}

let project: string;
const STACKS = ["acme-aws-eu-west-1", "acme-gcp-europe-west1", "platform-kubeconfig-local"];

before(async () => {
  project = deployProject();
  writeFileSync(
    join(project, "customers.yaml"),
    `customers:
  - { id: acme, tier: cloud, regions: [aws:eu-west-1, gcp:europe-west1] }
  - { id: beta, tier: team, regions: [kubeconfig:local] }
`,
  );
  const r = await run(["-C", project, "onboard", "--file", join(project, "customers.yaml"), "--no-plan"]);
  assert.equal(r.code, 0, r.stderr);
});

describe("cloudtier ci github", () => {
  it("prints a workflow with one job per stack: preview on pull requests, up on main, drift nightly", async () => {
    const result = await run(["-C", project, "ci", "github"]);
    assert.equal(result.code, 0, result.stderr);
    const workflow = parse(result.stdout) as {
      on: { pull_request: unknown; push: { branches: string[] }; schedule: { cron: string }[] };
      jobs: Record<string, Job>;
    };
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok(workflow.on.pull_request);
    assert.equal(workflow.on.schedule.length, 1);
    const jobs = Object.values(workflow.jobs);
    assert.deepEqual(jobs.map((j) => j.name).sort(), STACKS);
    for (const job of jobs) {
      const step = (name: string) => job.steps.find((s) => s.name === name)!;
      assert.equal(step("preview").if, "github.event_name == 'pull_request'");
      assert.match(step("preview").run!, new RegExp(`cloudtier.js preview --stack ${job.name} --json$`));
      assert.match(step("up").if!, /github.event_name == 'push'/);
      assert.match(step("up").run!, new RegExp(`up --stack ${job.name} `));
      assert.equal(step("drift").if, "github.event_name == 'schedule'");
      assert.match(step("drift").run!, new RegExp(`drift --stack ${job.name} `));
      assert.equal(job.concurrency.group, `cloudtier-${job.name}`);
    }
    const aws = workflow.jobs["acme-aws-eu-west-1"];
    assert.equal(
      aws.steps.find((s) => s.uses?.startsWith("aws-actions/"))?.with?.["aws-region"],
      "eu-west-1",
    );
  });

  it("selects stacks and rejects a bad schedule with exit 2", async () => {
    const one = await run(["-C", project, "ci", "github", "--customer", "acme", "--branch", "release"]);
    assert.equal(one.code, 0, one.stderr);
    const workflow = parse(one.stdout) as { on: { push: { branches: string[] } }; jobs: Record<string, Job> };
    assert.deepEqual(Object.keys(workflow.jobs).sort(), ["acme-aws-eu-west-1", "acme-gcp-europe-west1"]);
    assert.deepEqual(workflow.on.push.branches, ["release"]);

    const bad = await run(["-C", project, "ci", "github", "--cron", "nightly"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--cron: must be a cron expression/);
    const unknown = await run(["-C", project, "ci", "github", "--stack", "nope"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--stack: must name a stack file/);
  });
});

describe("cloudtier export operator", () => {
  const base = [
    "export",
    "operator",
    "--repo",
    "https://github.com/acme/platform.git",
    "--backend",
    "s3://acme-state",
  ];

  it("prints one pulumi.com/v1 Stack per selected stack", async () => {
    const result = await run(["-C", project, ...base, "--customer", "acme"]);
    assert.equal(result.code, 0, result.stderr);
    const objects = parseAllDocuments(result.stdout).map((d) => d.toJS() as unknown);
    assert.equal(objects.length, 2);
    for (const o of objects) {
      const { apiVersion, kind, metadata, spec } = o as {
        apiVersion: string;
        kind: string;
        metadata: { name: string; namespace: string };
        spec: Record<string, unknown>;
      };
      assert.equal(apiVersion, "pulumi.com/v1");
      assert.equal(kind, "Stack");
      assert.match(metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      assert.equal(metadata.namespace, "pulumi-kubernetes-operator");
      assert.equal(spec["projectRepo"], "https://github.com/acme/platform.git");
      assert.equal(spec["branch"], "main");
      assert.equal(spec["backend"], "s3://acme-state");
      assert.equal(spec["destroyOnFinalize"], false);
      assert.deepEqual(spec["envRefs"], {
        PULUMI_CONFIG_PASSPHRASE: {
          type: "Secret",
          secret: { name: "pulumi-passphrase", key: "PULUMI_CONFIG_PASSPHRASE" },
        },
      });
    }
    assert.deepEqual(
      objects.map((o) => (o as { spec: { stack: string } }).spec.stack),
      ["acme-aws-eu-west-1", "acme-gcp-europe-west1"],
    );
  });

  it("bad input exits 2 with the field named and prints nothing", async () => {
    const before = snapshot(project);
    const cases: [string[], RegExp][] = [
      [["export", "operator", "--backend", "s3://x"], /--repo: is required/],
      [["export", "operator", "--repo", "https://x/y.git"], /--backend: must be a shared backend/],
      [[...base, "--namespace", "Bad NS"], /--namespace: must be a DNS-1123 label/],
      [[...base, "--passphrase-secret", "only-a-name"], /--passphrase-secret: must be NAME\/KEY/],
      [[...base, "--stack", "nope"], /--stack: must name a stack file/],
    ];
    for (const [args, field] of cases) {
      const r = await run(["-C", project, ...args], { PULUMI_BACKEND_URL: undefined });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, field);
      assert.equal(r.stdout, "");
    }
    assert.deepEqual(snapshot(project), before);
  });
});
