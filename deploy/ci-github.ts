/**
 * A GitHub Actions workflow with one job per stack. Pure: stacks in, a workflow object out.
 *
 * - Triggers: pull requests to the branch preview, pushes to it (and manual runs on it) run `up`, a nightly
 *   schedule runs `drift`. `up` runs only when the branch is also the repository's default branch.
 * - Only the stacks a change touches run: a first job reads the change (`git diff`) and lists the stacks
 *   whose stack file changed, or all of them when anything else the program is made of changed. The
 *   schedule and manual runs take every stack.
 * - One build per run: a build job installs and compiles once into a cache keyed by the lockfile and the
 *   sources; every stack job restores it instead of running `npm ci` and `tsc` again.
 * - Concurrency: `up` and `drift` of a stack each queue in a group of their own and never cancel a run in
 *   progress; previews queue per pull request and stack, a newer commit replacing an older preview. A
 *   preview never waits for, replaces or cancels an `up`.
 * - Cloud identities: OIDC where the cloud offers it (AWS, Google Cloud, Azure), repository secrets
 *   otherwise; every variable and secret a job needs is listed in the header.
 */
import { stringify } from "yaml";
import type { CloudName } from "../regions/index.js";

export interface CiStack {
  readonly stack: string;
  readonly cloud: CloudName;
  /** The cloud's own region id (e.g. `eu-west-1`), for credential steps that need one. */
  readonly regionId: string;
  /** GCP stacks: the project the stack deploys into (its `gcp:project`). */
  readonly gcpProject?: string;
}

export interface GithubWorkflowOptions {
  /** Branch whose pushes run `up`: the repository's default branch. @default "main" */
  readonly branch?: string;
  /** Cron (UTC) of the nightly drift check. @default "17 3 * * *" */
  readonly driftCron?: string;
  /** Node version of the runners. @default "20" */
  readonly nodeVersion?: string;
  /** Directory of the project inside the repository. @default "." */
  readonly projectDir?: string;
  /**
   * Runner label of the stack jobs: a self-hosted runner whose egress address is in the project's
   * `cloudtier:deployerCidrs` (GitHub-hosted runners have no fixed address). @default "ubuntu-latest"
   */
  readonly runsOn?: string;
  /** Pulumi CLI version installed on the runners. @default "3.248.0" */
  readonly pulumiVersion?: string;
}

/** The Pulumi CLI the runners install: the version of the `@pulumi/pulumi` package the project pins. */
export const CI_PULUMI_VERSION = "3.248.0";

type Step = Record<string, unknown>;

/** GitHub job ids: letters, digits, `-` and `_`, starting with a letter or `_`. */
export function jobId(stack: string): string {
  const id = stack.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `s_${id}`;
}

/** What each cloud's jobs need from the repository: variables and secrets, with what each is for. */
export const CLOUD_IDENTITIES: Readonly<
  Record<
    CloudName,
    { readonly vars: readonly string[]; readonly secrets: readonly string[]; readonly how: string }
  >
> = {
  aws: {
    vars: ["AWS_ROLE_ARN"],
    secrets: [],
    how: "an IAM role trusting GitHub's OIDC provider (token.actions.githubusercontent.com) for this repository",
  },
  gcp: {
    vars: ["GCP_WORKLOAD_IDENTITY_PROVIDER", "GCP_SERVICE_ACCOUNT"],
    secrets: [],
    how: "workload identity federation; each job deploys into the project of its stack file (gcp:project)",
  },
  azure: {
    vars: ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID"],
    secrets: [],
    how: "an Entra ID application with a federated credential for this repository",
  },
  scaleway: {
    vars: ["SCW_DEFAULT_PROJECT_ID"],
    secrets: ["SCW_ACCESS_KEY", "SCW_SECRET_KEY"],
    how: "an API key of the Scaleway project (Scaleway has no OIDC federation for CI)",
  },
  digitalocean: {
    vars: [],
    secrets: ["DIGITALOCEAN_TOKEN"],
    how: "an API token of the stack's DigitalOcean team (no OIDC federation for CI)",
  },
  kubeconfig: {
    vars: [],
    secrets: ["KUBECONFIG"],
    how: "a kubeconfig holding the stacks' contexts",
  },
};

