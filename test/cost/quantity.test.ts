import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuantity, quantityGiB } from "../../cost/quantity.js";

describe("Kubernetes quantities", () => {
  it("reads CPU in cores", () => {
    assert.equal(parseQuantity("8000m"), 8);
    assert.equal(parseQuantity("250m"), 0.25);
    assert.equal(parseQuantity("2"), 2);
    assert.equal(parseQuantity("1.5"), 1.5);
    assert.equal(parseQuantity(4), 4);
  });

  it("reads sizes in GiB, binary and decimal", () => {
    assert.equal(quantityGiB("16384Mi"), 16);
    assert.equal(quantityGiB("100Gi"), 100);
    assert.equal(quantityGiB("1Ti"), 1024);
    assert.equal(quantityGiB("1048576Ki"), 1);
    assert.ok(Math.abs(quantityGiB("1G")! - 0.9313) < 1e-4);
    assert.equal(quantityGiB("1e9"), 1e9 / 2 ** 30);
  });

  it("rejects what is not a quantity", () => {
    for (const bad of ["lots", "8GB", "", "Gi", undefined, null, {}, Number.NaN]) {
      assert.equal(parseQuantity(bad), undefined, JSON.stringify(bad));
    }
  });
});
