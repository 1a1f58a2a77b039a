/**
 * `cloudtier cost` and the margins of `plan` and `onboard`, end to end through the command parser: a
 * project of 1,000 customers on four clouds whose customers' costs add up to its stacks' costs; the same
 * figures from stand-ins as from planning every stack; warnings with the break-even seats or fee; the
 * per-customer margins of a batch onboarding.
 */
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { stringify } from "yaml";
import { listStackFiles } from "../../cli/stack-files.js";
import { runBin, runMain, tempProject } from "../support/cli.js";
import { setProjectConfig } from "../support/project-settings.js";

interface CostJson {
  stacks: {
    stack: string;
    kind: string;
    estimated: boolean;
    monthlyUSD: number;
    platform?: { shard: number; idleMonthlyUSD: number; tenants: number };
    customers: { customer: string; monthlyUSD: number }[];
  }[];
  customers: {
    customer: string;
    tier: string;
    seats: number;
    environments: number;
    priceMonthlyUSD: number;
    costMonthlyUSD: number;
    marginMonthlyUSD: number;
    stacks: { stack: string; monthlyUSD: number }[];
    breakEven?: { seats: number | null; environmentFeeMonthlyUSD: number | null };
  }[];
  totals: {
    stacks: number;
    customers: number;
    stacksMonthlyUSD: number;
    customersMonthlyUSD: number;
    idleMonthlyUSD: number;
    reconciled: boolean;
  };
  warnings: { code: string; customer?: string; message: string }[];
}

const projects: string[] = [];
after(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = tempProject("cloudtier-cost-");
  setProjectConfig(dir);
  projects.push(dir);
  mkdirSync(join(dir, "stacks"), { recursive: true });
  return dir;
}

const cents = (usd: number) => Math.round(usd * 100);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

const SHARED_REGIONS = [
  "aws:eu-west-1",
  "gcp:europe-west1",
  "azure:westeurope",
  "scaleway:fr-par",
  "aws:us-east-1",
];
const CLOUD_REGIONS = ["aws:eu-west-1", "gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"];

/**
 * Customer `i` of a deterministic mix: every 20th on the Cloud tier (one or two regions), the others on
 * the shared tiers in turn, some in two or three regions; Postgres for every 5th, Redis for every 7th, a
 * raised CPU quota for every 11th shared-tier customer.
 */
function customer(i: number): Record<string, unknown> {
  const id = `c${String(i).padStart(4, "0")}`;
  const owner = `${id}@example.com:owner`;
  if (i % 20 === 0) {
    const regions = [CLOUD_REGIONS[i % 4], ...(i % 40 === 0 ? [CLOUD_REGIONS[(i + 1) % 4]] : [])];
    return { id, tier: "cloud", regions, members: [owner], postgres: i % 60 === 0, redis: i % 80 === 0 };
  }
  const tier = (["community", "developer", "team"] as const)[i % 3];
  const count = tier === "community" ? 1 : tier === "developer" ? 1 + (i % 2) : 1 + (i % 3);
  const regions = Array.from({ length: count }, (_, k) => SHARED_REGIONS[(i + k) % SHARED_REGIONS.length]);
  const members = tier === "team" ? [owner, `dev-${id}@example.com:developer`] : [owner];
  return {
    id,
    tier,
    regions,
    members,
    postgres: i % 5 === 0,
    redis: i % 7 === 0,
    ...(i % 11 === 0 && tier !== "community" ? { quota: { requestsCpuMillis: 4000 } } : {}),
  };
}

function onboardBatch(dir: string, customers: readonly Record<string, unknown>[]): void {
  const file = join(dir, "customers.yaml");
  writeFileSync(file, stringify({ customers }, { lineWidth: 0 }));
  const result = runBin(["-C", dir, "onboard", "--file", file, "--no-plan", "--json"]);
  assert.equal(result.code, 0, result.stderr);
}

