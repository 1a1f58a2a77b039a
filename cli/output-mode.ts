/**
 * How much a command prints: every detail (each stack's resource tree, every diff) or a summary, one line per
 * stack or customer. The summary is the default above a handful of stacks, where the details run to thousands
 * of lines; `--verbose` and `--summary` choose either way.
 */
import type { Command } from "commander";
import { exclusive } from "./options.js";

/** Above this many stacks, a command prints its summary unless `--verbose` is given. */
export const HANDFUL = 5;

export type OutputMode = "detailed" | "summary";

export interface OutputModeFlags {
  readonly verbose?: boolean;
  readonly summary?: boolean;
}

export function addOutputModeOptions(command: Command, details: string): Command {
  return command
    .option("--verbose", `print every detail (${details}), however many stacks`)
    .option("--summary", `print the summary only (the default above ${HANDFUL} stacks)`);
}

/** Rejects `--verbose` with `--summary`; run before anything is read. */
export function checkOutputMode(flags: OutputModeFlags): void {
  exclusive({ verbose: flags.verbose, summary: flags.summary }, ["verbose", "summary"]);
}

export function outputMode(flags: OutputModeFlags, stacks: number): OutputMode {
  if (flags.verbose) return "detailed";
  if (flags.summary) return "summary";
  return stacks > HANDFUL ? "summary" : "detailed";
}
