/**
 * `cloudtier doctor` with and without a `pulumi` on PATH (a script that answers `pulumi version`, the real
 * CLI scripts/tools/build.sh built when it is cached), and the checks that depend on the stacks: kubeconfig
 * contexts, cloud credentials, the GCP project, chart sources, the passphrase.
 */
import assert from "node:assert/strict";
import { parseDocument } from "yaml";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { run, tempProject } from "./harness.js";
import { setProjectConfig } from "../support/project-settings.js";
import { ROOT, tempDir } from "../support/cli.js";

interface Report {
  ok: boolean;
  checks: { check: string; status: string; detail: string; fix?: string }[];
}

/** A directory with a `pulumi` that reports `version`, and its language host beside it. */
function fakePulumi(version: string): string {
  const bin = tempDir("cloudtier-doctor-bin-");
  writeFileSync(join(bin, "pulumi"), `#!/bin/sh\n[ "$1" = version ] && echo v${version}\n`);
  writeFileSync(join(bin, "pulumi-language-nodejs"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(bin, "pulumi"), 0o755);
  chmodSync(join(bin, "pulumi-language-nodejs"), 0o755);
  return bin;
}

/** An environment that sees only what a test gives it: no Pulumi, no kubeconfig, no cloud credentials. */
function isolated(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const home = tempDir("cloudtier-doctor-home-");
  const kubeconfig = join(home, "kubeconfig");
  writeFileSync(
    kubeconfig,
    "apiVersion: v1\nkind: Config\ncurrent-context: kind-dev\ncontexts:\n  - name: kind-dev\n    context: {cluster: dev, user: dev}\n  - name: staging\n    context: {cluster: s, user: s}\n",
  );
  const env: Record<string, string | undefined> = {
    HOME: home,
    PATH: `${join(process.execPath, "..")}:/usr/bin:/bin`,
    KUBECONFIG: kubeconfig,
    CLOUDTIER_TOOLS_HOME: tempDir("cloudtier-doctor-tools-"),
    CLOUDTIER_PULUMI_ROOT: undefined,
    PULUMI_HOME: undefined,
    PULUMI_BACKEND_URL: undefined,
    PULUMI_ACCESS_TOKEN: undefined,
    PULUMI_CONFIG_PASSPHRASE: "doctor-test",
    PULUMI_CONFIG_PASSPHRASE_FILE: undefined,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: undefined,
  };
  for (const name of Object.keys(process.env)) {
    if (/^(AWS_|GOOGLE_|GCLOUD_|CLOUDSDK_|ARM_|SCW_|DIGITALOCEAN_)/.test(name)) env[name] = undefined;
  }
  return { ...env, ...extra };
}

async function doctor(project: string, env: Record<string, string | undefined>) {
  const result = await run(["-C", project, "doctor", "--json"], env);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

const status = (r: Report, check: string) => r.checks.find((c) => c.check === check);

async function teamProject(regions = "kubeconfig:local"): Promise<string> {
  const project = tempProject("cloudtier-doctor-");
  setProjectConfig(project);
  const r = await run([
    "-C",
    project,
    "onboard",
    "acme",
    "--tier",
    "team",
    "--regions",
    regions,
    "--no-plan",
  ]);
  assert.equal(r.code, 0, r.stderr);
  return project;
}

describe("cloudtier doctor", () => {
  it("without a pulumi on PATH: pulumi and its language host are missing, exit 1, with the fix", async () => {
    const project = await teamProject();
    const { code, report } = await doctor(project, isolated());
    assert.equal(code, 1);
    assert.equal(report.ok, false);
    const pulumi = status(report, "pulumi")!;
    assert.equal(pulumi.status, "missing");
    assert.match(pulumi.fix!, /https:\/\/www\.pulumi\.com\/docs\/install\//);
    assert.match(pulumi.fix!, /3\.248\.0/);
    assert.equal(status(report, "language host")!.status, "missing");
    for (const check of ["node", "policy pack", "backend", "secrets", "stack files", "kubeconfig: local"]) {
      assert.equal(status(report, check)?.status, "ok", `${check}: ${JSON.stringify(status(report, check))}`);
    }
    const text = await run(["-C", project, "doctor"], isolated());
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^MISSING {2}pulumi /m);
    assert.match(text.stdout, /^\d+ missing: a deploy would fail\.$/m);
  });

  it("with a 3.248-compatible pulumi on PATH: nothing a deploy needs is missing, exit 0", async () => {
    const project = await teamProject();
    const bin = fakePulumi("3.248.0");
    const env = isolated({ PATH: `${bin}:${join(process.execPath, "..")}:/usr/bin:/bin` });
    const { code, report } = await doctor(project, env);
    assert.equal(code, 0, JSON.stringify(report, null, 2));
    assert.equal(report.ok, true);
    assert.equal(status(report, "pulumi")!.status, "ok");
    assert.match(status(report, "pulumi")!.detail, new RegExp(`${bin}/pulumi, 3\\.248\\.0`));
    assert.match(status(report, "language host")!.detail, new RegExp(`${bin}/pulumi-language-nodejs`));
    // The Kubernetes provider is fetched at the first deploy: a warning, not a failure.
    assert.equal(status(report, "plugin: kubernetes")!.status, "warning");
    const strict = await doctor(project, { ...env, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" });
    assert.equal(strict.code, 1);
    assert.equal(status(strict.report, "plugin: kubernetes")!.status, "missing");
  });

  it("a pulumi older than the SDK, or of another major version, is missing", async () => {
    const project = await teamProject();
    for (const version of ["3.100.0", "4.0.0"]) {
      const bin = fakePulumi(version);
      const { code, report } = await doctor(project, isolated({ PATH: `${bin}:/usr/bin:/bin` }));
      assert.equal(code, 1);
      assert.equal(status(report, "pulumi")!.status, "missing");
      assert.match(status(report, "pulumi")!.detail, new RegExp(`is ${version.replace(/\./g, "\\.")}; `));
    }
  });

  const cached = spawnSync("bash", [join(ROOT, "scripts/tools/build.sh"), "--check"], { encoding: "utf8" });
  const toolsBin = cached.status === 0 ? cached.stdout.trim().split("\n").pop()! : undefined;
  it(
    "with the Pulumi CLI scripts/tools/build.sh built: pulumi 3.248.0 and its language host are found",
    { skip: !toolsBin && "the real tools are not built here (npm run tools)" },
    async () => {
      const project = await teamProject();
      const { report } = await doctor(project, isolated({ PATH: `${toolsBin}:/usr/bin:/bin` }));
      assert.equal(status(report, "pulumi")!.status, "ok");
      assert.match(status(report, "pulumi")!.detail, /, 3\.248\.0 \(the SDK is 3\.248\.0\)$/);
      assert.equal(status(report, "language host")!.status, "ok");
      // Without it on PATH, doctor points at the cached build (the script needs Go to name its cache).
      const go = spawnSync("bash", ["-c", "command -v go"], { encoding: "utf8" }).stdout.trim();
      const without = await doctor(
        project,
        isolated({ CLOUDTIER_TOOLS_HOME: dirname(toolsBin!), PATH: `${dirname(go)}:/usr/bin:/bin` }),
      );
      assert.ok(status(without.report, "pulumi")!.fix!.includes(`export PATH="${toolsBin}:$PATH"`));
    },
  );

  it("checks what the stacks need: a named kubeconfig context, cloud credentials, the GCP project", async () => {
    const project = await teamProject("kubeconfig:staging,kubeconfig:prod,gcp:europe-west1");
    // Onboarding needs the GCP project and pins it; a project whose files lost it (edited by hand) is
    // what doctor finds.
    for (const file of ["Pulumi.yaml", join("stacks", "Pulumi.platform-gcp-europe-west1.yaml")]) {
      const doc = parseDocument(readFileSync(join(project, file), "utf8"));
      assert.ok(doc.deleteIn(["config", "gcp:project"]), `${file} held gcp:project`);
      writeFileSync(join(project, file), doc.toString());
    }
    const bin = fakePulumi("3.248.0");
    const env = isolated({ PATH: `${bin}:/usr/bin:/bin` });
    const { code, report } = await doctor(project, env);
    assert.equal(code, 1);
    assert.equal(status(report, "kubeconfig: staging")!.status, "ok");
    assert.equal(status(report, "kubeconfig: prod")!.status, "missing");
    assert.equal(status(report, "credentials: gcp")!.status, "missing");
    assert.equal(status(report, "gcp project")!.status, "missing");
    assert.match(status(report, "gcp project")!.fix!, /pulumi config set gcp:project/);
    assert.equal(status(report, "plugin: gcp")!.status, "warning");
    const fixed = await doctor(project, {
      ...env,
      GOOGLE_CREDENTIALS: "{}",
      GOOGLE_CLOUD_PROJECT: "acme-prod",
    });
    assert.equal(status(fixed.report, "credentials: gcp")!.status, "ok");
    assert.equal(status(fixed.report, "gcp project")!.detail, "acme-prod (GOOGLE_CLOUD_PROJECT)");
  });

  it("checks local chart sources named by cloudtier:charts, and a missing passphrase", async () => {
    const project = await teamProject();
    setProjectConfig(project, { "cloudtier:charts": { postgres: { path: "charts/cloudnative-pg" } } });
    const env = isolated({
      PATH: `${fakePulumi("3.248.0")}:/usr/bin:/bin`,
      PULUMI_CONFIG_PASSPHRASE: undefined,
    });
    const { report } = await doctor(project, env);
    assert.equal(status(report, "charts: Pulumi.yaml")!.status, "missing");
    assert.match(status(report, "charts: Pulumi.yaml")!.detail, /postgres: charts\/cloudnative-pg/);
    assert.equal(status(report, "secrets")!.status, "missing");
    mkdirSync(join(project, "charts", "cloudnative-pg"), { recursive: true });
    writeFileSync(join(project, "charts", "cloudnative-pg", "Chart.yaml"), "name: cloudnative-pg\n");
    const fixed = await doctor(project, { ...env, PULUMI_CONFIG_PASSPHRASE: "x" });
    assert.equal(status(fixed.report, "charts: Pulumi.yaml")!.status, "ok");
    assert.equal(fixed.code, 0, JSON.stringify(fixed.report, null, 2));
  });

  it("reports invalid stack files as missing rather than stopping", async () => {
    const project = await teamProject();
    writeFileSync(join(project, "stacks", "Pulumi.platform-kubeconfig-local.yaml"), "config: [\n");
    const { code, report } = await doctor(
      project,
      isolated({ PATH: `${fakePulumi("3.248.0")}:/usr/bin:/bin` }),
    );
    assert.equal(code, 1);
    assert.equal(status(report, "stack files")!.status, "missing");
    assert.match(status(report, "stack files")!.fix!, /must be valid YAML/);
    for (const c of report.checks) {
      assert.deepEqual(Object.keys(c).slice(0, 3), ["check", "status", "detail"]);
      assert.ok(["ok", "missing", "warning"].includes(c.status));
      assert.equal(c.fix === undefined, c.status === "ok");
    }
  });
});

describe("cloudtier doctor on a file backend an interrupted write left torn", () => {
  it("warns of the empty metadata file, names it, and does not remove it", async () => {
    const project = await teamProject();
    const stacks = join(project, ".pulumi-state", ".pulumi", "stacks", "cloudtier");
    mkdirSync(stacks, { recursive: true });
    writeFileSync(join(stacks, "platform-kubeconfig-local.json"), "{}");
    writeFileSync(join(stacks, "platform-kubeconfig-local.json.attrs"), "");
    const { code, report } = await doctor(
      project,
      isolated({ PATH: `${fakePulumi("3.248.0")}:/usr/bin:/bin` }),
    );
    const backend = status(report, "backend")!;
    assert.equal(backend.status, "warning");
    assert.match(backend.detail, /platform-kubeconfig-local\.json\.attrs.+error: EOF/);
    assert.equal(code, 0, "a warning is not a failure");
    assert.equal(
      readFileSync(join(stacks, "platform-kubeconfig-local.json.attrs"), "utf8"),
      "",
      "doctor only reads",
    );
  });
});
