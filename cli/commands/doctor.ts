import { Command } from "commander";
import { CliError, EXIT_FAILURE } from "../exit.js";
import { log } from "../logger.js";
import { packageRoot, projectDir } from "../project.js";

export function doctorCommand(): Command {
  return new Command("doctor")
    .description(
      "Check that this machine has what a deploy of the project's stacks needs: Node, the compiled policy pack, " +
        "the Pulumi CLI (3.248-compatible) and its Node language host, provider plugins, the state backend, the " +
        "secrets passphrase, the stack files, kubeconfig contexts, cloud credentials, the GCP project and the " +
        "operators' chart sources. Each check: ok, missing (with the fix) or a warning.",
    )
    .option(
      "--json",
      'print JSON: {"ok","checks":[{"check","status","detail","fix"}]} (status: ok, missing, warning)',
    )
    .addHelpText(
      "after",
      `
It reads only: nothing is written, no stack is touched, and the only programs it runs are \`pulumi version\`
and scripts/tools/build.sh --check (which reports a Pulumi CLI built from source, if one is cached). Cloud
credentials are looked for where the providers look (environment, the usual files, the stack files);
instance or workload identity credentials cannot be seen from here.

Exit codes: 0 nothing a deploy needs is missing (warnings allowed), 1 something is missing, 2 bad input.

Examples:
  cloudtier doctor
  cloudtier doctor --json | jq -r '.checks[] | select(.status != "ok") | "\\(.check): \\(.fix)"'`,
    )
    .action(async (flags: { json?: boolean }, cmd: Command) => {
      const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
      const [{ runChecks }, { readStackFiles }] = await Promise.all([
        import("../doctor.js"),
        import("../stack-files.js"),
      ]);
      let files;
      try {
        files = readStackFiles(project);
      } catch (err) {
        files = err instanceof Error ? err : new Error(String(err));
      }
      const checks = runChecks({
        project,
        packageRoot: packageRoot(),
        env: process.env,
        files,
        nodeVersion: process.versions.node,
        note: (text) => log.info(text),
      });
      const missing = checks.filter((c) => c.status === "missing");
      if (flags.json) {
        log.out(JSON.stringify({ ok: missing.length === 0, checks }, null, 2));
      } else {
        const width = Math.max(...checks.map((c) => c.check.length));
        for (const c of checks) {
          const mark = c.status === "ok" ? "ok     " : c.status === "missing" ? "MISSING" : "warning";
          log.out(`${mark}  ${c.check.padEnd(width)}  ${c.detail}`);
          if (c.fix) log.out(`${" ".repeat(width + 11)}fix: ${c.fix}`);
        }
        const warnings = checks.filter((c) => c.status === "warning").length;
        log.out(
          missing.length === 0
            ? `Ready to deploy${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}.`
            : `${missing.length} missing: a deploy would fail.`,
        );
      }
      if (missing.length > 0) {
        throw new CliError(`doctor: ${missing.map((c) => c.check).join(", ")} missing`, EXIT_FAILURE);
      }
    });
}
