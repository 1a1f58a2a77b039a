/**
 * The options that describe a customer (all but its id), the same for every command that takes one. Kept
 * apart from the parsing (`customer-stacks.ts`, which loads the schema library) so defining commands
 * stays cheap at start.
 */
import { type Command, Option } from "commander";
import { TIERS } from "../domain/tiers.js";
import { collect } from "./options.js";

export function withCustomerOptions(command: Command): Command {
  return command
    .option("--display-name <name>", "customer display name (default: the id)")
    .addOption(new Option("--tier <tier>", "customer tier").choices(TIERS))
    .option("--regions <list>", "comma-separated CLOUD:REGION keys, e.g. aws:eu-west-1,kubeconfig:local")
    .option("--member <email:role>", "a member and role (owner, developer, viewer); repeatable", collect)
    .option("--redis", "the customer gets Redis")
    .option("--postgres", "the customer gets PostgreSQL")
    .option(
      "--quota <field=value>",
      "quota override within the tier's bounds, e.g. pods=60; repeatable",
      collect,
    );
}
