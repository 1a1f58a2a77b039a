/**
 * Finding the `pulumi` executable the Automation API drives. Order: `CLOUDTIER_PULUMI_ROOT` (a directory
 * holding `bin/pulumi`: another installation, or a stand-in for tests), then `pulumi` on PATH, then
 * `$PULUMI_HOME/bin/pulumi` (default `~/.pulumi/bin/pulumi`, where the installer puts it).
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import type { Env } from "./backend.js";

export const PULUMI_ROOT_ENV = "CLOUDTIER_PULUMI_ROOT";
export const INSTALL_URL = "https://www.pulumi.com/docs/install/";

/** The Pulumi CLI is missing or unusable: a setup problem, not bad input (exit 1). */
export class PulumiNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PulumiNotFoundError";
  }
}

/** Where the executable was found: `root` for PulumiCommand.get({ root }), or PATH. */
export interface PulumiLocation {
  /** The directory holding `bin/pulumi`; undefined means "run `pulumi` from PATH". */
  readonly root?: string;
  /** The executable, for messages. */
  readonly executable: string;
  readonly source: "CLOUDTIER_PULUMI_ROOT" | "PATH" | "PULUMI_HOME";
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function locatePulumi(env: Env): PulumiLocation {
  const explicit = env[PULUMI_ROOT_ENV];
  if (explicit !== undefined && explicit !== "") {
    const executable = join(explicit, "bin", "pulumi");
    if (!isExecutable(executable)) {
      throw new PulumiNotFoundError(
        `${PULUMI_ROOT_ENV}=${explicit}, but ${executable} is not an executable file. ` +
          `Point ${PULUMI_ROOT_ENV} at a directory holding bin/pulumi, or unset it to use the pulumi on PATH.`,
      );
    }
    return { root: explicit, executable, source: "CLOUDTIER_PULUMI_ROOT" };
  }
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const executable = join(dir, "pulumi");
    if (isExecutable(executable)) {
      // The installer's layout is <root>/bin/pulumi; elsewhere (e.g. Homebrew) let the SDK use PATH.
      return dirname(dir) !== dir && dir.endsWith("/bin")
        ? { root: dirname(dir), executable, source: "PATH" }
        : { executable, source: "PATH" };
    }
  }
  const home = env["PULUMI_HOME"] || join(env["HOME"] || homedir(), ".pulumi");
  const executable = join(home, "bin", "pulumi");
  if (isExecutable(executable)) return { root: home, executable, source: "PULUMI_HOME" };
  throw new PulumiNotFoundError(
    `the pulumi CLI was not found (looked in ${PULUMI_ROOT_ENV}, on PATH and in ${join(home, "bin")}). ` +
      `Deploy commands drive the real Pulumi CLI: install it (${INSTALL_URL}, e.g. \`curl -fsSL https://get.pulumi.com | sh\`) ` +
      `and make sure \`pulumi version\` works. \`cloudtier plan\` needs no Pulumi CLI.`,
  );
}
