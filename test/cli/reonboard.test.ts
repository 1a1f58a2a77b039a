/**
 * Re-onboarding shows what it will change and never drops what a customer has: a spec with fewer members,
 * quota overrides, data stores or no display name exits 2 and writes nothing unless --replace; with it, the
 * files written are exactly the diff shown (applied by GNU patch as the oracle); --dry-run writes nothing;
 * taking a customer out of a region or tier kind is refused either way.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { deployProject, fakeEnv, pulumiCalls, readStackFile, run, snapshot } from "./harness.js";
import { tempDir } from "../support/cli.js";

const REGION = "kubeconfig:local";
const STACK = "platform-kubeconfig-local";
const FULL = [
  "--tier",
  "team",
  "--regions",
  REGION,
  "--display-name",
  "Initech",
  "--member",
  "ann@initech.example:owner",
  "--member",
  "bob@initech.example:developer",
  "--member",
  "cid@initech.example:viewer",
  "--quota",
  "pods=30",
  "--quota",
  "services=12",
  "--redis",
];
/** The same customer with one member fewer, no quota flags, no --redis and no display name. */
const FEWER = [
  "--tier",
  "team",
  "--regions",
  REGION,
  "--member",
  "ann@initech.example:owner",
  "--member",
  "bob@initech.example:developer",
];

async function onboarded(): Promise<string> {
  const project = deployProject();
  const r = await run(["-C", project, "onboard", "initech", ...FULL, "--no-plan"]);
  assert.equal(r.code, 0, r.stderr);
  const other = await run([
    "-C",
    project,
    "onboard",
    "globex",
    "--tier",
    "community",
    "--regions",
    REGION,
    "--no-plan",
  ]);
  assert.equal(other.code, 0, other.stderr);
  return project;
}

interface Tenant {
  id: string;
  displayName: string;
  members: { email: string; role: string }[];
  redis: boolean;
  quota: Record<string, number>;
}

function tenants(project: string): Tenant[] {
  const doc = parse(readStackFile(project, STACK)) as {
    config: { "cloudtier:stack": { tenants: Tenant[] } };
  };
  return doc.config["cloudtier:stack"].tenants;
}

