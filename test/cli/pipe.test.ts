/**
 * A reader that stops early (`cloudtier regions | head -1`) closes stdout's pipe: cloudtier ends as it
 * would have, without a stack trace.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { BIN } from "../support/cli.js";

describe("stdout closed by its reader", () => {
  for (const args of [["regions"], ["plan", "--help"]]) {
    it(`cloudtier ${args.join(" ")}: exit 0 and nothing on stderr`, async () => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      // The reader takes the first chunk and goes away, as `head -1` does.
      await once(child.stdout, "data");
      child.stdout.destroy();
      const [code] = (await once(child, "close")) as [number | null];
      assert.equal(stderr, "");
      assert.equal(code, 0);
    });
  }
});
