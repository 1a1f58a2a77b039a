import { Command } from "commander";
import { checkSecretsProvider, resolveBackend, stackSecretsProvider } from "../../deploy/backend.js";
import { DEFAULT_PARALLEL, MAX_PARALLEL } from "../../deploy/run-stacks.js";
import {
  type DeployFlags,
  ENVIRONMENT_HELP,
  addBackendOptions,
  addRunOptions,
  addSelectionOptions,
} from "../deploy-options.js";
import { log } from "../logger.js";
import { parsePositiveInt } from "../options.js";
import { projectDir } from "../project.js";
import type { StackFile } from "../stack-files.js";

/** What the stack files say, which needs nothing but the files. */
interface FileRow {
  readonly stack: string;
  readonly kind: string;
  readonly region: string;
  readonly customers: readonly string[];
  readonly tiers: readonly string[];
  readonly offboarded: boolean;
}

/** What the backend says, where it could be read. */
interface StatusRow extends FileRow {
  readonly deployed?: boolean;
  readonly lastUpdate?: string;
  readonly updateInProgress?: boolean;
  readonly resourceCount?: number;
  readonly outputs?: Readonly<Record<string, unknown>>;
  /** Why the outputs are not shown (the secrets provider needs what this run lacks, or reading failed). */
  readonly outputsUnavailable?: string;
}

function shortValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fileRow(file: StackFile): FileRow {
  const config = file.config;
  const tenants =
    config.kind === "environment"
      ? [config.customer]
      : (config.tenants ?? []).map((t) => ({ id: t.id, tier: t.tier }));
  return {
    stack: file.stack,
    kind: config.kind,
    region: config.region,
    customers: tenants.map((t) => t.id),
    tiers: [...new Set(tenants.map((t) => t.tier))].sort(),
    offboarded: file.offboarded,
  };
}

