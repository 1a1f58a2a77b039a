#!/usr/bin/env node
// The compiled CLI. `npm ci` builds dist/ through the `prepare` script. A checkout that was not built, or
// whose dependencies are missing, gets one line saying how to set it up instead of a stack trace.
try {
  await import("../dist/cli/index.js");
} catch (err) {
  if (err?.code !== "ERR_MODULE_NOT_FOUND") throw err;
  const { existsSync } = await import("node:fs");
  const here = (path) => new URL(path, import.meta.url);
  const hasCompiler = existsSync(here("../node_modules/typescript/package.json"));
  // Node names a missing package by its name and a missing file by its path.
  const missing = /Cannot find (package|module) '([^']+)'/.exec(err.message);
  const build = hasCompiler ? "`npm run build`" : "`npm ci` (it installs the dev dependencies and builds)";
  process.stderr.write(
    !existsSync(here("../dist/cli/index.js"))
      ? hasCompiler
        ? "cloudtier is not built: run `npm run build` in its checkout.\n"
        : "cloudtier is not built, and the build needs the dev dependencies: run `npm ci` in its checkout (it installs them and builds).\n"
      : missing?.[1] === "package"
        ? `cloudtier cannot start: ${missing[2]} is not installed; run \`npm ci\` in its checkout.\n`
        : `cloudtier's build is incomplete (${missing?.[2] ?? "a module"} is missing): run ${build} in its checkout.\n`,
  );
  process.exitCode = 1;
}
