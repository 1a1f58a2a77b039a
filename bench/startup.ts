/**
 * Fast CLI start: `cloudtier --help` and `cloudtier regions --json` against a bare `node -e 0`, on the
 * compiled CLI. Target: at most 2x.
 */
import { join } from "node:path";
import { ROOT, type Result, fmtMs, medianMs } from "./lib.js";

export function benchStartup(runs = 15): Result[] {
  const node = process.execPath;
  const bin = join(ROOT, "bin", "cloudtier.js");
  const baseline = medianMs(runs, node, ["-e", "0"]);
  return [
    ["cloudtier --help", ["--help"]],
    ["cloudtier regions --json", ["regions", "--json"]],
  ].map(([name, args]) => {
    const measured = medianMs(runs, node, [bin, ...(args as string[])]);
    const ratio = measured / baseline;
    return {
      name: name as string,
      measured: fmtMs(measured),
      baseline: `node -e 0: ${fmtMs(baseline)}`,
      ratio,
      target: "<= 2x",
      met: ratio <= 2,
    };
  });
}
