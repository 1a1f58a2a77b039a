import { Command } from "commander";
import { InputError, throwIfProblems } from "../../domain/errors.js";
import { resolveBackend } from "../../deploy/backend.js";
import { addSelectionOptions } from "../deploy-options.js";
import type { SelectionFlags } from "../stack-selection.js";
import { log } from "../logger.js";
import { ParentCommand } from "../parent-command.js";
import { parsePositiveInt } from "../options.js";
import { projectDir } from "../project.js";

interface OperatorFlags extends SelectionFlags {
  readonly repo?: string;
  readonly branch?: string;
  readonly repoDir?: string;
  readonly namespace?: string;
  readonly backend?: string;
  readonly passphraseSecret?: string;
  readonly resyncSeconds?: string;
}

function operatorCommand(): Command {
  const command = new Command("operator").description(
    "Print Pulumi Kubernetes Operator Stack resources for the selected stacks, to run them from a cluster " +
      "(operator 1.16.0, apiVersion pulumi.com/v1). Without a selection, every stack.",
  );
  addSelectionOptions(command);
  command
    .option(
      "--repo <url>",
      "git URL of the repository holding this project (required): https://host/path (no credentials in it), " +
        "ssh://host/path or user@host:path",
    )
    .option("--branch <name>", "branch the operator follows (a git branch name)", "main")
    .option("--repo-dir <dir>", "directory of Pulumi.yaml inside the repository (a relative path)")
    .option(
      "--namespace <ns>",
      "namespace of the Stack resources (a DNS-1123 label)",
      "pulumi-kubernetes-operator",
    )
    .option(
      "--backend <url>",
      "shared state backend (default: PULUMI_BACKEND_URL); file backends are rejected",
    )
    .option(
      "--passphrase-secret <name/key>",
      "Secret and key holding PULUMI_CONFIG_PASSPHRASE",
      "pulumi-passphrase/PULUMI_CONFIG_PASSPHRASE",
    )
    .option("--resync-seconds <n>", "how often the operator resyncs and polls the branch, 60 to 86400", "600")
    .addHelpText(
      "after",
      `
The operator creates the stacks the backend does not have yet, and never destroys one when its Stack object
is deleted. Each Stack reads its credentials from Secrets of its namespace, each key named after the
variable it sets (the output's header lists them): the backend's (cloudtier-state-backend: AWS_* for s3://,
GOOGLE_CREDENTIALS for gs://, AZURE_STORAGE_* for azblob://; pulumi-api-secret/accessToken for Pulumi
Cloud), the passphrase (--passphrase-secret) unless the stack uses a KMS key, and its cloud's
(cloudtier-aws, cloudtier-gcp, cloudtier-azure, cloudtier-scaleway, cloudtier-digitalocean). Stacks on
existing clusters read the kubeconfig mounted in the operator's pod at /var/run/cloudtier/kubeconfig/config.
Config (the GCP project, kubeconfig contexts) comes from the stack files in git.

Examples:
  cloudtier export operator --repo https://github.com/acme/platform.git --backend s3://acme-pulumi-state | kubectl apply -f -
  cloudtier export operator --customer acme --repo git@github.com:acme/platform.git --namespace tenants`,
    )
    .action(async (flags: OperatorFlags, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      if (!flags.repo) {
        throw InputError.single({
          field: "--repo",
          rule: "is required: the operator checks the project out of git",
          received: undefined,
          fix: "Give the repository URL, e.g. --repo https://github.com/acme/platform.git.",
        });
      }
      const backend = resolveBackend(project, flags.backend, process.env);
      if (backend.localDir !== undefined) {
        throw InputError.single({
          field: backend.source === "default" ? "--backend" : backend.source,
          rule: "must be a shared backend: the operator's pods cannot reach this machine's files",
          limit: "s3://, gs://, azblob://, https://",
          received: backend.url,
          fix: "Give --backend s3://... (or gs://, azblob://, Pulumi Cloud), where the stacks' state lives.",
        });
      }
      // Every value this command writes into the Stack resources is checked before a stack file is read.
      const {
        branchProblems,
        dnsLabelProblems,
        dnsSubdomainProblems,
        repoDirProblems,
        repoUrlProblems,
        secretKeyProblems,
      } = await import("../option-values.js");
      const namespace = flags.namespace ?? "pulumi-kubernetes-operator";
      const secret = (flags.passphraseSecret ?? "").split("/");
      const [secretName, secretKey] = secret;
      throwIfProblems([
        ...repoUrlProblems(flags.repo, "--repo"),
        ...(flags.branch !== undefined ? branchProblems(flags.branch, "--branch") : []),
        ...(flags.repoDir !== undefined ? repoDirProblems(flags.repoDir, "--repo-dir") : []),
        ...dnsLabelProblems(namespace, "--namespace"),
        ...(secret.length !== 2 || !secretName || !secretKey
          ? [
              {
                field: "--passphrase-secret",
                rule: "must be NAME/KEY",
                received: flags.passphraseSecret,
                fix: "Give the Secret's name and key, e.g. pulumi-passphrase/PULUMI_CONFIG_PASSPHRASE.",
              },
            ]
          : [
              ...dnsSubdomainProblems(secretName, "--passphrase-secret (name)"),
              ...secretKeyProblems(secretKey, "--passphrase-secret (key)"),
            ]),
      ]);
      const resyncSeconds = parsePositiveInt(flags.resyncSeconds, "--resync-seconds", 86_400) ?? 600;
      if (resyncSeconds < 60) {
        throw InputError.single({
          field: "--resync-seconds",
          rule: "must be at least the operator's shortest resync",
          limit: "60 seconds",
          received: resyncSeconds,
          fix: "Give 60 or more.",
        });
      }
      const { selectStacks } = await import("../stack-selection.js");
      const stacks = selectStacks(project, flags, { defaultAll: true });
      const { renderOperatorStacks } = await import("../../deploy/operator.js");
      const { stackCloud } = await import("../../domain/stack-config.js");
      log.out(
        renderOperatorStacks(
          stacks.map((s) => ({
            stack: s.stack,
            cloud: stackCloud(s.config),
            ...(s.secretsProvider ? { secretsProvider: s.secretsProvider } : {}),
          })),
          {
            repo: flags.repo,
            backend: backend.url,
            namespace,
            resyncSeconds,
            passphraseSecret: { name: secretName, key: secretKey },
            ...(flags.branch !== undefined ? { branch: flags.branch } : {}),
            ...(flags.repoDir !== undefined ? { repoDir: flags.repoDir } : {}),
          },
        ),
      );
      if (stacks.length === 0) log.info("warning: no stacks under stacks/: nothing to export.");
    });
  return command;
}

export function exportCommand(): Command {
  return new ParentCommand("export")
    .description("Print resources that run the stacks elsewhere (the Pulumi Kubernetes Operator).")
    .addCommand(operatorCommand());
}
