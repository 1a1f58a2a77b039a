/**
 * Processes of the suite's runs, as /proc shows them. Pulumi starts its language host, the program and the
 * provider plugins in process groups of their own, so killing a run's process group leaves them running;
 * a CI job that times out kills the whole tree, which is what these helpers do.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function parentOf(pid: number): number | undefined {
  try {
    // `pid (comm) state ppid ...`; the command name may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** A process and all its descendants, the process first. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of pids()) {
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** SIGKILLs a process and every descendant at once, as a CI job's timeout would. */
export function killTree(root: number): number[] {
  const tree = processTree(root);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  return tree;
}

/** Kills every process working in `dir` or naming it on its command line: what a run there left. */
export function killProcessesIn(dir: string): void {
  for (const pid of pids()) {
    if (pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cwd === dir || cwd.startsWith(`${dir}/`) || cmdline.includes(dir)) process.kill(pid, "SIGKILL");
    } catch {
      // Gone, or not ours to read.
    }
  }
}
