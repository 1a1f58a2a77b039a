import type { Command } from "commander";
import { deployCommand } from "../deploy-command.js";

export function previewCommand(): Command {
  return deployCommand({
    operation: "preview",
    description:
      "Preview the selected stacks with the Pulumi CLI: the changes an `up` would make. Creates the stacks in the " +
      "backend if they do not exist yet.",
    examples: [
      "cloudtier preview --stack acme-aws-eu-west-1",
      "cloudtier preview --customer acme --json",
      "cloudtier preview --all --parallel 8",
    ],
  });
}