/** The unified diffs in a command's output: from each `--- ` header through its last hunk line. */
function diffsIn(stdout: string): string {
  const out: string[] = [];
  let inDiff = false;
  for (const line of stdout.split("\n")) {
    if (line.startsWith("--- a/") || line.startsWith("--- /dev/null")) inDiff = true;
    else if (inDiff && !/^([-+ @\\])/.test(line)) inDiff = false;
    if (inDiff) out.push(line);
  }
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

describe("re-onboarding an existing customer", () => {
  it("with fewer members, no quota flags and no --redis: exits 2, names each removal, writes nothing", async () => {
    const project = await onboarded();
    const before = snapshot(project);
    const result = await run(["-C", project, "onboard", "initech", ...FEWER, "--no-plan"]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.deepEqual(snapshot(project), before, "no byte written, no lock left");
    // The refusal first; after it the spec diff names every removal, the file diff shows it.
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /^refused: onboarding initech; nothing was written\n/);
    assert.match(result.stderr, /^initech \(team, kubeconfig:local\): would be changed$/m);
    assert.match(result.stderr, /^ {4}- cid@initech\.example \(viewer\)$/m);
    assert.match(result.stderr, /^ {4}- pods=30 \(the team tier's \d+ applies\)$/m);
    assert.match(result.stderr, /^ {4}- redis$/m);
    assert.match(result.stderr, /^ {4}- "Initech" \(the id is shown instead\)$/m);
    assert.match(result.stderr, /^-\s+- email: cid@initech\.example$/m);
    for (const [field, item] of [
      ["--member", "cid@initech.example:viewer"],
      ["--quota", "pods=30"],
      ["--quota", "services=12"],
      ["--redis", "redis"],
      ["--display-name", "Initech"],
    ]) {
      assert.ok(
        result.stderr.includes(`  - ${field}: would remove`) && result.stderr.includes(`received "${item}"`),
        `${field} ${item}:\n${result.stderr}`,
      );
    }
    assert.match(
      result.stderr,
      /give --member cid@initech\.example:viewer again; to remove it, onboard with --replace/,
    );
  });

  it("with --replace writes exactly the diff shown, and nothing of the other tenant changes", async () => {
    const project = await onboarded();
    const copy = tempDir("cloudtier-reonboard-oracle-");
    cpSync(project, copy, { recursive: true });
    const refused = await run(["-C", project, "onboard", "initech", ...FEWER, "--no-plan"]);
    assert.equal(refused.code, 2);
    const shown = diffsIn(refused.stderr);
    assert.match(shown, /^--- a\/stacks\/Pulumi\.platform-kubeconfig-local\.yaml$/m);

    const replaced = await run(["-C", project, "onboard", "initech", ...FEWER, "--no-plan", "--replace"]);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.equal(diffsIn(replaced.stdout), shown, "the run that writes shows the same diff");
    // The oracle: GNU patch applies the diff shown to the files as they were.
    writeFileSync(join(copy, "shown.diff"), shown);
    const patched = spawnSync("patch", ["-p1", "--quiet", "-i", "shown.diff"], {
      cwd: copy,
      encoding: "utf8",
    });
    assert.equal(patched.status, 0, patched.stderr);
    assert.deepEqual(snapshot(join(project, "stacks")), snapshot(join(copy, "stacks")));

    const [globex, initech] = tenants(project);
    assert.equal(globex.id, "globex");
    assert.deepEqual(
      [initech.displayName, initech.members, initech.redis, initech.quota],
      [
        "initech",
        [
          { email: "ann@initech.example", role: "owner" },
          { email: "bob@initech.example", role: "developer" },
        ],
        false,
        {},
      ],
    );
  });

  it("--dry-run shows the same and writes nothing: exit 2 without --replace, 0 with it", async () => {
    const project = await onboarded();
    const before = snapshot(project);
    const refused = await run(["-C", project, "onboard", "initech", ...FEWER, "--no-plan", "--dry-run"]);
    assert.equal(refused.code, 2);
    const allowed = await run(["-C", project, "onboard", "initech", ...FEWER, "--dry-run", "--replace"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /Dry run: nothing was written\./);
    assert.match(allowed.stdout, /1 stack file under stacks\/: 0 would be created, 1 would be updated/);
    assert.match(
      allowed.stdout,
      /^Policy: \d+ rules on 1 stack: 0 mandatory violations/m,
      "a dry run plans too",
    );
    assert.equal(diffsIn(allowed.stdout), diffsIn(refused.stderr));
    assert.deepEqual(snapshot(project), before);
    const fresh = deployProject();
    const freshBefore = snapshot(fresh);
    const created = await run([
      "-C",
      fresh,
      "onboard",
      "newco",
      "--tier",
      "developer",
      "--regions",
      REGION,
      "--dry-run",
      "--no-plan",
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^newco \(developer, kubeconfig:local\): would be created$/m);
    assert.match(created.stdout, /^--- \/dev\/null$/m);
    assert.deepEqual(snapshot(fresh), freshBefore, "not even stacks/ is created");
    assert.equal(existsSync(join(fresh, "stacks")), false);
  });

  it("the same spec again is unchanged; adding a member or raising a quota needs no --replace", async () => {
    const project = await onboarded();
    const same = await run(["-C", project, "onboard", "initech", ...FULL, "--no-plan"]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^initech \(team, kubeconfig:local\): unchanged$/m);
    assert.equal(diffsIn(same.stdout), "");
    const more = [
      ...FULL.map((a) => (a === "pods=30" ? "pods=40" : a)),
      "--member",
      "dee@initech.example:viewer",
    ];
    const grown = await run(["-C", project, "onboard", "initech", ...more, "--no-plan"]);
    assert.equal(grown.code, 0, grown.stderr);
    assert.match(grown.stdout, /^ {4}\+ dee@initech\.example \(viewer\)$/m);
    assert.match(grown.stdout, /^ {4}~ pods: 30 -> 40$/m);
    assert.equal(tenants(project)[1].members.length, 4);
  });

  it("a role change is shown, and allowed without --replace", async () => {
    const project = await onboarded();
    const roles = FULL.map((a) => (a === "bob@initech.example:developer" ? "bob@initech.example:owner" : a));
    const result = await run(["-C", project, "onboard", "initech", ...roles, "--no-plan"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {4}~ bob@initech\.example: developer -> owner$/m);
  });

  it("never takes a customer out of a region, --replace or not, and names offboard --regions", async () => {
    const project = deployProject();
    const two = ["onboard", "zed", "--tier", "cloud", "--postgres", "--no-plan"];
    assert.equal((await run(["-C", project, ...two, "--regions", "aws:eu-west-1,gcp:europe-west1"])).code, 0);
    const before = snapshot(project);
    for (const extra of [[], ["--replace"]]) {
      const fewer = await run(["-C", project, ...two, "--regions", "aws:eu-west-1", ...extra]);
      assert.equal(fewer.code, 2, fewer.stderr);
      assert.match(
        fewer.stderr,
        /--regions: would take zed out of gcp:europe-west1 \(stacks\/Pulumi\.zed-gcp-europe-west1\.yaml\), which onboarding never does/,
      );
      assert.match(fewer.stderr, /cloudtier offboard zed --regions gcp:europe-west1 --yes/);
      assert.deepEqual(snapshot(project), before);
    }
  });

  it("never moves a customer between a platform stack and its own environments", async () => {
    const project = deployProject();
    const team = ["onboard", "acme", "--regions", "aws:eu-west-1", "--no-plan"];
    assert.equal((await run(["-C", project, ...team, "--tier", "team"])).code, 0);
    const before = snapshot(project);
    const moved = await run(["-C", project, ...team, "--tier", "cloud", "--replace"]);
    assert.equal(moved.code, 2);
    assert.match(moved.stderr, /--tier: would move acme out of its platform stack platform-aws-eu-west-1/);
    assert.deepEqual(snapshot(project), before);
  });

  it("--json: the refusal parses as errors naming the options users type", async () => {
    const project = await onboarded();
    const result = await run(["-C", project, "onboard", "initech", ...FEWER, "--no-plan", "--json"]);
    assert.equal(result.code, 2);
    const { errors } = JSON.parse(result.stdout) as { errors: { field: string; received: unknown }[] };
    assert.deepEqual(
      errors.map((e) => [e.field, e.received]),
      [
        ["--display-name", "Initech"],
        ["--member", "cid@initech.example:viewer"],
        ["--quota", "pods=30"],
        ["--quota", "services=12"],
        ["--redis", "redis"],
      ],
    );
    const ok = await run([
      "-C",
      project,
      "onboard",
      "initech",
      ...FEWER,
      "--no-plan",
      "--json",
      "--replace",
      "--dry-run",
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as {
      dryRun: boolean;
      customers: { id: string; change: string; spec: { kind: string; change: string; item: string }[] }[];
      stacks: { stack: string; file: string; diff: string }[];
    };
    assert.equal(report.dryRun, true);
    assert.equal(report.customers[0].change, "changed");
    assert.deepEqual(
      report.customers[0].spec.filter((c) => c.change === "removed").map((c) => `${c.kind} ${c.item}`),
      [
        "display name display name",
        "member cid@initech.example",
        "quota pods",
        "quota services",
        "data store redis",
      ],
    );
    assert.equal(report.stacks[0].file, "updated");
    assert.match(report.stacks[0].diff, /^-\s+redis: true$/m);
  });
});

describe("batch onboarding", () => {
  const BATCH = (extra: string) => `customers:
  - { id: alpha, tier: team, regions: [${REGION}], members: [a@alpha.example:owner, b@alpha.example:developer] }
  - { id: beta, tier: developer, regions: [${REGION}] }
  - { id: gamma, tier: community, regions: [${REGION}] }
  - { id: delta, tier: community, regions: [${REGION}] }
${extra}`;

  it("ends with one row per customer: created, changed or unchanged, with its margin", async () => {
    const project = deployProject();
    const file = join(project, "customers.yaml");
    writeFileSync(file, BATCH(""));
    assert.equal((await run(["-C", project, "onboard", "--file", file, "--no-plan"])).code, 0);
    writeFileSync(
      file,
      BATCH(`  - { id: omega, tier: developer, regions: [${REGION}] }\n`).replace(
        "b@alpha.example:developer]",
        "b@alpha.example:developer, c@alpha.example:viewer]",
      ),
    );
    const result = await run(["-C", project, "onboard", "--file", file]);
    assert.equal(result.code, 0, result.stderr);
    const row = (id: string) => result.stdout.split("\n").find((l) => l.startsWith(`│ ${id} `)) ?? "";
    const cells = (line: string) =>
      line
        .split("│")
        .map((c) => c.trim())
        .filter(Boolean);
    // Each row: the customer, its tier, its price, cost and margin (the columns of `cloudtier cost`), its
    // change and its stacks.
    assert.deepEqual(cells(row("alpha")).slice(-2), ["changed", "1"]);
    assert.deepEqual(cells(row("beta")).slice(-2), ["unchanged", "1"]);
    assert.deepEqual(cells(row("omega")).slice(-2), ["created", "1"]);
    // An existing cluster is not estimated (`*`, $0): the margin is the whole price (team: 3 seats x $35).
    assert.deepEqual(cells(row("alpha")).slice(0, 8), [
      "alpha",
      "team",
      "3",
      "1",
      "$105.00",
      "$0.00*",
      "$105.00",
      "100%",
    ]);
    assert.deepEqual(cells(row("gamma")).slice(0, 8), [
      "gamma",
      "community",
      "1",
      "1",
      "$0.00",
      "$0.00*",
      "free tier",
      "-",
    ]);
    assert.match(result.stdout, /^5 customers: 1 created, 1 changed, 3 unchanged\./m);
    assert.match(result.stderr, /Deploy with `cloudtier up --all`/);
  });

  it("names a removal by its batch field; the hint names the batch file when the batch is not every stack", async () => {
    const project = deployProject();
    assert.equal(
      (
        await run([
          "-C",
          project,
          "onboard",
          "zed",
          "--tier",
          "cloud",
          "--regions",
          "aws:eu-west-1",
          "--no-plan",
        ])
      ).code,
      0,
    );
    const file = join(project, "customers.yaml");
    writeFileSync(file, BATCH(""));
    const first = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(first.stderr.includes(`Deploy with \`cloudtier up --file ${file}\``), first.stderr);
    // The hint's selection works: it selects the batch's stacks and no other.
    const preview = await run(["-C", project, "preview", "--file", file, "--json"], fakeEnv(project));
    assert.equal(preview.code, 0, preview.stderr);
    assert.deepEqual(
      (JSON.parse(preview.stdout) as { stacks: { stack: string }[] }).stacks.map((s) => s.stack),
      [STACK],
    );
    assert.deepEqual(
      pulumiCalls(project)
        .map((c) => c.stack)
        .filter((s) => s !== null),
      pulumiCalls(project)
        .map((c) => c.stack)
        .filter((s) => s === STACK),
    );

    writeFileSync(file, BATCH("").replace(", b@alpha.example:developer]", "]"));
    const before = snapshot(project);
    const fewer = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
    assert.equal(fewer.code, 2);
    assert.match(
      fewer.stderr,
      /customers\[0\]\.members: would remove member b@alpha\.example \(developer\) from alpha/,
    );
    assert.match(fewer.stderr, /list b@alpha\.example:developer under customers\[0\]\.members again/);
    assert.deepEqual(snapshot(project), before);
  });
});

describe("offboard --dry-run and --regions", () => {
  async function deployed(): Promise<string> {
    const project = deployProject();
    const file = join(project, "customers.yaml");
    writeFileSync(
      file,
      `customers:
  - { id: acme, tier: team, regions: [${REGION}, aws:eu-west-1] }
  - { id: beta, tier: team, regions: [${REGION}] }
`,
    );
    const r = await run(
      ["-C", project, "onboard", "--file", file, "--no-plan", "--deploy"],
      fakeEnv(project),
    );
    assert.equal(r.code, 0, r.stderr);
    return project;
  }

  it("--dry-run shows each stack and the stack files' diffs, exits 0, changes nothing, starts no pulumi", async () => {
    const project = await deployed();
    const before = snapshot(project);
    const calls = pulumiCalls(project).length;
    const result = await run(["-C", project, "offboard", "acme", "--dry-run"], fakeEnv(project));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^ {2}platform-kubeconfig-local: remove tenant acme, then up$/m);
    assert.match(result.stdout, /^ {2}platform-aws-eu-west-1: remove tenant acme, then up$/m);
    assert.match(result.stdout, /^-\s+- id: acme$/m);
    assert.deepEqual(snapshot(project), before);
    assert.equal(pulumiCalls(project).length, calls);
    const both = await run(["-C", project, "offboard", "acme", "--dry-run", "--yes"], fakeEnv(project));
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--yes, --dry-run: cannot be combined/);
  });

  it("--regions takes the customer out of those regions only", async () => {
    const project = await deployed();
    const bad = await run(
      ["-C", project, "offboard", "beta", "--regions", "aws:eu-west-1", "--yes"],
      fakeEnv(project),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--regions\[0\]: is not a region of beta/);
    const result = await run(
      ["-C", project, "offboard", "acme", "--regions", "aws:eu-west-1", "--yes"],
      fakeEnv(project),
    );
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(readStackFile(project, "platform-aws-eu-west-1"), /id: acme/);
    assert.match(readStackFile(project, STACK), /id: acme/);
    const shown = JSON.parse((await run(["-C", project, "customer", "show", "acme", "--json"])).stdout) as {
      customer: { regions: string[] };
    };
    assert.deepEqual(shown.customer.regions, [REGION]);
    const ups = pulumiCalls(project).filter((c) => c.command === "up" && c.start > 0);
    assert.ok(ups.some((c) => c.stack === "platform-aws-eu-west-1"));
  });
});