describe("cloudtier cost", () => {
  it("1,000 customers on four clouds: the customers' costs add up to the stacks' costs", async () => {
    const dir = project();
    const input = Array.from({ length: 1000 }, (_, i) => customer(i));
    onboardBatch(dir, input);
    // In this process: the JSON of 1,000 customers is more than a child's output buffer holds.
    const result = await runMain(["-C", dir, "cost", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as CostJson;

    // Every stack file is priced, every customer once.
    assert.deepEqual(json.stacks.map((s) => s.stack).sort(), listStackFiles(dir));
    assert.deepEqual(
      json.customers.map((c) => c.customer).sort(),
      input.map((c) => c["id"] as string).sort(),
    );
    // Sum of the customers' costs = sum of the stacks' costs, to the cent, recomputed here.
    const stacksCents = sum(json.stacks.map((s) => cents(s.monthlyUSD)));
    const customersCents = sum(json.customers.map((c) => cents(c.costMonthlyUSD)));
    assert.equal(customersCents, stacksCents);
    assert.equal(cents(json.totals.stacksMonthlyUSD), stacksCents);
    assert.equal(cents(json.totals.customersMonthlyUSD), customersCents);
    assert.equal(json.totals.idleMonthlyUSD, 0);
    assert.equal(json.totals.reconciled, true);
    assert.ok(stacksCents > 0);

    // Each stack: what its customers pay for it sums to its cost; each customer: its parts to its cost.
    const byCustomer = new Map<string, number>();
    for (const stack of json.stacks) {
      assert.equal(
        sum(stack.customers.map((c) => cents(c.monthlyUSD))),
        cents(stack.monthlyUSD),
        stack.stack,
      );
      for (const c of stack.customers)
        byCustomer.set(c.customer, (byCustomer.get(c.customer) ?? 0) + cents(c.monthlyUSD));
    }
    for (const c of json.customers) {
      assert.equal(byCustomer.get(c.customer), cents(c.costMonthlyUSD), c.customer);
      assert.equal(sum(c.stacks.map((s) => cents(s.monthlyUSD))), cents(c.costMonthlyUSD));
      const regions = (input.find((x) => x["id"] === c.customer)!["regions"] as string[]).length;
      assert.equal(c.environments, regions, `${c.customer}: one environment per region`);
    }

    // Later shards exist, and every tenant on them pays its part of its region's cluster.
    const later = json.stacks.filter((s) => (s.platform?.shard ?? 0) > 0);
    assert.ok(later.length >= 3, `later shards: ${later.map((s) => s.stack).join(", ")}`);
    for (const stack of later) {
      assert.ok(stack.customers.length > 0);
      for (const c of stack.customers) assert.ok(c.monthlyUSD > 0, `${c.customer} on ${stack.stack}`);
    }
    // Four clouds, both kinds of stack.
    for (const cloud of ["aws", "gcp", "azure", "scaleway"]) {
      assert.ok(
        json.stacks.some((s) => s.stack.includes(`-${cloud}-`)),
        cloud,
      );
    }
    assert.ok(json.stacks.some((s) => s.kind === "environment"));
  });

  it("prices from stand-ins exactly what planning every stack prices", async () => {
    const dir = project();
    // Shapes repeat (tier, data stores, quota) across customers, regions and shards; ids never matter.
    const input = Array.from({ length: 24 }, (_, i) => customer(i * 7));
    writeFileSync(
      join(dir, "stacks", "Pulumi.platform-aws-eu-west-1.yaml"),
      stringify({
        config: {
          "cloudtier:stack": { kind: "platform", region: "aws:eu-west-1", tenantsPerShard: 3, tenants: [] },
        },
      }),
    );
    onboardBatch(dir, input);
    const cost = await runMain(["-C", dir, "cost", "--json"]);
    assert.equal(cost.code, 0, cost.stderr);
    const priced = JSON.parse(cost.stdout) as CostJson;
    const stacks = listStackFiles(dir);
    assert.ok(stacks.includes("platform-aws-eu-west-1-2"), stacks.join(", "));
    const plan = await runMain(["-C", dir, "plan", "--json", ...stacks.flatMap((s) => ["--stack", s])]);
    assert.equal(plan.code, 0, plan.stderr);
    const planned = JSON.parse(plan.stdout) as { stacks: { stack: string; cost: { monthlyUSD: number } }[] };
    assert.deepEqual(
      Object.fromEntries(planned.stacks.map((s) => [s.stack, s.cost.monthlyUSD])),
      Object.fromEntries(priced.stacks.map((s) => [s.stack, s.monthlyUSD])),
    );
  });

  it("on a project without stacks, says there is nothing to price", async () => {
    const result = await runMain(["-C", project(), "cost"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /nothing to price/);
  });

  it("prints the stacks, the customers with their margins, the reconciled totals, and the price facts' caveat", async () => {
    const dir = project();
    onboardBatch(dir, [
      { id: "solo", tier: "developer", regions: ["gcp:europe-west1"], members: ["a@example.com:owner"] },
      { id: "crew", tier: "team", regions: ["gcp:europe-west1"], members: ["b@example.com:owner"] },
    ]);
    const result = await runMain(["-C", dir, "cost"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /platform-gcp-europe-west1 +│ platform/);
    assert.match(result.stdout, /solo +│ developer +│ +1 │ +1 │ +\$35\.00/);
    assert.match(result.stdout, /Customers: 2 customers, \$[\d,.]+\/month: reconciled with the stacks\./);
    assert.match(result.stdout, /not checked against the clouds' live pages/);
    // Two tenants alone on a cluster sized for many: both lose money, and each is told where it breaks even.
    assert.match(result.stderr, /warning: solo \(Developer tier, 1 seat, 1 environment\) costs .* per seat/);
    assert.match(
      result.stderr,
      /warning: crew \(Team tier, 3 seats, 1 environment\) costs .* breaks even at \d+ seats\./,
    );
  });
});

describe("margins and warnings in plan and onboard", () => {
  const FOUR = ["aws:eu-west-1", "gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"].join(",");

  it("plan warns, in text and JSON, when a Cloud customer's price does not cover four environments", async () => {
    const args = [
      "plan",
      "--customer",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      FOUR,
      "--postgres",
      "--redis",
    ];
    const json = await runMain(["-C", project(), ...args, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as {
      customer: CostJson["customers"][number];
      warnings: {
        code: string;
        customer: string;
        breakEven: { seats: number; environmentFeeMonthlyUSD: number };
      }[];
    };
    assert.equal(out.customer.environments, 4);
    assert.equal(out.customer.priceMonthlyUSD, 10 * 35 + 4 * 1990);
    assert.ok(out.customer.marginMonthlyUSD < 0, `margin ${out.customer.marginMonthlyUSD}`);
    const [warning] = out.warnings;
    assert.equal(warning.code, "negative-margin");
    assert.equal(warning.customer, "acme");
    // The break-even fee covers the cost at 10 seats; the break-even seats cover it at the tier's fee.
    const cost = cents(out.customer.costMonthlyUSD);
    assert.ok(cents(warning.breakEven.environmentFeeMonthlyUSD) * 4 + 35_000 >= cost);
    assert.ok(cents(warning.breakEven.environmentFeeMonthlyUSD - 0.01) * 4 + 35_000 < cost);
    assert.ok(warning.breakEven.seats * 3500 + 4 * 199_000 >= cost);
    assert.ok((warning.breakEven.seats - 1) * 3500 + 4 * 199_000 < cost);

    const text = await runMain(["-C", project(), ...args]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Cost of acme \(Cloud tier, 10 seats, 4 environments\), monthly:/);
    assert.match(text.stdout, /price: 10 seats x \$35\.00 \+ 4 environments x \$1,990\.00/);
    assert.match(
      text.stderr,
      /^warning: acme \(Cloud tier, 10 seats, 4 environments\) costs .* it breaks even at \d+ seats, or a fee of \$[\d,.]+ per environment\.$/m,
    );
  });

  it("a batch onboarding shows each customer's margin, in text and JSON", async () => {
    const dir = project();
    const file = join(dir, "batch.yaml");
    writeFileSync(
      file,
      stringify({
        customers: [
          { id: "one", tier: "developer", regions: ["kubeconfig:local"], members: ["a@example.com:owner"] },
          { id: "two", tier: "team", regions: ["kubeconfig:local"], members: ["b@example.com:owner"] },
          { id: "three", tier: "community", regions: ["kubeconfig:local"] },
        ],
      }),
    );
    const text = await runMain(["-C", dir, "onboard", "--file", file]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /customer +│ tier +│ seats │ envs │ price\/month │ cost\/month +│ margin\/month │ margin/,
    );
    assert.match(text.stdout, /one +│ developer │ +1 │ +1 │ +\$35\.00 │ +\$0\.00\* │ +\$35\.00 │ +100%/);
    assert.match(text.stdout, /three +│ community │ +1 │ +1 │ +\$0\.00 │ +\$0\.00\* │ +free tier │ +-/);

    const json = await runMain(["-C", dir, "onboard", "--file", file, "--json"]);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      costs: { customers: { customer: string; priceMonthlyUSD: number }[] };
    };
    assert.deepEqual(
      report.costs.customers.map((c) => [c.customer, c.priceMonthlyUSD]),
      [
        ["one", 35],
        ["three", 0],
        ["two", 105],
      ],
    );
  });
});