/** How each cloud's credentials (and the kubeconfig plugin of its clusters) reach a job. */
function credentialSteps(s: CiStack): { steps: Step[]; env: Record<string, string> } {
  switch (s.cloud) {
    case "aws":
      // The EKS kubeconfig runs `aws eks get-token`: the AWS CLI is on GitHub's runners.
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
              ...(s.gcpProject ? { project_id: s.gcpProject } : {}),
            },
          },
          {
            // The GKE kubeconfig authenticates through gcloud's plugin.
            name: "gke-gcloud-auth-plugin",
            uses: "google-github-actions/setup-gcloud@v2",
            with: { install_components: "gke-gcloud-auth-plugin" },
          },
        ],
        env: {},
      };
    case "azure":
      // The azure-native provider exchanges the job's OIDC token itself when ARM_USE_OIDC is set; the AKS
      // kubeconfig signs in through kubelogin with the same identity.
      return {
        steps: [
          { name: "kubelogin", uses: "azure/use-kubelogin@v1", with: { "kubelogin-version": "v0.1.4" } },
        ],
        env: {
          ARM_USE_OIDC: "true",
          ARM_CLIENT_ID: "${{ vars.AZURE_CLIENT_ID }}",
          ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}",
          ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}",
          AAD_LOGIN_METHOD: "workloadidentity",
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
      // The DOKS kubeconfig authenticates through doctl.
      return {
        steps: [
          {
            name: "doctl",
            uses: "digitalocean/action-doctl@v2",
            with: { token: "${{ secrets.DIGITALOCEAN_TOKEN }}" },
          },
        ],
        env: { DIGITALOCEAN_TOKEN: "${{ secrets.DIGITALOCEAN_TOKEN }}" },
      };
    case "kubeconfig":
      // The file lives in the job's temporary directory; KUBECONFIG points there for the later steps.
      return {
        steps: [
          {
            name: "Kubeconfig",
            env: { KUBECONFIG_DATA: "${{ secrets.KUBECONFIG }}" },
            run: [
              "umask 077",
              'printf "%s" "$KUBECONFIG_DATA" > "$RUNNER_TEMP/kubeconfig"',
              'echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"',
            ].join("\n"),
          },
        ],
        env: {},
      };
  }
}

/**
 * The change job's script: which operation this run is and which stacks it touches. Inputs arrive as
 * environment variables, never spliced into the script.
 */
const CHANGES_SCRIPT = `set -euo pipefail
all=false
stacks='[]'
case "$EVENT" in
  pull_request) operation=preview; base="$PR_BASE" ;;
  push) operation=up; base="$PUSH_BEFORE" ;;
  workflow_dispatch) operation=up; all=true; base="" ;;
  schedule) operation=drift; all=true; base="" ;;
  *) operation=none; base="" ;;
esac
# Updates run from the branch only, and only when it is the repository's default branch.
if [ "$operation" = up ] && { [ "$GITHUB_REF" != "refs/heads/$BRANCH" ] || [ "$GITHUB_REF_NAME" != "$DEFAULT_BRANCH" ]; }; then
  operation=none
fi
if [ "$operation" != none ] && [ "$all" = false ]; then
  if [ -z "$base" ] || ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    # A new branch, or history rewritten: nothing to compare with, so every stack runs.
    all=true
  else
    prefix=""
    if [ "$PROJECT_DIR" != "." ]; then prefix="\${PROJECT_DIR%/}/"; fi
    changed_stacks=()
    while IFS= read -r file; do
      [ -n "$file" ] || continue
      path="\${file#"$prefix"}"
      case "$path" in
        stacks/Pulumi.*.yaml) name="\${path#stacks/Pulumi.}"; changed_stacks+=("\${name%.yaml}") ;;
        *.md | docs/* | test/* | bench/* | .github/*) ;;
        *) all=true ;;
      esac
    done < <(git diff --name-only "$base" HEAD -- "$PROJECT_DIR")
    if [ "$all" = false ] && [ "\${#changed_stacks[@]}" -gt 0 ]; then
      stacks=$(printf '%s\\n' "\${changed_stacks[@]}" | jq -R . | jq -cs .)
    fi
  fi
fi
{
  echo "operation=$operation"
  echo "all=$all"
  echo "stacks=$stacks"
} >> "$GITHUB_OUTPUT"
echo "operation: $operation; every stack: $all; changed stacks: $stacks"
`;

