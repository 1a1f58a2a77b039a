import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, it } from "node:test";
import fc from "fast-check";
import { inLanes } from "../../stacks/registration.js";

describe("bounded registration lanes", () => {
  it("works through every item once, with never more than `lanes` in flight", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (delays, lanes) => {
          let inFlight = 0;
          let most = 0;
          const done: number[] = [];
          await inLanes(
            delays.map((d, i) => ({ d, i })),
            lanes,
            async ({ d, i }) => {
              most = Math.max(most, ++inFlight);
              await sleep(d);
              inFlight--;
              done.push(i);
            },
          );
          assert.deepEqual(
            [...done].sort((a, b) => a - b),
            delays.map((_, i) => i),
          );
          assert.ok(most <= lanes, `${most} in flight with ${lanes} lanes`);
          if (delays.length >= lanes) assert.equal(most, lanes, "every lane was used");
        },
      ),
      { numRuns: 40 },
    );
  });

  it("rejects with the first failure and starts nothing after it", async () => {
    const started: number[] = [];
    await assert.rejects(
      inLanes([0, 1, 2, 3, 4, 5, 6, 7], 2, async (i) => {
        started.push(i);
        await sleep(1);
        if (i === 2) throw new Error("tenant 2 failed");
      }),
      /tenant 2 failed/,
    );
    await sleep(20);
    assert.ok(started.length <= 4, `started ${started.join(", ")}`);
  });
});
