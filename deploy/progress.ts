/**
 * Progress of a multi-stack deployment. On a terminal, listr2's default renderer draws one live line per
 * stack (title: state; output line: the resource being worked on). With `--json` or without a terminal:
 * no spinners and no cursor movement, plain lines on stderr, so CI logs and piped JSON stay clean.
 */
import {
  type ListrDefaultRenderer,
  type ListrSilentRenderer,
  Listr,
  ListrLogger,
  type ListrTaskWrapper,
  ProcessOutput,
} from "listr2";
import type { ProgressReporter } from "./run-stacks.js";
import { formatChanges, formatDuration, isFailure } from "./summary.js";
import type { Operation, StackResult } from "./types.js";

/** Progress belongs on stderr; stdout carries the summary table or JSON. */
function stderrLogger(): ListrLogger {
  return new ListrLogger({
    useIcons: true,
    toStderr: [],
    processOutput: new ProcessOutput(process.stderr, process.stderr),
  });
}

/** One line for a finished stack: `acme-aws-eu-west-1: succeeded (+3) in 12.4s`. */
export function describeResult(r: StackResult): string {
  const changes = formatChanges(r.changes);
  const head = `${r.stack}: ${r.result}${changes === "-" ? "" : ` (${changes})`} in ${formatDuration(r.durationMs)}`;
  const why = r.lock ? r.lock.advice.split("\n")[0] : r.message?.split("\n")[0];
  return r.result === "succeeded" || why === undefined ? head : `${head}: ${why}`;
}

/** Plain lines, one when a stack starts and one when it ends, plus a heartbeat for long updates. */
export class PlainProgress implements ProgressReporter {
  private readonly lastUpdate = new Map<string, number>();
  private operation: Operation = "preview";

  constructor(
    private readonly write: (line: string) => void,
    /** Minimum time between two progress lines of one stack. */
    private readonly heartbeatMs = 15_000,
  ) {}

  begin(stacks: readonly string[], operation: Operation): void {
    this.operation = operation;
    this.write(`${operation}: ${stacks.length} stack${stacks.length === 1 ? "" : "s"}`);
  }

  started(stack: string): void {
    this.lastUpdate.set(stack, Date.now());
    this.write(`${stack}: ${this.operation} started`);
  }

  update(stack: string, text: string): void {
    const now = Date.now();
    if (now - (this.lastUpdate.get(stack) ?? 0) < this.heartbeatMs) return;
    this.lastUpdate.set(stack, now);
    this.write(`${stack}: ${text}`);
  }

  finished(result: StackResult): void {
    this.write(describeResult(result));
  }

  end(): Promise<void> {
    return Promise.resolve();
  }
}

type TaskWrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrSilentRenderer>;

interface Slot {
  task?: TaskWrapper;
  title: string;
  output?: string;
  settle?: (result: StackResult) => void;
  result?: StackResult;
}

/**
 * listr2 as a display only: the runner schedules the stacks, and each listr task waits for its stack's
 * result. listr's own concurrency is set to the same bound, so queued stacks show as pending rather than
 * spinning.
 */
export class ListrProgress implements ProgressReporter {
  private readonly slots = new Map<string, Slot>();
  private rendering: Promise<void> = Promise.resolve();
  private operation: Operation = "preview";

  constructor(private readonly parallel: number) {}

  begin(stacks: readonly string[], operation: Operation): void {
    this.operation = operation;
    for (const stack of stacks) this.slots.set(stack, { title: `${stack}: waiting` });
    const listr = new Listr<unknown, "default", "silent">(
      stacks.map((stack) => ({
        title: stack,
        task: (_ctx: unknown, task: TaskWrapper) => this.attach(stack, task),
      })),
      {
        concurrent: this.parallel,
        exitOnError: false,
        registerSignalListeners: false,
        renderer: "default",
        // Chosen for terminals only; should listr2 still decide the output cannot take it, draw nothing.
        fallbackRenderer: "silent",
        rendererOptions: {
          collapseErrors: false,
          formatOutput: "truncate",
          logger: stderrLogger(),
        },
      },
    );
    this.rendering = listr.run().then(
      () => undefined,
      () => undefined,
    );
  }

  private attach(stack: string, task: TaskWrapper): Promise<void> {
    const slot = this.slots.get(stack);
    if (!slot) return Promise.resolve();
    slot.task = task;
    task.title = slot.title;
    if (slot.output !== undefined) task.output = slot.output;
    return new Promise<void>((resolve, reject) => {
      slot.settle = (r) => {
        if (r.result === "skipped") task.skip(describeResult(r));
        if (isFailure(r)) reject(new Error(describeResult(r)));
        else resolve();
      };
      if (slot.result) slot.settle(slot.result);
    });
  }

