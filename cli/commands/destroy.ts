import type { Command } from "commander";
import { deployCommand } from "../deploy-command.js";

export function destroyCommand(): Command {
  return deployCommand({
    operation: "destroy",
    description:
      "Destroy every resource of the selected stacks (data stores included; `cloudtier offboard` keeps them). The " +
      "stacks and their files stay. Needs --yes.",
    confirm: true,
    examples: [
      "cloudtier destroy --stack acme-aws-eu-west-1 --yes",
      "cloudtier destroy --customer acme --yes",
    ],
  });
}
