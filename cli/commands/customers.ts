import { Command } from "commander";
import { log } from "../logger.js";
import { projectDir } from "../project.js";

export function customersCommand(): Command {
  return new Command("customers")
    .description(
      "List the onboarded customers, read from the stack files (where their specs are stored): tier, regions, " +
        "members, data stores, quota overrides. Offline: no credentials, no Pulumi CLI.",
    )
    .option(
      "--json",
      'print JSON: {"customers":[{"id","displayName","tier","regions","members":[{"email","role"}],"redis","postgres",' +
        '"quota","stacks":[{"stack","kind","region","offboarded"}],"state","conflicts":[...]}]}',
    )
    .addHelpText(
      "after",
      `
A customer's spec is stored in the stack files that deploy it (its tenant entry in the platform stack of
each region, or its environment stacks), the files \`pulumi up\` reads. "offboarded" customers are held only
by environment stacks kept for their data. Copies of a spec that disagree (edited by hand) are shown as
conflicts; onboarding the customer again with its whole spec makes them agree.

Exit codes: 0 listed, 1 the files could not be read, 2 bad input (an invalid stack file).

Examples:
  cloudtier customers
  cloudtier customers --json | jq -r '.customers[] | select(.tier == "team") | .id'`,
    )
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      const [{ readStackFiles }, { customerRecords }, output] = await Promise.all([
        import("../stack-files.js"),
        import("../customer-records.js"),
        import("../output/customers.js"),
      ]);
      const records = customerRecords(readStackFiles(project));
      if (flags.json) {
        log.out(JSON.stringify({ customers: records.map(output.recordJson) }, null, 2));
        return;
      }
      if (records.length === 0) {
        log.out("No customers: onboard one with `cloudtier onboard`.");
        return;
      }
      log.out(await output.renderCustomersTable(records));
      const onboarded = records.filter((r) => r.state === "onboarded").length;
      log.out(
        `${records.length} customer${records.length === 1 ? "" : "s"}: ${onboarded} onboarded, ` +
          `${records.length - onboarded} offboarded with data kept.`,
      );
      const conflicting = records.filter((r) => r.conflicts.length > 0).map((r) => r.id);
      if (conflicting.length > 0) {
        log.info(
          `warning: the stack files disagree on ${conflicting.join(", ")}: see \`cloudtier customer show ID\`.`,
        );
      }
    });
}
