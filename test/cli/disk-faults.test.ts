/**
 * A batch onboarding when the file system under stacks/ fails: full (ENOSPC) or turned read-only (EROFS),
 * from the start or midway. stacks/ is a small tmpfs mounted in a private mount namespace (`unshare -m` as
 * root, `unshare -rm` otherwise); where neither is allowed, the tests are skipped with the reason printed.
 *
 * Each scenario runs the CLI with a fault injected at one step of the commit (test/cli/drivers/fault-at.ts
 * remounts read-only or fills the disk right there), records what the failed run said and left, repairs the
 * file system, runs the same onboarding again with the compiled CLI, and records that too.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { writeStackConfig } from "../../cli/stack-files.js";
import { BIN, ROOT, patchedEnv, snapshot, spawnBin, tempDir, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";
import { fakeEnv } from "./harness.js";

/** How to get a private mount namespace here, or why there is none. */
function namespace(): { prefix: string[] } | { reason: string } {
  const probe = tempDir("cloudtier-mount-probe-");
  const attempts =
    process.getuid?.() === 0
      ? [
          ["unshare", "-m"],
          ["unshare", "-rm"],
        ]
      : [["unshare", "-rm"]];
  const errors: string[] = [];
  for (const prefix of attempts) {
    const r = spawnSync(
      prefix[0],
      [...prefix.slice(1), "sh", "-c", `mount -t tmpfs -o size=64k tmpfs "${probe}"`],
      {
        encoding: "utf8",
      },
    );
    if (r.status === 0) return { prefix };
    errors.push(`${prefix.join(" ")}: ${(r.stderr || r.error?.message || `exit ${r.status}`).trim()}`);
  }
  return { reason: `cannot mount a tmpfs in a private mount namespace here (${errors.join("; ")})` };
}

const ns = namespace();
const skip = "reason" in ns ? ns.reason : false;
if (skip) console.log(`# skipped test/cli/disk-faults.test.ts: ${skip}`);

const BATCH = `customers:
${Array.from({ length: 8 }, (_, i) => `  - { id: s${i}, tier: team, regions: [kubeconfig:local, aws:eu-west-1] }`).join("\n")}
${Array.from({ length: 8 }, (_, i) => `  - { id: e${i}, tier: cloud, regions: [aws:eu-west-1] }`).join("\n")}
`;

const cliArgs = (project: string) => [
  "-C",
  project,
  "onboard",
  "--file",
  join(project, "customers.yaml"),
  "--no-plan",
];

let seed: string;
let seedStacks: Record<string, string>;
let reference: Record<string, string>;

