import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type DriverOutcome,
  Mutex,
  type ProgressReporter,
  mapBounded,
  runStacks,
} from "../../deploy/run-stacks.js";
import { StackFailure, type StackResult } from "../../deploy/types.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("mapBounded", () => {
  it("never has more than the bound in flight, and keeps the input order", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 2], 3, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(ms * 3);
      inFlight--;
      return i;
    });
    assert.equal(peak, 3);
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : -1)),
      [0, 1, 2, 3, 4, 5, 6],
    );
  });

  it("records a rejection and carries on with the rest", async () => {
    const results = await mapBounded([1, 2, 3], 1, async (n) => {
      await tick(1);
      if (n === 2) throw new Error("two");
      return n;
    });
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
  });
});

describe("Mutex", () => {
  it("runs sections one at a time, in call order, even when one fails", async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const section = (name: string, fail = false) =>
      mutex.run(async () => {
        log.push(`${name}:start`);
        await tick(5);
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      });
    const outcomes = await Promise.allSettled([section("a"), section("b", true), section("c")]);
    assert.deepEqual(log, ["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
  });
});

describe("runStacks", () => {
  it("turns driver outcomes into results: successes, failures, locks, skips", async () => {
    const events: string[] = [];
    const progress: ProgressReporter = {
      begin: (stacks, op) => events.push(`begin ${op} ${stacks.length}`),
      started: (s) => events.push(`started ${s}`),
      update: (s, t) => events.push(`update ${s} ${t}`),
      finished: (r) => events.push(`finished ${r.stack} ${r.result}`),
      end: () => {
        events.push("end");
        return Promise.resolve();
      },
    };
    let clock = 0;
    const results = await runStacks(
      ["ok", "boom", "locked", "skip", "plain-error"],
      "up",
      async (stack, _op, report): Promise<DriverOutcome> => {
        await tick(1);
        clock += 10;
        report(`working on ${stack}`);
        switch (stack) {
          case "boom":
            throw new StackFailure("failed", "it broke", { changes: { create: 1 } });
          case "locked":
            throw new StackFailure("locked", "locked by x", {
              lock: { holders: [{ holder: "x@y" }], advice: "wait" },
            });
          case "skip":
            return { changes: {}, result: "skipped", message: "not deployed" };
          case "plain-error":
            throw new Error("unexpected");
          default:
            return { changes: { create: 2, same: 1 }, outputs: { a: 1 } };
        }
      },
      { parallel: 2, progress, now: () => clock },
    );
    const byStack = Object.fromEntries(results.map((r) => [r.stack, r])) as Record<string, StackResult>;
    assert.deepEqual(
      results.map((r) => r.stack),
      ["ok", "boom", "locked", "skip", "plain-error"],
    );
    assert.equal(byStack["ok"].result, "succeeded");
    assert.deepEqual(byStack["ok"].changes, { create: 2, same: 1 });
    assert.deepEqual(byStack["ok"].outputs, { a: 1 });
    assert.equal(byStack["boom"].result, "failed");
    assert.equal(byStack["boom"].message, "it broke");
    assert.deepEqual(byStack["boom"].changes, { create: 1 });
    assert.equal(byStack["locked"].result, "locked");
    assert.equal(byStack["locked"].lock?.holders[0].holder, "x@y");
    assert.equal(byStack["skip"].result, "skipped");
    assert.equal(byStack["plain-error"].result, "failed");
    assert.equal(byStack["plain-error"].message, "unexpected");
    assert.equal(events[0], "begin up 5");
    assert.equal(events.at(-1), "end");
    assert.equal(events.filter((e) => e.startsWith("finished")).length, 5);
    assert.ok(events.includes("update ok working on ok"));
  });

  it("runs stacks in parallel up to the bound", async () => {
    let inFlight = 0;
    let peak = 0;
    const started = performance.now();
    await runStacks(
      ["a", "b", "c", "d", "e", "f"],
      "preview",
      async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick(40);
        inFlight--;
        return { changes: {} };
      },
      { parallel: 6 },
    );
    assert.equal(peak, 6);
    assert.ok(performance.now() - started < 6 * 40, "not one after the other");
  });
});
