/**
 * Every Kubernetes object cloudtier plans, as `cloudtier plan --manifests` writes it, scanned by the real
 * kube-score and checkov (built by scripts/tools/build.sh): every tier on every cloud, members of each role
 * and both data stores. A finding fails the test unless test/manifests/scanner-exceptions.yaml accepts it
 * with a reason; a deliberately bad manifest proves that the tools and this test do reject.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { runMain, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";
import {
  type ScanResult,
  checkov,
  describeResults,
  judge,
  kubeScore,
  readExceptions,
} from "../support/scanners.js";
import { EVERY_TIER_ON_EVERY_CLOUD as CUSTOMERS, MANAGED_REGIONS } from "../support/every-tier.js";

describe("scanners over every planned Kubernetes object", { timeout: 600_000 }, () => {
  let project: string;
  let manifests: string;
  let files: string[];
  let kubeScoreRun: ReturnType<typeof kubeScore>;
  let checkovRun: ReturnType<typeof checkov>;
  const scratch: string[] = [];

  before(async () => {
    project = tempProject("cloudtier-scan-");
    setProjectConfig(project);
    manifests = join(project, "manifests");
    for (const customer of CUSTOMERS) {
      const onboarded = await runMain(["-C", project, "onboard", ...customer, "--no-plan"]);
      assert.equal(onboarded.code, 0, onboarded.stderr);
    }
    const stacks = readdirSync(join(project, "stacks"))
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined);
    const planned = await runMain([
      "-C",
      project,
      "plan",
      ...stacks.flatMap((s) => ["--stack", s]),
      "--manifests",
      manifests,
    ]);
    assert.equal(planned.code, 0, planned.stderr);
    files = readdirSync(manifests)
      .sort()
      .map((f) => join(manifests, f));
    kubeScoreRun = kubeScore(files);
    checkovRun = checkov(manifests);
  });
  after(() => {
    rmSync(project, { recursive: true, force: true });
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it("writes one manifest file per stack: a platform stack per region, an environment per managed cloud", () => {
    // A platform stack per region (the managed ones and the existing cluster), an environment per managed one.
    assert.equal(files.length, MANAGED_REGIONS.length + 1 + MANAGED_REGIONS.length);
    const objects = files.flatMap((f) =>
      parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS() as { kind: string }),
    );
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of [
      "Namespace",
      "ResourceQuota",
      "LimitRange",
      "NetworkPolicy",
      "Role",
      "RoleBinding",
      "Secret",
    ]) {
      assert.ok(kinds.has(kind), `the manifests hold ${kind} objects`);
    }
  });

  it("kube-score: no finding outside the exceptions file", () => {
    report("kube-score", kubeScoreRun.results);
    const { unexcepted, unused } = judge(
      kubeScoreRun.results,
      readExceptions().filter((e) => e.tool === "kube-score"),
    );
    assert.ok(
      kubeScoreRun.results.some((r) => r.passed),
      "kube-score ran checks that passed",
    );
    assert.deepEqual(unexcepted, [], describeResults(unexcepted));
    assert.deepEqual(unused, [], "every kube-score exception still matches a finding");
  });

  it("checkov: no finding outside the exceptions file", () => {
    report("checkov", checkovRun.results);
    assert.equal(checkovRun.parsingErrors, 0, "checkov parsed every manifest");
    const { unexcepted, unused } = judge(
      checkovRun.results,
      readExceptions().filter((e) => e.tool === "checkov"),
    );
    assert.ok(checkovRun.results.filter((r) => r.passed).length > 100, "checkov ran its Kubernetes checks");
    assert.deepEqual(unexcepted, [], describeResults(unexcepted));
    assert.deepEqual(unused, [], "every checkov exception still matches a finding");
  });

  it("rejects a deliberately bad manifest: both tools report it and the test would fail", () => {
    const dir = mkdtempSync(join(tmpdir(), "cloudtier-scan-bad-"));
    scratch.push(dir);
    const file = join(dir, "bad.yaml");
    writeFileSync(file, BAD_MANIFEST);
    const score = kubeScore([file]);
    const kubeScoreFailures = judge(score.results, readExceptions()).unexcepted;
    assert.notEqual(score.exitCodes[0], 0, "kube-score exits non-zero");
    assert.ok(
      kubeScoreFailures.some((r) => r.check === "container-security-context-privileged" && r.name === "bad"),
      describeResults(score.results.filter((r) => !r.passed)),
    );
    const ck = checkov(dir);
    const checkovFailures = judge(ck.results, readExceptions()).unexcepted;
    assert.notEqual(ck.exitCode, 0, "checkov exits non-zero");
    assert.ok(
      checkovFailures.some((r) => r.check === "CKV_K8S_49" && r.kind === "Role"),
      "wildcard Role",
    );
    assert.ok(
      checkovFailures.some((r) => r.check === "CKV_K8S_16" && r.kind === "Deployment"),
      "privileged",
    );
  });
});

/** Counts per tool, in the test output. */
function report(tool: string, results: readonly ScanResult[]): void {
  const passed = results.filter((r) => r.passed).length;
  const checks = new Set(results.map((r) => r.check)).size;
  console.log(
    `${tool}: ${results.length} checks run (${checks} distinct), ${passed} passed, ${results.length - passed} failed`,
  );
}

const BAD_MANIFEST = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: everything
  namespace: scanned
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
  namespace: scanned
spec:
  replicas: 1
  selector:
    matchLabels: { app: bad }
  template:
    metadata:
      labels: { app: bad }
    spec:
      containers:
        - name: app
          image: example.com/app:latest
          securityContext:
            privileged: true
`;
