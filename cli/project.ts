/**
 * The project directory a command works on: the one holding `Pulumi.yaml` and `stacks/`.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where cloudtier itself is installed (from `cli/` or `dist/cli/`): the default project. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "Pulumi.yaml")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * `--project-dir` when given; otherwise the nearest directory from the working directory up that has a
 * `Pulumi.yaml`; otherwise the cloudtier package itself.
 */
export function projectDir(explicit?: string): string {
  if (explicit) return resolve(explicit);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml"))) return dir;
    if (dirname(dir) === dir) break;
  }
  return packageRoot();
}

export function stacksDir(project: string): string {
  return join(project, "stacks");
}
