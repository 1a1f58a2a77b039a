/**
 * Onboardings at the same time, as separate processes of the compiled CLI, into shared platform stacks:
 * no customer is ever lost, across repeated rounds. Also the lock's edges: a live holder is waited for up
 * to --lock-timeout and then named (exit 1, nothing written); a holder whose process is gone is broken.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { LOCK_FILE, writeStackConfig } from "../../cli/stack-files.js";
import { fakeEnv, snapshot } from "./harness.js";
import { spawnBin, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";

interface StackDoc {
  config: { "cloudtier:stack": { kind: string; tenants?: { id: string }[]; customer?: { id: string } } };
}

/** Every customer id each stack file of a project holds, by stack. */
function holders(project: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(join(project, "stacks"))) {
    const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
    if (!stack) continue;
    const config = (parse(readFileSync(join(project, "stacks", file), "utf8")) as StackDoc).config[
      "cloudtier:stack"
    ];
    out.set(stack, config.tenants?.map((t) => t.id) ?? (config.customer ? [config.customer.id] : []));
  }
  return out;
}

/** Nothing but stack files is left in stacks/: no lock, journal or temporary file. */
function onlyStackFiles(project: string): void {
  const stray = readdirSync(join(project, "stacks")).filter((f) => !/^Pulumi\..+\.yaml$/.test(f));
  assert.deepEqual(stray, [], "no lock, journal or temporary file is left");
}

const figures = { rounds: 0, processes: 0, customers: 0, lost: 0 };

async function round(project: string, commands: string[][]): Promise<void> {
  const runs = commands.map((args) => spawnBin(["-C", project, ...args], { env: fakeEnv(project) }));
  const results = await Promise.all(runs.map((r) => r.done));
  results.forEach((r, i) => assert.equal(r.code, 0, `${commands[i].join(" ")}\n${r.stderr}`));
  figures.rounds++;
  figures.processes += commands.length;
}

function expectAll(project: string, stack: string, ids: readonly string[]): void {
  const held = holders(project).get(stack) ?? [];
  const lost = ids.filter((id) => !held.includes(id));
  figures.customers += ids.length;
  figures.lost += lost.length;
  assert.deepEqual(lost, [], `${stack} lost ${lost.join(", ")}`);
  assert.deepEqual([...held].sort(), [...ids].sort(), `${stack} holds each customer once`);
}

const onboard = (id: string, tier = "team", regions = "kubeconfig:local") => [
  "onboard",
  id,
  "--tier",
  tier,
  "--regions",
  regions,
];

