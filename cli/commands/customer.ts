import { Command } from "commander";
import { InputError, throwIfProblems } from "../../domain/errors.js";
import { log } from "../logger.js";
import { ParentCommand } from "../parent-command.js";
import { projectDir } from "../project.js";

function showCommand(): Command {
  return new Command("show")
    .description(
      "Show one customer's stored spec (read from the stack files that deploy it), its stacks, and the " +
        "command line that onboards it as it is. Offline.",
    )
    .argument("<customer>", "customer id")
    .option(
      "--json",
      'print JSON: {"customer":{"id","displayName","tier","regions","members","redis","postgres","quota",' +
        '"stacks","state","conflicts"},"onboard":"cloudtier onboard ..."}',
    )
    .addHelpText(
      "after",
      `
To change a customer, edit the command line shown and run it: onboarding shows the change as a diff first,
and refuses to remove anything (members, quota overrides, data stores, the display name) without --replace.
\`cloudtier plan --customer ID\` alone plans the stored spec.

Exit codes: 0 shown, 1 the files could not be read, 2 bad input (no such customer, an invalid stack file).

Examples:
  cloudtier customer show acme
  cloudtier customer show acme --json | jq '.customer.members'`,
    )
    .action(async (id: string, flags: { json?: boolean }, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      const [{ validateCustomerId }, { readStackFiles }, records, output] = await Promise.all([
        import("../../domain/customer.js"),
        import("../stack-files.js"),
        import("../customer-records.js"),
        import("../output/customers.js"),
      ]);
      throwIfProblems(validateCustomerId(id, "<customer>"));
      const record = records.findCustomerRecord(readStackFiles(project), id);
      if (!record) {
        throw InputError.single({
          field: "<customer>",
          rule: "is not onboarded: no stack file under stacks/ holds it",
          received: id,
          fix: "Check the id: `cloudtier customers` lists them.",
        });
      }
      const onboard = records.onboardCommandLine(record);
      if (flags.json) {
        log.out(JSON.stringify({ customer: output.recordJson(record), onboard }, null, 2));
        return;
      }
      log.out(output.renderRecord(record).join("\n"));
      log.out(`Onboarded as it is by:\n  ${onboard}`);
      for (const line of output.renderConflicts(record)) log.info(line);
    });
}

export function customerCommand(): Command {
  return new ParentCommand("customer")
    .description("One customer's stored spec: `customer show ID`.")
    .addCommand(showCommand());
}
