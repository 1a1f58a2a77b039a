/**
 * Shell completion scripts for bash, zsh and fish, generated from the command tree itself (so a new option
 * completes without anyone remembering to add it): commands and subcommands, every option, the values of
 * options with a fixed set (tiers, clouds, region keys, quota fields), and, read in the shell from the
 * project in the working directory, stack names (`stacks/Pulumi.<stack>.yaml`) and customer ids. Pure.
 */

/** What an option's value completes to. */
export type ValueKind =
  | { readonly kind: "words"; readonly words: readonly string[] }
  /** A comma-separated list of words (`--regions a,b`). */
  | { readonly kind: "list"; readonly words: readonly string[] }
  | { readonly kind: "stacks" | "customers" | "files" | "directories" | "none" };

export interface OptionSpec {
  /** `--tier`. */
  readonly long: string;
  /** `-C`, when the option has one. */
  readonly short?: string;
  readonly description: string;
  /** Undefined for a flag that takes no value. */
  readonly value?: ValueKind;
  /** Given more than once (`--member`). */
  readonly repeatable: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly subcommands: readonly CommandSpec[];
  /** What the command's first argument completes to (`onboard <customer>`), if it takes one. */
  readonly argument?: ValueKind;
}

export interface ProgramSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The first clause of a description, on one line, without examples: what a completion menu shows. */
export function shortDescription(text: string): string {
  const line = text
    .replace(/\s+/g, " ")
    .replace(/,? (e\.g\.|i\.e\.).*$/, "")
    .trim();
  const end = line.search(/[.;](\s|$)|:\s/);
  const clause = end > 0 ? line.slice(0, end) : line;
  return clause.length <= 80 ? clause : `${clause.slice(0, clause.lastIndexOf(" ", 78))}...`;
}

// ---------------------------------------------------------------------------------------------------------
// The shell-side readers of the project in the working directory (a customer's id is on its `id:` line).

const SH_STACKS = `for f in stacks/Pulumi.*.yaml; do [ -e "$f" ] || continue; f=\${f#stacks/Pulumi.}; printf '%s\\n' "\${f%.yaml}"; done`;
const SH_CUSTOMERS =
  "sed -n -e 's/^ *- id: *\\([a-z0-9-]*\\) *$/\\1/p' -e 's/^ \\{6\\}id: *\\([a-z0-9-]*\\) *$/\\1/p' stacks/Pulumi.*.yaml 2>/dev/null | sort -u";

// ---------------------------------------------------------------------------------------------------------
// bash

const bashWords = (words: readonly string[]) => words.join(" ");

function bashValue(value: ValueKind): string {
  switch (value.kind) {
    case "words":
      return `_cloudtier_reply "${bashWords(value.words)}"`;
    case "list":
      return `_cloudtier_reply_list "${bashWords(value.words)}"`;
    case "stacks":
      return `_cloudtier_reply "$(_cloudtier_stacks)"`;
    case "customers":
      return `_cloudtier_reply "$(_cloudtier_customers)"`;
    case "files":
      return `COMPREPLY=($(compgen -f -- "$cur"))`;
    case "directories":
      return `COMPREPLY=($(compgen -d -- "$cur"))`;
    default:
      return "COMPREPLY=()";
  }
}

function bashOptionWords(options: readonly OptionSpec[]): string {
  return bashWords(options.flatMap((o) => (o.short ? [o.short, o.long] : [o.long])));
}