export function statusCommand(): Command {
  const command = new Command("status").description(
    "Show the stacks: their files under stacks/ (kind, region, customers and tiers, read offline), and, where " +
      "the backend can be read, whether each is deployed, its last update and outputs (secrets masked). " +
      "Without a selection, every stack; stacks in the backend without a file are listed too.",
  );
  addSelectionOptions(command);
  addRunOptions(command);
  addBackendOptions(command, { createsStacks: false });
  command.addHelpText(
    "after",
    `
The stack files are listed without any credential or \`pulumi\` executable. Deployment state needs the
Pulumi CLI and a readable backend; outputs of passphrase-encrypted stacks also need the passphrase. What
is missing is said, and the rest is still shown.

Exit codes: 0 shown (with the reason when the backend could not be read), 2 bad input.
${ENVIRONMENT_HELP}

Examples:
  cloudtier status
  cloudtier status --customer acme
  cloudtier status --json | jq '.stacks[] | select(.deployed == false) | .stack'`,
  );
  command.action(async (flags: DeployFlags, cmd: Command) => {
    const project = projectDir(cmd.optsWithGlobals<{ projectDir?: string }>().projectDir);
    // The options first, then the stack files: nothing here needs a credential or `pulumi`.
    const parallel = parsePositiveInt(flags.parallel, "--parallel", MAX_PARALLEL) ?? DEFAULT_PARALLEL;
    const backend = resolveBackend(project, flags.backend, process.env);
    const secretsFlag = checkSecretsProvider(flags.secretsProvider);
    const { selectStacks } = await import("../stack-selection.js");
    const selected = selectStacks(project, flags, { defaultAll: true });
    const files = selected.map(fileRow);

    // The backend, where it can be read: a missing CLI or an unreachable backend is said, not fatal.
    let unavailable: string | undefined;
    let rows: StatusRow[] = files;
    let orphans: string[] = [];
    try {
      const { Deployer } = await import("../../deploy/automation.js");
      const deployer = await Deployer.connect({
        project,
        backend,
        note: (text) => log.info(text),
      });
      const backendStacks = await deployer.listStacks();
      const byName = new Map(backendStacks.map((s) => [s.name, s]));
      const passphrase =
        (process.env["PULUMI_CONFIG_PASSPHRASE"] ?? process.env["PULUMI_CONFIG_PASSPHRASE_FILE"]) !==
        undefined;
      const { mapBounded } = await import("../../deploy/run-stacks.js");
      const results = await mapBounded(selected, parallel, async (file, i): Promise<StatusRow> => {
        const deployed = byName.get(file.stack);
        const base: StatusRow = {
          ...files[i],
          deployed: deployed !== undefined,
          updateInProgress: deployed?.updateInProgress ?? false,
          ...(deployed?.lastUpdate !== undefined ? { lastUpdate: deployed.lastUpdate } : {}),
          ...(deployed?.resourceCount !== undefined ? { resourceCount: deployed.resourceCount } : {}),
        };
        if (!deployed) return base;
        const provider = stackSecretsProvider(file.secretsProvider, secretsFlag, backend);
        if (provider === "passphrase" && !passphrase) {
          return { ...base, outputsUnavailable: "PULUMI_CONFIG_PASSPHRASE is not set" };
        }
        try {
          return { ...base, outputs: await deployer.outputs(file.stack) };
        } catch (err) {
          return {
            ...base,
            outputsUnavailable: (err instanceof Error ? err.message : String(err)).split("\n")[0],
          };
        }
      });
      rows = results.map((r, i) => (r.status === "fulfilled" ? r.value : files[i]));
      const named = new Set(selected.map((s) => s.stack));
      orphans =
        flags.stack || flags.customer
          ? []
          : backendStacks.filter((s) => !named.has(s.name)).map((s) => s.name);
    } catch (err) {
      unavailable = (err instanceof Error ? err.message : String(err)).split("\n")[0];
    }

    if (flags.json) {
      log.out(
        JSON.stringify(
          {
            backend: {
              url: backend.url,
              readable: unavailable === undefined,
              ...(unavailable ? { reason: unavailable } : {}),
            },
            stacks: rows,
            orphans,
          },
          null,
          2,
        ),
      );
      return;
    }
    if (rows.length === 0 && orphans.length === 0) {
      log.out("No stacks: onboard a customer with `cloudtier onboard`.");
      if (unavailable) log.out(`Backend ${backend.url} not read: ${unavailable}`);
      return;
    }
    const { default: Table } = await import("cli-table3");
    const table = new Table({
      head: ["stack", "kind", "region", "customers", "tiers", "state", "last update", "resources", "outputs"],
      style: { head: [], border: [] },
    });
    for (const r of rows) {
      const state =
        r.deployed === undefined
          ? "unknown"
          : !r.deployed
            ? "not deployed"
            : r.updateInProgress
              ? "updating/locked"
              : r.offboarded
                ? "offboarded, data kept"
                : "deployed";
      const outputs = r.outputsUnavailable
        ? `not shown: ${r.outputsUnavailable}`
        : Object.entries(r.outputs ?? {})
            .map(([k, v]) => `${k}=${shortValue(v)}`)
            .join("\n");
      const customers =
        r.customers.length > 3
          ? `${r.customers.slice(0, 3).join(", ")} +${r.customers.length - 3}`
          : r.customers.join(", ");
      table.push([
        r.stack,
        r.kind,
        r.region,
        customers || "-",
        r.tiers.join(", ") || "-",
        state,
        r.lastUpdate ?? "-",
        r.resourceCount ?? "-",
        outputs,
      ]);
    }
    log.out(table.toString());
    log.out(
      unavailable
        ? `${rows.length} stack${rows.length === 1 ? "" : "s"} (from the stack files); deployment state not read from ${backend.url}: ${unavailable}`
        : `${rows.length} stack${rows.length === 1 ? "" : "s"}; backend ${backend.url}`,
    );
    if (orphans.length > 0) {
      log.out(
        `In the backend without a stack file: ${orphans.join(", ")} (\`pulumi stack rm\` once destroyed).`,
      );
    }
  });
  return command;
}
