/**
 * A lock held by a live process is never stale, however long it has been held: an onboarding planning a
 * large batch holds `stacks/` for minutes, and breaking its lock would let a second writer in. Only a
 * holder whose process is gone (or whose pid now belongs to another process) is stale.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  LockTimeoutError,
  type LockHolder,
  acquireLock,
  isStale,
  processStart,
  readLockHolder,
} from "../../cli/file-lock.js";
import { removeTempDir, tempDir } from "../support/cli.js";

const children: ChildProcess[] = [];
const dirs: string[] = [];
after(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) removeTempDir(d);
});

/** A lock file held since `ageMs` ago by a live process of this host. */
function oldLiveLock(ageMs: number): { path: string; text: string } {
  const child = spawn("sleep", ["300"], { stdio: "ignore" });
  children.push(child);
  const dir = tempDir("cloudtier-live-lock-");
  dirs.push(dir);
  const path = join(dir, ".cloudtier.lock");
  const start = processStart(child.pid!);
  const holder: LockHolder = {
    pid: child.pid!,
    host: hostname(),
    command: "cloudtier onboard --file big.yaml",
    since: new Date(Date.now() - ageMs).toISOString(),
    token: randomUUID(),
    ...(start !== undefined ? { processStart: start } : {}),
  };
  const text = `${JSON.stringify(holder)}\n`;
  writeFileSync(path, text);
  const then = (Date.now() - ageMs) / 1000;
  utimesSync(path, then, then);
  return { path, text };
}

describe("a live lock holder", () => {
  for (const ageMs of [5_000, 60_000, 3_600_000, 7 * 24 * 3_600_000]) {
    it(`held for ${ageMs / 1000} s is not stale, and is waited for rather than broken`, async () => {
      const { path, text } = oldLiveLock(ageMs);
      const observed = readLockHolder(path);
      assert.equal(observed.state, "held");
      assert.ok(observed.state === "held" && observed.ageMs >= ageMs - 1000, "the lock file is that old");
      assert.equal(isStale(observed), false);
      await assert.rejects(
        acquireLock(path, { command: "cloudtier onboard acme", what: "stacks/", timeoutMs: 300 }),
        LockTimeoutError,
      );
      assert.equal(readFileSync(path, "utf8"), text, "the holder's lock file is untouched");
    });
  }

  it("is stale once its process is gone", async () => {
    const { path } = oldLiveLock(1000);
    const child = children[children.length - 1];
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const observed = readLockHolder(path);
    assert.equal(isStale(observed as Extract<typeof observed, { state: "held" }>), true);
    const lock = await acquireLock(path, {
      command: "cloudtier onboard acme",
      what: "stacks/",
      timeoutMs: 300,
    });
    lock.release();
  });
});
