/**
 * A batch onboarding killed with SIGKILL (`kill -9`) at any moment: what is left is either no change or
 * the whole change (after the interrupted commit is finished by whoever reads stacks/ next), never part of
 * a customer; and running the same onboarding again converges to the bytes an uninterrupted run writes.
 * Kills land at random moments of the compiled CLI's run, and at chosen steps of the commit (a driver that
 * kills its own process there).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { JOURNAL_FILE, readStackFiles, writeStackConfig } from "../../cli/stack-files.js";
import { holdsCustomer } from "../../cli/stack-selection.js";
import { ROOT, patchedEnv, snapshot, spawnBin, tempDir, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";
import { fakeEnv } from "./harness.js";

const SHARED = Array.from({ length: 14 }, (_, i) => `shared-${i}`);
const CLOUD = Array.from({ length: 8 }, (_, i) => `cloud-${i}`);
const BATCH = `customers:
${SHARED.map((id, i) => `  - { id: ${id}, tier: ${["developer", "team"][i % 2]}, regions: [kubeconfig:local, aws:eu-west-1] }`).join("\n")}
${CLOUD.map((id) => `  - { id: ${id}, tier: cloud, regions: [aws:eu-west-1, gcp:europe-west1], postgres: true }`).join("\n")}
`;

let initial: string;
let reference: Record<string, string>;
let expectedFiles: number;

/** A copy of the initial project: a few tenants already, shards of 4, and the batch file. */
function trialProject(): string {
  const project = tempDir("cloudtier-crash-");
  cpSync(initial, project, { recursive: true });
  return project;
}

const onboardArgs = (project: string) => [
  "-C",
  project,
  "onboard",
  "--file",
  join(project, "customers.yaml"),
  "--no-plan",
];

/** Customers of the batch fully present (in every stack they need), and those present only in part. */
function presence(project: string): { complete: string[]; partial: string[] } {
  const files = readStackFiles(project);
  const complete: string[] = [];
  const partial: string[] = [];
  for (const id of [...SHARED, ...CLOUD]) {
    const held = files.filter((f) => holdsCustomer(f.config, id)).length;
    if (held === 2) complete.push(id);
    else if (held > 0) partial.push(id);
  }
  return { complete, partial };
}

function stray(project: string): string[] {
  return readdirSync(join(project, "stacks")).filter((f) => !/^Pulumi\..+\.yaml$/.test(f));
}

const figures = { kills: 0, beforeCommit: 0, midCommit: 0, afterCommit: 0, converged: 0 };

/** After a kill: all or nothing once a reader has finished the commit; a re-run converges. */
async function afterKill(project: string): Promise<void> {
  const interrupted = stray(project).includes(JOURNAL_FILE);
  const { complete, partial } = presence(project);
  assert.deepEqual(partial, [], "no customer is half written");
  assert.ok(
    complete.length === 0 || complete.length === SHARED.length + CLOUD.length,
    `all or nothing: ${complete.length} of ${SHARED.length + CLOUD.length} customers written`,
  );
  if (interrupted) figures.midCommit++;
  else if (complete.length === 0) figures.beforeCommit++;
  else figures.afterCommit++;
  const rerun = await spawnBin(onboardArgs(project), { env: fakeEnv(project) }).done;
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.deepEqual(
    snapshot(join(project, "stacks")),
    reference,
    "the re-run converges to the uninterrupted bytes",
  );
  assert.deepEqual(stray(project), [], "no lock, journal or temporary file is left");
  figures.converged++;
}

before(async () => {
  initial = tempProject("cloudtier-crash-initial-");
  setProjectConfig(initial);
  writeStackConfig(initial, "platform-kubeconfig-local", {
    kind: "platform",
    region: "kubeconfig:local",
    tenantsPerShard: 4,
    tenants: [{ id: "early", tier: "team" }],
  });
  writeStackConfig(initial, "platform-aws-eu-west-1", {
    kind: "platform",
    region: "aws:eu-west-1",
    tenantsPerShard: 4,
    tenants: [{ id: "early", tier: "team" }],
  });
  writeFileSync(join(initial, "customers.yaml"), BATCH);
  const project = trialProject();
  const result = await spawnBin(onboardArgs(project), { env: fakeEnv(project) }).done;
  assert.equal(result.code, 0, result.stderr);
  reference = snapshot(join(project, "stacks"));
  expectedFiles = Object.keys(reference).length;
});

describe("kill -9 during a batch onboarding", () => {
  it("the batch writes many stack files (the window a kill can land in)", () => {
    assert.ok(expectedFiles >= 20, `${expectedFiles} stack files`);
  });

  it("at random moments of the compiled CLI's run: all or nothing, and a re-run converges (8 kills)", async () => {
    // How long an uninterrupted run takes here, to spread the kills over it.
    const timing = trialProject();
    const started = Date.now();
    assert.equal((await spawnBin(onboardArgs(timing), { env: fakeEnv(timing) }).done).code, 0);
    const duration = Date.now() - started;
    for (let k = 0; k < 8; k++) {
      const project = trialProject();
      const child = spawnBin(onboardArgs(project), { env: fakeEnv(project) });
      const at = Math.round(duration * (0.3 + 0.8 * Math.random()));
      await new Promise((resolve) => setTimeout(resolve, at));
      child.kill("SIGKILL");
      await child.done;
      figures.kills++;
      await afterKill(project);
    }
  });

  const steps = ["temp:0", "temp:12", "journal:0", "apply:0", "apply:12", "apply:LAST"];
  for (const step of steps) {
    it(`at the commit step ${step}: all or nothing, and a re-run converges`, async () => {
      const project = trialProject();
      const at = step.replace("LAST", String(expectedFiles - 1));
      const child = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          join(ROOT, "test/cli/drivers/fault-at.ts"),
          at,
          "kill",
          "--",
          ...onboardArgs(project),
        ],
        { cwd: ROOT, env: patchedEnv(fakeEnv(project)), encoding: "utf8" },
      );
      assert.equal(child.signal, "SIGKILL", `the driver was killed at ${at}: ${child.stderr}`);
      figures.kills++;
      const journal = stray(project).includes(JOURNAL_FILE);
      assert.equal(journal, step.startsWith("apply"), "the journal exists exactly when the commit was made");
      await afterKill(project);
    });
  }

  it("reports the figures", () => {
    console.log(
      `# kill -9 during a batch of ${SHARED.length + CLOUD.length} customers (${expectedFiles} stack files): ` +
        `${figures.kills} kills (${figures.beforeCommit} before the commit, ${figures.midCommit} inside it, ` +
        `${figures.afterCommit} after it), ${figures.converged} re-runs converged to the uninterrupted bytes`,
    );
    assert.equal(figures.converged, figures.kills);
  });
});
