import { Command } from "commander";
import { InputError } from "../../domain/errors.js";
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

const CRON = /^(\S+\s+){4}\S+$/;

function githubCommand(): Command {
  const command = new Command("github").description(
    "Print a GitHub Actions workflow with one job per stack: pull requests preview the stacks they change, " +
      "pushes to the default branch update them, a nightly run checks every stack for drift. Without a " +
      "selection, every stack.",
  );
  addSelectionOptions(command);
  command
    .option("--branch <name>", "the repository's default branch: its pushes run up", "main")
    .option("--cron <expr>", "schedule (UTC) of the nightly drift check", "17 3 * * *")
    .option("--node-version <v>", "Node version of the runners", "20")
    .option("--repo-dir <dir>", "directory of the project inside the repository", ".")
    .option(
      "--runs-on <label>",
      "runner label of the stack jobs: a runner whose egress address is in cloudtier:deployerCidrs",
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
      if (flags.cron !== undefined && !CRON.test(flags.cron.trim())) {
        throw InputError.single({
          field: "--cron",
          rule: "must be a cron expression of five fields",
          received: flags.cron,
          fix: 'Use e.g. "17 3 * * *" (03:17 UTC every day).',
        });
      }
      if (flags.runsOn !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(flags.runsOn)) {
        throw InputError.single({
          field: "--runs-on",
          rule: "must be a runner label: letters, digits, '.', '_' and '-'",
          received: flags.runsOn,
          fix: "Give the label of a runner, e.g. --runs-on ubuntu-latest or --runs-on deployer.",
        });
      }
      const { selectStacks } = await import("../stack-selection.js");
      const { stackCloud } = await import("../../domain/stack-config.js");
      const { parseRegionKey, isProblem } = await import("../../domain/region-key.js");
      const { regionSpec } = await import("../../regions/index.js");
      const { programConfig } = await import("../program-config.js");
      const { GCP_PROJECT_KEY } = await import("../../domain/project-settings.js");
      const stacks = selectStacks(project, flags, { defaultAll: true }).map((s) => {
        const ref = parseRegionKey(s.config.region, `stacks/Pulumi.${s.stack}.yaml: region`);
        if (isProblem(ref)) throw InputError.single(ref);
        const gcpProject = programConfig(project, s.stack)[GCP_PROJECT_KEY];
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
