import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { GENERATED_PASSWORD_LENGTH, generatePassword } from "../../../components/datastore/password.js";

describe("generated passwords", () => {
  it("are 32 unreserved URI characters with an upper, a lower, a digit and a special", () => {
    const password = generatePassword();
    assert.equal(password.length, 32);
    assert.equal(GENERATED_PASSWORD_LENGTH, 32);
    assert.match(password, /^[A-Za-z0-9._~-]{32}$/);
    for (const set of [/[A-Z]/, /[a-z]/, /[0-9]/, /[._~-]/]) assert.match(password, set);
    assert.equal(encodeURIComponent(password), password, "safe in a URI as is");
  });

  it("differ from one call to the next", () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword()));
    assert.equal(seen.size, 200);
  });

  it("hold every class whatever bytes the source gives, and skip bytes that would bias the draw", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 4, max: 64 }),
        (bytes, length) => {
          let call = 0;
          // A source that first replays the arbitrary bytes, then counts up: it always ends.
          const source = (size: number) =>
            Uint8Array.from({ length: size }, (_, i) =>
              call++ === 0 ? (bytes[i] ?? i) : (call * 7 + i) % 256,
            );
          const password = generatePassword(length, source);
          assert.equal(password.length, length);
          for (const set of [/[A-Z]/, /[a-z]/, /[0-9]/, /[._~-]/]) assert.match(password, set);
        },
      ),
    );
    // 256 % 66 = 58: bytes 198..255 would favour the first 58 characters; they are never used.
    assert.throws(() => generatePassword(3), /at least 4/);
    // A source whose first draw is all biased bytes: none of them is used, the next draw decides.
    let draws = 0;
    const biasedFirst = (size: number) =>
      draws++ === 0
        ? new Uint8Array(size).fill(250)
        : Uint8Array.from([0, 26, 52, 62, ...new Array<number>(size).fill(1)]);
    assert.equal(generatePassword(4, biasedFirst), "Aa0-");
  });
});
