/**
 * The tests' temporary directories are removed: `tempDir` removes each when its test process exits, and
 * the test runner (scripts/run-tests.mjs) fails a run that leaves a `cloudtier-*` directory in its
 * private temporary directory.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./cli.js";

describe("temporary directories of the tests", () => {
  it("tempDir's directories are gone once the process that made them exits", () => {
    const script = `
      import { tempDir, tempProject } from ${JSON.stringify(join(ROOT, "test/support/cli.ts"))};
      const dirs = [tempDir(), tempDir("cloudtier-other-"), tempProject()];
      console.log(JSON.stringify(dirs));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const dirs = JSON.parse(r.stdout) as string[];
    assert.equal(dirs.length, 3);
    for (const d of dirs) assert.equal(existsSync(d), false, `${d} removed`);
  });

  it("the test runner fails a run whose tests leave a cloudtier-* directory", () => {
    const scratch = mkdtempSync(join(tmpdir(), "cloudtier-runner-check-"));
    try {
      // A project of one test that leaks, run by the real runner.
      mkdirSync(join(scratch, "test"));
      writeFileSync(
        join(scratch, "test", "leak.test.ts"),
        `import { mkdtempSync } from "node:fs";\nimport { tmpdir } from "node:os";\nimport { join } from "node:path";\nimport { it } from "node:test";\nit("leaks", () => { mkdtempSync(join(tmpdir(), "cloudtier-leak-")); });\n`,
      );
      mkdirSync(join(scratch, "node_modules"));
      for (const dep of readdirSync(join(ROOT, "node_modules")).filter((d) => d === "tsx")) {
        spawnSync("ln", ["-s", join(ROOT, "node_modules", dep), join(scratch, "node_modules", dep)]);
      }
      // A run of its own, not a subtest of this one.
      const env = { ...process.env };
      delete env["NODE_TEST_CONTEXT"];
      const r = spawnSync(process.execPath, [join(ROOT, "scripts", "run-tests.mjs")], {
        cwd: scratch,
        encoding: "utf8",
        env,
      });
      assert.notEqual(r.status, 0, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /1 temporary directory was left behind by the tests .*cloudtier-leak-/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
