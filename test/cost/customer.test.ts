import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type StackShare, breakEven, customerCost, marginWarning, tierPrice } from "../../cost/customer.js";

const share = (stack: string, monthlyUSD: number, estimated = true): StackShare => ({
  stack,
  kind: "environment",
  estimated,
  monthlyUSD,
  basis: "test",
});

describe("the tiers' prices", () => {
  it("are the published $35 per user per month on the paid tiers, the free tier at 0", () => {
    assert.equal(tierPrice("developer", 1, 1).priceMonthlyUSD, 35);
    assert.equal(tierPrice("community", 1, 1).priceMonthlyUSD, 0);
    // Team bills at least 3 seats; more members, more seats.
    assert.deepEqual([tierPrice("team", 1, 1).seats, tierPrice("team", 1, 1).priceMonthlyUSD], [3, 105]);
    assert.equal(tierPrice("team", 7, 2).priceMonthlyUSD, 245);
  });

  it("add a fee per environment on the Cloud tier, over at least 10 seats", () => {
    // 10 seats x $35 + 2 environments x $1,990.
    assert.deepEqual(tierPrice("cloud", 1, 2), {
      seats: 10,
      environments: 2,
      pricePerSeatMonthlyUSD: 35,
      pricePerEnvironmentMonthlyUSD: 1990,
      priceMonthlyUSD: 4330,
    });
  });
});

describe("a customer's cost against its price", () => {
  it("sums its parts of its stacks and compares them with its price", () => {
    const c = customerCost({ id: "acme", tier: "team", members: 4 }, [share("a", 60.25), share("b", 12.5)]);
    assert.equal(c.costMonthlyUSD, 72.75);
    // 4 seats x $35.
    assert.equal(c.priceMonthlyUSD, 140);
    assert.equal(c.marginMonthlyUSD, 67.25);
    assert.equal(c.marginPercent, 48);
    assert.equal(c.environments, 2);
    assert.equal(c.breakEven, undefined);
    assert.equal(marginWarning(c), undefined);
  });

  it("on the free tier, is what the customer costs, with no margin percentage and no warning", () => {
    const c = customerCost({ id: "free", tier: "community", members: 1 }, [share("a", 8.21)]);
    assert.equal(c.costMonthlyUSD, 8.21);
    assert.equal(c.priceMonthlyUSD, 0);
    assert.equal(c.marginPercent, null);
    assert.equal(marginWarning(c), undefined);
  });

  it("is not fully estimated when a stack is on an existing cluster", () => {
    const c = customerCost({ id: "acme", tier: "developer", members: 1 }, [share("a", 0, false)]);
    assert.equal(c.estimated, false);
  });
});

describe("break-even and warnings", () => {
  it("a Cloud customer on four clouds at 10 seats: 29 seats, or $2,150.84 per environment", () => {
    const c = customerCost({ id: "acme", tier: "cloud", members: 10 }, [
      share("a", 2238.34),
      share("b", 2238.34),
      share("c", 2238.34),
      share("d", 2238.34),
    ]);
    // Cost $8,953.36; price 10 x $35 + 4 x $1,990 = $8,310: margin -$643.36.
    assert.equal(c.costMonthlyUSD, 8953.36);
    assert.equal(c.priceMonthlyUSD, 8310);
    assert.equal(c.marginMonthlyUSD, -643.36);
    assert.equal(c.marginPercent, -7.7);
    // (8,953.36 - 7,960) / 35 = 28.4 -> 29 seats; (8,953.36 - 350) / 4 = 2,150.84 per environment.
    assert.deepEqual(c.breakEven, {
      seats: 29,
      pricePerSeatMonthlyUSD: 99.34,
      environmentFeeMonthlyUSD: 2150.84,
    });
    const warning = marginWarning(c)!;
    assert.equal(warning.code, "negative-margin");
    assert.equal(warning.customer, "acme");
    assert.match(
      warning.message,
      /^acme \(Cloud tier, 10 seats, 4 environments\) costs \$8,953\.36\/month against a price of \$8,310\.00: margin -\$643\.36 \(-7\.7%\); it breaks even at 29 seats, or a fee of \$2,150\.84 per environment\.$/,
    );
  });

  it("a Developer customer (one seat at most) breaks even at a price per seat", () => {
    const c = customerCost({ id: "dev", tier: "developer", members: 1 }, [share("a", 40.01)]);
    assert.deepEqual(c.breakEven, {
      seats: null,
      pricePerSeatMonthlyUSD: 40.01,
      environmentFeeMonthlyUSD: null,
    });
    assert.match(marginWarning(c)!.message, /breaks even at \$40\.01 per seat \(the tier allows 1 seat\)\.$/);
  });

  it("a Team customer breaks even at more seats, rounded up", () => {
    assert.deepEqual(breakEven("team", 200, tierPrice("team", 3, 1)), {
      seats: 6,
      pricePerSeatMonthlyUSD: 66.67,
      environmentFeeMonthlyUSD: null,
    });
  });
});
