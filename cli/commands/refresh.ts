import type { Command } from "commander";
import { deployCommand } from "../deploy-command.js";

export function refreshCommand(): Command {
  return deployCommand({
    operation: "refresh",
    description:
      "Refresh the selected stacks: read the real state of their resources into the Pulumi state. Stacks that " +
      "were never deployed are skipped.",
    examples: ["cloudtier refresh --stack acme-aws-eu-west-1", "cloudtier refresh --all --json"],
  });
}
