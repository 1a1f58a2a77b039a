/**
 * A GitHub Actions workflow with one job per stack: preview on pull requests, up on pushes to the main
 * branch, drift every night. Stacks are independent, so GitHub runs the jobs in parallel on separate
 * runners; a concurrency group per stack keeps two runs of one stack from fighting over its lock.
 * Pure: stacks in, a workflow object out.
 */
import { stringify } from "yaml";
import type { CloudName } from "../regions/index.js";

export interface CiStack {
  readonly stack: string;
  readonly cloud: CloudName;
  /** The cloud's own region id (e.g. `eu-west-1`), for credential steps that need one. */
  readonly regionId: string;
}

export interface GithubWorkflowOptions {
  /** Branch whose pushes run `up`. @default "main" */
  readonly branch?: string;
  /** Cron (UTC) of the nightly drift check. @default "17 3 * * *" */
  readonly driftCron?: string;
  /** Node version of the runners. @default "20" */
  readonly nodeVersion?: string;
  /** Directory of the project inside the repository. @default "." */
  readonly projectDir?: string;
}

type Step = Record<string, unknown>;

/** GitHub job ids: letters, digits, `-` and `_`, starting with a letter or `_`. */
export function jobId(stack: string): string {
  const id = stack.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `s_${id}`;
}

/** How each cloud's credentials reach the job: OIDC where the cloud supports it, repository secrets otherwise. */
function credentialSteps(s: CiStack): { steps: Step[]; env: Record<string, string> } {
  switch (s.cloud) {
    case "aws":
      return {
        steps: [
          {
            name: "AWS credentials (OIDC)",
            uses: "aws-actions/configure-aws-credentials@v4",
            with: { "role-to-assume": "${{ vars.AWS_ROLE_ARN }}", "aws-region": s.regionId },
          },
        ],
        env: {},
      };
    case "gcp":
      return {
        steps: [
          {
            name: "Google Cloud credentials (workload identity)",
            uses: "google-github-actions/auth@v2",
            with: {
              workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
              service_account: "${{ vars.GCP_SERVICE_ACCOUNT }}",
            },
          },
        ],
        env: {},
      };
    case "azure":
      // The azure-native provider exchanges the job's OIDC token itself when ARM_USE_OIDC is set.
      return {
        steps: [],
        env: {
          ARM_USE_OIDC: "true",
          ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
          ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
          ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
        },
      };
    case "scaleway":
      return {
        steps: [],
        env: {
          SCW_ACCESS_KEY: "${{ secrets.SCW_ACCESS_KEY }}",
          SCW_SECRET_KEY: "${{ secrets.SCW_SECRET_KEY }}",
          SCW_DEFAULT_PROJECT_ID: "${{ vars.SCW_DEFAULT_PROJECT_ID }}",
        },
      };
    case "digitalocean":
      // DigitalOcean has no OIDC federation for CI: an API token of the stack's team, as a secret.
      return { steps: [], env: { DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN }}" } };
    case "kubeconfig":
      return {
        steps: [
          {
            name: "Kubeconfig",
            run: 'printf "%s" "$KUBECONFIG_DATA" > "$RUNNER_TEMP/kubeconfig"',
            env: { KUBECONFIG_DATA: "${{ secrets.KUBECONFIG }}" },
          },
        ],
        env: { KUBECONFIG: "${{ runner.temp }}/kubeconfig" },
      };
  }
}

export function githubWorkflow(
  stacks: readonly CiStack[],
  options: GithubWorkflowOptions = {},
): Record<string, unknown> {
  const branch = options.branch ?? "main";
  const dir = options.projectDir ?? ".";
  const cli = `node ${dir === "." ? "" : `${dir}/`}bin/cloudtier.js`;
  const jobs: Record<string, unknown> = {};
  const used = new Set<string>();
  for (const s of stacks) {
    let id = jobId(s.stack);
    for (let n = 2; used.has(id); n++) id = `${jobId(s.stack)}_${n}`;
    used.add(id);
    const credentials = credentialSteps(s);
    const run = (op: string) => `${cli} ${op} --stack ${s.stack} --json`;
    jobs[id] = {
      name: s.stack,
      "runs-on": "ubuntu-latest",
      "timeout-minutes": 120,
      // One run per stack at a time; a queued run waits rather than cancelling an update half-way.
      concurrency: { group: `cloudtier-${s.stack}`, "cancel-in-progress": false },
      ...(Object.keys(credentials.env).length > 0 ? { env: credentials.env } : {}),
      steps: [
        { uses: "actions/checkout@v4" },
        {
          uses: "actions/setup-node@v4",
          with: {
            "node-version": options.nodeVersion ?? "20",
            cache: "npm",
            "cache-dependency-path": `${dir}/package-lock.json`,
          },
        },
        { run: "npm ci", "working-directory": dir },
        { name: "Pulumi CLI", uses: "pulumi/actions@v6" },
        ...credentials.steps,
        {
          name: "preview",
          if: "github.event_name == 'pull_request'",
          run: run("preview"),
          "working-directory": dir,
        },
        {
          name: "up",
          if: "github.event_name == 'push' || github.event_name == 'workflow_dispatch'",
          run: run("up"),
          "working-directory": dir,
        },
        { name: "drift", if: "github.event_name == 'schedule'", run: run("drift"), "working-directory": dir },
      ],
    };
  }
  return {
    name: "cloudtier stacks",
    on: {
      pull_request: { branches: [branch] },
      push: { branches: [branch] },
      schedule: [{ cron: options.driftCron ?? "17 3 * * *" }],
      workflow_dispatch: {},
    },
    permissions: { contents: "read", "id-token": "write" },
    env: {
      // A shared backend (s3://, gs://, azblob://, Pulumi Cloud): runners do not keep files between jobs.
      PULUMI_BACKEND_URL: "${{ vars.PULUMI_BACKEND_URL }}",
      PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
      PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
    },
    jobs,
  };
}

export function renderGithubWorkflow(
  stacks: readonly CiStack[],
  options: GithubWorkflowOptions = {},
): string {
  const header =
    "# Generated by `cloudtier ci github`: one job per stack (preview on pull requests, up on pushes, drift nightly).\n" +
    "# Repository variables: PULUMI_BACKEND_URL and the cloud identities used below; secrets: PULUMI_CONFIG_PASSPHRASE\n" +
    "# (or PULUMI_ACCESS_TOKEN for Pulumi Cloud). Regenerate after onboarding.\n";
  return header + stringify(githubWorkflow(stacks, options), { lineWidth: 0 });
}
