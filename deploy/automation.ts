/**
 * The one module that loads Pulumi's Automation API. It drives the real `pulumi` CLI over the project's own
 * program (`Pulumi.yaml`, `stacks/Pulumi.<stack>.yaml`): exactly what a plain `pulumi up` in the project
 * does, so people and CI can use either. Everything past this module sees plain data and StackFailure, never
 * the SDK's classes. Commands load it with a dynamic import, inside deploy-type actions only: the SDK takes
 * most of a second to load.
 */
import { mkdirSync } from "node:fs";
import {
  CommandError,
  ConcurrentUpdateError,
  type EngineEvent,
  LocalWorkspace,
  type LocalWorkspaceOptions,
  type OpMap,
  type OutputMap,
  PulumiCommand,
  Stack,
  StackAlreadyExistsError,
  StackNotFoundError,
} from "@pulumi/pulumi/automation/index.js";
import type { Backend, Env } from "./backend.js";
import type { StackState } from "./data-stores.js";
import { lockAdvice, parseLockHolders } from "./lock.js";
import { policyPackDir } from "./policy-pack.js";
import { PULUMI_ROOT_ENV, PulumiNotFoundError, locatePulumi } from "./pulumi-cli.js";
import { type DriverOutcome, Mutex, type StackDriver } from "./run-stacks.js";
import { removeTornSidecars, tornSidecarNote } from "./state-repair.js";
import { type ChangeCounts, type Operation, StackFailure, changeCount, isChange } from "./types.js";

export interface DeployContext {
  /** The project directory: `Pulumi.yaml` and `stacks/`. */
  readonly project: string;
  readonly backend: Backend;
  /** `--secrets-provider`: used when a stack is created; existing stacks keep theirs. */
  readonly secretsProvider?: string;
  /** Environment the CLI lookup reads; default process.env. */
  readonly env?: Env;
  /**
   * `up` and `preview` refresh the state from the cluster or cloud first (`pulumi up --refresh`), so a change
   * made outside Pulumi is shown, and undone by `up`.
   * @default false
   */
  readonly refresh?: boolean;
  /** Where notes go (a repaired file backend); default nowhere. */
  readonly note?: (text: string) => void;
}

/** A backend stack as `pulumi stack ls` reports it. */
export interface BackendStack {
  readonly name: string;
  readonly lastUpdate?: string;
  readonly updateInProgress: boolean;
  readonly resourceCount?: number;
}

/** What `destroy` keeps: with `excludeProtected`, protected resources and what they depend on. */
export interface DestroyOptions {
  readonly excludeProtected?: boolean;
}

const SECRET = "[secret]";

/** Engine events as one short progress text: the step in flight and how many steps have finished. */
function progressFromEvents(report: (text: string) => void): (event: EngineEvent) => void {
  let done = 0;
  return (event) => {
    if (event.resourcePreEvent) {
      const { op, type, urn } = event.resourcePreEvent.metadata;
      if (op !== "same") report(`${op} ${type} ${urn.slice(urn.lastIndexOf("::") + 2)}`);
    } else if (event.resOutputsEvent) {
      done++;
      if (event.resOutputsEvent.metadata.op !== "same") report(`${done} resources done`);
    } else if (event.diagnosticEvent?.severity === "error") {
      report(event.diagnosticEvent.message.trim().split("\n")[0]);
    }
  };
}

function commandOutput(err: unknown): { stdout: string; stderr: string } {
  const result = (err as { commandResult?: { stdout?: unknown; stderr?: unknown } }).commandResult;
  return {
    stdout: typeof result?.stdout === "string" ? result.stdout : "",
    stderr: typeof result?.stderr === "string" ? result.stderr : err instanceof Error ? err.message : "",
  };
}

/**
 * The lines of a failed command worth showing: the policy violations Pulumi reports (rule names and
 * messages, from its `Policies:` block), the CLI's own error (from its first `error:` line on, as it often
 * spans lines) and the engine's `error:` diagnostics; else the end of stderr.
 */
