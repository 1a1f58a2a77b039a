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
}

function githubCommand(): Command {
  const command = new Command("github").description(
    "Print a GitHub Actions workflow with one job per stack: preview on pull requests, up on pushes to the " +
      "branch, drift nightly. Without a selection, every stack.",
  );
  addSelectionOptions(command);
  command
    .option(
      "--branch <name>",
      "branch whose pushes run up (a git branch name, without '+' or a leading '!')",
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
    .addHelpText(
      "after",
      `
The workflow reads PULUMI_BACKEND_URL from a repository variable (a shared backend: s3://, gs://, azblob:// or
Pulumi Cloud) and PULUMI_CONFIG_PASSPHRASE (or PULUMI_ACCESS_TOKEN) from secrets; cloud identities come from
OIDC (AWS, Google Cloud, Azure) or secrets (Scaleway, kubeconfig).

Examples:
  cloudtier ci github > .github/workflows/cloudtier.yml
  cloudtier ci github --customer acme --branch production`,
    )
    .action(async (flags: GithubFlags, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      // Every value this command writes into the workflow is checked before a stack file is read.
      const { branchProblems, cronProblems, nodeVersionProblems, repoDirProblems } =
        await import("../option-values.js");
      throwIfProblems([
        ...(flags.branch !== undefined ? branchProblems(flags.branch, "--branch") : []),
        ...(flags.cron !== undefined ? cronProblems(flags.cron, "--cron") : []),
        ...(flags.nodeVersion !== undefined ? nodeVersionProblems(flags.nodeVersion, "--node-version") : []),
        ...(flags.repoDir !== undefined ? repoDirProblems(flags.repoDir, "--repo-dir") : []),
      ]);
      const { selectStacks } = await import("../stack-selection.js");
      const { stackCloud } = await import("../../domain/stack-config.js");
      const { parseRegionKey, isProblem } = await import("../../domain/region-key.js");
      const { regionSpec } = await import("../../regions/index.js");
      const stacks = selectStacks(project, flags, { defaultAll: true }).map((s) => {
        const ref = parseRegionKey(s.config.region, `stacks/Pulumi.${s.stack}.yaml: region`);
        if (isProblem(ref)) throw InputError.single(ref);
        return {
          stack: s.stack,
          cloud: stackCloud(s.config),
          regionId: ref.cloud === "kubeconfig" ? ref.region : regionSpec(ref).id,
        };
      });
      return import("../../deploy/ci-github.js").then(({ renderGithubWorkflow }) => {
        log.out(
          renderGithubWorkflow(stacks, {
            ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
            ...(flags.cron !== undefined ? { driftCron: flags.cron.trim() } : {}),
            ...(flags.nodeVersion !== undefined ? { nodeVersion: flags.nodeVersion } : {}),
            ...(flags.repoDir !== undefined ? { projectDir: flags.repoDir } : {}),
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
