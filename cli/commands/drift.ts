import type { Command } from "commander";
import { deployCommand } from "../deploy-command.js";

export function driftCommand(): Command {
  return deployCommand({
    operation: "drift",
    description:
      "Check the selected stacks for drift: a preview, refreshed from the cluster and cloud first, that expects no " +
      "changes; each drifted resource is named with its changed fields. A stack drifted when its program, " +
      "its stack file or its deployed state disagree; a stack that was never deployed counts as drifted.",
    exitCodes: "0 no stack drifted, 1 a stack drifted, failed or was locked, 2 bad input (nothing ran)",
    examples: ["cloudtier drift --all", "cloudtier drift --customer acme --json"],
  });
}