export function bashScript(spec: ProgramSpec): string {
  const paths: { path: string; command: CommandSpec }[] = [];
  for (const c of spec.commands) {
    paths.push({ path: c.name, command: c });
    for (const s of c.subcommands) paths.push({ path: `${c.name} ${s.name}`, command: s });
  }
  const valueCases = [
    ...spec.options.filter((o) => o.value).map((o) => ({ pattern: `*:${o.long}`, o })),
    ...spec.options.filter((o) => o.value && o.short).map((o) => ({ pattern: `*:${o.short}`, o })),
    ...paths.flatMap(({ path, command }) =>
      command.options
        .filter((o) => o.value)
        .flatMap((o) =>
          [o.long, ...(o.short ? [o.short] : [])].map((flag) => ({ pattern: `"${path}:${flag}"`, o })),
        ),
    ),
  ]
    .map(({ pattern, o }) => `    ${pattern}) ${bashValue(o.value!)}; return ;;`)
    .join("\n");
  const optionCases = paths
    .map(
      ({ path, command }) =>
        `      "${path}") _cloudtier_reply "${bashOptionWords([...command.options, ...spec.options])} --help" ;;`,
    )
    .join("\n");
  const subcommandCases = spec.commands
    .filter((c) => c.subcommands.length > 0)
    .map((c) => `    ${c.name}) subs="${bashWords(c.subcommands.map((s) => s.name))}" ;;`)
    .join("\n");
  const argumentCases = paths
    .filter(({ command }) => command.argument)
    .map(({ path, command }) => `    "${path}") ${bashValue(command.argument!)} ;;`)
    .join("\n");
  return `# bash completion for cloudtier. Load it in this shell with
#   source <(cloudtier completion bash)
# or for every shell: cloudtier completion bash > ~/.local/share/bash-completion/completions/cloudtier
_cloudtier_stacks() { ${SH_STACKS}; }
_cloudtier_customers() { ${SH_CUSTOMERS}; }
# Replies with the words matching the word being completed. Bash splits words at ':' (region keys): the part
# of each reply up to the last ':' the word already holds is left out, as bash keeps it.
_cloudtier_reply() {
  local IFS=$' \\t\\n' w
  COMPREPLY=()
  for w in $1; do [[ $w == "$cur"* ]] && COMPREPLY+=("$w"); done
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local keep=\${cur%"\${cur##*:}"}
    COMPREPLY=("\${COMPREPLY[@]#"$keep"}")
  fi
}
# The same for a comma-separated list: completes the item after the last comma.
_cloudtier_reply_list() {
  local head="" w words=""
  [[ $cur == *,* ]] && head=\${cur%,*},
  for w in $1; do words+=" $head$w"; done
  _cloudtier_reply "$words"
}
_cloudtier() {
  local cur prev cmd="" sub="" subs="" i w
  # The word being completed, whole: bash would cut it at ':'.
  cur=\${COMP_LINE:0:COMP_POINT}
  cur=\${cur##*[[:space:]]}
  prev=\${COMP_WORDS[COMP_CWORD-1]}
  [[ $prev == ":" || $prev == "," ]] && prev=\${COMP_WORDS[COMP_CWORD-3]}
  [[ \${COMP_WORDS[COMP_CWORD]} == ":" && $cur != *:* ]] && prev=\${COMP_WORDS[COMP_CWORD-2]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case $w in
      -C | --project-dir) ((i++)); continue ;;
      -*) continue ;;
    esac
    if [[ -z $cmd ]]; then
      cmd=$w
      case $cmd in
${subcommandCases}
      esac
    elif [[ -z $sub && " $subs " == *" $w "* ]]; then
      sub=$w
    fi
  done
  local path=$cmd
  [[ -n $sub ]] && path="$cmd $sub"
  case "$path:$prev" in
${valueCases}
  esac
  if [[ $cur == -* ]]; then
    case "$path" in
${optionCases}
      *) _cloudtier_reply "${bashOptionWords(spec.options)} --help --version" ;;
    esac
    return
  fi
  if [[ -z $cmd ]]; then
    _cloudtier_reply "${bashWords([...spec.commands.map((c) => c.name), "help"])}"
  elif [[ -n $subs && -z $sub ]]; then
    _cloudtier_reply "$subs"
  else
    case "$path" in
${argumentCases}
      help) _cloudtier_reply "${bashWords(spec.commands.map((c) => c.name))}" ;;
    esac
  fi
}
complete -o default -F _cloudtier ${spec.name}
`;
}

