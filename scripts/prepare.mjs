// `npm ci` runs this: compile the CLI and the stack program into dist/, which bin/cloudtier.js runs.
// Installs without the dev toolchain (`npm ci --omit=dev`) skip the build and expect a prebuilt dist/.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("node_modules/typescript")) {
  console.log("cloudtier: typescript is not installed; skipping the build");
  process.exit(0);
}
const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
process.exit(result.status ?? 1);
