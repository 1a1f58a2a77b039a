import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { DeploySummaryJson } from "../../deploy/summary.js";
import { deployProject, fakeEnv, fakeState, pulumiCalls, readStackFile, run, snapshot } from "./harness.js";

/** A project with six environment stacks (six cloud-tier customers, one region each). */
async function sixStacks(): Promise<{ project: string; stacks: string[] }> {
  const project = deployProject();
  const ids = ["ant", "bee", "cat", "dog", "eel", "fox"];
  writeFileSync(
    join(project, "customers.yaml"),
    `customers:\n${ids.map((id) => `  - id: ${id}\n    tier: cloud\n    regions: [aws:eu-west-1]\n`).join("")}`,
  );
  const onboard = await run([
    "-C",
    project,
    "onboard",
    "--file",
    join(project, "customers.yaml"),
    "--no-plan",
  ]);
  assert.equal(onboard.code, 0, onboard.stderr);
  return { project, stacks: ids.map((id) => `${id}-aws-eu-west-1`) };
}

function tableRow(stdout: string, stack: string): string[] {
  const line = stdout.split("\n").find((l) => l.includes(` ${stack} `));
  assert.ok(line, `the table has a row for ${stack}:\n${stdout}`);
  return line
    .split("│")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

describe("deploy commands through the stand-in pulumi", () => {
  it("6 stacks, 1 failing: the other 5 finish, the table names the failed one, exit code 1", async () => {
    const { project, stacks } = await sixStacks();
    const result = await run(
      ["-C", project, "up", "--all", "--parallel", "3"],
      fakeEnv(project, { FAKE_PULUMI_FAIL: "cat-aws-eu-west-1" }),
    );
    assert.equal(result.code, 1, result.stderr);
    for (const stack of stacks) {
      const [, outcome, changes] = tableRow(result.stdout, stack);
      if (stack === "cat-aws-eu-west-1") {
        assert.equal(outcome, "failed");
      } else {
        assert.equal(outcome, "succeeded");
        assert.match(changes, /^\+\d+$/);
        assert.ok((fakeState(project, stack)?.resources.length ?? 0) > 0, `${stack} was deployed`);
      }
    }
    assert.match(result.stdout, /up: 6 stacks, 1 failed, 5 succeeded|up: 6 stacks, 5 succeeded, 1 failed/);
    assert.match(
      result.stdout,
      /cat-aws-eu-west-1: failed\n(?:\s+.*\n)*?\s+.*injected failure for stack cat-aws-eu-west-1/,
    );
    assert.match(result.stderr, /1 of 6 stacks did not succeed: cat-aws-eu-west-1 \(failed\)/);
    // Every stack ran its own `up`, the failing one included, through the project's file backend.
    const ups = pulumiCalls(project).filter((c) => c.command === "up");
    assert.deepEqual(ups.map((c) => c.stack).sort(), stacks);
    assert.ok(ups.every((c) => c.backend === `file://${project}/.pulumi-state`));
  });

  it("--json gives the same facts for CI, progress as plain lines on stderr", async () => {
    const { project, stacks } = await sixStacks();
    const result = await run(
      ["-C", project, "up", "--customer", "ant", "--customer", "bee", "--json"],
      fakeEnv(project, { FAKE_PULUMI_FAIL: "bee-aws-eu-west-1" }),
    );
    assert.equal(result.code, 1);
    const json = JSON.parse(result.stdout) as DeploySummaryJson;
    assert.equal(json.operation, "up");
    assert.equal(json.ok, false);
    assert.deepEqual(
      json.stacks.map((s) => [s.stack, s.result]),
      [
        [stacks[0], "succeeded"],
        [stacks[1], "failed"],
      ],
    );
    assert.ok(json.stacks[0].changeCount > 0);
    assert.equal(typeof json.stacks[0].durationMs, "number");
    assert.deepEqual(json.stacks[0].outputs?.["kubeconfig"], "[secret]", "secret outputs stay masked");
    assert.match(result.stderr, /^ant-aws-eu-west-1: up started$/m);
    assert.ok(!result.stderr.includes("\u001b["), "no escape sequences (spinners, cursor moves)");
  });

  it("a locked stack names the holder and how to clear the lock safely", async () => {
    const { project } = await sixStacks();
    const result = await run(
      ["-C", project, "preview", "--stack", "dog-aws-eu-west-1", "--stack", "eel-aws-eu-west-1"],
      fakeEnv(project, {
        FAKE_PULUMI_LOCKED: "dog-aws-eu-west-1",
        FAKE_PULUMI_LOCK_HOLDER: "ci-bot@runner-42:31337",
      }),
    );
    assert.equal(result.code, 1);
    assert.equal(tableRow(result.stdout, "dog-aws-eu-west-1")[1], "locked");
    assert.equal(tableRow(result.stdout, "eel-aws-eu-west-1")[1], "succeeded");
    assert.match(result.stdout, /locked by ci-bot@runner-42 \(pid 31337\) since 2026-01-01T00:00:00Z/);
    assert.match(result.stdout, /ps -p 31337/);
    assert.match(result.stdout, /pulumi stack export --stack dog-aws-eu-west-1/);
    assert.match(result.stdout, /pulumi cancel --stack dog-aws-eu-west-1 --yes/);
  });

  it("drift exits 0 when the preview proposes no changes and 1 when it does", async () => {
    const { project } = await sixStacks();
    const env = fakeEnv(project);
    assert.equal((await run(["-C", project, "up", "--all"], env)).code, 0);

    const clean = await run(["-C", project, "drift", "--all", "--json"], env);
    assert.equal(clean.code, 0, clean.stderr);
    const cleanJson = JSON.parse(clean.stdout) as DeploySummaryJson;
    assert.ok(cleanJson.stacks.every((s) => s.result === "succeeded" && s.changeCount === 0));
    const previews = pulumiCalls(project).filter((c) => c.command === "preview");
    assert.equal(previews.length, 6);
    assert.ok(
      previews.every((c) => c.argv.includes("--expect-no-changes")),
      "drift is a preview expecting no changes",
    );

    const drifted = await run(
      ["-C", project, "drift", "--all"],
      fakeEnv(project, { FAKE_PULUMI_CHANGES: "fox-aws-eu-west-1" }),
    );
    assert.equal(drifted.code, 1);
    assert.equal(tableRow(drifted.stdout, "fox-aws-eu-west-1")[1], "drifted");
    assert.equal(tableRow(drifted.stdout, "fox-aws-eu-west-1")[2], "~1");
    assert.equal(tableRow(drifted.stdout, "ant-aws-eu-west-1")[1], "succeeded");
    assert.match(drifted.stderr, /1 of 6 stacks drifted: fox-aws-eu-west-1/);
  });

  it("stack selection and creation never overlap, even with every stack in parallel", async () => {
    const { project } = await sixStacks();
    const result = await run(["-C", project, "preview", "--all", "--parallel", "6"], fakeEnv(project));
    assert.equal(result.code, 0, result.stderr);
    const selections = pulumiCalls(project)
      .filter((c) => c.command === "stack select" || c.command === "stack init")
      .sort((a, b) => a.start - b.start);
    assert.ok(selections.length >= 6);
    for (let i = 1; i < selections.length; i++) {
      assert.ok(
        selections[i].start >= selections[i - 1].end,
        `${selections[i].command} ${selections[i].stack} started before ${selections[i - 1].stack}'s ended`,
      );
    }
  });

  it("status lists the stacks, their last update and outputs", async () => {
    const { project } = await sixStacks();
    const env = fakeEnv(project);
    assert.equal((await run(["-C", project, "up", "--stack", "ant-aws-eu-west-1"], env)).code, 0);
    const result = await run(["-C", project, "status", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const status = JSON.parse(result.stdout) as {
      stacks: { stack: string; deployed: boolean; lastUpdate?: string; outputs?: Record<string, unknown> }[];
    };
    assert.equal(status.stacks.length, 6);
    const ant = status.stacks.find((s) => s.stack === "ant-aws-eu-west-1")!;
    assert.equal(ant.deployed, true);
    assert.ok(ant.lastUpdate && !Number.isNaN(Date.parse(ant.lastUpdate)));
    // The program's own outputs (the stand-in takes them from the offline plan), the kubeconfig masked.
    assert.deepEqual(Object.keys(ant.outputs ?? {}).sort(), [
      "clusterName",
      "endpoint",
      "kubeconfig",
      "namespace",
    ]);
    assert.equal(ant.outputs?.["kubeconfig"], "[secret]");
    assert.equal(ant.outputs?.["clusterName"], "ant-eu-west-1");
    assert.equal(status.stacks.find((s) => s.stack === "bee-aws-eu-west-1")!.deployed, false);

    const table = await run(["-C", project, "status"], env);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /ant-aws-eu-west-1 .*deployed/);
    assert.match(table.stdout, /bee-aws-eu-west-1 .*not deployed/);
  });

  it("refresh and destroy skip stacks that were never deployed; destroy removes resources", async () => {
    const { project } = await sixStacks();
    const env = fakeEnv(project);
    assert.equal((await run(["-C", project, "up", "--stack", "ant-aws-eu-west-1"], env)).code, 0);
    const refresh = await run(
      ["-C", project, "refresh", "--stack", "ant-aws-eu-west-1", "--stack", "bee-aws-eu-west-1"],
      env,
    );
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(tableRow(refresh.stdout, "bee-aws-eu-west-1")[1], "skipped");
    const destroy = await run(["-C", project, "destroy", "--stack", "ant-aws-eu-west-1", "--yes"], env);
    assert.equal(destroy.code, 0, destroy.stderr);
    assert.match(tableRow(destroy.stdout, "ant-aws-eu-west-1")[2], /^-\d+$/);
    assert.deepEqual(fakeState(project, "ant-aws-eu-west-1")?.resources, []);
    assert.ok(
      existsSync(join(project, "stacks", "Pulumi.ant-aws-eu-west-1.yaml")),
      "destroy keeps the stack file",
    );
  });

  it("keeps Pulumi's encryptionsalt in the stack file when the stack is created, and onboarding keeps it", async () => {
    const { project } = await sixStacks();
    assert.equal(
      (await run(["-C", project, "up", "--stack", "ant-aws-eu-west-1"], fakeEnv(project))).code,
      0,
    );
    const withSalt = readStackFile(project, "ant-aws-eu-west-1");
    assert.match(withSalt, /^encryptionsalt: /m);
    const again = await run([
      "-C",
      project,
      "onboard",
      "ant",
      "--tier",
      "cloud",
      "--regions",
      "aws:eu-west-1",
      "--no-plan",
    ]);
    assert.equal(again.code, 0);
    assert.equal(readStackFile(project, "ant-aws-eu-west-1"), withSalt);
  });

  it("without a pulumi executable, says how to install it", async () => {
    const { project } = await sixStacks();
    const result = await run(
      ["-C", project, "up", "--all"],
      fakeEnv(project, { CLOUDTIER_PULUMI_ROOT: join(project, "no-pulumi-here") }),
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /CLOUDTIER_PULUMI_ROOT=.*no-pulumi-here.*bin\/pulumi is not an executable file/,
    );

    const empty = join(project, "empty");
    mkdirSync(empty);
    const none = await run(
      ["-C", project, "preview", "--all"],
      fakeEnv(project, { CLOUDTIER_PULUMI_ROOT: undefined, PATH: empty, PULUMI_HOME: empty, HOME: empty }),
    );
    assert.equal(none.code, 1);
    assert.match(none.stderr, /the pulumi CLI was not found .*https:\/\/www\.pulumi\.com\/docs\/install\//);
    assert.deepEqual(pulumiCalls(project), []);
  });

  describe("bad input exits 2 with the field named, and nothing runs or is written", () => {
    const cases: { name: string; args: string[]; field: RegExp; env?: Record<string, string | undefined> }[] =
      [
        {
          name: "no selection",
          args: ["up"],
          field: /--stack, --customer, --file, --all: one of them is required/,
        },
        {
          name: "two selections",
          args: ["preview", "--all", "--customer", "ant"],
          field: /--customer, --all: cannot be combined/,
        },
        { name: "unknown stack", args: ["up", "--stack", "nope"], field: /--stack: must name a stack file/ },
        {
          name: "invalid stack name",
          args: ["refresh", "--stack", "a/b"],
          field: /--stack: must be a stack name/,
        },
        {
          name: "unknown customer",
          args: ["drift", "--customer", "zzz"],
          field: /--customer: must name an onboarded customer/,
        },
        {
          name: "bad customer id",
          args: ["drift", "--customer", "Bad_Id"],
          field: /--customer: must be a DNS-1123 label/,
        },
        {
          name: "bad --parallel",
          args: ["up", "--all", "--parallel", "999"],
          field: /--parallel: must be a whole number/,
        },
        {
          name: "bad --backend",
          args: ["up", "--all", "--backend", "mysql://db"],
          field: /--backend: must be a Pulumi state backend URL/,
        },
        {
          name: "bad PULUMI_BACKEND_URL",
          args: ["preview", "--all"],
          field: /PULUMI_BACKEND_URL: must be a Pulumi state backend URL/,
          env: { PULUMI_BACKEND_URL: "nonsense" },
        },
        {
          name: "bad --secrets-provider",
          args: ["up", "--all", "--secrets-provider", "rot13"],
          field: /--secrets-provider/,
        },
        {
          name: "missing passphrase",
          args: ["up", "--all"],
          field: /PULUMI_CONFIG_PASSPHRASE: is required/,
          env: { PULUMI_CONFIG_PASSPHRASE: undefined },
        },
        { name: "destroy without --yes", args: ["destroy", "--all"], field: /--yes: is required/ },
        { name: "status with a bad stack", args: ["status", "--stack", "nope"], field: /--stack/ },
        { name: "unknown option", args: ["up", "--all", "--frobnicate"], field: /--frobnicate/ },
      ];
    for (const c of cases) {
      it(c.name, async () => {
        const { project } = await sixStacks();
        const before = snapshot(project);
        const result = await run(["-C", project, ...c.args], fakeEnv(project, c.env ?? {}));
        assert.equal(result.code, 2, `${result.stdout}${result.stderr}`);
        assert.match(result.stderr, c.field);
        assert.deepEqual(snapshot(project), before, "nothing written");
        assert.deepEqual(pulumiCalls(project), [], "pulumi never ran");
      });
    }
  });
});
