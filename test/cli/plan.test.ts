import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CustomerInput } from "../../domain/customer.js";
import { BAD_INPUTS } from "../domain/bad-inputs.js";
import { runBin, runMain, snapshot, tempProject } from "../support/cli.js";

interface PlanJson {
  stacks: {
    stack: string;
    kind: string;
    cloud: string;
    region: string;
    resources: {
      urn: string;
      type: string;
      name: string;
      parent: string | null;
      provider: string | null;
      custom: boolean;
      inputs: Record<string, unknown>;
    }[];
  }[];
}

const FLAG_OF_FIELD: Record<string, string> = {
  "customer.id": "--customer",
  "customer.tier": "--tier",
  "customer.regions": "--regions",
  "customer.members": "--member",
  "customer.quota": "--quota",
  "customer.displayName": "--display-name",
};

function argsOf(input: Partial<CustomerInput>): string[] {
  const args = [
    "plan",
    "--customer",
    input.id ?? "",
    "--tier",
    input.tier ?? "",
    "--regions",
    (input.regions ?? []).join(","),
  ];
  for (const m of input.members ?? [])
    args.push("--member", typeof m === "string" ? m : `${m.email}:${m.role}`);
  for (const [k, v] of Object.entries(input.quota ?? {})) args.push("--quota", `${k}=${v}`);
  if (input.displayName !== undefined) args.push("--display-name", input.displayName);
  if (input.redis) args.push("--redis");
  if (input.postgres) args.push("--postgres");
  return args;
}

