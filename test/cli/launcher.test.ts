/**
 * bin/cloudtier.js in a checkout that cannot run the CLI yet: not built, built without its dependencies, or
 * installed without the dev toolchain. Each gets one line on stderr saying how to set it up, exit 1, and no
 * stack trace; an error of the CLI itself still shows as what it is.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN, tempDir } from "../support/cli.js";

/** A checkout holding bin/cloudtier.js and the given files (relative path to content). */
function checkout(files: Record<string, string>): string {
  const dir = tempDir("cloudtier-launcher-");
  mkdirSync(join(dir, "bin"));
  cpSync(BIN, join(dir, "bin", "cloudtier.js"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

function launch(dir: string) {
  const r = spawnSync(process.execPath, [join(dir, "bin", "cloudtier.js"), "--help"], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("bin/cloudtier.js before the CLI can run", () => {
  it("a fresh clone, or an install with --omit=dev (no compiler, no build): one line saying to run npm ci", () => {
    const r = launch(checkout({}));
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "cloudtier is not built, and the build needs the dev dependencies: run `npm ci` in its checkout (it installs them and builds).\n",
    );
    assert.equal(r.stdout, "");
  });

  it("dependencies installed with the compiler, but not built: one line saying to run npm run build", () => {
    const r = launch(checkout({ "node_modules/typescript/package.json": "{}" }));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "cloudtier is not built: run `npm run build` in its checkout.\n");
  });

  it("built, but a dependency is missing: one line naming it", () => {
    const r = launch(checkout({ "dist/cli/index.js": 'import "commander";\n' }));
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      "cloudtier cannot start: commander is not installed; run `npm ci` in its checkout.\n",
    );
  });

  it("built only in part: one line saying to build again", () => {
    const dir = checkout({
      "dist/cli/index.js": 'import "./main.js";\n',
      "node_modules/typescript/package.json": "{}",
    });
    const r = launch(dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `cloudtier's build is incomplete (${join(dir, "dist", "cli", "main.js")} is missing): run \`npm run build\` in its checkout.\n`,
    );
  });

  it("any other error of the CLI is not disguised", () => {
    const r = launch(checkout({ "dist/cli/index.js": 'throw new Error("broken build");\n' }));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Error: broken build/);
  });
});
