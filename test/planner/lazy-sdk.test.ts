/**
 * A stack on one cloud must never load another cloud's SDK. Each case plans a stack in a fresh Node
 * process (in-process, not in a worker, so the process's module cache holds everything the plan loaded)
 * and reports which provider packages ended up in that cache. The SDKs are CommonJS: even when imported
 * from ES modules they are loaded by the CommonJS loader and recorded in `require.cache`. The negative
 * control loads one package on purpose and must see it reported, so an empty report is not vacuous.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import type { StackConfigInput } from "../../domain/stack-config.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SDKS = [
  "@pulumi/aws",
  "@pulumi/gcp",
  "@pulumi/azure-native",
  "@pulumiverse/scaleway",
  "@pulumi/digitalocean",
] as const;
type Sdk = (typeof SDKS)[number];

const SCRIPT = `
import { createRequire } from "node:module";
import { join, sep } from "node:path";
const [runStackUrl, root, request, extra] = process.argv.slice(2);
const require = createRequire(join(root, "package.json"));
const { runStack } = await import(runStackUrl);
const plan = await runStack(JSON.parse(request));
if (extra) await import(require.resolve(extra));
const loaded = Object.keys(require.cache);
const files = (pkg) => {
  const marker = sep + join("node_modules", pkg) + sep;
  return loaded.filter((p) => p.includes(marker)).map((p) => p.slice(p.indexOf(marker) + marker.length));
};
process.stdout.write(JSON.stringify({
  types: [...new Set(plan.resources.map((r) => r.type))],
  files: Object.fromEntries(${JSON.stringify(SDKS)}.map((pkg) => [pkg, files(pkg)])),
}));
`;

interface Report {
  readonly types: string[];
  /** Files of each SDK in the module cache, relative to the package. */
  readonly files: Record<Sdk, string[]>;
}

let dir: string;
let script: string;

function planInFreshProcess(config: StackConfigInput, name: string, extra?: string): Report {
  const runStack = pathToFileURL(join(ROOT, "planner", "run-stack.ts")).href;
  const args = ["--import", "tsx", script, runStack, ROOT, JSON.stringify({ name, config })];
  const child = spawnSync(process.execPath, extra ? [...args, extra] : args, { cwd: ROOT, encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Report;
}

const awsStack: StackConfigInput = {
  kind: "environment",
  region: "aws:eu-west-1",
  customer: { id: "acme", tier: "cloud" },
};
const gcpStack: StackConfigInput = {
  kind: "environment",
  region: "gcp:europe-west1",
  customer: { id: "acme", tier: "cloud" },
};

describe("provider SDKs load lazily", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "cloudtier-lazy-sdk-"));
    script = join(dir, "plan-in-process.mjs");
    writeFileSync(script, SCRIPT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("an aws stack loads a few files of the aws SDK and nothing of the other clouds' SDKs", () => {
    const report = planInFreshProcess(awsStack, "acme-aws-eu-west-1");
    assert.ok(report.types.includes("aws:eks/cluster:Cluster"), "the aws cluster was planned");
    assert.deepEqual(report.files["@pulumi/gcp"], []);
    assert.deepEqual(report.files["@pulumi/azure-native"], []);
    assert.deepEqual(report.files["@pulumiverse/scaleway"], []);
    assert.deepEqual(report.files["@pulumi/digitalocean"], []);
    const aws = report.files["@pulumi/aws"];
    assert.ok(aws.includes("eks/cluster.js"), "the aws SDK was loaded class by class");
    // Deep imports: the SDK's index (which pulls in every service module) is never loaded.
    assert.ok(!aws.includes("index.js"), "the whole aws SDK was loaded");
    assert.ok(aws.length < 60, `${aws.length} files of the aws SDK loaded`);
  });

  it("a gcp stack loads nothing of the aws, azure or scaleway SDKs", () => {
    const report = planInFreshProcess(gcpStack, "acme-gcp-europe-west1");
    assert.ok(report.types.includes("gcp:container/cluster:Cluster"), "the gcp cluster was planned");
    assert.deepEqual(report.files["@pulumi/aws"], []);
    assert.deepEqual(report.files["@pulumi/azure-native"], []);
    assert.deepEqual(report.files["@pulumiverse/scaleway"], []);
    assert.ok(!report.files["@pulumi/gcp"].includes("index.js"), "the whole gcp SDK was loaded");
  });

  it("a digitalocean stack loads its SDK class by class and nothing of the other clouds' SDKs", () => {
    const report = planInFreshProcess(
      {
        kind: "environment",
        region: "digitalocean:nyc3",
        customer: { id: "acme", tier: "cloud", postgres: true },
      },
      "acme-digitalocean-nyc3",
    );
    assert.ok(report.types.includes("digitalocean:index/kubernetesCluster:KubernetesCluster"));
    for (const sdk of [
      "@pulumi/aws",
      "@pulumi/gcp",
      "@pulumi/azure-native",
      "@pulumiverse/scaleway",
    ] as const) {
      assert.deepEqual(report.files[sdk], [], sdk);
    }
    const files = report.files["@pulumi/digitalocean"];
    assert.ok(files.includes("kubernetesCluster.js"), "the SDK was loaded class by class");
    assert.ok(!files.includes("index.js"), "the whole digitalocean SDK was loaded");
  });

  it("would see another SDK if it were loaded (negative control)", () => {
    const report = planInFreshProcess(awsStack, "acme-aws-eu-west-1", "@pulumi/gcp/container/cluster.js");
    assert.ok(report.files["@pulumi/gcp"].includes("container/cluster.js"), JSON.stringify(report.files));
  });
});