describe("cloudtier plan (compiled CLI)", () => {
  it("plans a team customer on an existing cluster: namespace, quota, limits, policies, roles", () => {
    const project = tempProject();
    const before = snapshot(project);
    const result = runBin([
      "-C",
      project,
      "plan",
      "--customer",
      "acme",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
      "--member",
      "ann@example.com:owner",
      "--member",
      "bo@example.com:developer",
      "--json",
    ]);
    assert.equal(result.code, 0, result.stderr);
    const plan = JSON.parse(result.stdout) as PlanJson;
    assert.equal(plan.stacks.length, 1);
    const stack = plan.stacks[0];
    assert.deepEqual(
      [stack.stack, stack.kind, stack.cloud, stack.region],
      ["platform-kubeconfig-local", "platform", "kubeconfig", "local"],
    );
    const count = (type: string) => stack.resources.filter((r) => r.type === type).length;
    assert.equal(count("kubernetes:core/v1:Namespace"), 1);
    assert.equal(count("kubernetes:core/v1:ResourceQuota"), 1);
    assert.equal(count("kubernetes:core/v1:LimitRange"), 1);
    assert.ok(count("kubernetes:networking.k8s.io/v1:NetworkPolicy") >= 3);
    assert.equal(count("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), 2);
    const deny = stack.resources.find(
      (r) =>
        r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" &&
        (r.inputs["metadata"] as { name: string }).name === "default-deny-all",
    );
    assert.deepEqual((deny?.inputs["spec"] as { policyTypes: string[] }).policyTypes, ["Ingress", "Egress"]);
    for (const r of stack.resources) {
      for (const key of ["urn", "type", "name", "parent", "provider", "custom", "inputs"])
        assert.ok(key in r, `${r.urn} has ${key}`);
    }
    assert.deepEqual(snapshot(project), before, "plan writes nothing");
  });

  it("prints a readable tree with counts by type by default", () => {
    const result = runBin(
      ["plan", "--customer", "acme", "--tier", "community", "--regions", "kubeconfig:local"],
      {
        cwd: tempProject(),
      },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /platform-kubeconfig-local {2}\(platform, kubeconfig:local, \d+ resources\)/);
    assert.match(result.stdout, /└─ cloudtier:tenancy:TenantNamespace acme/);
    // The community tenant's five: deny all, its own namespace, DNS, the ingress controller, monitoring.
    assert.match(
      result.stdout,
      /by type:\n(\s+\d+ {2}\S+\n)*\s+5 {2}kubernetes:networking.k8s.io\/v1:NetworkPolicy\n/,
    );
  });

  it("lists at least 8 regions for aws, gcp and azure and 3 for scaleway", () => {
    const result = runBin(["regions", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const { regions } = JSON.parse(result.stdout) as { regions: { cloud: string; region: string }[] };
    const per = (cloud: string) => regions.filter((r) => r.cloud === cloud).length;
    for (const cloud of ["aws", "gcp", "azure"]) assert.ok(per(cloud) >= 8, `${cloud}: ${per(cloud)}`);
    assert.deepEqual(
      regions.filter((r) => r.cloud === "scaleway").map((r) => r.region),
      ["fr-par", "nl-ams", "pl-waw"],
    );
  });

  it("exits 2 with the field named for bad input, in a real process", () => {
    const result = runBin(["plan", "--customer", "Acme", "--tier", "team", "--regions", "kubeconfig:local"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--customer: must be a DNS-1123 label/);
    assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, "no stack trace");
  });

  it("has complete help on every command", () => {
    for (const args of [["--help"], ["plan", "--help"], ["regions", "--help"], ["tiers", "--help"]]) {
      const result = runBin(args);
      assert.equal(result.code, 0, args.join(" "));
      assert.match(result.stdout, /Usage: cloudtier/);
    }
    const plan = runBin(["plan", "--help"]).stdout;
    for (const flag of [
      "--customer",
      "--tier",
      "--regions",
      "--member",
      "--redis",
      "--postgres",
      "--stack",
      "--json",
      "Exit codes",
    ]) {
      assert.ok(plan.includes(flag), `plan --help mentions ${flag}`);
    }
  });

  it("rejects an unknown option and an unknown command with exit 2", () => {
    assert.equal(runBin(["plan", "--colour", "red"]).code, 2);
    assert.equal(runBin(["deploy-everything"]).code, 2);
  });
});

describe("cloudtier plan: every bad input exits 2, names the field and writes nothing", () => {
  for (const bad of BAD_INPUTS) {
    it(bad.why, async () => {
      const project = tempProject();
      const before = snapshot(project);
      const result = await runMain(["-C", project, ...argsOf(bad.input)]);
      assert.equal(result.code, 2, `${bad.why}: ${result.stderr}`);
      const top = Object.keys(FLAG_OF_FIELD).find((f) => bad.field.startsWith(f))!;
      assert.ok(
        result.stderr.includes(bad.field) || result.stderr.includes(FLAG_OF_FIELD[top]),
        `${bad.why}: stderr names ${bad.field}: ${result.stderr}`,
      );
      assert.deepEqual(snapshot(project), before);
    });
  }

  it("rejects --stack together with --customer, and a missing stack file", async () => {
    const both = await runMain(["plan", "--stack", "x", "--customer", "acme"]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--stack, --customer: cannot be combined/);
    const missing = await runMain(["-C", tempProject(), "plan", "--stack", "platform-aws-eu-west-1"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--stack: must name a stack file/);
    const bad = await runMain(["plan", "--stack", "../../etc/passwd"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--stack: must be a stack name/);
  });
});

describe("cloudtier plan: resources per customer", () => {
  it("reports the count of resources per customer, from the metering labels", () => {
    const result = runBin(
      ["plan", "--customer", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--json"],
      {
        cwd: tempProject(),
      },
    );
    assert.equal(result.code, 0, result.stderr);
    const { stacks, usage } = JSON.parse(result.stdout) as PlanJson & {
      usage: { customer: string; resources: number; byStack: Record<string, number> }[];
    };
    const labelled = stacks[0].resources.filter(
      (r) =>
        r.type.startsWith("kubernetes:") &&
        (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[
          "cloudtier.io/customer"
        ] === "acme",
    ).length;
    const acme = usage.find((u) => u.customer === "acme");
    assert.ok(acme && acme.resources > 0);
    assert.equal(acme.resources, labelled);
    assert.deepEqual(acme.byStack, { "platform-kubeconfig-local": labelled });
    const text = runBin(["plan", "--customer", "acme", "--tier", "team", "--regions", "kubeconfig:local"], {
      cwd: tempProject(),
    });
    assert.match(
      text.stdout,
      new RegExp(`Resources per customer \\(by metering label or tag\\): .*acme ${labelled}`),
    );
  });
});