// ---------------------------------------------------------------------------------------------------------
// zsh

/** Text inside `_arguments` specs: brackets, colons and quotes escaped. */
const zshText = (text: string) =>
  shortDescription(text)
    .replace(/([[\]:\\])/g, "\\$1")
    .replace(/'/g, "'\\''");

function zshAction(value: ValueKind): string {
  switch (value.kind) {
    case "words":
      return `(${value.words.map((w) => w.replace(/:/g, "\\:")).join(" ")})`;
    case "list":
      return `_cloudtier_list ${value.words.map((w) => w.replace(/:/g, "\\:")).join(" ")}`;
    case "stacks":
      return "_cloudtier_stacks";
    case "customers":
      return "_cloudtier_customers";
    case "files":
      return "_files";
    case "directories":
      return "_files -/";
    default:
      return " ";
  }
}

function zshOption(o: OptionSpec): string[] {
  const flags = o.short ? [o.short, o.long] : [o.long];
  const value = o.value ? `:${o.long.slice(2)}:${zshAction(o.value)}` : "";
  const repeat = o.repeatable ? "*" : "";
  return flags.map(
    (flag) =>
      `'${repeat}${flags.length > 1 && !o.repeatable ? `(${flags.join(" ")})` : ""}${flag}[${zshText(o.description)}]${value}'`,
  );
}

function zshArguments(command: CommandSpec, indent: string): string {
  const specs = [...command.options.flatMap(zshOption), "'(- *)--help[show help]'"];
  if (command.subcommands.length > 0) {
    const subs = command.subcommands.map((s) => `'${s.name}:${zshText(s.description)}'`).join(" ");
    return [
      `${indent}local -a subs; subs=(${subs})`,
      `${indent}if (( CURRENT == 2 )); then _describe -t commands 'subcommand' subs; return; fi`,
      `${indent}shift words; (( CURRENT-- ))`,
      `${indent}case $words[1] in`,
      ...command.subcommands.map(
        (s) =>
          `${indent}  ${s.name}) _arguments -s ${[...s.options.flatMap(zshOption), "'(- *)--help[show help]'", ...(s.argument ? [`'1:${s.name}:${zshAction(s.argument)}'`] : [])].join(" ")} ;;`,
      ),
      `${indent}esac`,
    ].join("\n");
  }
  if (command.argument) specs.push(`'1:argument:${zshAction(command.argument)}'`);
  return `${indent}_arguments -s ${specs.join(" \\\n" + indent + "  ")}`;
}

export function zshScript(spec: ProgramSpec): string {
  const commands = spec.commands.map((c) => `'${c.name}:${zshText(c.description)}'`).join("\n    ");
  return `#compdef ${spec.name}
# zsh completion for cloudtier. Load it in this shell (after compinit) with
#   source <(cloudtier completion zsh)
# or for every shell: cloudtier completion zsh > "\${fpath[1]}/_cloudtier"
_cloudtier_stacks() { local -a s; s=(\${(f)"$(${SH_STACKS})"}); compadd -a s; }
_cloudtier_customers() { local -a s; s=(\${(f)"$(${SH_CUSTOMERS})"}); compadd -a s; }
_cloudtier_list() { _sequence compadd - "$@"; }
_cloudtier() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
    ${commands}
    'help:show help for a command'
  )
  _arguments -C ${spec.options.flatMap(zshOption).join(" ")} '(- *)--help[show help]' '(- *)--version[show the version]' '1: :->command' '*:: :->args'
  case $state in
    command) _describe -t commands 'cloudtier command' commands ;;
    args)
      case $words[1] in
${spec.commands.map((c) => `        ${c.name})\n${zshArguments(c, "          ")}\n          ;;`).join("\n")}
        help) _describe -t commands 'cloudtier command' commands ;;
      esac
      ;;
  esac
}
if [[ $funcstack[1] == _cloudtier ]]; then _cloudtier "$@"; else compdef _cloudtier ${spec.name}; fi
`;
}

