import { Command } from "commander";
import { InputError, throwIfProblems } from "../../domain/errors.js";
import { addSelectionOptions } from "../deploy-options.js";
import type { SelectionFlags } from "../stack-selection.js";
import { log } from "../logger.js";
import { ParentCommand } from "../parent-command.js";
import { projectDir } from "../project.js";

interface GithubFlags extends SelectionFlags {
  readonly branch?: string;
  readonly cron?: string;
  readonly nodeVersion?: string;
  readonly repoDir?: string;
  readonly runsOn?: string;
}

function githubCommand(): Command {
  const command = new Command("github").description(
    "Print a GitHub Actions workflow with one job per stack: pull requests preview the stacks they change, " +
      "pushes to the default branch update them, a nightly run checks every stack for drift. Without a " +
      "selection, every stack.",
  );
  addSelectionOptions(command);
  command
    .option(
      "--branch <name>",
      "the repository's default branch: its pushes run up (a git branch name, without '+' or a leading '!')",
      "main",
    )
    .option(
      "--cron <expr>",
      "schedule (UTC) of the nightly drift check: five fields (minute hour day month weekday), numbers, " +
        "names (JAN, MON), ranges, lists and steps",
      "17 3 * * *",
    )
    .option(
      "--node-version <v>",
      "Node version of the runners: 20, 20.x, 22, 20.19.0 or lts/* (20.19+ or 22+)",
      "20",
    )
    .option(
      "--repo-dir <dir>",
      "directory of the project inside the repository: a relative path of letters, digits, '.', '_', '-' and '/'",
      ".",
    )
    .option(
      "--runs-on <label>",
      "runner label of the stack jobs: a runner whose egress address is in cloudtier:deployerCidrs " +
        "(letters, digits, '.', '_' and '-')",
      "ubuntu-latest",
    )
    .addHelpText(
      "after",
      `
Only the stacks a change touches run (their stack file changed, or anything else the program is made of);
the schedule and manual runs take every stack. The project is installed and compiled once per run and
cached for the stack jobs. up and drift of a stack never cancel each other or a preview; a pull request's
newer preview replaces its older one.
The workflow reads PULUMI_BACKEND_URL from a repository variable (a shared backend: s3://, gs://, azblob:// or
Pulumi Cloud) and PULUMI_CONFIG_PASSPHRASE (or PULUMI_ACCESS_TOKEN) from secrets; cloud identities come from
OIDC (AWS, Google Cloud, Azure) or secrets (Scaleway, DigitalOcean, kubeconfig): the workflow's header lists
what its jobs need. GCP jobs deploy into the project of their stack file (gcp:project).
The clusters' API endpoints admit the project's cloudtier:deployerCidrs only: give --runs-on the label of a
runner whose egress address is listed there.

Examples:
  cloudtier ci github > .github/workflows/cloudtier.yml
  cloudtier ci github --customer acme --branch production
  cloudtier ci github --runs-on deployer`,
    )
    .action(async (flags: GithubFlags, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      // Every value this command writes into the workflow is checked before a stack file is read.
      const { branchProblems, cronProblems, nodeVersionProblems, repoDirProblems, runnerLabelProblems } =
        await import("../option-values.js");
      throwIfProblems([
        ...(flags.branch !== undefined ? branchProblems(flags.branch, "--branch") : []),
        ...(flags.cron !== undefined ? cronProblems(flags.cron, "--cron") : []),
        ...(flags.nodeVersion !== undefined ? nodeVersionProblems(flags.nodeVersion, "--node-version") : []),
        ...(flags.repoDir !== undefined ? repoDirProblems(flags.repoDir, "--repo-dir") : []),
        ...(flags.runsOn !== undefined ? runnerLabelProblems(flags.runsOn, "--runs-on") : []),
      ]);
      const { selectStacks } = await import("../stack-selection.js");
      const { stackCloud } = await import("../../domain/stack-config.js");
      const { parseRegionKey, isProblem } = await import("../../domain/region-key.js");
      const { regionSpec } = await import("../../regions/index.js");
      const { programConfig } = await import("../program-config.js");
      const { GCP_PROJECT_KEY } = await import("../../domain/project-settings.js");
      const stacks = selectStacks(project, flags, { defaultAll: true }).map((s) => {
        const ref = parseRegionKey(s.config.region, `stacks/Pulumi.${s.stack}.yaml: region`);
        if (isProblem(ref)) throw InputError.single(ref);
        const gcpProject = programConfig(project, s)[GCP_PROJECT_KEY];
        if (ref.cloud === "gcp" && typeof gcpProject !== "string") {
          throw InputError.single({
            field: `stacks/Pulumi.${s.stack}.yaml: ${GCP_PROJECT_KEY}`,
            rule: "is required: the job deploys into the stack's Google Cloud project",
            received: undefined,
            fix: `Set it in the stack file (\`pulumi config set ${GCP_PROJECT_KEY} <id> --stack ${s.stack}\`) or project-wide in Pulumi.yaml.`,
          });
        }
        return {
          stack: s.stack,
          cloud: stackCloud(s.config),
          regionId: ref.cloud === "kubeconfig" ? ref.region : regionSpec(ref).id,
          ...(ref.cloud === "gcp" && typeof gcpProject === "string" ? { gcpProject } : {}),
        };
      });
      return import("../../deploy/ci-github.js").then(({ renderGithubWorkflow }) => {
        log.out(
          renderGithubWorkflow(stacks, {
            ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
            ...(flags.cron !== undefined ? { driftCron: flags.cron.trim() } : {}),
            ...(flags.nodeVersion !== undefined ? { nodeVersion: flags.nodeVersion } : {}),
            ...(flags.repoDir !== undefined ? { projectDir: flags.repoDir } : {}),
            ...(flags.runsOn !== undefined ? { runsOn: flags.runsOn } : {}),
          }),
        );
        if (stacks.length === 0) log.info("warning: no stacks under stacks/: the workflow has no jobs.");
      });
    });
  return command;
}

export function ciCommand(): Command {
  return new ParentCommand("ci")
    .description("Print CI recipes that run the stacks on CI runners, one job per stack.")
    .addCommand(githubCommand());
}
