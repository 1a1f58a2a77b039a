/**
 * Runs the CLI in this process with a fault injected at one step of the stack-file commit, for tests:
 *
 *   node --import tsx test/cli/drivers/fault-at.ts <phase>:<index> <action> -- <cloudtier arguments...>
 *
 * `phase` is temp, journal or apply (see CommitStep in cli/stack-files.ts), `index` the step within it.
 * `action` is what happens just before that step: `kill` (SIGKILL this process, as a crash or `kill -9`
 * would), or a shell command to run first (remount a file system read-only, fill it up). The exit code is
 * the CLI's.
 */
import { execSync } from "node:child_process";
import { main } from "../../../cli/main.js";
import { stackFileTestHooks } from "../../../cli/stack-files.js";

const [at, action, separator, ...args] = process.argv.slice(2);
const [phase, index] = at.split(":");
if (separator !== "--" || !phase || index === undefined || !action) {
  process.stderr.write("usage: fault-at.ts <phase>:<index> <kill|shell command> -- <arguments>\n");
  process.exit(64);
}
stackFileTestHooks.beforeStep = (step) => {
  if (step.phase !== phase || step.index !== Number(index)) return;
  if (action === "kill") {
    process.kill(process.pid, "SIGKILL");
    // The signal is on its way: make sure not one more step runs before it lands.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  } else {
    execSync(action, { stdio: "inherit" });
  }
};
process.exitCode = await main(args);
