/**
 * Torn metadata in a file backend. Pulumi's file backend keeps, beside each state file, a `<file>.attrs`
 * sidecar (its checksum and content type) that it truncates and then writes in place. A process killed
 * between the two leaves an empty sidecar, and from then on every command on that stack, `pulumi` by hand
 * included, fails with a bare `error: EOF`. The sidecar holds no state: the backend reads a missing one as
 * "no metadata". So an empty sidecar is removed, and the state file beside it, which is written to a
 * temporary file and renamed, stays as the last complete write left it. Nothing else is touched.
 */
import { readdirSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";

/** Where the file backend keeps its blobs, below the backend directory. */
const BLOB_ROOT = ".pulumi";
const SIDECAR = ".attrs";

/** The empty sidecars below a file backend's directory; none when it does not exist yet. */
export function findTornSidecars(backendDir: string): string[] {
  const root = join(backendDir, BLOB_ROOT);
  let entries;
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const torn: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(SIDECAR)) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      if (statSync(path).size === 0) torn.push(path);
    } catch (err) {
      // Removed since the listing (another process's cleanup): nothing to repair.
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return torn.sort();
}

/** Removes the empty sidecars below a file backend's directory; returns the ones it removed. */
export function removeTornSidecars(backendDir: string): string[] {
  const removed: string[] = [];
  for (const path of findTornSidecars(backendDir)) {
    try {
      unlinkSync(path);
      removed.push(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return removed;
}

/** The note a command prints for each sidecar it removed. */
export function tornSidecarNote(path: string): string {
  return `note: removed ${path}, an empty metadata file left by an interrupted write to the state backend (the state itself is intact)`;
}
