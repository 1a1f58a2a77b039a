/**
 * The unified diff onboarding shows, checked against GNU patch and git apply (independent readers of the
 * format): applied to the text before, each diff must give exactly the text after.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { diffStat, unifiedDiff } from "../../cli/text-diff.js";
import { tempDir } from "../support/cli.js";

const PATH = "stacks/Pulumi.x.yaml";

/** Applies a diff with a real tool in a scratch directory; returns the file after (undefined: removed). */
function applyWith(tool: "patch" | "git", before: string | undefined, diff: string): string | undefined {
  const dir = tempDir("cloudtier-diff-");
  try {
    mkdirSync(join(dir, "stacks"));
    if (before !== undefined) writeFileSync(join(dir, PATH), before);
    writeFileSync(join(dir, "change.diff"), diff);
    const result =
      tool === "patch"
        ? spawnSync("patch", ["-p1", "--quiet", "--force", "-i", "change.diff"], {
            cwd: dir,
            encoding: "utf8",
          })
        : spawnSync("git", ["apply", "--unidiff-zero", "change.diff"], { cwd: dir, encoding: "utf8" });
    assert.equal(result.status, 0, `${tool} refused the diff:\n${diff}\n${result.stdout}${result.stderr}`);
    return existsSync(join(dir, PATH)) ? readFileSync(join(dir, PATH), "utf8") : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasPatch = spawnSync("patch", ["--version"]).status === 0;

describe("unified diffs of stack files", () => {
  it("a change in the middle of a file: one hunk with three lines of context", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i"].join("\n") + "\n";
    const after = before.replace("e\n", "E\n");
    assert.equal(
      unifiedDiff(before, after, { path: PATH }),
      [
        "--- a/stacks/Pulumi.x.yaml",
        "+++ b/stacks/Pulumi.x.yaml",
        "@@ -2,7 +2,7 @@",
        " b",
        " c",
        " d",
        "-e",
        "+E",
        " f",
        " g",
        " h",
        "",
      ].join("\n"),
    );
    assert.deepEqual(diffStat(unifiedDiff(before, after, { path: PATH })), { added: 1, removed: 1 });
  });

  it("a new file and a removed file against /dev/null; equal texts give no diff", () => {
    assert.equal(
      unifiedDiff(undefined, "x: 1\ny: 2\n", { path: PATH }),
      "--- /dev/null\n+++ b/stacks/Pulumi.x.yaml\n@@ -0,0 +1,2 @@\n+x: 1\n+y: 2\n",
    );
    assert.equal(
      unifiedDiff("x: 1\n", undefined, { path: PATH }),
      "--- a/stacks/Pulumi.x.yaml\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x: 1\n",
    );
    assert.equal(unifiedDiff("same\n", "same\n", { path: PATH }), "");
  });

  it("marks a last line without a newline as git does", () => {
    assert.equal(
      unifiedDiff("a\nb", "a\nb\n", { path: PATH }),
      "--- a/stacks/Pulumi.x.yaml\n+++ b/stacks/Pulumi.x.yaml\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
    );
  });

  it(
    "is applied exactly by GNU patch and by git apply, for random edits of random files",
    { skip: !hasPatch && "GNU patch is not installed" },
    () => {
      const line = fc.constantFrom("a", "b", "c", "tenants:", "  - id: acme", "    role: owner", "", "x");
      const text = fc
        .tuple(fc.array(line, { maxLength: 40 }), fc.boolean())
        .map(([lines, nl]) => (lines.length === 0 ? "" : lines.join("\n") + (nl ? "\n" : "")));
      fc.assert(
        fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
          const diff = unifiedDiff(before, after, { path: PATH, context });
          if (before === after) return diff === "";
          assert.equal(applyWith("patch", before, diff), after);
          if (context === 3) assert.equal(applyWith("git", before, diff), after);
          return true;
        }),
        { numRuns: 60 },
      );
    },
  );

  it("creating and removing files are applied by git apply too", () => {
    const created = unifiedDiff(undefined, "config:\n  a: 1\n", { path: PATH });
    assert.equal(applyWith("git", undefined, created), "config:\n  a: 1\n");
    const removed = unifiedDiff("config:\n  a: 1\n", undefined, { path: PATH });
    assert.equal(applyWith("git", "config:\n  a: 1\n", removed), undefined);
  });

  it("a file rewritten past the edit-distance bound is still an exact diff", () => {
    const before = Array.from({ length: 2500 }, (_, i) => `old ${i}`).join("\n") + "\n";
    const after = Array.from({ length: 2500 }, (_, i) => `new ${i}`).join("\n") + "\n";
    const diff = unifiedDiff(before, after, { path: PATH });
    assert.deepEqual(diffStat(diff), { added: 2500, removed: 2500 });
    assert.equal(applyWith("git", before, diff), after);
  });
});
