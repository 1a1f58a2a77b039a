/**
 * The project directory a command works on: the one holding `Pulumi.yaml` and `stacks/`.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../domain/errors.js";

/** Where cloudtier itself is installed (from `cli/` or `dist/cli/`): the default project. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "Pulumi.yaml")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const FIELD = "-C, --project-dir";

function isKind(path: string, kind: "file" | "directory"): boolean {
  try {
    const stat = statSync(path);
    return kind === "file" ? stat.isFile() : stat.isDirectory();
  } catch {
    return false;
  }
}

/**
 * A project directory given on the command line: it must exist and hold `Pulumi.yaml`. Nothing is created
 * for it; a typo must not start a new project somewhere else.
 */
export function checkProjectDir(dir: string): string {
  const fix = "Give the directory that holds the project's Pulumi.yaml and stacks/, or leave -C out.";
  if (dir.trim() === "") {
    throw InputError.single({ field: FIELD, rule: "must not be empty", received: dir, fix });
  }
  const path = resolve(dir);
  if (!isKind(path, "directory")) {
    throw InputError.single({
      field: FIELD,
      rule: existsSync(path) ? "must be a directory" : "must be an existing directory",
      received: dir,
      fix,
    });
  }
  if (!isKind(join(path, "Pulumi.yaml"), "file")) {
    throw InputError.single({
      field: FIELD,
      rule: "must be a cloudtier project: the directory holds no Pulumi.yaml",
      received: dir,
      fix,
    });
  }
  return path;
}

/** The nearest directory from the working directory up that has a `Pulumi.yaml`, if any. */
export function enclosingProject(from = process.cwd()): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (isKind(join(dir, "Pulumi.yaml"), "file")) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ProjectUse {
  /**
   * The command writes (stack files, state, a deployment): it acts only on a project the user named (`-C`)
   * or is inside, never on the installed package's own, which a read may fall back to.
   * @default false
   */
  readonly writes?: boolean;
}

/**
 * `--project-dir` when given (checked); otherwise the nearest directory from the working directory up that
 * has a `Pulumi.yaml`; otherwise, for a command that only reads, the cloudtier package itself (its embedded
 * default), and for one that writes, bad input naming what was looked for.
 */
export function projectDir(explicit?: string, use: ProjectUse = {}): string {
  if (explicit !== undefined) return checkProjectDir(explicit);
  const found = enclosingProject();
  if (found !== undefined) return found;
  if (use.writes) {
    throw InputError.single({
      field: FIELD,
      rule: "must name the project to change: no Pulumi.yaml in the working directory or any directory above it",
      received: process.cwd(),
      fix: "Run the command inside the project (the directory holding Pulumi.yaml and stacks/), or give -C <project>.",
    });
  }
  return packageRoot();
}

export function stacksDir(project: string): string {
  return join(project, "stacks");
}
