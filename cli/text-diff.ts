/**
 * A unified diff of two texts, line by line, in the format `patch -p1` and `git apply` read: how onboarding
 * shows what it will write into a stack file before writing it. Pure.
 *
 * The common head and tail of the two texts are set aside first (an onboarding changes a few lines of a
 * file), and the lines between are compared with Myers' algorithm. Past `MAX_EDIT_DISTANCE` differing lines
 * the middle is shown as removed and added whole: still an exact diff, only not the shortest.
 */

/** Beyond this many differing lines, the changed middle is shown as removed and added whole. */
const MAX_EDIT_DISTANCE = 2000;

interface Lines {
  readonly lines: readonly string[];
  /** Whether the text ends with a newline (an empty text counts as ending with one). */
  readonly newlineAtEnd: boolean;
}

function splitLines(text: string | undefined): Lines {
  if (text === undefined || text === "") return { lines: [], newlineAtEnd: true };
  const newlineAtEnd = text.endsWith("\n");
  const lines = (newlineAtEnd ? text.slice(0, -1) : text).split("\n");
  return { lines, newlineAtEnd };
}

type Op = " " | "-" | "+";
interface Edit {
  readonly op: Op;
  readonly line: string;
  /** Line numbers (0-based) in the old and new text at this edit. */
  readonly a: number;
  readonly b: number;
}

/** The shortest edit script of `a` into `b` (Myers 1986), or undefined past `max` differences. */
function myers(a: readonly string[], b: readonly string[], max: number): Op[] | undefined {
  const n = a.length;
  const m = b.length;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1])
          ? v[offset + k + 1]
          : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(" ");
      x--;
      y--;
    }
    ops.push(down ? "+" : "-");
    if (down) y--;
    else x--;
  }
  while (x > 0 && y > 0) {
    ops.push(" ");
    x--;
    y--;
  }
  return ops.reverse();
}

/** Every line of both texts with its operation, in order. */
function edits(a: readonly string[], b: readonly string[]): Edit[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = [
    ...Array<Op>(head).fill(" "),
    ...(myers(midA, midB, Math.min(MAX_EDIT_DISTANCE, midA.length + midB.length)) ?? [
      ...Array<Op>(midA.length).fill("-"),
      ...Array<Op>(midB.length).fill("+"),
    ]),
    ...Array<Op>(tail).fill(" "),
  ];
  const out: Edit[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === " ") out.push({ op, line: a[i], a: i++, b: j++ });
    else if (op === "-") out.push({ op, line: a[i], a: i++, b: j });
    else out.push({ op, line: b[j], a: i, b: j++ });
  }
  return out;
}

export interface DiffOptions {
  /** The path shown for both sides (`a/<path>`, `b/<path>`), e.g. `stacks/Pulumi.acme-aws-eu-west-1.yaml`. */
  readonly path: string;
  /** Unchanged lines shown around each change. @default 3 */
  readonly context?: number;
}

/**
 * The unified diff from `before` to `after` (undefined: the file does not exist); empty when they are equal.
 * A text not ending in a newline gets git's `\ No newline at end of file` marker.
 */
export function unifiedDiff(
  before: string | undefined,
  after: string | undefined,
  options: DiffOptions,
): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  const old = splitLines(before);
  const neu = splitLines(after);
  // The last line differs when only its newline does.
  const a = old.lines.map((l, i) => (i === old.lines.length - 1 && !old.newlineAtEnd ? `${l}\u0000` : l));
  const b = neu.lines.map((l, i) => (i === neu.lines.length - 1 && !neu.newlineAtEnd ? `${l}\u0000` : l));
  const all = edits(a, b);
  const changed = all.map((e, i) => (e.op === " " ? -1 : i)).filter((i) => i >= 0);
  const out = [
    `--- ${before === undefined ? "/dev/null" : `a/${options.path}`}`,
    `+++ ${after === undefined ? "/dev/null" : `b/${options.path}`}`,
  ];
  // Group changes whose context overlaps into hunks.
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1] - changed[end] <= 2 * context + 1) end++;
    const from = Math.max(0, changed[start] - context);
    const to = Math.min(all.length - 1, changed[end] + context);
    const hunk = all.slice(from, to + 1);
    const oldCount = hunk.filter((e) => e.op !== "+").length;
    const newCount = hunk.filter((e) => e.op !== "-").length;
    const oldStart = oldCount === 0 ? hunk[0].a : hunk[0].a + 1;
    const newStart = newCount === 0 ? hunk[0].b : hunk[0].b + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const e of hunk) {
      const bare = e.line.endsWith("\u0000");
      out.push(`${e.op}${bare ? e.line.slice(0, -1) : e.line}`);
      if (bare) out.push("\\ No newline at end of file");
    }
    start = end + 1;
  }
  return `${out.join("\n")}\n`;
}

/** Lines added and removed by a diff, for a one-line summary: `+3 -1`. */
export function diffStat(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split("\n")) {
    if (line.startsWith("+++") || line.startsWith("---")) continue;
    if (line.startsWith("+")) added++;
    else if (line.startsWith("-")) removed++;
  }
  return { added, removed };
}