export function errorSummary(stdout: string, stderr: string): string {
  const lines = (text: string) =>
    text
      .split("\n")
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== "");
  const out = lines(stdout);
  const err = lines(stderr);
  const first = err.findIndex((l) => /\berror:/i.test(l));
  const cliError = first >= 0 ? err.slice(first, first + 12) : [];
  const diagnostics = out.filter((l) => /\berror:/i.test(l));
  const chosen = [
    ...new Set([...policyViolations(out), ...policyViolations(err), ...cliError, ...diagnostics]),
  ];
  const text = (chosen.length > 0 ? chosen : err.slice(-5)).join("\n").trim();
  return text.length > 2000 ? `${text.slice(0, 1997)}...` : text || "the pulumi command failed";
}

/** The violations of Pulumi's `Policies:` block: `- [mandatory]  rule  (type: name)` and its message. */
function policyViolations(out: readonly string[]): string[] {
  const start = out.findIndex((l) => l.trim() === "Policies:");
  if (start < 0) return [];
  const block: string[] = [];
  for (const line of out.slice(start + 1)) {
    if (!/^\s/.test(line)) break;
    block.push(line.trim());
  }
  const violations = block.findIndex((l) => /^- \[(mandatory|advisory|remediate)\]/.test(l));
  return violations < 0 ? [] : block.slice(violations, violations + 16);
}

/** SDK errors as StackFailure; the lock holder is read from the backend's message. */
function translate(stack: string, err: unknown, changes?: ChangeCounts): unknown {
  if (err instanceof ConcurrentUpdateError) {
    const { stdout, stderr } = commandOutput(err);
    const holders = parseLockHolders(`${stderr}\n${stdout}`);
    const advice = lockAdvice(stack, holders);
    return new StackFailure("locked", advice.split("\n")[0], { lock: { holders, advice } });
  }
  if (err instanceof CommandError) {
    const { stdout, stderr } = commandOutput(err);
    if (/no changes were expected/.test(`${stderr}\n${stdout}`)) {
      return new StackFailure(
        "drifted",
        "the preview proposes changes: the stack differs from its program and config",
        {
          ...(changes !== undefined ? { changes } : {}),
        },
      );
    }
    return new StackFailure("failed", errorSummary(stdout, stderr), changes ? { changes } : {});
  }
  return err;
}

/**
 * `stack ls` lists the current project's stacks; some backends qualify the names (`org/project/stack`,
 * `org/stack`). The last segment is the name used under stacks/.
 */
function shortName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

function plainOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.secret ? SECRET : v.value]));
}

function opMap(map: OpMap | undefined): ChangeCounts {
  return Object.fromEntries(
    Object.entries(map ?? {}).filter((e): e is [string, number] => typeof e[1] === "number"),
  );
}

/** A connection to the Pulumi CLI and a backend, for one command run. */
export class Deployer {
  private readonly selection = new Mutex();

  private constructor(
    private readonly ctx: DeployContext,
    private readonly pulumi: PulumiCommand,
  ) {}

  /** Finds the CLI (see deploy/pulumi-cli.ts) and prepares the backend. */
  static async connect(ctx: DeployContext): Promise<Deployer> {
    const env = ctx.env ?? process.env;
    const location = locatePulumi(env);
    let pulumi: PulumiCommand;
    try {
      pulumi = await PulumiCommand.get(
        location.root === undefined
          ? { skipVersionCheck: location.source === "CLOUDTIER_PULUMI_ROOT" }
          : { root: location.root, skipVersionCheck: location.source === "CLOUDTIER_PULUMI_ROOT" },
      );
    } catch (err) {
      const { stderr } = commandOutput(err);
      throw new PulumiNotFoundError(
        `${location.executable} (from ${location.source}) did not run \`pulumi version\`: ${errorSummary("", stderr)}` +
          (location.source === "CLOUDTIER_PULUMI_ROOT" ? ` Check ${PULUMI_ROOT_ENV}.` : ""),
      );
    }
    if (ctx.backend.localDir !== undefined) {
      mkdirSync(ctx.backend.localDir, { recursive: true });
      for (const path of removeTornSidecars(ctx.backend.localDir)) ctx.note?.(tornSidecarNote(path));
    }
    return new Deployer(ctx, pulumi);
  }

