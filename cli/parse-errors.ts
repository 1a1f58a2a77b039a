/**
 * The command parser's own errors (an unknown option, a value outside its choices, a missing argument) as
 * input problems, so `--json` reports them in the same shape as every other bad input. commander has
 * already printed its message; this only reads it. Pure.
 */
import type { InputProblem } from "../domain/errors.js";

/** What commander's error carries: its code and the message it printed (`error: ...`). */
export interface ParseError {
  readonly code: string;
  readonly message: string;
}

/** `--tier <tier>` as commander quotes it, to the flag alone: `--tier`. */
const flagOf = (quoted: string): string => quoted.split(/[ ,|]/).find((f) => f.startsWith("--")) ?? quoted;

/** The command a parse error belongs to, for the fix: `cloudtier plan`. */
export function parseErrorProblem(err: ParseError, command: string): InputProblem {
  const text = err.message.replace(/^error: /, "");
  const help = `See \`${command} --help\`.`;
  const suggestion = /\(Did you mean (.+)\?\)/.exec(text)?.[1];
  const fix = suggestion ? `Did you mean ${suggestion}? ${help}` : help;
  let m: RegExpExecArray | null;
  switch (err.code) {
    case "commander.unknownOption":
      m = /unknown option '([^']*)'/.exec(text);
      return {
        field: m?.[1] ?? "<option>",
        rule: `is not an option of \`${command}\``,
        received: m?.[1],
        fix,
      };
    case "commander.invalidArgument":
      m = /option '([^']*)' argument '([^']*)' is invalid\. (?:Allowed choices are (.+)\.)?/.exec(text);
      if (m) {
        return {
          field: flagOf(m[1]),
          rule: m[3] ? "must be one of the allowed choices" : "is invalid",
          ...(m[3] ? { limit: m[3] } : {}),
          received: m[2],
          fix: m[3] ? `Use one of ${m[3]}.` : help,
        };
      }
      m = /value '([^']*)' is invalid for argument '([^']*)'\.(?: Allowed choices are (.+)\.)?/.exec(text);
      return {
        field: m ? `<${m[2]}>` : "<argument>",
        rule: m?.[3] ? "must be one of the allowed choices" : "is invalid",
        ...(m?.[3] ? { limit: m[3] } : {}),
        received: m?.[1],
        fix: m?.[3] ? `Use one of ${m[3]}.` : help,
      };
    case "commander.optionMissingArgument":
      m = /option '([^']*)' argument missing/.exec(text);
      return { field: m ? flagOf(m[1]) : "<option>", rule: "needs a value", received: undefined, fix: help };
    case "commander.missingArgument":
      m = /missing required argument '([^']*)'/.exec(text);
      return { field: `<${m?.[1] ?? "argument"}>`, rule: "is required", received: undefined, fix: help };
    case "commander.unknownCommand":
      m = /unknown command '([^']*)'/.exec(text);
      return { field: "<command>", rule: "is not a cloudtier command", received: m?.[1], fix };
    case "commander.excessArguments":
      return {
        field: "<arguments>",
        rule: text.split("\n")[0],
        received: undefined,
        fix: `Quote values with spaces; ${help}`,
      };
    default:
      return { field: "<command line>", rule: text.split("\n")[0], received: undefined, fix: help };
  }
}
