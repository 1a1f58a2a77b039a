/**
 * All terminal output goes through here, so tests can capture it and `--json` keeps stdout clean.
 */
export interface Logger {
  /** Results: the plan, tables, JSON. Always stdout. */
  out(text: string): void;
  /** Progress and notes for people. stderr, so piping stdout stays machine-readable. */
  info(text: string): void;
  error(text: string): void;
}

/** Set once stdout's reader has gone (`cloudtier plan | head`): results then go nowhere, the work goes on. */
let stdoutGone = false;

/**
 * A reader that stops early closes the pipe: not cloudtier's failure, and never a reason to stop a command
 * midway (a deploy keeps running and reports on stderr). Other errors of stdout stay errors.
 */
export function toleratePipeClose(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    stdoutGone = true;
  });
}

export const consoleLogger: Logger = {
  out: (text) => {
    if (!stdoutGone) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  },
  info: (text) => process.stderr.write(`${text}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

let current: Logger = consoleLogger;
/** Whether results were printed since `resetResultMark()`: a JSON error must not follow a JSON result. */
let printed = false;
export const log: Logger = {
  out: (text) => {
    printed = true;
    current.out(text);
  },
  info: (text) => current.info(text),
  error: (text) => current.error(text),
};

/** Replaces the logger (tests); returns a function that restores the previous one. */
export function setLogger(logger: Logger): () => void {
  const previous = current;
  current = logger;
  return () => {
    current = previous;
  };
}

/** Whether `log.out` printed anything since `resetResultMark()`. */
export function resultPrinted(): boolean {
  return printed;
}

/** Starts a command line afresh (main() runs several times in one test process). */
export function resetResultMark(): void {
  printed = false;
}
