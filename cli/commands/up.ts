import type { Command } from "commander";
import { deployCommand } from "../deploy-command.js";

export function upCommand(): Command {
  return deployCommand({
    operation: "up",
    description:
      "Create or update the selected stacks with the Pulumi CLI (`pulumi up --yes`), creating them in the backend " +
      "if needed.",
    examples: [
      "cloudtier up --stack platform-kubeconfig-local",
      "cloudtier up --customer acme",
      "cloudtier up --all --parallel 6 --json > up.json",
    ],
  });
}