  private set(stack: string, change: Partial<Pick<Slot, "title" | "output">>): void {
    const slot = this.slots.get(stack);
    if (!slot) return;
    Object.assign(slot, change);
    if (slot.task && change.title !== undefined) slot.task.title = change.title;
    if (slot.task && change.output !== undefined) slot.task.output = change.output;
  }

  started(stack: string): void {
    this.set(stack, { title: `${stack}: ${this.operation} running` });
  }

  update(stack: string, text: string): void {
    this.set(stack, { output: text });
  }

  finished(result: StackResult): void {
    this.set(result.stack, { title: describeResult(result) });
    const slot = this.slots.get(result.stack);
    if (!slot) return;
    slot.result = result;
    slot.settle?.(result);
  }

  end(): Promise<void> {
    return this.rendering;
  }
}

/** Whether live progress can be drawn: stdout and stderr are a terminal of some width, outside CI. */
export function interactiveTerminal(): boolean {
  return (
    process.stderr.isTTY === true &&
    process.stdout.isTTY === true &&
    // A terminal that reports no width (some CI pseudo-terminals) would truncate every line to nothing.
    (process.stderr.columns ?? 0) > 0 &&
    !process.env["CI"]
  );
}

/** listr2 on an interactive terminal without `--json`; plain lines otherwise. */
export function chooseProgress(options: {
  readonly json: boolean;
  readonly parallel: number;
  readonly write: (line: string) => void;
  readonly interactive?: boolean;
}): ProgressReporter {
  const interactive = options.interactive ?? interactiveTerminal();
  return interactive && !options.json
    ? new ListrProgress(options.parallel)
    : new PlainProgress(options.write);
}

/** A long step's progress: what it is doing now, until it ends. */
export interface Activity {
  /** What the step is doing now, e.g. `3 of 16 stacks planned`. */
  set(text: string): void;
  /** Ends the display (and waits for its last frame); the step's own output may follow. */
  end(): Promise<void>;
}

const NO_ACTIVITY: Activity = { set: () => undefined, end: () => Promise.resolve() };

/**
 * One live line on stderr for a step that may be long (planning, checking policy, writing), drawn by listr2
 * only once the step has taken `delayMs`: short steps print nothing. The line shows the time taken so far.
 */
export class ListrActivity implements Activity {
  private text = "";
  private task?: TaskWrapper;
  private rendering: Promise<void> = Promise.resolve();
  private readonly started = Date.now();
  private readonly timers: NodeJS.Timeout[] = [];
  private resolveDone: () => void = () => undefined;
  private readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly title: string,
    delayMs: number,
  ) {
    this.timers.push(setTimeout(() => this.render(), delayMs));
    for (const t of this.timers) t.unref();
  }

  /** Whether the line is being drawn (the step outlasted the delay). */
  get drawn(): boolean {
    return this.task !== undefined;
  }

  private line(): string {
    const seconds = Math.floor((Date.now() - this.started) / 1000);
    return `${this.title}${this.text ? `: ${this.text}` : ""} (${seconds} s)`;
  }

  private render(): void {
    const listr = new Listr<unknown, "default", "silent">(
      [
        {
          title: this.line(),
          task: (_ctx: unknown, task: TaskWrapper) => {
            this.task = task;
            // Listr starts the task a tick after run(): what was set meanwhile (`done`, even) shows now.
            task.title = this.line();
            return this.done;
          },
        },
      ],
      {
        exitOnError: false,
        registerSignalListeners: false,
        renderer: "default",
        fallbackRenderer: "silent",
        rendererOptions: {
          logger: stderrLogger(),
        },
      },
    );
    this.rendering = listr.run().then(
      () => undefined,
      () => undefined,
    );
    const tick = setInterval(() => this.redraw(), 1000);
    tick.unref();
    this.timers.push(tick);
  }

  private redraw(): void {
    if (this.task) this.task.title = this.line();
  }

  set(text: string): void {
    this.text = text;
    this.redraw();
  }

  async end(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.set("done");
    this.resolveDone();
    await this.rendering;
  }
}

/** A live line on a terminal without `--json` once a step outlasts `delayMs` (default 1 s); nothing otherwise. */
export function startActivity(
  title: string,
  options: { readonly json: boolean; readonly interactive?: boolean; readonly delayMs?: number },
): Activity {
  const interactive = options.interactive ?? interactiveTerminal();
  return interactive && !options.json ? new ListrActivity(title, options.delayMs ?? 1000) : NO_ACTIVITY;
}
