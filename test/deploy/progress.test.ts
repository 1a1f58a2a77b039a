import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ListrActivity,
  ListrProgress,
  PlainProgress,
  chooseProgress,
  describeResult,
  startActivity,
} from "../../deploy/progress.js";
import type { StackResult } from "../../deploy/types.js";

const ok: StackResult = {
  stack: "a",
  operation: "up",
  result: "succeeded",
  changes: { create: 2 },
  durationMs: 1200,
};
const bad: StackResult = {
  stack: "b",
  operation: "up",
  result: "failed",
  changes: {},
  durationMs: 300,
  message: "error: boom\nmore detail",
};

describe("progress", () => {
  it("plain progress: a line when a stack starts and one when it ends, no escape sequences", () => {
    const lines: string[] = [];
    const p = new PlainProgress((l) => lines.push(l), 60_000);
    p.begin(["a", "b"], "up");
    p.started("a");
    p.update("a", "create kubernetes:core/v1:Namespace acme-ns");
    p.started("b");
    p.finished(ok);
    p.finished(bad);
    assert.deepEqual(lines, [
      "up: 2 stacks",
      "a: up started",
      "b: up started",
      "a: succeeded (+2) in 1.2s",
      "b: failed in 300ms: error: boom",
    ]);
    assert.ok(lines.every((l) => !l.includes("\u001b")));
  });

  it("plain progress prints a heartbeat for long updates", () => {
    const lines: string[] = [];
    const p = new PlainProgress((l) => lines.push(l), 0);
    p.begin(["a"], "up");
    p.started("a");
    p.update("a", "3 resources done");
    assert.equal(lines.at(-1), "a: 3 resources done");
  });

  it("describes a result in one line", () => {
    assert.equal(describeResult(ok), "a: succeeded (+2) in 1.2s");
    assert.equal(
      describeResult({ ...bad, lock: { holders: [], advice: "Stack b is locked.\nsteps" } }),
      "b: failed in 300ms: Stack b is locked.",
    );
  });

  it("plain lines with --json or without a terminal; listr2 on a terminal", () => {
    const write = () => undefined;
    assert.ok(chooseProgress({ json: true, parallel: 2, write, interactive: true }) instanceof PlainProgress);
    assert.ok(
      chooseProgress({ json: false, parallel: 2, write, interactive: false }) instanceof PlainProgress,
    );
    assert.ok(
      chooseProgress({ json: false, parallel: 2, write, interactive: true }) instanceof ListrProgress,
    );
  });

  it("the listr2 display settles once every stack has a result, failures included", async () => {
    const p = new ListrProgress(2);
    p.begin(["a", "b", "c"], "up");
    p.started("a");
    p.update("a", "working");
    p.finished(ok);
    p.started("b");
    p.finished(bad);
    p.started("c");
    p.finished({ ...ok, stack: "c", result: "skipped", changes: {} });
    const settled = await Promise.race([
      p.end().then(() => "ended"),
      new Promise((r) => setTimeout(() => r("hung"), 5000)),
    ]);
    assert.equal(settled, "ended");
  });

  it("a step's live line: nothing without a terminal or with --json, listr2 on a terminal", () => {
    assert.ok(!(startActivity("x", { json: false, interactive: false }) instanceof ListrActivity));
    assert.ok(!(startActivity("x", { json: true, interactive: true }) instanceof ListrActivity));
    const live = startActivity("x", { json: false, interactive: true, delayMs: 60_000 });
    assert.ok(live instanceof ListrActivity);
    return live.end();
  });

  it("a step shorter than the delay draws nothing; a longer one is drawn until it ends", async () => {
    const short = new ListrActivity("Planning 1 stack offline", 200);
    await short.end();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(short.drawn, false);
    const long = new ListrActivity("Planning 3 stacks offline", 10);
    await new Promise((r) => setTimeout(r, 200));
    long.set("1 of 3 planned");
    assert.equal(long.drawn, true);
    const settled = await Promise.race([
      long.end().then(() => "ended"),
      new Promise((r) => setTimeout(() => r("hung"), 5000)),
    ]);
    assert.equal(settled, "ended");
  });
});
