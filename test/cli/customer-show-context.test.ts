/**
 * The command line `customer show` prints onboards the customer as it is, on kubeconfig contexts too: a
 * context whose name is not a stack-name key (the names `gcloud` and the AWS CLI write) is printed by its
 * own name, which onboarding accepts, not by its key, which onboarding would take for another context.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deployProject, run, snapshot } from "./harness.js";
import { removeTempDir } from "../support/cli.js";

const CONTEXTS = [
  "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
  "gke_myproj_europe-west1_prod",
  "Prod.EU",
] as const;

/** The words of a command line as `customer show` quotes them (single quotes only where needed). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2],
  );
}

describe("customer show on kubeconfig contexts", () => {
  for (const context of CONTEXTS) {
    it(`prints kubeconfig:${context}, and running what it prints changes nothing`, async () => {
      const project = deployProject();
      try {
        const onboard = ["onboard", "acme", "--tier", "team", "--regions", `kubeconfig:${context}`];
        const first = await run([
          "-C",
          project,
          ...onboard,
          "--member",
          "ann@example.com:owner",
          "--no-plan",
        ]);
        assert.equal(first.code, 0, first.stderr);
        const shown = await run(["-C", project, "customer", "show", "acme"]);
        assert.equal(shown.code, 0, shown.stderr);
        const line = shown.stdout.split("\n").find((l) => l.trim().startsWith("cloudtier onboard")) ?? "";
        const words = shellWords(line.trim());
        assert.equal(words[words.indexOf("--regions") + 1], `kubeconfig:${context}`, line);
        const before = snapshot(project);
        const again = await run(["-C", project, ...words.slice(1), "--no-plan"]);
        assert.equal(again.code, 0, `${line}\n${again.stderr}`);
        assert.match(again.stdout, /1 customer: 0 created, 0 changed, 1 unchanged\./);
        assert.deepEqual(snapshot(project), before);
        const planned = await run(["-C", project, "plan", "--customer", "acme", "--summary"]);
        assert.equal(planned.code, 0, `plan --customer: ${planned.stderr}`);
      } finally {
        removeTempDir(project);
      }
    });
  }
});
