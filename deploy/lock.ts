/**
 * Locked stacks: who holds the lock and how to clear it without corrupting the state. A lock outlives its
 * process when an update is killed (CI timeout, laptop closed), so the advice checks the holder first.
 */
import type { LockHolder } from "./types.js";

/** The text a DIY backend (file, s3, gs, azblob) prints; the SDK maps it to ConcurrentUpdateError. */
export const DIY_LOCK_TEXT = "the stack is currently locked by";
/** Pulumi Cloud's equivalent. */
export const CLOUD_CONFLICT_TEXT = "[409] Conflict: Another update is currently in progress.";

// `<lock file>: created by user@host (pid 285) at 2026-01-01T00:00:00Z`, one line per lock. The file
// backend names the file as a URL with a query (`file:///.../<id>.json?no_tmp_dir=true`).
const HOLDER_LINE = /^\s*(?:(\S+?\.json)(?:\?\S*)?:\s*)?created by (\S+) \(pid (\d+)\) at (\S+)/;

/** The holders named in a lock error, one per lock; empty when the backend names none. */
export function parseLockHolders(text: string): LockHolder[] {
  const holders: LockHolder[] = [];
  for (const line of text.split("\n")) {
    const m = HOLDER_LINE.exec(line);
    if (!m) continue;
    holders.push({
      ...(m[1] !== undefined ? { lockFile: m[1] } : {}),
      holder: m[2],
      pid: Number(m[3]),
      since: m[4],
    });
  }
  return holders;
}

export function describeHolder(h: LockHolder): string {
  const parts = [h.holder ?? "an unknown process"];
  if (h.pid !== undefined) parts.push(`(pid ${h.pid})`);
  if (h.since !== undefined) parts.push(`since ${h.since}`);
  return parts.join(" ");
}

/** What to tell the user about a locked stack: the holder, and the safe way to clear a stale lock. */
export function lockAdvice(stack: string, holders: readonly LockHolder[]): string {
  const who =
    holders.length === 0
      ? `Stack ${stack} is locked by another update (the backend does not say whose).`
      : `Stack ${stack} is locked by ${holders.map(describeHolder).join("; ")}.`;
  const host = holders.find((h) => h.holder?.includes("@"))?.holder?.split("@")[1];
  const pid = holders.find((h) => h.pid !== undefined)?.pid;
  const check =
    host !== undefined && pid !== undefined
      ? `check on ${host} that pid ${pid} is no longer running (\`ps -p ${pid}\`)`
      : "check that no other update of this stack is running (CI jobs, colleagues)";
  return [
    who,
    "If that update is still running, wait for it to finish. If it is gone (killed CI job, closed laptop):",
    `  1. ${check};`,
    `  2. back up the state: \`pulumi stack export --stack ${stack} --file ${stack}.state.json\`;`,
    `  3. clear the lock: \`pulumi cancel --stack ${stack} --yes\`;`,
    `  4. reconcile what the interrupted update left: \`cloudtier refresh --stack ${stack}\`, then re-run.`,
  ].join("\n");
}
