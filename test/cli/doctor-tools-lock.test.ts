/**
 * doctor asks scripts/tools/build.sh whether a Pulumi CLI build is cached; the script waits while another
 * process builds the tools (it holds their lock). doctor then says what it waits for instead of waiting
 * silently, and says so again if it gives up.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { pulumiCheck, toolsLockHolder, toolsLockPath } from "../../cli/doctor.js";
import { removeTempDir, tempDir } from "../support/cli.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill("SIGKILL");
  for (const d of dirs) removeTempDir(d);
});

/** Holds the tools' lock from another process, as a running build does; resolves once it is held. */
async function holdLock(home: string): Promise<ChildProcess> {
  mkdirSync(home, { recursive: true });
  const env = { CLOUDTIER_TOOLS_HOME: home };
  const child = spawn("flock", ["--close", toolsLockPath(env), "sleep", "60"], { stdio: "ignore" });
  children.push(child);
  for (let i = 0; i < 200 && toolsLockHolder(env) === undefined; i++) await sleep(25);
  return child;
}

describe("doctor and the tools' lock", () => {
  it("tells a held lock from a free one", async () => {
    const home = join(tempDir("cloudtier-tools-lock-"), "tools");
    dirs.push(join(home, ".."));
    const env = { CLOUDTIER_TOOLS_HOME: home };
    assert.equal(toolsLockHolder(env), undefined, "no lock file: nobody holds it");
    const child = await holdLock(home);
    assert.equal(toolsLockHolder(env), join(home, ".lock"));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(toolsLockHolder(env), undefined, "released when its holder is gone");
  });

  it("says what it waits for while another process holds the lock", async () => {
    const root = tempDir("cloudtier-doctor-wait-");
    dirs.push(root);
    const home = join(root, "tools");
    await holdLock(home);
    // A stand-in for the tools script: answers at once that nothing is cached.
    mkdirSync(join(root, "pkg", "scripts", "tools"), { recursive: true });
    const script = join(root, "pkg", "scripts", "tools", "build.sh");
    writeFileSync(script, "#!/bin/sh\nexit 1\n");
    chmodSync(script, 0o755);
    const notes: string[] = [];
    const { check } = pulumiCheck({
      project: root,
      packageRoot: join(root, "pkg"),
      env: {
        PATH: "/nonexistent",
        HOME: root,
        PULUMI_HOME: join(root, "pulumi-home"),
        CLOUDTIER_TOOLS_HOME: home,
      },
      files: [],
      nodeVersion: process.versions.node,
      note: (text) => notes.push(text),
    });
    assert.equal(check.status, "missing", JSON.stringify(check));
    assert.equal(notes.length, 1, notes.join("\n---\n"));
    assert.match(notes[0], /waiting up to 30 s for scripts\/tools\/build\.sh --check/);
    assert.ok(notes[0].includes(join(home, ".lock")), notes[0]);
  });
});
