/**
 * A command that only groups subcommands (`ci github`, `export operator`). Settings a parent copies to it
 * (output, exit handling) are passed on to its subcommands, so they report errors the same way.
 */
import { Command } from "commander";

export class ParentCommand extends Command {
  override copyInheritedSettings(source: Command): this {
    super.copyInheritedSettings(source);
    for (const sub of this.commands) sub.copyInheritedSettings(this);
    return this;
  }
}
