import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { deployProject, run, snapshot } from "./harness.js";
import { tool } from "../e2e/support/tools.js";
import { DEPLOY_SETTINGS } from "../support/project-settings.js";

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
  it("prints a workflow with one job per stack that actionlint and ShellCheck accept", async () => {
    const result = await run(["-C", project, "ci", "github"]);
    assert.equal(result.code, 0, result.stderr);
    const workflow = parse(result.stdout) as {
      on: { pull_request: unknown; push: { branches: string[] }; schedule: { cron: string }[] };
      jobs: Record<string, Job>;
    };
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok(workflow.on.pull_request);
    assert.equal(workflow.on.schedule.length, 1);
    const stackJobs = Object.entries(workflow.jobs).filter(([id]) => id !== "changes" && id !== "build");
    assert.deepEqual(stackJobs.map(([, j]) => j.name).sort(), STACKS);
    for (const [, job] of stackJobs) {
      const last = job.steps[job.steps.length - 1];
      assert.equal(last.run, `node bin/cloudtier.js "$OPERATION" --stack ${job.name} --json`);
    }
    const aws = workflow.jobs["acme-aws-eu-west-1"];
    assert.equal(
      aws.steps.find((s) => s.uses?.startsWith("aws-actions/"))?.with?.["aws-region"],
      "eu-west-1",
    );
    const gcp = workflow.jobs["acme-gcp-europe-west1"];
    assert.equal(
      gcp.steps.find((s) => s.uses === "google-github-actions/auth@v2")?.with?.["project_id"],
      DEPLOY_SETTINGS["gcp:project"],
      "the GCP job deploys into the project pinned in the stack file",
    );

    const repo = mkdtempSync(join(tmpdir(), "cloudtier-ci-"));
    try {
      mkdirSync(join(repo, ".github", "workflows"), { recursive: true });
      writeFileSync(join(repo, ".github", "workflows", "cloudtier.yml"), result.stdout);
      const lint = spawnSync(
        tool("actionlint"),
        ["-shellcheck", tool("shellcheck"), "-no-color", ".github/workflows/cloudtier.yml"],
        { cwd: repo, encoding: "utf8" },
      );
      assert.equal(`${lint.stdout}${lint.stderr}`, "");
      assert.equal(lint.status, 0);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("selects stacks and rejects a bad schedule or runner label with exit 2", async () => {
    const one = await run(["-C", project, "ci", "github", "--customer", "acme", "--branch", "release"]);
    assert.equal(one.code, 0, one.stderr);
    const workflow = parse(one.stdout) as { on: { push: { branches: string[] } }; jobs: Record<string, Job> };
    assert.deepEqual(Object.keys(workflow.jobs).sort(), [
      "acme-aws-eu-west-1",
      "acme-gcp-europe-west1",
      "build",
      "changes",
    ]);
    assert.deepEqual(workflow.on.push.branches, ["release"]);

    const bad = await run(["-C", project, "ci", "github", "--cron", "nightly"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--cron: must be a cron expression/);
    const label = await run(["-C", project, "ci", "github", "--runs-on", "my runner"]);
    assert.equal(label.code, 2);
    assert.match(label.stderr, /--runs-on: must be a runner label/);
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
