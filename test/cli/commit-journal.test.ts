/**
 * The commit journal is what makes a commit all or nothing, so it must itself appear whole or not at all:
 * it is written to a temporary file and renamed into place, never written where it is read. Checked two
 * ways: no write ever opens the journal's own path, and a write of the journal that fails midway (a full
 * disk) leaves no journal and every stack file as it was.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { basename, join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { JOURNAL_FILE, StackWriteError, writeStackConfig } from "../../cli/stack-files.js";
import { removeTempDir, snapshot, tempProject } from "../support/cli.js";

const original = { openSync: fs.openSync, writeSync: fs.writeSync, renameSync: fs.renameSync };

function patch(replacements: Partial<typeof original>) {
  Object.assign(fs, replacements);
  syncBuiltinESMExports();
}
afterEach(() => patch(original));

const PLATFORM = "platform-kubeconfig-local";
const config = (ids: string[]) => ({
  kind: "platform" as const,
  region: "kubeconfig:local",
  tenants: ids.map((id) => ({ id, tier: "team" as const })),
});
const isWrite = (flags: unknown) =>
  typeof flags === "string" ? /[wa+]/.test(flags) : typeof flags === "number" && (flags & 3) !== 0;

describe("the commit journal", () => {
  it("reaches its name only by a rename", () => {
    const project = tempProject();
    try {
      writeStackConfig(project, PLATFORM, config(["acme"]));
      const opened: string[] = [];
      const renamed: [string, string][] = [];
      patch({
        openSync: ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
          if (isWrite(flags)) opened.push(String(path));
          return original.openSync(path, flags ?? "r", mode);
        }) as typeof fs.openSync,
        renameSync: (from: fs.PathLike, to: fs.PathLike) => {
          renamed.push([String(from), String(to)]);
          original.renameSync(from, to);
        },
      });
      writeStackConfig(project, PLATFORM, config(["acme", "beta"]));
      patch(original);
      assert.ok(opened.length > 0, "the commit wrote through openSync");
      assert.deepEqual(
        opened.filter((p) => basename(p) === JOURNAL_FILE),
        [],
        "no write opened the journal itself",
      );
      assert.ok(
        renamed.some(([from, to]) => basename(to) === JOURNAL_FILE && basename(from) !== JOURNAL_FILE),
        `the journal was renamed into place: ${JSON.stringify(renamed)}`,
      );
    } finally {
      removeTempDir(project);
    }
  });

  it("written on a disk that fills midway, leaves no journal and every file as it was", () => {
    const project = tempProject();
    try {
      writeStackConfig(project, PLATFORM, config(["acme"]));
      const before = snapshot(project);
      const journalFds = new Set<number>();
      patch({
        openSync: ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
          const fd = original.openSync(path, flags ?? "r", mode);
          if (basename(String(path)).startsWith(JOURNAL_FILE)) journalFds.add(fd);
          return fd;
        }) as typeof fs.openSync,
        // The journal's bytes: the first few reach the disk, then it is full.
        writeSync: ((fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number) => {
          if (!journalFds.has(fd)) {
            return (original.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length);
          }
          const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).subarray(
            offset ?? 0,
          );
          if (bytes.length > 4) {
            original.writeSync(fd, bytes.subarray(0, 4));
            throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
          }
          return original.writeSync(fd, bytes);
        }) as typeof fs.writeSync,
      });
      assert.throws(() => writeStackConfig(project, PLATFORM, config(["acme", "beta"])), StackWriteError);
      patch(original);
      assert.equal(fs.existsSync(join(project, "stacks", JOURNAL_FILE)), false, "no journal, whole or torn");
      assert.deepEqual(snapshot(project), before, "every file as it was, no temporary file left");
    } finally {
      removeTempDir(project);
    }
  });
});
