// Runs test files with node's test runner, each file in its own process (the Pulumi mock runtime is
// process-global state): every `*.test.ts` under test/ but test/e2e/, or with `--e2e` the end-to-end suite
// under test/e2e/ (the real Pulumi engine and API server, one file at a time). Other arguments narrow the
// set by substring.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : walk(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const args = process.argv.slice(2);
const e2e = args.includes("--e2e");
const filters = args.filter((a) => a !== "--e2e");
const isE2e = (file) => file.startsWith(join("test", "e2e"));
const files = walk("test")
  .filter((file) => isE2e(file) === e2e)
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(", ")}`);
  process.exit(1);
}
// Unit tests get a temporary directory of their own (TMPDIR, which Node's tmpdir() and the CLI processes
// they start read): a `cloudtier-*` directory a test leaves behind there fails the run, so every test
// cleans up after itself.
const privateTmp = e2e ? undefined : mkdtempSync(join(tmpdir(), "cloudtier-unit-run-"));
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${e2e ? 1 : 2}`, "--test-reporter=spec", ...files],
  { stdio: "inherit", env: privateTmp ? { ...process.env, TMPDIR: privateTmp } : process.env },
);
let status = result.status ?? 1;
if (privateTmp) {
  const left = readdirSync(privateTmp).filter((name) => name.startsWith("cloudtier-"));
  if (left.length > 0) {
    console.error(
      `\n${left.length} temporary director${left.length === 1 ? "y was" : "ies were"} left behind by the tests ` +
        `(a test must remove what it makes): ${left.sort().join(", ")}`,
    );
    status = status === 0 ? 1 : status;
  }
  rmSync(privateTmp, { recursive: true, force: true });
}
process.exit(status);
