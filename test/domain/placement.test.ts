import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Customer, parseCustomer } from "../../domain/customer.js";
import { InputError } from "../../domain/errors.js";
import { platformStackName } from "../../domain/naming.js";
import type { StackConfigInput } from "../../domain/stack-config.js";
import {
  DEFAULT_TENANTS_PER_SHARD,
  SHARD_GAP_PROBE,
  placeTenant,
  platformShards,
  shardOfStackName,
  stacksForCustomer,
} from "../../domain/placement.js";
import type { RegionRef } from "../../regions/index.js";

const AWS: RegionRef = { cloud: "aws", region: "eu-west-1" };
const LOCAL: RegionRef = { cloud: "kubeconfig", region: "local" };
const TIERS = ["community", "developer", "team"] as const;

function customer(id: string, tier: (typeof TIERS)[number] = "team", regions = ["aws:eu-west-1"]): Customer {
  return parseCustomer({ id, tier, regions });
}

/** The stack files of a project, as onboarding sees them: configs by stack name. */
class Stacks {
  readonly configs = new Map<string, StackConfigInput>();
  readonly lookup = (name: string) => this.configs.get(name);

  onboard(c: Customer, options: { tenantsPerShard?: number } = {}): string[] {
    const specs = stacksForCustomer(c, this.lookup, options);
    for (const spec of specs) this.configs.set(spec.name, spec.config);
    return specs.map((s) => s.name);
  }

  offboard(id: string): void {
    for (const [name, config] of this.configs) {
      if (config.kind === "platform") {
        this.configs.set(name, { ...config, tenants: (config.tenants ?? []).filter((t) => t.id !== id) });
      }
    }
  }

  /** Tenant ids of each shard of a region, in shard order. */
  shards(ref: RegionRef): string[][] {
    return platformShards(ref, this.lookup).map((s) => (s.config.tenants ?? []).map((t) => t.id));
  }
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

describe("placing a tenant in a shard", () => {
  it("keeps a tenant in the shard that holds it, whatever the size limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 12 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        (raw, perShard, pick) => {
          // Every id in one shard only, as the layout guarantees.
          const seen = new Set<number>();
          const shards = raw.map((s) => s.filter((n) => !seen.has(n) && seen.add(n)).map((n) => `t${n}`));
          const all = shards.flatMap((s, i) => s.map((id) => [id, i] as const));
          fc.pre(all.length > 0);
          const [id, holder] = all[pick % all.length];
          assert.equal(placeTenant(shards, id, perShard), holder);
        },
      ),
    );
  });

  it("puts a new tenant in the first shard with room, or in a new shard after the last", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 8 }),
        (sizes, perShard) => {
          const shards = sizes.map((n, s) => Array.from({ length: n }, (_, i) => `s${s}-${i}`));
          const placed = placeTenant(shards, "new", perShard);
          const firstWithRoom = shards.findIndex((ids) => ids.length < perShard);
          assert.equal(placed, firstWithRoom >= 0 ? firstWithRoom : shards.length);
        },
      ),
    );
  });
});

