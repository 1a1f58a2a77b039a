import { Argument, Command } from "commander";
import { log } from "../logger.js";

export function completionCommand(): Command {
  return new Command("completion")
    .description(
      "Print a shell completion script for bash, zsh or fish: commands, options, tiers, clouds, region keys, and " +
        "the stack names and customer ids of the project in the working directory.",
    )
    .addArgument(new Argument("<shell>", "the shell").choices(["bash", "zsh", "fish"]))
    .addHelpText(
      "after",
      `
Load it in the current shell, or install it for every new one:
  bash   source <(cloudtier completion bash)
         cloudtier completion bash > ~/.local/share/bash-completion/completions/cloudtier
  zsh    source <(cloudtier completion zsh)            (after compinit)
         cloudtier completion zsh > "\${fpath[1]}/_cloudtier"
  fish   cloudtier completion fish | source
         cloudtier completion fish > ~/.config/fish/completions/cloudtier.fish

Exit codes: 0 printed, 2 bad input (an unknown shell).`,
    )
    .action(async (shell: "bash" | "zsh" | "fish") => {
      const [{ buildProgram }, { completionScript }, { programSpec }] = await Promise.all([
        import("../main.js"),
        import("../completion.js"),
        import("../completion-spec.js"),
      ]);
      log.out(completionScript(shell, await programSpec(await buildProgram())));
    });
}
