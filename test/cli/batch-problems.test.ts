/**
 * A batch file with many problems reports every one of them at once: an unknown key (beside `customers:` or
 * in an entry) no longer hides a wrong tier, a bad e-mail or an unknown role.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { run, snapshot } from "./harness.js";
import { removeTempDir, tempProject } from "../support/cli.js";

const BATCH = `customers:
  - id: acme
    tier: gold
    regions: [kubeconfig:local]
    members: [not-an-email:owner, ann@example.com:boss]
    colour: red
  - id: beta
    tier: team
    regions: [kubeconfig:local]
    size: 3
defaults: { tier: team }
`;

const EXPECTED = [
  "customers.yaml: defaults",
  "customers[0].colour",
  "customers[0].tier",
  "customers[0].members[0].email",
  "customers[0].members[1].role",
  "customers[1].size",
];

describe("a batch file's problems", () => {
  it("are reported all at once, in text and JSON", async () => {
    const project = tempProject();
    try {
      const file = join(project, "customers.yaml");
      writeFileSync(file, BATCH);
      const before = snapshot(project);
      const text = await run(["-C", project, "onboard", "--file", file, "--no-plan"]);
      assert.equal(text.code, 2, text.stderr);
      for (const field of EXPECTED) {
        assert.ok(text.stderr.includes(`${field}: `), `${field}:\n${text.stderr}`);
      }
      const json = await run(["-C", project, "onboard", "--file", file, "--json"]);
      const { errors } = JSON.parse(json.stdout) as { errors: { field: string }[] };
      for (const field of EXPECTED) {
        assert.ok(
          errors.some((e) => e.field.endsWith(field)),
          `${field}: ${errors.map((e) => e.field).join(", ")}`,
        );
      }
      assert.deepEqual(snapshot(project), before);
    } finally {
      removeTempDir(project);
    }
  });
});