describe("concurrent onboarding", () => {
  it("2 onboardings at once, with the offline plan, keep both customers (2 rounds)", async () => {
    for (let r = 0; r < 2; r++) {
      const project = tempProject();
      await round(project, [onboard(`ann${r}`), onboard(`bob${r}`, "developer")]);
      expectAll(project, "platform-kubeconfig-local", [`ann${r}`, `bob${r}`]);
      onlyStackFiles(project);
    }
  });

  it("2 onboardings at once, without the plan, keep both customers (8 rounds)", async () => {
    for (let r = 0; r < 8; r++) {
      const project = tempProject();
      await round(project, [
        [...onboard(`ann${r}`), "--no-plan"],
        [...onboard(`bob${r}`, "community"), "--no-plan"],
      ]);
      expectAll(project, "platform-kubeconfig-local", [`ann${r}`, `bob${r}`]);
      onlyStackFiles(project);
    }
  });

  it("10 onboardings at once into one platform stack keep all ten (3 rounds)", async () => {
    for (let r = 0; r < 3; r++) {
      const project = tempProject();
      const ids = Array.from({ length: 10 }, (_, i) => `c${r}-${i}`);
      await round(
        project,
        ids.map((id) => [
          ...onboard(id, ["community", "developer", "team"][ids.indexOf(id) % 3]),
          "--no-plan",
        ]),
      );
      expectAll(project, "platform-kubeconfig-local", ids);
      onlyStackFiles(project);
    }
  });

  it("10 onboardings at once fill the shards in order, each customer in exactly one shard", async () => {
    const project = tempProject();
    writeStackConfig(project, "platform-kubeconfig-local", {
      kind: "platform",
      region: "kubeconfig:local",
      tenantsPerShard: 3,
      tenants: [],
    });
    const ids = Array.from({ length: 10 }, (_, i) => `s${i}`);
    await round(
      project,
      ids.map((id) => [...onboard(id, "developer"), "--no-plan"]),
    );
    const shards = ["", "-1", "-2", "-3"].map(
      (s) => holders(project).get(`platform-kubeconfig-local${s}`) ?? [],
    );
    assert.deepEqual(
      shards.map((s) => s.length),
      [3, 3, 3, 1],
    );
    const all = shards.flat().sort();
    assert.deepEqual(all, [...ids].sort(), "every customer placed once");
    figures.customers += ids.length;
    onlyStackFiles(project);
  });

  it("two batch files at once into the same stacks keep every customer (2 rounds)", async () => {
    for (let r = 0; r < 2; r++) {
      const project = tempProject();
      setProjectConfig(project);
      const batch = (name: string, ids: string[]) => {
        const file = join(project, `${name}.yaml`);
        writeFileSync(
          file,
          `customers:\n${ids
            .map((id, i) =>
              i % 3 === 2
                ? `  - { id: ${id}, tier: cloud, regions: [aws:eu-west-1] }`
                : `  - { id: ${id}, tier: team, regions: [kubeconfig:local, aws:eu-west-1] }`,
            )
            .join("\n")}\n`,
        );
        return file;
      };
      const a = ["a1", "a2", "a3", "a4", "a5"].map((id) => `${id}r${r}`);
      const b = ["b1", "b2", "b3", "b4", "b5"].map((id) => `${id}r${r}`);
      await round(project, [
        ["onboard", "--file", batch("first", a), "--no-plan"],
        ["onboard", "--file", batch("second", b), "--no-plan"],
      ]);
      const shared = [...a, ...b].filter((_, i) => i % 5 !== 2);
      expectAll(project, "platform-kubeconfig-local", shared);
      expectAll(project, "platform-aws-eu-west-1", shared);
      for (const id of [a[2], b[2]]) {
        assert.deepEqual(holders(project).get(`${id}-aws-eu-west-1`), [id], `${id}'s environment`);
      }
      onlyStackFiles(project);
    }
  });

  it("an offboarding whose update fails puts its tenant back without dropping one onboarded meanwhile", async () => {
    const project = tempProject();
    await round(project, [[...onboard("leaver"), "--no-plan", "--deploy"]]);
    const env = fakeEnv(project, {
      FAKE_PULUMI_FAIL: "platform-kubeconfig-local",
      FAKE_PULUMI_DELAY: "2",
    });
    const offboard = spawnBin(["-C", project, "offboard", "leaver", "--yes"], { env });
    // Wait until the offboarding has taken leaver out of the file, then onboard another customer.
    for (
      let i = 0;
      i < 200 && (holders(project).get("platform-kubeconfig-local") ?? []).includes("leaver");
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await round(project, [[...onboard("joiner"), "--no-plan"]]);
    const failed = await offboard.done;
    assert.equal(failed.code, 1, failed.stderr);
    expectAll(project, "platform-kubeconfig-local", ["joiner", "leaver"]);
    onlyStackFiles(project);
  });

  it("reports the figures", () => {
    console.log(
      `# concurrent onboarding: ${figures.rounds} rounds, ${figures.processes} processes, ` +
        `${figures.customers} customers checked, ${figures.lost} lost`,
    );
    assert.equal(figures.lost, 0);
  });
});

describe("the lock on stacks/", () => {
  it("waits for a live holder up to --lock-timeout, then names it and writes nothing (exit 1)", async () => {
    const project = tempProject();
    await round(project, [[...onboard("first"), "--no-plan"]]);
    const lock = join(project, "stacks", LOCK_FILE);
    // This test process is alive: its lock is not stale.
    writeFileSync(
      lock,
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        command: "cloudtier onboard someone-else",
        since: "2026-01-01T00:00:00.000Z",
        token: "held-by-the-test",
      }),
    );
    const before = snapshot(project);
    const started = Date.now();
    const result = await spawnBin(["-C", project, ...onboard("second"), "--no-plan", "--lock-timeout", "1"], {
      env: fakeEnv(project),
    }).done;
    const waited = Date.now() - started;
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /Waiting up to 1 s for `cloudtier onboard someone-else` \(pid \d+ on /);
    assert.match(
      result.stderr,
      new RegExp(
        `stacks/ of .* is locked by \`cloudtier onboard someone-else\` \\(pid ${process.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z\\); waited 1 s for .*${LOCK_FILE}\\. Nothing was written`,
      ),
    );
    assert.ok(waited >= 1000, `waited ${waited} ms`);
    assert.deepEqual(snapshot(project), before, "nothing written, the holder's lock left alone");
  });

  it("breaks a lock whose holder process is gone, and goes on", async () => {
    const project = tempProject();
    await round(project, [[...onboard("first"), "--no-plan"]]);
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const deadPid = Number(gone.stdout);
    writeFileSync(
      join(project, "stacks", LOCK_FILE),
      JSON.stringify({
        pid: deadPid,
        host: hostname(),
        command: "cloudtier onboard killed",
        since: "2026-01-01T00:00:00.000Z",
        token: "left-behind",
      }),
    );
    const result = await spawnBin(["-C", project, ...onboard("second"), "--no-plan"], {
      env: fakeEnv(project),
    }).done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`Removed a stale lock on stacks/ left by .*pid ${deadPid}`));
    expectAll(project, "platform-kubeconfig-local", ["first", "second"]);
    assert.equal(existsSync(join(project, "stacks", LOCK_FILE)), false);
  });
});
