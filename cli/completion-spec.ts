/**
 * The command tree as completion scripts need it, read from the commands themselves: names, descriptions,
 * options, and what each option's value and each command's argument complete to.
 */
import type { Command, Option } from "commander";
import type { CommandSpec, OptionSpec, ProgramSpec, ValueKind } from "./completion.js";
import { collect } from "./options.js";

/** Commands whose argument is a customer id. */
const CUSTOMER_ARGUMENT = new Set(["onboard", "offboard", "show"]);

export async function programSpec(program: Command): Promise<ProgramSpec> {
  const [{ CATALOG, regionNames }, { QUOTA_FIELDS }] = await Promise.all([
    import("../regions/index.js"),
    import("../domain/tiers.js"),
  ]);
  const regions = Object.keys(CATALOG).flatMap((cloud) =>
    regionNames(cloud as keyof typeof CATALOG).map((r) => `${cloud}:${r}`),
  );
  const valueOf = (o: Option): ValueKind | undefined => {
    if (!o.required && !o.optional) return undefined;
    if (o.argChoices) return { kind: "words", words: o.argChoices };
    switch (o.long) {
      case "--regions":
        return { kind: "list", words: regions };
      case "--stack":
        return { kind: "stacks" };
      case "--customer":
        return { kind: "customers" };
      case "--file":
        return { kind: "files" };
      case "--project-dir":
        return { kind: "directories" };
      case "--quota":
        return { kind: "words", words: QUOTA_FIELDS.map((f) => `${f}=`) };
      default:
        return { kind: "none" };
    }
  };
  const option = (o: Option): OptionSpec => {
    const value = valueOf(o);
    return {
      long: o.long ?? o.flags,
      ...(o.short ? { short: o.short } : {}),
      description: o.description,
      ...(value ? { value } : {}),
      repeatable: o.parseArg === collect,
    };
  };
  const command = (c: Command): CommandSpec => {
    const first = c.registeredArguments[0];
    const argument: ValueKind | undefined = !first
      ? undefined
      : first.argChoices
        ? { kind: "words", words: first.argChoices }
        : CUSTOMER_ARGUMENT.has(c.name())
          ? { kind: "customers" }
          : { kind: "none" };
    return {
      name: c.name(),
      description: c.description(),
      options: c.options.filter((o) => !o.hidden).map(option),
      subcommands: c.commands.map(command),
      ...(argument ? { argument } : {}),
    };
  };
  return {
    name: program.name(),
    options: program.options.filter((o) => o.long !== "--version").map(option),
    commands: program.commands.map(command),
  };
}
