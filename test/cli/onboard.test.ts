import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { deployProject, readStackFile, run, snapshot, tempProject } from "./harness.js";

const ACME = [
  "onboard",
  "acme",
  "--tier",
  "team",
  "--regions",
  "kubeconfig:local",
  "--member",
  "ann@example.com:owner",
];

function stackConfig(project: string, stack: string): Record<string, unknown> {
  const doc = parse(readStackFile(project, stack)) as { config: Record<string, Record<string, unknown>> };
  return doc.config["cloudtier:stack"];
}

const BATCH = `customers:
${Array.from({ length: 10 }, (_, i) => {
  const n = i + 1;
  // Even customers share the platform stacks; odd ones get their own environments.
  return n % 2 === 0
    ? `  - id: shared-${n}\n    tier: ${n % 4 === 0 ? "team" : "developer"}\n    regions: [kubeconfig:local, aws:eu-west-1]\n    members: [owner${n}@example.com:owner]\n    redis: ${n % 4 === 0}`
    : `  - id: env-${n}\n    tier: cloud\n    regions: [aws:eu-west-1, gcp:europe-west1]\n    postgres: true`;
}).join("\n")}
`;

describe("cloudtier onboard", () => {
  it("writes the stack files, and onboarding the same spec again leaves them byte-identical", async () => {
    const project = tempProject();
    const first = await run(["-C", project, ...ACME, "--no-plan"]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /platform-kubeconfig-local .*created/);
    const before = snapshot(join(project, "stacks"));
    assert.deepEqual(Object.keys(before), ["Pulumi.platform-kubeconfig-local.yaml"]);
    const tenants = stackConfig(project, "platform-kubeconfig-local")["tenants"] as { id: string }[];
    assert.deepEqual(
      tenants.map((t) => t.id),
      ["acme"],
    );

    const second = await run(["-C", project, ...ACME, "--no-plan"]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /unchanged/);
    assert.deepEqual(snapshot(join(project, "stacks")), before, "no byte of any stack file changed");
  });

  it("shows the offline plan summary, policy verdicts and cost before writing", async () => {
    const project = tempProject();
    const result = await run(["-C", project, ...ACME]);
    assert.equal(result.code, 0, result.stderr);
    const cells = (line: string) =>
      line
        .split("│")
        .map((c) => c.trim())
        .filter(Boolean);
    const lines = result.stdout.split("\n");
    const head = cells(lines.find((l) => l.includes("│ stack"))!);
    const row = cells(lines.find((l) => l.startsWith("│ platform-kubeconfig-local"))!);
    const resources = Number(row[head.indexOf("resources")]);
    assert.ok(resources > 5, `the plan counts the stack's resources (got ${resources})`);
    assert.equal(row[head.indexOf("$/month")], "not estimated", "an existing cluster has no cloud cost");
    assert.match(result.stdout, /^Policy: \d+ rules on 1 stack: 0 mandatory violations/m);
    assert.match(result.stdout, /^Cost of acme \(Team tier, 3 seats, 1 environment\)/m);
  });

  it("updates the files when the spec changes and keeps other keys such as encryptionsalt", async () => {
    const project = tempProject();
    assert.equal((await run(["-C", project, ...ACME, "--no-plan"])).code, 0);
    const path = join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml");
    // What `pulumi stack init` adds with the passphrase provider, and a key set by hand.
    writeFileSync(
      path,
      `encryptionsalt: v1:abc=:v1:def\n${readFileSync(path, "utf8")}`.replace(
        "config:\n",
        "config:\n  kubernetes:context: kind-dev\n",
      ),
    );

    const changed = await run(["-C", project, ...ACME, "--redis", "--no-plan"]);
    assert.equal(changed.code, 0, changed.stderr);
    assert.match(changed.stdout, /updated/);
    const text = readFileSync(path, "utf8");
    assert.match(text, /^encryptionsalt: v1:abc=:v1:def$/m);
    assert.match(text, /kubernetes:context: kind-dev/);
    const tenants = stackConfig(project, "platform-kubeconfig-local")["tenants"] as {
      id: string;
      redis: boolean;
    }[];
    assert.deepEqual(tenants, [{ ...tenants[0], id: "acme", redis: true }]);

    const again = await run(["-C", project, ...ACME, "--redis", "--no-plan"]);
    assert.equal(again.code, 0);
    assert.equal(readFileSync(path, "utf8"), text, "unchanged spec, unchanged bytes");
  });

  it("adds a second shared-tier customer to the same platform stack without dropping the first", async () => {
    const project = tempProject();
    assert.equal((await run(["-C", project, ...ACME, "--no-plan"])).code, 0);
    const beta = await run([
      "-C",
      project,
      "onboard",
      "beta",
      "--tier",
      "community",
      "--regions",
      "kubeconfig:local",
      "--no-plan",
    ]);
    assert.equal(beta.code, 0, beta.stderr);
    const tenants = stackConfig(project, "platform-kubeconfig-local")["tenants"] as { id: string }[];
    assert.deepEqual(
      tenants.map((t) => t.id),
      ["acme", "beta"],
    );
  });

  it("onboards a batch of 10 customers from a YAML file into the expected stack files", async () => {
    const project = deployProject();
    const file = join(project, "customers.yaml");
    writeFileSync(file, BATCH);
    const result = await run(["-C", project, "onboard", "--file", file, "--no-plan", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      customers: { id: string }[];
      stacks: { stack: string; file: string }[];
    };
    assert.equal(report.customers.length, 10);

    const expected = [
      "env-1-aws-eu-west-1",
      "env-1-gcp-europe-west1",
      "env-3-aws-eu-west-1",
      "env-3-gcp-europe-west1",
      "env-5-aws-eu-west-1",
      "env-5-gcp-europe-west1",
      "env-7-aws-eu-west-1",
      "env-7-gcp-europe-west1",
      "env-9-aws-eu-west-1",
      "env-9-gcp-europe-west1",
      "platform-aws-eu-west-1",
      "platform-kubeconfig-local",
    ];
    assert.deepEqual(
      report.stacks.map((s) => s.stack),
      expected,
    );
    assert.ok(report.stacks.every((s) => s.file === "created"));
    assert.deepEqual(
      Object.keys(snapshot(join(project, "stacks"))).sort(),
      expected.map((s) => `Pulumi.${s}.yaml`).sort(),
    );
    for (const platform of ["platform-aws-eu-west-1", "platform-kubeconfig-local"]) {
      const tenants = stackConfig(project, platform)["tenants"] as { id: string }[];
      assert.deepEqual(
        tenants.map((t) => t.id),
        ["shared-10", "shared-2", "shared-4", "shared-6", "shared-8"],
        `${platform} holds every shared-tier customer once`,
      );
    }
    const env = stackConfig(project, "env-3-gcp-europe-west1");
    assert.equal(env["kind"], "environment");
    assert.equal(env["region"], "gcp:europe-west1");
    assert.equal((env["customer"] as { postgres: boolean }).postgres, true);

    const before = snapshot(join(project, "stacks"));
    const again = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
    assert.equal(again.code, 0);
    assert.deepEqual(snapshot(join(project, "stacks")), before, "the batch again changes nothing");
  });

  it("refuses a spec that no longer covers a stack holding the customer, and leaves every file alone", async () => {
    const project = deployProject();
    const two = ["onboard", "zed", "--tier", "cloud", "--postgres", "--no-plan"];
    assert.equal((await run(["-C", project, ...two, "--regions", "aws:eu-west-1,gcp:europe-west1"])).code, 0);
    const before = snapshot(project);
    const fewer = await run(["-C", project, ...two, "--regions", "aws:eu-west-1"]);
    assert.equal(fewer.code, 2, fewer.stderr);
    assert.match(fewer.stderr, /would take zed out of gcp:europe-west1/);
    assert.deepEqual(snapshot(project), before);
  });

  describe("bad input exits 2, names the field, and writes nothing", () => {
    const cases: {
      name: string;
      args: (project: string) => string[];
      field: RegExp;
      setup?: (project: string) => void;
    }[] = [
      {
        name: "no customer",
        args: () => ["onboard", "--tier", "team", "--regions", "kubeconfig:local"],
        field: /<customer>/,
      },
      {
        name: "bad id",
        args: () => ["onboard", "Acme_1", "--tier", "team", "--regions", "kubeconfig:local"],
        field: /<customer>/,
      },
      {
        name: "unknown tier",
        args: () => ["onboard", "acme", "--tier", "gold", "--regions", "kubeconfig:local"],
        field: /--tier/,
      },
      {
        name: "unknown region",
        args: () => ["onboard", "acme", "--tier", "team", "--regions", "aws:mars-1"],
        field: /--regions\[0\]/,
      },
      {
        name: "bad member",
        args: () => [
          "onboard",
          "acme",
          "--tier",
          "team",
          "--regions",
          "kubeconfig:local",
          "--member",
          "ann:boss",
        ],
        field: /--member\[0\]/,
      },
      {
        name: "quota over the tier",
        args: () => [
          "onboard",
          "acme",
          "--tier",
          "community",
          "--regions",
          "kubeconfig:local",
          "--quota",
          "pods=100000",
        ],
        field: /--quota\.pods/,
      },
      {
        name: "cloud tier on an existing cluster",
        args: () => ["onboard", "acme", "--tier", "cloud", "--regions", "kubeconfig:local"],
        field: /--regions\[0\]/,
      },
      {
        name: "file and flags together",
        args: (p) => ["onboard", "--file", join(p, "customers.yaml"), "--tier", "team"],
        field: /--tier/,
        setup: (p) => writeFileSync(join(p, "customers.yaml"), BATCH),
      },
      {
        name: "missing batch file",
        args: (p) => ["onboard", "--file", join(p, "nope.yaml")],
        field: /--file/,
      },
      {
        name: "one bad customer in a batch",
        args: (p) => ["onboard", "--file", join(p, "customers.yaml")],
        field: /customers\[10\]\.tier/,
        setup: (p) =>
          writeFileSync(
            join(p, "customers.yaml"),
            `${BATCH}  - id: late\n    tier: platinum\n    regions: [kubeconfig:local]\n`,
          ),
      },
      {
        name: "duplicate customer in a batch",
        args: (p) => ["onboard", "--file", join(p, "customers.yaml")],
        field: /customers\[10\]\.id/,
        setup: (p) =>
          writeFileSync(
            join(p, "customers.yaml"),
            `${BATCH}  - id: env-1\n    tier: team\n    regions: [kubeconfig:local]\n`,
          ),
      },
      {
        name: "bad --parallel with --deploy",
        args: () => [
          "onboard",
          "acme",
          "--tier",
          "team",
          "--regions",
          "kubeconfig:local",
          "--deploy",
          "--parallel",
          "0",
        ],
        field: /--parallel/,
      },
      {
        name: "bad --backend with --deploy",
        args: () => [
          "onboard",
          "acme",
          "--tier",
          "team",
          "--regions",
          "kubeconfig:local",
          "--deploy",
          "--backend",
          "ftp://x",
        ],
        field: /--backend/,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const project = tempProject();
        c.setup?.(project);
        const before = snapshot(project);
        const result = await run(["-C", project, ...c.args(project), "--no-plan"]);
        assert.equal(result.code, 2, `${result.stdout}${result.stderr}`);
        assert.match(result.stderr, c.field);
        assert.deepEqual(snapshot(project), before, "nothing written");
        assert.equal(existsSync(join(project, "stacks")), false);
      });
    }

    it("a missing passphrase with --deploy names PULUMI_CONFIG_PASSPHRASE", async () => {
      const project = tempProject();
      const result = await run(["-C", project, ...ACME, "--deploy", "--no-plan"], {
        PULUMI_CONFIG_PASSPHRASE: undefined,
        PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
        PULUMI_BACKEND_URL: undefined,
      });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /PULUMI_CONFIG_PASSPHRASE: is required/);
      assert.equal(existsSync(join(project, "stacks")), false);
    });
  });
});