  private refreshOption(): { refresh?: true } {
    return this.ctx.refresh ? { refresh: true } : {};
  }

  get version(): string | undefined {
    return this.pulumi.version?.toString();
  }

  private options(): LocalWorkspaceOptions {
    return {
      pulumiCommand: this.pulumi,
      envVars: { PULUMI_BACKEND_URL: this.ctx.backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" },
      ...(this.ctx.secretsProvider !== undefined ? { secretsProvider: this.ctx.secretsProvider } : {}),
    };
  }

  /** The project's workspace, shared by every stack of this run (it holds settings, no per-stack state). */
  private workspacePromise?: Promise<LocalWorkspace>;
  private workspace(): Promise<LocalWorkspace> {
    this.workspacePromise ??= LocalWorkspace.create({ ...this.options(), workDir: this.ctx.project });
    return this.workspacePromise;
  }

  /** Stacks known to exist in the backend: listed once, then kept up to date by this run's `stack init`s. */
  private knownPromise?: Promise<Set<string>>;
  private known(): Promise<Set<string>> {
    this.knownPromise ??= this.workspace().then(
      async (ws) => new Set((await ws.listStacks()).map((s) => shortName(s.name))),
    );
    return this.knownPromise;
  }

  /**
   * The workspace as the SDK's Stack sees it, minus `stack select` for stacks known to exist: every command
   * names its stack with `--stack`, so selecting only rewrites the shared workspace file, one stack at a time.
   */
  private async withoutSelect(): Promise<LocalWorkspace> {
    const ws = await this.workspace();
    const known = await this.known();
    return new Proxy(ws, {
      get(target, prop) {
        if (prop === "selectStack") {
          return (name: string) => (known.has(name) ? Promise.resolve() : target.selectStack(name));
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Selects (or creates) a stack; undefined when `create` is false and the stack does not exist. */
  private async open(stack: string, create: boolean): Promise<Stack | undefined> {
    let known: Set<string>;
    try {
      known = await this.known();
      if (known.has(stack)) return await Stack.select(stack, await this.withoutSelect());
    } catch (err) {
      throw translate(stack, err);
    }
    // `stack init` and `stack select` rewrite the workspace file (~/.pulumi/workspaces/...): one at a time.
    return this.selection.run(async () => {
      const ws = await this.workspace();
      try {
        // The listing said it does not exist: create it (select it to be sure when not creating).
        const s = create ? await Stack.create(stack, ws) : await Stack.select(stack, ws);
        known.add(stack);
        return s;
      } catch (err) {
        if (!create && err instanceof StackNotFoundError) return undefined;
        if (create && err instanceof StackAlreadyExistsError) {
          // Created by someone else since the listing.
          known.add(stack);
          return Stack.select(stack, await this.withoutSelect());
        }
        throw translate(stack, err);
      }
    });
  }

  /** The driver the runner calls for each stack. */
  readonly driver: StackDriver = (stack, operation, report) => this.run(stack, operation, report);

  async run(
    stack: string,
    operation: Operation,
    report: (text: string) => void = () => undefined,
    destroy: DestroyOptions = {},
  ): Promise<DriverOutcome> {
    const s = await this.open(stack, operation === "up" || operation === "preview");
    if (!s) {
      if (operation === "drift") {
        throw new StackFailure("drifted", "not deployed: the stack does not exist in the backend yet");
      }
      return { changes: {}, result: "skipped", message: "not deployed" };
    }
    const onEvent = progressFromEvents(report);
    let summary: ChangeCounts | undefined;
    const watch = (event: EngineEvent) => {
      if (event.summaryEvent) summary = opMap(event.summaryEvent.resourceChanges);
      onEvent(event);
    };
    try {
      switch (operation) {
        case "up": {
          const r = await s.up({ onEvent: watch, policyPacks: [policyPackDir()], ...this.refreshOption() });
          return {
            changes: opMap(r.summary.resourceChanges) ?? summary ?? {},
            outputs: plainOutputs(r.outputs),
          };
        }
        case "preview": {
          const r = await s.preview({
            onEvent: watch,
            policyPacks: [policyPackDir()],
            ...this.refreshOption(),
          });
          return { changes: opMap(r.changeSummary) };
        }
        case "refresh": {
          const r = await s.refresh({ onEvent: watch });
          return { changes: opMap(r.summary.resourceChanges) };
        }
        case "destroy": {
          const r = await s.destroy({
            onEvent: watch,
            ...(destroy.excludeProtected ? { excludeProtected: true } : {}),
          });
          return { changes: opMap(r.summary.resourceChanges) };
        }
        case "drift": {
          // Refreshed first: a change made in the cluster or the cloud, not in the program, is drift too.
          // The steps the preview proposes name what drifted; the engine's own error only says that a
          // change was not expected. One entry per resource, however many step events name it.
          const steps = new Map<string, { op: string; text: string }>();
          const onDriftEvent = (event: EngineEvent) => {
            watch(event);
            const step = event.resourcePreEvent?.metadata;
            if (step && isChange(step.op)) {
              const name = step.urn.slice(step.urn.lastIndexOf("::") + 2);
              const fields = step.diffs?.length ? ` (${step.diffs.join(", ")})` : "";
              steps.set(step.urn, { op: step.op, text: `${step.type} ${name}: ${step.op}${fields}` });
            }
          };
          const found = () => {
            const counts: Record<string, number> = {};
            for (const { op } of steps.values()) counts[op] = (counts[op] ?? 0) + 1;
            const drifted = [...steps.values()].map((step) => step.text).join("; ");
            return new StackFailure(
              "drifted",
              `drifted: ${drifted}. \`cloudtier up --refresh --stack ${stack}\` puts the program's values back.`,
              { changes: counts },
            );
          };
          let r;
          try {
            r = await s.preview({ expectNoChanges: true, refresh: true, onEvent: onDriftEvent });
          } catch (err) {
            if (steps.size > 0) throw found();
            throw err;
          }
          if (steps.size > 0) throw found();
          const changes = opMap(r.changeSummary);
          if (changeCount(changes) > 0) {
            throw new StackFailure("drifted", "the preview proposes changes", { changes });
          }
          return { changes };
        }
      }
    } catch (err) {
      throw translate(stack, err, summary);
    }
  }

  /** The project's stacks in the backend. */
  async listStacks(): Promise<BackendStack[]> {
    const ws = await this.workspace();
    const stacks = await ws.listStacks();
    return stacks.map((s) => ({
      name: shortName(s.name),
      updateInProgress: s.updateInProgress ?? false,
      ...(s.lastUpdate !== undefined ? { lastUpdate: s.lastUpdate } : {}),
      ...(s.resourceCount !== undefined ? { resourceCount: s.resourceCount } : {}),
    }));
  }

  /** A stack's outputs, secrets masked. */
  async outputs(stack: string): Promise<Record<string, unknown>> {
    const ws = await this.workspace();
    try {
      return plainOutputs(await ws.stackOutputs(stack));
    } catch (err) {
      throw translate(stack, err);
    }
  }

  /** The stack's state, or undefined when the stack does not exist in the backend. */
  async exportState(stack: string): Promise<StackState | undefined> {
    const s = await this.open(stack, false);
    if (!s) return undefined;
    try {
      return await s.exportStack();
    } catch (err) {
      throw translate(stack, err);
    }
  }

  async importState(stack: string, state: StackState): Promise<void> {
    const s = await this.open(stack, false);
    if (!s) throw new StackFailure("failed", "not deployed: there is no state to import into");
    try {
      await s.importStack(state);
    } catch (err) {
      throw translate(stack, err);
    }
  }

  /** Removes an empty stack from the backend (Pulumi also removes its stack file). */
  async removeStack(stack: string): Promise<void> {
    await this.selection.run(async () => {
      const ws = await this.workspace();
      try {
        await ws.removeStack(stack);
        (await this.known()).delete(stack);
      } catch (err) {
        if (err instanceof StackNotFoundError) return;
        throw translate(stack, err);
      }
    });
  }
}
