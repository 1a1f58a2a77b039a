/**
 * The stack-file module on its own: reading reports every bad file at once; changes are bytes before and
 * after; a commit refuses a file changed behind its back; a commit interrupted after its journal is
 * finished by the next reader; leftovers of dead processes are removed and those of live ones kept; the
 * lock tells a reused pid and another host's holder from a stale one.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { InputError } from "../../domain/errors.js";
import {
  type LockHolder,
  LockTimeoutError,
  acquireLockSync,
  isStale,
  processStart,
} from "../../cli/file-lock.js";
import {
  JOURNAL_FILE,
  LOCK_FILE,
  StackWriteError,
  commitChanges,
  configChange,
  fileChange,
  readStackFile,
  readStackFiles,
  removalChange,
  stackFileTestHooks,
  withStackLockSync,
  writeStackConfig,
} from "../../cli/stack-files.js";
import { snapshot, tempProject } from "../support/cli.js";

afterEach(() => {
  delete stackFileTestHooks.beforeStep;
});

const platform = (tenants: string[]) => ({
  kind: "platform" as const,
  region: "kubeconfig:local",
  tenants: tenants.map((id) => ({ id, tier: "team" as const })),
});

function stacksOf(project: string): string[] {
  return readdirSync(join(project, "stacks")).sort();
}

describe("reading stack files", () => {
  it("reports the problems of every bad file at once, each naming its file and field", () => {
    const project = tempProject();
    mkdirSync(join(project, "stacks"));
    writeFileSync(join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml"), "config: [\n");
    writeFileSync(
      join(project, "stacks", "Pulumi.platform-aws-eu-west-1.yaml"),
      "config:\n  cloudtier:stack:\n    kind: platform\n    region: aws:eu-west-1\n    tenants:\n      - { id: Bad, tier: team }\n",
    );
    assert.throws(
      () => readStackFiles(project),
      (err: unknown) => {
        assert.ok(err instanceof InputError);
        assert.deepEqual(
          err.problems.map((p) => p.field),
          [
            "stacks/Pulumi.platform-aws-eu-west-1.yaml: config.cloudtier:stack.tenants[0].id",
            "stacks/Pulumi.platform-kubeconfig-local.yaml",
          ],
        );
        return true;
      },
    );
  });

  it("returns nothing for a stack without a file, and the file's bytes and config otherwise", () => {
    const project = tempProject();
    assert.equal(readStackFile(project, "platform-kubeconfig-local"), undefined);
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const file = readStackFile(project, "platform-kubeconfig-local");
    assert.equal(
      file?.text,
      readFileSync(join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml"), "utf8"),
    );
    assert.deepEqual(file?.config, platform(["acme"]));
    assert.equal(file?.offboarded, false);
  });
});

describe("changes and commits", () => {
  it("computes a change as bytes, keeping the file's other keys, and names its kind", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const path = join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml");
    writeFileSync(path, `encryptionsalt: v1:salt\n${readFileSync(path, "utf8")}`);
    const file = readStackFile(project, "platform-kubeconfig-local")!;
    const change = configChange(file.stack, file, platform(["acme", "beta"]));
    assert.equal(change.before, file.text);
    assert.match(change.after!, /^encryptionsalt: v1:salt$/m);
    assert.match(change.after!, /id: beta/);
    assert.equal(fileChange(change), "updated");
    assert.equal(fileChange(configChange(file.stack, file, platform(["acme"]))), "unchanged");
    assert.equal(
      fileChange(configChange("platform-kubeconfig-local-1", undefined, { ...platform(["x"]), shard: 1 })),
      "created",
    );
    assert.equal(fileChange(removalChange(file.stack, file)), "removed");
  });

  it("sets the keys onboarding pins beside the stack config, keeping the others, and reads them back", () => {
    const env = {
      kind: "environment" as const,
      region: "gcp:europe-west1",
      customer: { id: "acme", tier: "cloud" as const },
    };
    const keys = { "gcp:project": "acme-prod-4711" };
    const created = configChange("acme-gcp-europe-west1", undefined, env, { keys });
    assert.equal(fileChange(created), "created");
    assert.match(created.after!, /^ {2}gcp:project: acme-prod-4711$/m);

    const project = tempProject();
    mkdirSync(join(project, "stacks"));
    const path = join(project, "stacks", "Pulumi.acme-gcp-europe-west1.yaml");
    writeFileSync(
      path,
      `encryptionsalt: v1:salt
${created.after!.replace("config:\n", "config:\n  other:key: kept\n")}`,
    );
    const file = readStackFile(project, "acme-gcp-europe-west1")!;
    assert.deepEqual(file.otherConfig, { "gcp:project": "acme-prod-4711", "other:key": "kept" });
    // The same keys again change no byte; another value replaces the pinned one and keeps the rest.
    assert.equal(fileChange(configChange(file.stack, file, env, { keys })), "unchanged");
    const moved = configChange(file.stack, file, env, { keys: { "gcp:project": "acme-next-4711" } });
    assert.match(moved.after!, /^ {2}gcp:project: acme-next-4711$/m);
    assert.match(moved.after!, /^ {2}other:key: kept$/m);
    assert.match(moved.after!, /^encryptionsalt: v1:salt$/m);
  });

  it("refuses a change whose file another program rewrote since it was read, writing nothing", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const file = readStackFile(project, "platform-kubeconfig-local")!;
    const change = configChange(file.stack, file, platform(["acme", "beta"]));
    const path = join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml");
    writeFileSync(path, `encryptionsalt: v1:new\n${file.text}`);
    const before = snapshot(project);
    assert.throws(
      () => withStackLockSync(project, { command: "test" }, (lock) => commitChanges(lock, [change])),
      /stacks\/Pulumi\.platform-kubeconfig-local\.yaml was changed by another program since it was read; nothing was written/,
    );
    assert.deepEqual(snapshot(project), before);
  });

  it("a commit that fails before its journal leaves every file as it was and no temporary file", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const file = readStackFile(project, "platform-kubeconfig-local")!;
    const before = snapshot(project);
    stackFileTestHooks.beforeStep = (step) => {
      if (step.phase === "journal")
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    };
    assert.throws(
      () =>
        withStackLockSync(project, { command: "test" }, (lock) =>
          commitChanges(lock, [
            configChange(file.stack, file, platform(["acme", "beta"])),
            configChange("platform-kubeconfig-local-1", undefined, { ...platform(["gamma"]), shard: 1 }),
          ]),
        ),
      (err: unknown) =>
        err instanceof StackWriteError &&
        err.written.length === 0 &&
        /writing \S+\/stacks\/\.cloudtier-commit\.json \(through \S+\.tmp\) failed: ENOSPC: no space left on device\. Nothing was written/.test(
          err.message,
        ),
    );
    assert.deepEqual(snapshot(project), before);
  });

  it("a commit interrupted between its renames is finished by the next reader", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const file = readStackFile(project, "platform-kubeconfig-local")!;
    stackFileTestHooks.beforeStep = (step) => {
      if (step.phase === "apply" && step.index === 1)
        throw Object.assign(new Error("EIO: i/o error"), { code: "EIO" });
    };
    const changes = [
      configChange(file.stack, file, platform(["acme", "beta", "gamma"])),
      configChange("platform-kubeconfig-local-1", undefined, { ...platform(["delta"]), shard: 1 }),
    ];
    assert.throws(
      () => withStackLockSync(project, { command: "test" }, (lock) => commitChanges(lock, changes)),
      (err: unknown) =>
        err instanceof StackWriteError &&
        err.written.join() === "platform-kubeconfig-local" &&
        err.notWritten.join() === "platform-kubeconfig-local-1",
    );
    delete stackFileTestHooks.beforeStep;
    assert.ok(existsSync(join(project, "stacks", JOURNAL_FILE)), "the journal records the rest");
    const files = readStackFiles(project);
    assert.deepEqual(
      files.map((f) => [f.stack, f.text]),
      changes.map((c) => [c.stack, c.after]),
      "the reader sees the whole change",
    );
    assert.deepEqual(stacksOf(project), [
      "Pulumi.platform-kubeconfig-local-1.yaml",
      "Pulumi.platform-kubeconfig-local.yaml",
    ]);
  });

  it("a journal that cannot be read stops writers and readers, naming it", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    writeFileSync(join(project, "stacks", JOURNAL_FILE), "{ not json");
    assert.throws(
      () => readStackFiles(project),
      /\.cloudtier-commit\.json records an interrupted write of stack files but cannot be read/,
    );
  });

  it("removes temporary files of processes that are gone, and keeps those of live ones", () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", platform(["acme"]));
    const stacks = join(project, "stacks");
    const dead = 2 ** 22 + 12345; // above Linux's pid_max default: no such process
    const leftovers = [
      `.Pulumi.platform-kubeconfig-local.yaml.${dead}-abcdef01.tmp`,
      `${JOURNAL_FILE}.${dead}-abcdef01.tmp`,
      `${LOCK_FILE}.${dead}-abcdef01.tmp`,
      `Pulumi.platform-kubeconfig-local.yaml.${dead}.tmp`,
    ];
    const live = `${LOCK_FILE}.${process.ppid}-abcdef02.tmp`;
    for (const name of [...leftovers, live]) writeFileSync(join(stacks, name), "x");
    withStackLockSync(project, { command: "test" }, () => undefined);
    assert.deepEqual(stacksOf(project), [live, "Pulumi.platform-kubeconfig-local.yaml"].sort());
  });
});

describe("the lock", () => {
  const holder = (overrides: Partial<LockHolder>): LockHolder => ({
    pid: process.pid,
    host: hostname(),
    command: "cloudtier onboard x",
    since: "2026-01-01T00:00:00.000Z",
    token: "t",
    ...overrides,
  });

  it("holds a live holder on this host, and one on another host, as live", () => {
    assert.equal(isStale({ state: "held", holder: holder({}), ageMs: 0 }), false);
    assert.equal(
      isStale({ state: "held", holder: holder({ host: "elsewhere", pid: 2 ** 22 + 1 }), ageMs: 1e9 }),
      false,
    );
  });

  it("holds a gone process, and a reused pid, as stale", () => {
    assert.equal(isStale({ state: "held", holder: holder({ pid: 2 ** 22 + 1 }), ageMs: 0 }), true);
    const start = processStart(process.pid);
    if (start !== undefined) {
      assert.equal(isStale({ state: "held", holder: holder({ processStart: start }), ageMs: 0 }), false);
      assert.equal(isStale({ state: "held", holder: holder({ processStart: `${start}1` }), ageMs: 0 }), true);
    }
  });

  it("holds an unreadable lock file as being written, then as stale once it is old", () => {
    assert.equal(isStale({ state: "held", holder: undefined, ageMs: 1000 }), false);
    assert.equal(isStale({ state: "held", holder: undefined, ageMs: 60_000 }), true);
  });

  it("gives up on another host's holder after the timeout, saying how to clear it", () => {
    const project = tempProject();
    mkdirSync(join(project, "stacks"));
    const path = join(project, "stacks", LOCK_FILE);
    writeFileSync(path, JSON.stringify(holder({ host: "ci-runner-7", pid: 4242 })));
    assert.throws(
      () => acquireLockSync(path, { command: "test", what: "stacks/", timeoutMs: 200 }),
      (err: unknown) =>
        err instanceof LockTimeoutError &&
        err.exitCode === 1 &&
        /stacks\/ is locked by `cloudtier onboard x` \(pid 4242 on ci-runner-7, since 2026-01-01T00:00:00\.000Z\); waited 0 s for \S+\. Nothing was written\. .*if it is no longer running on ci-runner-7, delete \S+\.cloudtier\.lock\./.test(
          err.message,
        ),
    );
    assert.ok(existsSync(path), "another host's lock is never broken");
  });
});
