import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatChanges, formatDuration, renderDetails, renderTable, toJson } from "../../deploy/summary.js";
import { changeCount, type StackResult } from "../../deploy/types.js";

const results: StackResult[] = [
  { stack: "a", operation: "up", result: "succeeded", changes: { create: 3, same: 2 }, durationMs: 1500 },
  { stack: "b", operation: "up", result: "failed", changes: {}, durationMs: 200, message: "error: boom" },
  {
    stack: "c",
    operation: "up",
    result: "locked",
    changes: {},
    durationMs: 90_000,
    message: "locked",
    lock: { holders: [], advice: "Stack c is locked.\n  pulumi cancel" },
  },
];

describe("deploy summary", () => {
  it("formats change counts and durations", () => {
    assert.equal(formatChanges({ create: 2, update: 1, delete: 3, replace: 1, same: 9 }), "+2 ~1 -3 ±1");
    assert.equal(formatChanges({ same: 4 }), "none");
    assert.equal(formatChanges({}), "-");
    assert.equal(formatChanges({ import: 2 }), "import 2");
    assert.equal(changeCount({ create: 2, same: 4, read: 1, "delete-replaced": 1 }), 3);
    assert.equal(formatDuration(250), "250ms");
    assert.equal(formatDuration(1500), "1.5s");
    assert.equal(formatDuration(90_000), "1m30s");
  });

  it("renders a table with one row per stack, and details for those that did not succeed", () => {
    const table = renderTable(results);
    for (const [stack, result] of [
      ["a", "succeeded"],
      ["b", "failed"],
      ["c", "locked"],
    ]) {
      assert.match(table, new RegExp(`│ ${stack}\\s+│ ${result}\\s+│`));
    }
    const details = renderDetails(results);
    assert.match(details, /b: failed\n {2}error: boom/);
    assert.match(details, /c: locked\n {2}Stack c is locked\./);
    assert.doesNotMatch(details, /^a:/m);
  });

  it("gives the same facts as JSON", () => {
    const json = toJson("up", results);
    assert.equal(json.ok, false);
    assert.deepEqual(
      json.stacks.map((s) => [s.stack, s.result, s.changeCount, s.durationMs]),
      [
        ["a", "succeeded", 3, 1500],
        ["b", "failed", 0, 200],
        ["c", "locked", 0, 90_000],
      ],
    );
    assert.equal(toJson("up", [results[0]]).ok, true);
  });
});
