/**
 * Planner workers import Pulumi without loading the TypeScript compiler or npm's Arborist (only the
 * closure serializer uses them), and the serializer still works, loading them when first used. Each case
 * runs in a fresh Node process and reports which of the two ended up in the module cache; the control
 * imports Pulumi without the deferral and must see both.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DEFER = new URL("../../planner/deferred-modules.ts", import.meta.url).href;

const SCRIPT = (defer: boolean, serialize: boolean) => `
import { createRequire } from "node:module";
import { types } from "node:util";
${defer ? `await import(${JSON.stringify(DEFER)});` : ""}
const pulumi = await import("@pulumi/pulumi");
const require = createRequire(${JSON.stringify(`${ROOT}package.json`)});
// Loaded for real: in the module cache with its own exports, not the deferral's stand-in (a Proxy).
const has = (part) =>
  Object.entries(require.cache).some(([file, m]) => file.includes(part) && !types.isProxy(m.exports));
const report = { typescript: has("/node_modules/typescript/"), arborist: has("/node_modules/@npmcli/arborist/") };
let serialized = "";
if (${serialize}) {
  const closure = await pulumi.runtime.serializeFunction(() => 6 * 7, { isFactoryFunction: false });
  serialized = closure.text;
  report.typescriptAfter = has("/node_modules/typescript/");
}
process.stdout.write(JSON.stringify({ ...report, serialized }));
`;

function run(defer: boolean, serialize = false): Record<string, unknown> {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", SCRIPT(defer, serialize)],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe("modules deferred in planner workers", () => {
  it("importing Pulumi loads neither the TypeScript compiler nor Arborist", () => {
    const report = run(true);
    assert.equal(report["typescript"], false);
    assert.equal(report["arborist"], false);
  });

  it("the closure serializer still works, loading the compiler when it first needs it", () => {
    const report = run(true, true);
    assert.match(report["serialized"] as string, /6 \* 7/);
    assert.equal(report["typescriptAfter"], true);
  });

  it("without the deferral, importing Pulumi loads both (control)", () => {
    const report = run(false);
    assert.equal(report["typescript"], true);
    assert.equal(report["arborist"], true);
  });
});