before(async () => {
  seed = tempProject("cloudtier-fault-seed-");
  setProjectConfig(seed);
  for (const region of ["kubeconfig:local", "aws:eu-west-1"]) {
    writeStackConfig(seed, `platform-${region.replace(":", "-")}`, {
      kind: "platform",
      region,
      tenantsPerShard: 3,
      tenants: [{ id: "early", tier: "team" }],
    });
  }
  writeFileSync(join(seed, "customers.yaml"), BATCH);
  seedStacks = snapshot(join(seed, "stacks"));
  const normal = tempDir("cloudtier-fault-reference-");
  cpSync(seed, normal, { recursive: true });
  const result = await spawnBin(cliArgs(normal), { env: fakeEnv(normal) }).done;
  assert.equal(result.code, 0, result.stderr);
  reference = snapshot(join(normal, "stacks"));
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Outcome {
  readonly code: number;
  readonly stderr: string;
  /** stacks/ right after the failed run. */
  readonly after: Record<string, string>;
  /** The run after the file system was repaired. */
  readonly rerun: { code: number; stderr: string; stacks: Record<string, string> };
}

/**
 * Runs one scenario: `size` of the tmpfs, `before` (shell, after mounting), the fault `at` a commit step
 * with `action` (shell, or nothing), and `repair` (shell) before the second run.
 */
function scenario(options: {
  size: string;
  before?: string;
  at?: string;
  action?: string;
  repair?: string;
}): Outcome {
  if ("reason" in ns) throw new Error(ns.reason);
  const work = tempDir("cloudtier-fault-");
  const project = join(work, "project");
  cpSync(seed, project, { recursive: true });
  const stacks = join(project, "stacks");
  const out = join(work, "out");
  mkdirSync(join(out, "after"), { recursive: true });
  mkdirSync(join(out, "rerun"), { recursive: true });
  const driver = [
    process.execPath,
    "--import",
    "tsx",
    join(ROOT, "test/cli/drivers/fault-at.ts"),
    options.at ?? "none:0",
    options.action ?? "true",
    "--",
    ...cliArgs(project),
  ];
  const script = [
    `mkdir -p ${quote(join(work, "seed"))} && cp -a ${quote(stacks)}/. ${quote(join(work, "seed"))}/`,
    `mount -t tmpfs -o size=${options.size} tmpfs ${quote(stacks)}`,
    `cp -a ${quote(join(work, "seed"))}/. ${quote(stacks)}/`,
    options.before ?? "true",
    `rc=0; ${driver.map(quote).join(" ")} >${quote(join(out, "stdout"))} 2>${quote(join(out, "stderr"))} || rc=$?`,
    `echo $rc >${quote(join(out, "code"))}`,
    `cp -a ${quote(stacks)}/. ${quote(join(out, "after"))}/`,
    options.repair ?? "true",
    `rc=0; ${[process.execPath, BIN, ...cliArgs(project)].map(quote).join(" ")} >/dev/null 2>${quote(join(out, "rerun-stderr"))} || rc=$?`,
    `echo $rc >${quote(join(out, "rerun-code"))}`,
    `cp -a ${quote(stacks)}/. ${quote(join(out, "rerun"))}/`,
  ].join("\n");
  const run = spawnSync(ns.prefix[0], [...ns.prefix.slice(1), "sh", "-e", "-c", script], {
    cwd: ROOT,
    env: patchedEnv({ ...fakeEnv(project), STACKS: stacks }),
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `the scenario ran: ${run.stderr}`);
  const read = (name: string) => readFileSync(join(out, name), "utf8");
  return {
    code: Number(read("code")),
    stderr: read("stderr"),
    after: snapshot(join(out, "after")),
    rerun: {
      code: Number(read("rerun-code")),
      stderr: read("rerun-stderr"),
      stacks: snapshot(join(out, "rerun")),
    },
  };
}

const stackFilesOf = (files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).filter(([name]) => /^Pulumi\..+\.yaml$/.test(name)));
const others = (files: Record<string, string>) =>
  Object.keys(files).filter((n) => !/^Pulumi\..+\.yaml$/.test(n));

/** The failed run wrote nothing and said so, naming the path and the error; the re-run converged. */
function assertNothingWrittenThenConverged(
  outcome: Outcome,
  code: string,
  leftovers: readonly string[] = [],
) {
  assert.equal(outcome.code, 1, outcome.stderr);
  assert.match(outcome.stderr, new RegExp(`${code}: `), "the error names the file-system error");
  assert.match(outcome.stderr, /\/stacks\/(Pulumi\.[^ ]+\.yaml|\.cloudtier[-.][a-z.]+)/, "and the path");
  assert.match(outcome.stderr, /Nothing was written/);
  assert.doesNotMatch(outcome.stderr, /\n\s+at .+:\d+:\d+/, "no stack trace");
  assert.deepEqual(stackFilesOf(outcome.after), seedStacks, "every stack file is as it was");
  assert.deepEqual(
    others(outcome.after).filter((n) => !leftovers.some((l) => n.startsWith(l))),
    [],
    "no stray file",
  );
  assert.equal(outcome.rerun.code, 0, outcome.rerun.stderr);
  assert.deepEqual(outcome.rerun.stacks, reference, "the re-run converges to the uninterrupted bytes");
}

describe("a full or read-only file system under stacks/", { skip }, () => {
  it("ENOSPC: a tmpfs too small for the batch fails midway, writes nothing, leaves no temporary file", () => {
    // 48 KiB is 12 pages: the seed's 2 files and the lock fit, the batch's 20 new files do not.
    const outcome = scenario({ size: "48k", repair: `mount -o remount,size=1m "$STACKS"` });
    assertNothingWrittenThenConverged(outcome, "ENOSPC");
    assert.match(outcome.stderr, /writing \S+\/stacks\/Pulumi\.\S+\.yaml \(through \S+\.tmp\) failed/);
  });

  it("ENOSPC: the disk filling up after the fifth temporary file", () => {
    const outcome = scenario({
      size: "1m",
      at: "temp:5",
      action: `dd if=/dev/zero of="$STACKS/.filler" bs=4096 2>/dev/null || true`,
      repair: `rm -f "$STACKS/.filler"`,
    });
    assertNothingWrittenThenConverged(outcome, "ENOSPC", [".filler"]);
  });

  it("ENOSPC: a disk full before the command starts", () => {
    const outcome = scenario({
      size: "1m",
      before: `dd if=/dev/zero of="$STACKS/.filler" bs=4096 2>/dev/null || true`,
      repair: `rm -f "$STACKS/.filler"`,
    });
    assertNothingWrittenThenConverged(outcome, "ENOSPC", [".filler"]);
  });

  it("EROFS: read-only after the fifth temporary file: nothing written, the temporary files named", () => {
    const outcome = scenario({
      size: "1m",
      at: "temp:5",
      action: `mount -o remount,ro "$STACKS"`,
      repair: `mount -o remount,rw "$STACKS"`,
    });
    // The five temporary files and the lock cannot be removed on a read-only file system: they are named,
    // and the next command removes them.
    assertNothingWrittenThenConverged(outcome, "EROFS", [".Pulumi.", ".cloudtier.lock"]);
    assert.match(
      outcome.stderr,
      /these temporary files could not be removed, and the next command that writes stacks\/ removes them: .*\.tmp/,
    );
    assert.match(outcome.stderr, /could not remove the lock .*EROFS/);
    assert.equal(others(outcome.after).filter((n) => n.startsWith(".Pulumi.")).length, 5);
  });

  it("EROFS: read-only from the start", () => {
    const outcome = scenario({
      size: "1m",
      before: `mount -o remount,ro "$STACKS"`,
      repair: `mount -o remount,rw "$STACKS"`,
    });
    assertNothingWrittenThenConverged(outcome, "EROFS");
    assert.match(outcome.stderr, /Locking stacks\/ with \S+\/stacks\/\.cloudtier\.lock failed: EROFS/);
  });

  it("EROFS: read-only between the renames: says which files and customers were written, then converges", () => {
    const outcome = scenario({
      size: "1m",
      at: "apply:6",
      action: `mount -o remount,ro "$STACKS"`,
      repair: `mount -o remount,rw "$STACKS"`,
    });
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(outcome.stderr, /writing \S+\/stacks\/Pulumi\.\S+\.yaml failed: EROFS: /);
    assert.match(outcome.stderr, /Written: stacks\/Pulumi\.\S+\.yaml, .* and 2 more; not written: /);
    assert.match(
      outcome.stderr,
      /Customers whose stack files were all written: e0, e1, e2, e3, e4, e5; not \(or not all\) written: /,
    );
    assert.match(outcome.stderr, /recorded in \S+\/stacks\/\.cloudtier-commit\.json/);
    const written = Object.keys(stackFilesOf(outcome.after)).filter(
      (n) => outcome.after[n] !== seedStacks[n],
    );
    assert.equal(
      written.length,
      6,
      `six files written before the file system turned read-only: ${written.join(", ")}`,
    );
    assert.ok(others(outcome.after).includes(".cloudtier-commit.json"), "the journal records the rest");
    assert.equal(outcome.rerun.code, 0, outcome.rerun.stderr);
    assert.match(outcome.rerun.stderr, /Finished an interrupted write of stacks\//);
    assert.deepEqual(outcome.rerun.stacks, reference, "the re-run converges to the uninterrupted bytes");
  });
});

describe("a stack file that is a directory", () => {
  it("is bad input naming the path, for the writer as for readers", async () => {
    const project = tempProject();
    mkdirSync(join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml"), { recursive: true });
    const result = await spawnBin(
      ["-C", project, "onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
      { env: fakeEnv(project) },
    ).done;
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /stacks\/Pulumi\.platform-kubeconfig-local\.yaml: must be a file, but is a directory/,
    );
    assert.deepEqual(readdirSync(join(project, "stacks")), ["Pulumi.platform-kubeconfig-local.yaml"]);
    assert.ok(existsSync(join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml")));
  });
});
