/**
 * The customer as a record: its spec stored in the stack files that deploy it, listed by `customers`, shown by
 * `customer show`, and planned as it is by `plan --customer ID` alone.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { deployProject, readStackFile, run, snapshot } from "./harness.js";

const ACME = [
  "onboard",
  "acme",
  "--tier",
  "team",
  "--regions",
  "kubeconfig:local,aws:eu-west-1",
  "--display-name",
  "Acme's Corp",
  "--member",
  "ann@example.com:owner",
  "--member",
  "bob@example.com:developer",
  "--redis",
  "--quota",
  "pods=30",
  "--no-plan",
];
const ZED = ["onboard", "zed", "--tier", "cloud", "--regions", "aws:eu-west-1", "--postgres", "--no-plan"];

async function project(): Promise<string> {
  const dir = deployProject();
  for (const args of [ACME, ZED]) {
    const r = await run(["-C", dir, ...args]);
    assert.equal(r.code, 0, r.stderr);
  }
  return dir;
}

/** The words of a command line as bash reads them: an oracle for the quoting. */
function shellWords(line: string): string[] {
  const out = spawnSync("bash", ["-c", `words() { printf '%s\\0' "$@"; }; words ${line}`], {
    encoding: "utf8",
  });
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.split("\0").slice(0, -1);
}

interface RecordJson {
  id: string;
  displayName: string;
  tier: string;
  regions: string[];
  members: { email: string; role: string }[];
  redis: boolean;
  postgres: boolean;
  quota: Record<string, number>;
  stacks: { stack: string; kind: string; region: string; offboarded: boolean }[];
  state: string;
  conflicts: { field: string }[];
}

describe("customers as records", () => {
  it("`customers --json` lists each customer's spec as onboarded, regions from the stacks holding it", async () => {
    const dir = await project();
    const result = await run(["-C", dir, "customers", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const { customers } = JSON.parse(result.stdout) as { customers: RecordJson[] };
    assert.deepEqual(customers, [
      {
        id: "acme",
        displayName: "Acme's Corp",
        tier: "team",
        regions: ["aws:eu-west-1", "kubeconfig:local"],
        members: [
          { email: "ann@example.com", role: "owner" },
          { email: "bob@example.com", role: "developer" },
        ],
        redis: true,
        postgres: false,
        quota: { pods: 30 },
        stacks: [
          { stack: "platform-aws-eu-west-1", kind: "platform", region: "aws:eu-west-1", offboarded: false },
          {
            stack: "platform-kubeconfig-local",
            kind: "platform",
            region: "kubeconfig:local",
            offboarded: false,
          },
        ],
        state: "onboarded",
        conflicts: [],
      },
      {
        id: "zed",
        displayName: "zed",
        tier: "cloud",
        regions: ["aws:eu-west-1"],
        members: [],
        redis: false,
        postgres: true,
        quota: {},
        stacks: [
          { stack: "zed-aws-eu-west-1", kind: "environment", region: "aws:eu-west-1", offboarded: false },
        ],
        state: "onboarded",
        conflicts: [],
      },
    ]);
    const table = await run(["-C", dir, "customers"]);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /│ acme\s+│ Acme's Corp\s+│ team\s+│/);
    assert.match(table.stdout, /^2 customers: 2 onboarded, 0 offboarded with data kept\.$/m);
  });

  it("`customer show` prints the spec and a command line that onboards it again without changing a byte", async () => {
    const dir = await project();
    const shown = await run(["-C", dir, "customer", "show", "acme"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(
      shown.stdout,
      /^ {2}members: {6}ann@example\.com \(owner\), bob@example\.com \(developer\)$/m,
    );
    assert.match(shown.stdout, /^ {2}quota: {8}pods=30$/m);
    const { onboard } = JSON.parse((await run(["-C", dir, "customer", "show", "acme", "--json"])).stdout) as {
      onboard: string;
    };
    const words = shellWords(onboard);
    assert.deepEqual(words.slice(0, 3), ["cloudtier", "onboard", "acme"]);
    assert.ok(words.includes("Acme's Corp"), onboard);
    const before = snapshot(join(dir, "stacks"));
    const again = await run(["-C", dir, ...words.slice(1), "--no-plan"]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(snapshot(join(dir, "stacks")), before, "the shown command line is the stored spec");
  });

  it("`plan --customer ID` alone plans the stored spec: the same plan as the spec's flags", async () => {
    const dir = await project();
    const stored = await run(["-C", dir, "plan", "--customer", "acme", "--json"]);
    assert.equal(stored.code, 0, stored.stderr);
    const flags = ACME.slice(2).filter((a) => a !== "--no-plan");
    const explicit = await run(["-C", dir, "plan", "--customer", "acme", ...flags, "--json"]);
    assert.equal(explicit.code, 0, explicit.stderr);
    // The program registers tenants a few at a time: compare each stack's resources by URN, not by order.
    const resources = (text: string) =>
      (JSON.parse(text) as { stacks: { stack: string; resources: { urn: string }[] }[] }).stacks.map((s) => [
        s.stack,
        [...s.resources].sort((a, b) => a.urn.localeCompare(b.urn)),
      ]);
    const planned = resources(stored.stdout);
    assert.deepEqual(
      planned.map(([s]) => s),
      ["platform-aws-eu-west-1", "platform-kubeconfig-local"],
    );
    assert.deepEqual(planned, resources(explicit.stdout));
    const margin = (JSON.parse(stored.stdout) as { customer: { customer: string; seats: number } }).customer;
    assert.deepEqual([margin.customer, margin.seats], ["acme", 3]);
  });

  it("`plan --customer ID` alone is bad input for a customer no stack file holds, naming --customer", async () => {
    const dir = await project();
    const before = snapshot(dir);
    const result = await run(["-C", dir, "plan", "--customer", "nobody", "--json"]);
    assert.equal(result.code, 2);
    const { errors } = JSON.parse(result.stdout) as { errors: { field: string; received: unknown }[] };
    assert.deepEqual(
      errors.map((e) => [e.field, e.received]),
      [["--customer", "nobody"]],
    );
    assert.match(result.stderr, /--customer: is not onboarded/);
    assert.deepEqual(snapshot(dir), before);
    const show = await run(["-C", dir, "customer", "show", "nobody"]);
    assert.equal(show.code, 2);
    assert.match(show.stderr, /<customer>: is not onboarded/);
  });

  it("copies of a spec edited apart are reported, and the stored spec is not planned until they agree", async () => {
    const dir = await project();
    const path = join(dir, "stacks", "Pulumi.platform-aws-eu-west-1.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("pods: 30", "pods: 31"));
    const list = await run(["-C", dir, "customers"]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /│ acme .* stack files disagree/);
    assert.match(list.stderr, /the stack files disagree on acme/);
    const plan = await run(["-C", dir, "plan", "--customer", "acme"]);
    assert.equal(plan.code, 2);
    assert.match(
      plan.stderr,
      /stacks\/Pulumi\.platform-kubeconfig-local\.yaml: config\.cloudtier:stack\.tenants\[0\]\.quota: differs from stacks\/Pulumi\.platform-aws-eu-west-1\.yaml/,
    );
    // Onboarding the whole spec again writes one spec everywhere.
    const fix = await run(["-C", dir, ...ACME]);
    assert.equal(fix.code, 0, fix.stderr);
    assert.match(readStackFile(dir, "platform-aws-eu-west-1"), /pods: 30/);
    assert.equal((await run(["-C", dir, "plan", "--customer", "acme", "--json"])).code, 0);
  });
});
