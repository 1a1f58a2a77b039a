import { Command } from "commander";
import {
  type DeployFlags,
  ENVIRONMENT_HELP,
  addBackendOptions,
  addRunOptions,
  addSelectionOptions,
  connect,
  deploySettings,
} from "../deploy-options.js";
import { log } from "../logger.js";
import { projectDir } from "../project.js";

interface StatusRow {
  readonly stack: string;
  readonly kind: string;
  readonly region: string;
  readonly deployed: boolean;
  readonly offboarded: boolean;
  readonly lastUpdate?: string;
  readonly updateInProgress: boolean;
  readonly resourceCount?: number;
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

function shortValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function statusCommand(): Command {
  const command = new Command("status").description(
    "Show the stacks: their files under stacks/, whether they are deployed, their last update and outputs " +
      "(secrets masked). Without a selection, every stack; stacks in the backend without a file are listed too.",
  );
  addSelectionOptions(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: false });
  command.addHelpText(
    "after",
    `
Exit codes: 0 shown, 1 the backend could not be read, 2 bad input.
${ENVIRONMENT_HELP}

Examples:
  cloudtier status
  cloudtier status --customer acme
  cloudtier status --json | jq '.stacks[] | select(.deployed | not) | .stack'`,
  );
  command.action(async (flags: DeployFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
    const { selectStacks } = await import("../stack-selection.js");
    const selected = selectStacks(project, flags, { defaultAll: true });
    // Reading outputs decrypts nothing (secrets stay masked), but Pulumi still opens the secrets manager.
    const settings = deploySettings(project, selected, flags);
    const deployer = await connect(settings);
    const backendStacks = await deployer.listStacks();
    const byName = new Map(backendStacks.map((s) => [s.name, s]));
    const { mapBounded } = await import("../../deploy/run-stacks.js");
    const rows = await mapBounded(selected, settings.parallel, async (file): Promise<StatusRow> => {
      const deployed = byName.get(file.stack);
      const base = {
        stack: file.stack,
        kind: file.config.kind,
        region: file.config.region,
        deployed: deployed !== undefined,
        offboarded: file.offboarded,
        updateInProgress: deployed?.updateInProgress ?? false,
        ...(deployed?.lastUpdate !== undefined ? { lastUpdate: deployed.lastUpdate } : {}),
        ...(deployed?.resourceCount !== undefined ? { resourceCount: deployed.resourceCount } : {}),
      };
      if (!deployed) return base;
      try {
        return { ...base, outputs: await deployer.outputs(file.stack) };
      } catch (err) {
        return { ...base, error: err instanceof Error ? err.message : String(err) };
      }
    });
    const stacks = rows
      .map((r) => (r.status === "fulfilled" ? r.value : undefined))
      .filter((r) => r !== undefined);
    const files = new Set(selected.map((s) => s.stack));
    const orphans =
      flags.stack || flags.customer ? [] : backendStacks.filter((s) => !files.has(s.name)).map((s) => s.name);
    if (settings.json) {
      log.out(JSON.stringify({ backend: settings.backend.url, stacks, orphans }, null, 2));
      return;
    }
    if (stacks.length === 0 && orphans.length === 0) {
      log.out("No stacks: onboard a customer with `cloudtier onboard`.");
      return;
    }
    const { default: Table } = await import("cli-table3");
    const table = new Table({
      head: ["stack", "kind", "region", "state", "last update", "resources", "outputs"],
      style: { head: [], border: [] },
    });
    for (const r of stacks) {
      const state = !r.deployed
        ? "not deployed"
        : r.updateInProgress
          ? "updating/locked"
          : r.offboarded
            ? "offboarded, data kept"
            : "deployed";
      const outputs = r.error
        ? `error: ${r.error.split("\n")[0]}`
        : Object.entries(r.outputs ?? {})
            .map(([k, v]) => `${k}=${shortValue(v)}`)
            .join("\n");
      table.push([r.stack, r.kind, r.region, state, r.lastUpdate ?? "-", r.resourceCount ?? "-", outputs]);
    }
    log.out(table.toString());
    log.out(`${stacks.length} stack${stacks.length === 1 ? "" : "s"}; backend ${settings.backend.url}`);
    if (orphans.length > 0) {
      log.out(
        `In the backend without a stack file: ${orphans.join(", ")} (\`pulumi stack rm\` once destroyed).`,
      );
    }
  });
  return command;
}