export function githubWorkflow(
  stacks: readonly CiStack[],
  options: GithubWorkflowOptions = {},
): Record<string, unknown> {
  const branch = options.branch ?? "main";
  const dir = options.projectDir ?? ".";
  const at = (path: string) => (dir === "." ? path : `${dir.replace(/\/+$/, "")}/${path}`);
  const runsOn = options.runsOn ?? "ubuntu-latest";
  const nodeVersion = options.nodeVersion ?? "20";
  const cacheKey =
    `cloudtier-\${{ runner.os }}-node${nodeVersion}-` +
    `\${{ hashFiles('${at("package-lock.json")}', '${at("**/*.ts")}', '${at("**/*.mjs")}', '${at("tsconfig*.json")}') }}`;
  const cachePaths = [at("node_modules"), at("dist")].join("\n");
  const setupNode = {
    uses: "actions/setup-node@v4",
    with: { "node-version": nodeVersion },
  };

  const jobs: Record<string, unknown> = {
    changes: {
      name: "stacks to run",
      "runs-on": "ubuntu-latest",
      outputs: {
        operation: "${{ steps.diff.outputs.operation }}",
        all: "${{ steps.diff.outputs.all }}",
        stacks: "${{ steps.diff.outputs.stacks }}",
      },
      steps: [
        { uses: "actions/checkout@v4", with: { "fetch-depth": 0 } },
        {
          id: "diff",
          name: "Stacks the change touches",
          env: {
            EVENT: "${{ github.event_name }}",
            PR_BASE: "${{ github.event.pull_request.base.sha }}",
            PUSH_BEFORE: "${{ github.event.before }}",
            DEFAULT_BRANCH: "${{ github.event.repository.default_branch }}",
            BRANCH: branch,
            PROJECT_DIR: dir,
          },
          run: CHANGES_SCRIPT,
        },
      ],
    },
    build: {
      name: "build",
      needs: "changes",
      if: "needs.changes.outputs.operation != 'none' && (needs.changes.outputs.all == 'true' || needs.changes.outputs.stacks != '[]')",
      "runs-on": "ubuntu-latest",
      steps: [
        { uses: "actions/checkout@v4" },
        setupNode,
        {
          id: "cache",
          name: "Installed and compiled project",
          uses: "actions/cache@v4",
          with: { path: cachePaths, key: cacheKey },
        },
        {
          name: "npm ci (installs and compiles)",
          if: "steps.cache.outputs.cache-hit != 'true'",
          run: "npm ci --no-audit --no-fund",
          "working-directory": dir,
        },
      ],
    },
  };

  const used = new Set(Object.keys(jobs));
  for (const s of stacks) {
    let id = jobId(s.stack);
    for (let n = 2; used.has(id); n++) id = `${jobId(s.stack)}_${n}`;
    used.add(id);
    const credentials = credentialSteps(s);
    jobs[id] = {
      name: s.stack,
      needs: ["changes", "build"],
      if: `needs.changes.outputs.all == 'true' || contains(fromJSON(needs.changes.outputs.stacks), '${s.stack}')`,
      "runs-on": runsOn,
      "timeout-minutes": 120,
      concurrency: {
        // Updates and drift checks of a stack queue behind each other's kind and are never cancelled half-way;
        // a pull request's previews queue apart, a newer commit replacing the older preview.
        group:
          "cloudtier-${{ needs.changes.outputs.operation == 'preview' && format('preview-{0}', github.event.pull_request.number) || needs.changes.outputs.operation }}-" +
          s.stack,
        "cancel-in-progress": "${{ needs.changes.outputs.operation == 'preview' }}",
      },
      env: { OPERATION: "${{ needs.changes.outputs.operation }}", ...credentials.env },
      steps: [
        { uses: "actions/checkout@v4" },
        setupNode,
        {
          name: "Installed and compiled project",
          uses: "actions/cache/restore@v4",
          with: { path: cachePaths, key: cacheKey, "fail-on-cache-miss": true },
        },
        {
          name: "Pulumi CLI",
          uses: "pulumi/actions@v6",
          with: { "pulumi-version": options.pulumiVersion ?? CI_PULUMI_VERSION },
        },
        ...credentials.steps,
        {
          name: s.stack,
          run: `node bin/cloudtier.js "$OPERATION" --stack ${s.stack} --json`,
          "working-directory": dir,
        },
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
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
    jobs,
  };
}

/** The header: what the repository must provide for the jobs this workflow holds. */
function header(stacks: readonly CiStack[], options: GithubWorkflowOptions): string {
  const clouds = [...new Set(stacks.map((s) => s.cloud))].sort();
  const lines = [
    "Generated by `cloudtier ci github`; regenerate after onboarding.",
    "One job per stack: pull requests preview the stacks they change, pushes to the default branch update them,",
    "a nightly run checks every stack for drift. Stacks run only when their stack file, or the code they share,",
    "changed.",
    "",
    "Repository variables and secrets:",
    "  PULUMI_BACKEND_URL (variable): the shared state backend (s3://, gs://, azblob:// or Pulumi Cloud)",
    "  PULUMI_CONFIG_PASSPHRASE (secret): for passphrase-encrypted stacks; or PULUMI_ACCESS_TOKEN (secret) for Pulumi Cloud",
    ...clouds.map((cloud) => {
      const id = CLOUD_IDENTITIES[cloud];
      const names = [...id.vars.map((v) => `${v} (variable)`), ...id.secrets.map((v) => `${v} (secret)`)];
      return `  ${cloud}: ${names.join(", ")}: ${id.how}`;
    }),
  ];
  const gcp = stacks.filter((s) => s.cloud === "gcp");
  if (gcp.length > 0) {
    lines.push(
      `  gcp:project: from the stack files (${[...new Set(gcp.map((s) => s.gcpProject))].join(", ")}); the service account needs roles there`,
    );
  }
  if (stacks.some((s) => s.cloud !== "kubeconfig")) {
    lines.push(
      "",
      `The stack jobs run on ${options.runsOn ?? "ubuntu-latest"}. The clusters' API endpoints admit the project's`,
      "cloudtier:deployerCidrs only: run these jobs on runners whose egress address is in that list (a",
      "self-hosted runner, `cloudtier ci github --runs-on <label>`); GitHub-hosted runners have no fixed address.",
    );
  }
  return lines.map((l) => (l === "" ? "#" : `# ${l}`)).join("\n") + "\n";
}

export function renderGithubWorkflow(
  stacks: readonly CiStack[],
  options: GithubWorkflowOptions = {},
): string {
  return (
    header(stacks, options) +
    // Every step written out: no YAML anchors and aliases for steps that look alike.
    stringify(githubWorkflow(stacks, options), { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
