/**
 * The real tools, as scripts/tools/build.sh built and cached them: `npm test` builds them first; a test run
 * on its own asks the script, which builds whatever is missing (minutes on a cold machine, a second warm).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../../..");

let cached: string | undefined;

/** The directory holding `pulumi`, its language host, the control plane's binaries and the scanners. */
export function toolsBin(): string {
  if (cached) return cached;
  const fromEnv = process.env["CLOUDTIER_TOOLS_BIN"];
  if (fromEnv && existsSync(join(fromEnv, "pulumi"))) return (cached = fromEnv);
  const result = spawnSync("bash", [join(REPO, "scripts/tools/build.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bin = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !existsSync(join(bin, "pulumi"))) {
    throw new Error(
      `scripts/tools/build.sh failed (exit ${result.status}): the real tools are not available`,
    );
  }
  return (cached = bin);
}

/** One tool's path. */
export function tool(name: string): string {
  return join(toolsBin(), name);
}

/** PULUMI_HOME with the plugins the build installed (the Kubernetes provider), and nothing else shared. */
export function pulumiPluginsDir(): string {
  return join(toolsBin(), "pulumi-home", "plugins");
}