// ---------------------------------------------------------------------------------------------------------
// fish

const fishQuote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const fishText = (text: string) => fishQuote(shortDescription(text));

function fishValue(value: ValueKind): string {
  switch (value.kind) {
    case "words":
      return `-x -a '${value.words.join(" ")}'`;
    case "list":
      return `-x -a '(__cloudtier_list ${value.words.join(" ")})'`;
    case "stacks":
      return "-x -a '(__cloudtier_stacks)'";
    case "customers":
      return "-x -a '(__cloudtier_customers)'";
    case "files":
      return "-r -F";
    case "directories":
      return "-x -a '(__fish_complete_directories)'";
    default:
      return "-x";
  }
}

function fishOption(o: OptionSpec, condition: string): string {
  const short = o.short ? ` -s ${o.short.slice(1)}` : "";
  const value = o.value ? ` ${fishValue(o.value)}` : "";
  return `complete -c cloudtier${condition}${short} -l ${o.long.slice(2)}${value} -d ${fishText(o.description)}`;
}

export function fishScript(spec: ProgramSpec): string {
  const names = spec.commands.map((c) => c.name);
  const lines = [
    "# fish completion for cloudtier. Load it in this shell with",
    "#   cloudtier completion fish | source",
    "# or for every shell: cloudtier completion fish > ~/.config/fish/completions/cloudtier.fish",
    `function __cloudtier_stacks; for f in stacks/Pulumi.*.yaml; string replace -r '^stacks/Pulumi\\.(.*)\\.yaml$' '$1' -- $f; end; end`,
    `function __cloudtier_customers; sh -c ${fishQuote(SH_CUSTOMERS)}; end`,
    "function __cloudtier_list",
    "  set -l head (string replace -r '[^,]*$' '' -- (commandline -ct))",
    "  for w in $argv; echo $head$w; end",
    "end",
    "# True while no command is given yet; the value of -C / --project-dir is not one.",
    "function __cloudtier_needs_command",
    "  set -l words (commandline -opc)",
    "  set -e words[1]",
    "  while set -q words[1]",
    "    switch $words[1]",
    "      case -C --project-dir",
    "        set -e words[1]",
    "      case '-*'",
    "      case '*'",
    "        return 1",
    "    end",
    "    set -e words[1]",
    "  end",
    "end",
    "complete -c cloudtier -f",
    ...spec.options.map((o) => fishOption(o, "")),
    `complete -c cloudtier -n '__cloudtier_needs_command' -a help -d 'show help for a command'`,
    `complete -c cloudtier -n '__fish_seen_subcommand_from help' -a '${names.join(" ")}'`,
  ];
  for (const c of spec.commands) {
    lines.push(
      `complete -c cloudtier -n '__cloudtier_needs_command' -a ${c.name} -d ${fishText(c.description)}`,
    );
    const seen = ` -n '__fish_seen_subcommand_from ${c.name}'`;
    if (c.subcommands.length > 0) {
      const subs = c.subcommands.map((s) => s.name).join(" ");
      for (const s of c.subcommands) {
        lines.push(
          `complete -c cloudtier -n '__fish_seen_subcommand_from ${c.name}; and not __fish_seen_subcommand_from ${subs}' -a ${s.name} -d ${fishText(s.description)}`,
        );
        const both = ` -n '__fish_seen_subcommand_from ${c.name}; and __fish_seen_subcommand_from ${s.name}'`;
        lines.push(...s.options.map((o) => fishOption(o, both)));
        if (s.argument) lines.push(`complete -c cloudtier${both} ${fishValue(s.argument)}`);
      }
    }
    lines.push(...c.options.map((o) => fishOption(o, seen)));
    if (c.argument) lines.push(`complete -c cloudtier${seen} ${fishValue(c.argument)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(shell: Shell, spec: ProgramSpec): string {
  return shell === "bash" ? bashScript(spec) : shell === "zsh" ? zshScript(spec) : fishScript(spec);
}