describe("onboarding shared-tier customers into sharded platform stacks", () => {
  it("fills shards in order, none beyond its size, each tenant in exactly one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 12 }), (n, perShard) => {
        const stacks = new Stacks();
        stacks.configs.set(platformStackName(AWS), {
          kind: "platform",
          region: "aws:eu-west-1",
          tenantsPerShard: perShard,
        });
        for (const id of ids(n)) stacks.onboard(customer(id, TIERS[id.length % 3]));
        const shards = stacks.shards(AWS);
        assert.equal(shards.length, Math.ceil(n / perShard));
        assert.deepEqual(shards.flat().sort(), ids(n).sort());
        shards.forEach((tenants, i) =>
          assert.equal(tenants.length, i < shards.length - 1 ? perShard : n - perShard * (shards.length - 1)),
        );
        // A later shard says which it is, so the program never takes it for the cluster's owner.
        for (const s of platformShards(AWS, stacks.lookup)) {
          assert.equal(s.config.kind, "platform");
          if (s.shard > 0) assert.equal((s.config as { shard?: number }).shard, s.shard);
          assert.equal(shardOfStackName(AWS, s.name), s.shard);
        }
      }),
    );
  });

  it("keeps every tenant where it is when customers change or leave, and fills the gaps first", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 15 }),
        fc.integer({ min: 0, max: 15 }),
        (n, perShard, leaving, newcomers) => {
          const stacks = new Stacks();
          for (const id of ids(n)) stacks.onboard(customer(id), { tenantsPerShard: perShard });
          const before = stacks.shards(AWS);
          const shardOf = (id: string, shards: string[][]) => shards.findIndex((s) => s.includes(id));

          // Re-onboarding with a changed spec: nothing moves.
          for (const id of ids(n))
            stacks.onboard(parseCustomer({ id, tier: "developer", regions: ["aws:eu-west-1"] }));
          assert.deepEqual(stacks.shards(AWS), before);

          const gone = new Set(leaving.map((i) => `c${i % n}`));
          for (const id of gone) stacks.offboard(id);
          const room = stacks.shards(AWS).map((s) => perShard - s.length);
          const added = Array.from({ length: newcomers }, (_, i) => `new${i}`);
          for (const id of added) stacks.onboard(customer(id));
          const after = stacks.shards(AWS);

          for (const id of ids(n).filter((id) => !gone.has(id))) {
            assert.equal(shardOf(id, after), shardOf(id, before), `${id} moved`);
          }
          assert.ok(after.every((s) => s.length <= perShard));
          // Newcomers took the free places in shard order before any new shard was made.
          const expected: number[] = [];
          room.forEach((free, shard) => expected.push(...Array<number>(free).fill(shard)));
          added.forEach((id, i) => {
            const want =
              i < expected.length
                ? expected[i]
                : before.length + Math.floor((i - expected.length) / perShard);
            assert.equal(shardOf(id, after), want, `${id}`);
          });
        },
      ),
    );
  });

  it("uses shard 0's tenantsPerShard, then the default, and records a size given when shard 0 is created", () => {
    const stacks = new Stacks();
    assert.deepEqual(stacks.onboard(customer("a"), { tenantsPerShard: 2 }), ["platform-aws-eu-west-1"]);
    assert.equal(
      (stacks.configs.get("platform-aws-eu-west-1") as { tenantsPerShard?: number }).tenantsPerShard,
      2,
    );
    stacks.onboard(customer("b"));
    assert.deepEqual(stacks.onboard(customer("c")), ["platform-aws-eu-west-1-1"]);

    const fresh = new Stacks();
    for (const id of ids(DEFAULT_TENANTS_PER_SHARD)) fresh.onboard(customer(id));
    assert.deepEqual(fresh.onboard(customer("one-more")), ["platform-aws-eu-west-1-1"]);
    assert.equal(
      (fresh.configs.get("platform-aws-eu-west-1") as { tenantsPerShard?: number }).tenantsPerShard,
      undefined,
    );
  });

  it("shards each region on its own", () => {
    const stacks = new Stacks();
    for (const id of ids(3))
      stacks.onboard(customer(id, "team", ["aws:eu-west-1", "kubeconfig:local"]), { tenantsPerShard: 2 });
    assert.deepEqual(stacks.shards(AWS), [["c0", "c1"], ["c2"]]);
    assert.deepEqual(stacks.shards(LOCAL), [["c0", "c1"], ["c2"]]);
  });

  it("rejects a layout with a missing shard before a later one, naming the missing file", () => {
    const stacks = new Stacks();
    for (const id of ids(5)) stacks.onboard(customer(id), { tenantsPerShard: 1 });
    stacks.configs.delete("platform-aws-eu-west-1-2");
    assert.throws(
      () => stacks.onboard(customer("late")),
      (err: unknown) =>
        err instanceof InputError && err.problems[0].field === "stacks/Pulumi.platform-aws-eu-west-1-2.yaml",
    );
    // A gap further than the probe reaches is not looked for.
    const far = new Stacks();
    far.onboard(customer("a"));
    far.configs.set(platformStackName(AWS, SHARD_GAP_PROBE + 2), {
      kind: "platform",
      region: "aws:eu-west-1",
    });
    assert.deepEqual(far.onboard(customer("b")), ["platform-aws-eu-west-1"]);
  });
});

describe("shard numbers in stack names", () => {
  it("reads back the shard of every platform stack name of the region, and nothing else", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (shard) => {
        assert.equal(shardOfStackName(AWS, platformStackName(AWS, shard)), shard);
        assert.equal(shardOfStackName(LOCAL, platformStackName(AWS, shard)), undefined);
      }),
    );
    for (const name of [
      "platform-aws-eu-west-1-01",
      "platform-aws-eu-west-1-x",
      "platform-aws-eu-west-1-",
      "acme-aws-eu-west-1",
    ]) {
      assert.equal(shardOfStackName(AWS, name), undefined, name);
    }
  });
});
