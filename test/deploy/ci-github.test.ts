/**
 * The GitHub Actions workflow, checked by what consumes it: actionlint (with ShellCheck over every `run:`
 * script), built by scripts/tools/build.sh, over every variant the generator produces; and the script that
 * picks the stacks to run, run by bash against real git history.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import {
  type CiStack,
  type GithubWorkflowOptions,
  githubWorkflow,
  renderGithubWorkflow,
} from "../../deploy/ci-github.js";
import { CLOUDS } from "../../regions/index.js";
import { tool } from "../e2e/support/tools.js";

const scratch: string[] = [];
after(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** actionlint over one workflow file in a repository layout; its exit code and findings. */
function actionlint(workflow: string): { code: number; output: string } {
  const repo = tempDir("cloudtier-actionlint-");
  mkdirSync(join(repo, ".github", "workflows"), { recursive: true });
  writeFileSync(join(repo, ".github", "workflows", "cloudtier.yml"), workflow);
  // How a repository with self-hosted runners declares their labels to actionlint.
  writeFileSync(join(repo, ".github", "actionlint.yaml"), "self-hosted-runner:\n  labels: [deployer]\n");
  const result = spawnSync(
    tool("actionlint"),
    [
      "-shellcheck",
      tool("shellcheck"),
      "-config-file",
      ".github/actionlint.yaml",
      "-no-color",
      ".github/workflows/cloudtier.yml",
    ],
    { cwd: repo, encoding: "utf8" },
  );
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

const ONE_PER_CLOUD: Record<(typeof CLOUDS)[number], CiStack> = {
  aws: { stack: "acme-aws-eu-west-1", cloud: "aws", regionId: "eu-west-1" },
  gcp: {
    stack: "acme-gcp-europe-west1",
    cloud: "gcp",
    regionId: "europe-west1",
    gcpProject: "acme-prod-4711",
  },
  azure: { stack: "acme-azure-westeurope", cloud: "azure", regionId: "westeurope" },
  scaleway: { stack: "acme-scaleway-fr-par", cloud: "scaleway", regionId: "fr-par" },
  digitalocean: { stack: "acme-digitalocean-fra1", cloud: "digitalocean", regionId: "fra1" },
  kubeconfig: { stack: "platform-kubeconfig-local", cloud: "kubeconfig", regionId: "local" },
};

const MANY: CiStack[] = [
  ...Object.values(ONE_PER_CLOUD),
  { stack: "platform-aws-eu-west-1", cloud: "aws", regionId: "eu-west-1" },
  { stack: "platform-aws-eu-west-1-1", cloud: "aws", regionId: "eu-west-1" },
  { stack: "beta-gcp-us-central1", cloud: "gcp", regionId: "us-central1", gcpProject: "beta-prod-1" },
  {
    stack: "platform-kubeconfig-arn-aws-eks-eu-west-1-123456789012-cluster-prod",
    cloud: "kubeconfig",
    regionId: "arn-aws-eks-eu-west-1-123456789012-cluster-prod",
  },
  { stack: "9lives-aws-us-east-1", cloud: "aws", regionId: "us-east-1" },
  { stack: "a.b-aws-us-east-1", cloud: "aws", regionId: "us-east-1" },
];

const VARIANTS: [string, CiStack[], GithubWorkflowOptions][] = [
  ...CLOUDS.map((cloud): [string, CiStack[], GithubWorkflowOptions] => [
    `one ${cloud} stack`,
    [ONE_PER_CLOUD[cloud]],
    {},
  ]),
  ["no stacks", [], {}],
  ["many stacks on every cloud", MANY, {}],
  [
    "many stacks, every option",
    MANY,
    {
      branch: "production",
      driftCron: "0 4 * * 1-5",
      nodeVersion: "22",
      projectDir: "infra/platform",
      runsOn: "deployer",
    },
  ],
];

describe("cloudtier ci github: actionlint", () => {
  for (const [what, stacks, options] of VARIANTS) {
    it(`passes actionlint and ShellCheck: ${what}`, () => {
      const { code, output } = actionlint(renderGithubWorkflow(stacks, options));
      assert.equal(output, "", "no finding");
      assert.equal(code, 0);
    });
  }

  it("rejects a workflow that uses the runner context where GitHub does not allow it (negative control)", () => {
    const workflow = githubWorkflow([ONE_PER_CLOUD.kubeconfig]) as { jobs: Record<string, { env: object }> };
    const job = workflow.jobs["platform-kubeconfig-local"];
    job.env = { ...job.env, KUBECONFIG: "${{ runner.temp }}/kubeconfig" };
    const { code, output } = actionlint(renderWorkflowObject(workflow));
    assert.notEqual(code, 0);
    assert.match(output, /context "runner" is not allowed here/);
  });

  it("runs ShellCheck over the scripts: an unquoted expansion is reported (negative control)", () => {
    const workflow = githubWorkflow([ONE_PER_CLOUD.aws]) as {
      jobs: { changes: { steps: { run?: string }[] } };
    };
    const step = workflow.jobs.changes.steps[1];
    step.run = `${step.run}\ncd $PROJECT_DIR\n`;
    const { code, output } = actionlint(renderWorkflowObject(workflow));
    assert.notEqual(code, 0);
    assert.match(output, /SC2086/);
  });
});

function renderWorkflowObject(workflow: object): string {
  return JSON.stringify(workflow, null, 2);
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  "runs-on": string;
  concurrency?: { group: string; "cancel-in-progress": string };
  env?: Record<string, string>;
  steps: {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
  }[];
}

describe("cloudtier ci github: what the jobs do", () => {
  const workflow = parse(renderGithubWorkflow(MANY, { runsOn: "deployer" })) as {
    on: Record<string, unknown>;
    jobs: Record<string, Job>;
  };
  const stackJobs = Object.entries(workflow.jobs).filter(([id]) => id !== "changes" && id !== "build");

  it("has one job per stack, each gated on the stacks the change touches", () => {
    assert.deepEqual(stackJobs.map(([, j]) => j.name).sort(), MANY.map((s) => s.stack).sort());
    for (const [, job] of stackJobs) {
      assert.deepEqual(job.needs, ["changes", "build"]);
      assert.equal(
        job.if,
        `needs.changes.outputs.all == 'true' || contains(fromJSON(needs.changes.outputs.stacks), '${job.name}')`,
      );
      assert.equal(job["runs-on"], "deployer");
    }
  });

  it("keeps updates, drift checks and previews in separate concurrency groups; only previews are cancelled", () => {
    for (const [, job] of stackJobs) {
      assert.match(job.concurrency!.group, new RegExp(`-${job.name!.replace(/\./g, "\\.")}$`));
      assert.match(job.concurrency!.group, /format\('preview-\{0\}', github\.event\.pull_request\.number\)/);
      assert.equal(
        job.concurrency!["cancel-in-progress"],
        "${{ needs.changes.outputs.operation == 'preview' }}",
      );
    }
  });

  it("installs and compiles once: the stack jobs restore the build job's cache and run no npm ci", () => {
    const build = workflow.jobs["build"];
    const save = build.steps.find((s) => s.uses === "actions/cache@v4")!;
    assert.ok(build.steps.some((s) => s.run?.startsWith("npm ci")));
    for (const [, job] of stackJobs) {
      const restore = job.steps.find((s) => s.uses === "actions/cache/restore@v4")!;
      assert.equal(restore.with!["key"], save.with!["key"]);
      assert.equal(restore.with!["fail-on-cache-miss"], true);
      assert.ok(!job.steps.some((s) => s.run?.includes("npm ci")));
    }
  });

  it("gives GCP jobs their stack's project and every cloud its identity", () => {
    const gcp = workflow.jobs["acme-gcp-europe-west1"];
    assert.equal(
      gcp.steps.find((s) => s.uses === "google-github-actions/auth@v2")!.with!["project_id"],
      "acme-prod-4711",
    );
    const text = renderGithubWorkflow(MANY);
    for (const name of [
      "AWS_ROLE_ARN",
      "GCP_WORKLOAD_IDENTITY_PROVIDER",
      "AZURE_CLIENT_ID",
      "SCW_SECRET_KEY",
      "DIGITALOCEAN_TOKEN",
      "KUBECONFIG",
    ]) {
      assert.match(text.split("\nname:")[0], new RegExp(`# .*${name}`), `the header lists ${name}`);
    }
    assert.match(text, /# {3}gcp:project: from the stack files \(acme-prod-4711, beta-prod-1\)/);
  });
});

describe("cloudtier ci github: the stacks a change runs (the job's script, by bash, on real git history)", () => {
  const script = (githubWorkflow(MANY).jobs as Record<string, Job>)["changes"].steps.find(
    (s) => s.id === "diff",
  )!.run!;

  function repo(): { dir: string; commit: (files: Record<string, string>) => string } {
    const dir = tempDir("cloudtier-changes-");
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@example.com",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@example.com",
        },
      }).trim();
    git("init", "-q", "-b", "main");
    return {
      dir,
      commit: (files) => {
        for (const [path, text] of Object.entries(files)) {
          mkdirSync(join(dir, path, ".."), { recursive: true });
          writeFileSync(join(dir, path), text);
        }
        git("add", "-A");
        git("commit", "-q", "-m", "change");
        return git("rev-parse", "HEAD");
      },
    };
  }

  function runScript(dir: string, env: Record<string, string>): Record<string, string> {
    const output = join(dir, "..", `${Math.random().toString(36).slice(2)}.out`);
    writeFileSync(output, "");
    const result = spawnSync("bash", ["-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: {
        PATH: process.env["PATH"],
        GITHUB_OUTPUT: output,
        GITHUB_REF: "refs/heads/main",
        GITHUB_REF_NAME: "main",
        DEFAULT_BRANCH: "main",
        BRANCH: "main",
        PROJECT_DIR: ".",
        PR_BASE: "",
        PUSH_BEFORE: "",
        ...env,
      },
    });
    assert.equal(result.status, 0, result.stderr);
    return Object.fromEntries(
      readFileSync(output, "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
  }

  const base = {
    "Pulumi.yaml": "name: cloudtier\n",
    "stacks/Pulumi.a-aws-eu-west-1.yaml": "x: 1\n",
    "stacks/Pulumi.b-gcp-europe-west1.yaml": "x: 1\n",
    "README.md": "r\n",
  };

  it("a pull request changing one stack file previews that stack only", () => {
    const { dir, commit } = repo();
    const first = commit(base);
    commit({ "stacks/Pulumi.a-aws-eu-west-1.yaml": "x: 2\n", "README.md": "s\n" });
    assert.deepEqual(runScript(dir, { EVENT: "pull_request", PR_BASE: first }), {
      operation: "preview",
      all: "false",
      stacks: '["a-aws-eu-west-1"]',
    });
  });

  it("a push changing shared code updates every stack; a push on another branch updates nothing", () => {
    const { dir, commit } = repo();
    const first = commit(base);
    commit({ "components/x.ts": "export {};\n" });
    assert.equal(runScript(dir, { EVENT: "push", PUSH_BEFORE: first })["all"], "true");
    assert.equal(runScript(dir, { EVENT: "push", PUSH_BEFORE: first })["operation"], "up");
    const elsewhere = runScript(dir, {
      EVENT: "push",
      PUSH_BEFORE: first,
      GITHUB_REF: "refs/heads/feature",
      GITHUB_REF_NAME: "feature",
    });
    assert.equal(elsewhere["operation"], "none");
  });

  it("a manual run updates every stack on the default branch only; the schedule checks every stack for drift", () => {
    const { dir, commit } = repo();
    commit(base);
    assert.deepEqual(runScript(dir, { EVENT: "workflow_dispatch" }), {
      operation: "up",
      all: "true",
      stacks: "[]",
    });
    assert.equal(
      runScript(dir, {
        EVENT: "workflow_dispatch",
        GITHUB_REF: "refs/heads/feature",
        GITHUB_REF_NAME: "feature",
      })["operation"],
      "none",
    );
    assert.equal(
      runScript(dir, { EVENT: "workflow_dispatch", BRANCH: "main", DEFAULT_BRANCH: "trunk" })["operation"],
      "none",
    );
    assert.deepEqual(runScript(dir, { EVENT: "schedule" }), {
      operation: "drift",
      all: "true",
      stacks: "[]",
    });
  });

  it("documentation and tests alone run nothing; an unknown base runs everything", () => {
    const { dir, commit } = repo();
    const first = commit(base);
    commit({ "README.md": "t\n", "test/a.test.ts": "x\n" });
    assert.deepEqual(runScript(dir, { EVENT: "pull_request", PR_BASE: first }), {
      operation: "preview",
      all: "false",
      stacks: "[]",
    });
    assert.equal(
      runScript(dir, { EVENT: "push", PUSH_BEFORE: "0000000000000000000000000000000000000000" })["all"],
      "true",
    );
  });

  it("looks at the project's directory only when it lives inside the repository", () => {
    const { dir, commit } = repo();
    const first = commit({
      "infra/Pulumi.yaml": "name: cloudtier\n",
      "infra/stacks/Pulumi.a-aws-eu-west-1.yaml": "x: 1\n",
      "web/app.ts": "x\n",
    });
    commit({ "infra/stacks/Pulumi.a-aws-eu-west-1.yaml": "x: 2\n", "web/app.ts": "y\n" });
    assert.deepEqual(runScript(dir, { EVENT: "pull_request", PR_BASE: first, PROJECT_DIR: "infra" }), {
      operation: "preview",
      all: "false",
      stacks: '["a-aws-eu-west-1"]',
    });
  });
});
