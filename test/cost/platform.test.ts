/**
 * The share model: a region's platform cluster sized for the tenants of all its shards, and split over
 * them so that the shares of each stack sum to its cost, every shard's tenants pay, and the stacks of a
 * region sum to its cluster plus its tenants' own lines. Property tests over random tenant sets, tiers,
 * quota overrides, own lines and shard counts; literal values where a figure is worked by hand.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { priceBook } from "../../cost/book.js";
import { type CostItem, type StackCost, estimateStackCost } from "../../cost/estimate.js";
import { priceRegion, splitCents } from "../../cost/platform.js";
import { nodesFor, sizeCluster, spreadNodes, tenantDemand } from "../../cost/sizing.js";
import type { StackConfigInput } from "../../domain/stack-config.js";
import { SHARED_TIERS, TIER_SPECS } from "../../domain/tiers.js";
import type { PlannedResource } from "../../planner/types.js";
import { CATALOG } from "../../regions/index.js";

const res = (type: string, name: string, inputs: Record<string, unknown>): PlannedResource => ({
  urn: `urn:pulumi:s::cloudtier::${type}::${name}`,
  type,
  name,
  parent: null,
  provider: null,
  custom: true,
  protect: false,
  inputs,
});

/** The priced resources of an AWS platform cluster as the component declares them (eu-west-1). */
function awsCluster(): PlannedResource[] {
  return [
    res("aws:eks/cluster:Cluster", "eks", { version: "1.35", upgradePolicy: { supportType: "STANDARD" } }),
    ...["a", "b", "c"].flatMap((z) => [
      res("aws:eks/nodeGroup:NodeGroup", `nodes-${z}`, {
        instanceTypes: ["m7i.2xlarge"],
        scalingConfig: { minSize: 1, maxSize: 30, desiredSize: 1 },
        diskSize: 100,
      }),
      res("aws:ec2/eip:Eip", `nat-ip-${z}`, { domain: "vpc" }),
      res("aws:ec2/natGateway:NatGateway", `nat-${z}`, {}),
    ]),
  ];
}

const clusterCost = (): StackCost =>
  estimateStackCost({
    stack: "platform-aws-eu-west-1",
    kind: "platform",
    cloud: "aws",
    region: "eu-west-1",
    resources: awsCluster(),
  });

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const cents = (usd: number) => Math.round(usd * 100);

describe("a tenant's demand", () => {
  it("is its quota requests over its tier's overcommit ratio, with the tier's assumed egress", () => {
    // Developer: 2 vCPU and 4 GiB of requests at 5:1; 20 GiB of egress a month.
    assert.deepEqual(tenantDemand({ tier: "developer" }), { vcpu: 0.4, memoryGiB: 0.8, egressGiB: 20 });
    // Team, its CPU requests raised to 16 vCPU: 3.2 vCPU.
    assert.equal(tenantDemand({ tier: "team", quota: { requestsCpuMillis: 16000 } }).vcpu, 3.2);
  });
});

describe("sizing a platform cluster", () => {
  it("needs whole nodes for the larger of vCPU and memory, on the schedulable share of each", () => {
    const m7i = CATALOG.aws.regions["eu-west-1"].machines.large;
    // 300 vCPU on 8-vCPU nodes of which 90% is schedulable: 41.7, so 42 nodes.
    assert.equal(nodesFor({ vcpu: 300, memoryGiB: 100, egressGiB: 0 }, m7i, 0.9), 42);
    // Memory dominates: 600 GiB on 28.8 GiB each is 20.8, so 21.
    assert.equal(nodesFor({ vcpu: 10, memoryGiB: 600, egressGiB: 0 }, m7i, 0.9), 21);
    assert.equal(nodesFor({ vcpu: 7.2, memoryGiB: 0, egressGiB: 0 }, m7i, 0.9), 1);
  });

  it("spreads nodes over the zones' pools in turn, within their bounds", () => {
    const zones = [
      { min: 1, max: 30 },
      { min: 1, max: 30 },
      { min: 1, max: 30 },
    ];
    assert.deepEqual(spreadNodes(zones, 3), [1, 1, 1]);
    assert.deepEqual(spreadNodes(zones, 34), [12, 11, 11]);
    assert.deepEqual(spreadNodes(zones, 200), [30, 30, 30]);
  });

  it("150 Team tenants in Ireland: 34 nodes, their disks, and NAT processing of 15,000 GiB", () => {
    const demand = { vcpu: 150 * 1.6, memoryGiB: 150 * 3.2, egressGiB: 150 * 100 };
    const prices = CATALOG.aws.regions["eu-west-1"].prices;
    const { items, sizing } = sizeCluster(clusterCost().items, demand, 150, prices);
    // 240 vCPU / 7.2 = 33.3: 34 nodes, 12 + 11 + 11; m7i.2xlarge at $0.4474/h is $326.602 a month.
    assert.equal(sizing.nodes, 34);
    assert.equal(sizing.capped, false);
    const amount = (pattern: RegExp) =>
      items.filter((i) => pattern.test(i.description)).map((i: CostItem) => i.monthlyUSD);
    assert.deepEqual(amount(/^node group nodes-.: /), [3919.22, 3592.62, 3592.62]);
    // 100 GiB root volumes at $0.088/GiB-month: $105.60 for 12 nodes, $96.80 for 11.
    assert.deepEqual(amount(/nodes-. disks/), [105.6, 96.8, 96.8]);
    // 15,000 GiB at $0.048/GiB through the NAT gateways.
    assert.deepEqual(amount(/^NAT data processing/), [720]);
    // Control plane, NAT gateways and their addresses stay as planned.
    assert.deepEqual(amount(/^EKS control plane/), [73]);
    assert.deepEqual(amount(/^NAT gateway/), [35.04, 35.04, 35.04]);
    assert.deepEqual(amount(/^Elastic IP/), [3.65, 3.65, 3.65]);
  });

  it("stops at the autoscaler's maximum and says the requests do not fit", () => {
    const demand = { vcpu: 1000, memoryGiB: 0, egressGiB: 0 };
    const { sizing } = sizeCluster(clusterCost().items, demand, 500, CATALOG.aws.regions["eu-west-1"].prices);
    assert.deepEqual([sizing.nodesNeeded, sizing.nodes, sizing.capped], [139, 90, true]);
  });
});

describe("splitting cents", () => {
  it("adds up exactly, each part within a cent of its exact share (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (total, weights) => {
          const parts = splitCents(total, weights);
          assert.equal(sum(parts), total);
          const w = sum(weights);
          parts.forEach((p, i) => {
            assert.ok(p >= 0);
            const exact = w > 0 ? (total * weights[i]) / w : total / weights.length;
            assert.ok(Math.abs(p - exact) < 1 + 1e-6, `${p} vs ${exact}`);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A region of random shards of random tenants, each tenant with random own lines (volumes). */
const tenantArb = fc.record({
  tier: fc.constantFrom(...SHARED_TIERS),
  cpuShare: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
  volumeGiB: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
});
const regionArb = fc.array(fc.array(tenantArb, { maxLength: 40 }), { minLength: 1, maxLength: 5 });

function book(shards: (typeof tenantArb extends fc.Arbitrary<infer T> ? T : never)[][]) {
  const configs = new Map<string, StackConfigInput>();
  const costs = new Map<string, StackCost>();
  let n = 0;
  shards.forEach((tenants, shard) => {
    const name = shard === 0 ? "platform-aws-eu-west-1" : `platform-aws-eu-west-1-${shard}`;
    const config = tenants.map((t) => {
      const id = `t${n++}`;
      const max = TIER_SPECS[t.tier].quotaMax.requestsCpuMillis;
      return {
        id,
        tier: t.tier,
        members: [],
        ...(t.cpuShare !== undefined ? { quota: { requestsCpuMillis: Math.round(max * t.cpuShare) } } : {}),
        volumeGiB: t.volumeGiB,
      };
    });
    configs.set(name, {
      kind: "platform",
      region: "aws:eu-west-1",
      ...(shard > 0 ? { shard } : {}),
      tenants: config.map(({ volumeGiB: _v, ...t }) => t),
    });
    const resources = [
      ...(shard === 0 ? awsCluster() : []),
      ...config.flatMap((t) =>
        t.volumeGiB === undefined
          ? []
          : [
              res("kubernetes:core/v1:PersistentVolumeClaim", `${t.id}-data`, {
                metadata: { namespace: t.id },
                spec: { resources: { requests: { storage: `${t.volumeGiB}Gi` } } },
              }),
            ],
      ),
    ];
    costs.set(
      name,
      estimateStackCost({ stack: name, kind: "platform", cloud: "aws", region: "eu-west-1", resources }),
    );
  });
  return {
    book: priceBook({ stacks: [...configs.keys()], configOf: (s) => configs.get(s), costs }),
    configs,
    costs,
  };
}

describe("shares of a region's platform (property)", () => {
  it("the shares of each stack sum to its cost; the stacks to the cluster plus the tenants' own lines", () => {
    fc.assert(
      fc.property(regionArb, (shards) => {
        const { book: b, costs } = book(shards);
        const tenants = shards.flat().length;
        const owner = b.stacks[0].platform!;
        const clusterCents = cents(owner.clusterMonthlyUSD);
        const ownCents = sum(
          [...costs.values()].flatMap((c) => c.items.filter((i) => i.tenant).map((i) => cents(i.monthlyUSD))),
        );
        for (const stack of b.stacks) {
          // Each stack: what its customers pay, plus idle cost, is its cost, to the cent.
          assert.equal(
            sum(stack.customers.map((c) => cents(c.monthlyUSD))) + cents(stack.platform!.idleMonthlyUSD),
            cents(stack.monthlyUSD),
            stack.stack,
          );
          assert.equal(stack.customers.length, stack.platform!.tenants);
        }
        // Every shard is priced, and all of them together are the cluster and the own lines, once each.
        assert.equal(b.stacks.length, shards.length);
        assert.equal(sum(b.stacks.map((s) => cents(s.monthlyUSD))), clusterCents + ownCents);
        assert.ok(b.totals.reconciled);
        assert.equal(b.totals.customers, tenants);
        assert.equal(cents(b.totals.idleMonthlyUSD), tenants === 0 ? clusterCents : 0);
        // Every tenant pays a part of the cluster, later shards' tenants as much as shard 0's for the same demand.
        const parts = b.stacks.flatMap((s) => s.customers.map((c) => ({ ...c, stack: s.stack })));
        for (const c of b.customers) assert.ok(c.costMonthlyUSD > 0, `${c.customer} pays`);
        assert.equal(parts.length, tenants);
      }),
      { numRuns: 150 },
    );
  });

  it("tenants of the same demand pay the same part, whichever shard holds them (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 60 }), (shards, perShard) => {
        const tenants = Array.from({ length: shards }, () =>
          Array.from({ length: perShard }, () => ({
            tier: "developer" as const,
            cpuShare: undefined,
            volumeGiB: undefined,
          })),
        );
        const { book: b } = book(tenants);
        const amounts = b.customers.map((c) => cents(c.costMonthlyUSD));
        assert.ok(Math.max(...amounts) - Math.min(...amounts) <= 1, JSON.stringify(amounts));
      }),
      { numRuns: 50 },
    );
  });

  it("a region without tenants is idle cost, carried by shard 0", () => {
    const { book: b } = book([[]]);
    assert.equal(b.customers.length, 0);
    assert.ok(b.stacks[0].monthlyUSD > 0);
    assert.equal(b.totals.idleMonthlyUSD, b.stacks[0].monthlyUSD);
    assert.ok(b.totals.reconciled);
  });

  it("an existing cluster prices nothing and attributes nothing", () => {
    const cost = estimateStackCost({
      stack: "platform-kubeconfig-local",
      kind: "platform",
      cloud: "kubeconfig",
      region: "local",
      resources: [],
    });
    const region = priceRegion(
      cost,
      [{ stack: "platform-kubeconfig-local", shard: 0, tenants: [{ id: "a", tier: "team" }] }],
      CATALOG.kubeconfig.regions.local.prices,
    );
    assert.equal(region.estimated, false);
    assert.deepEqual(
      region.tenants.map((t) => t.clusterCents),
      [0],
    );
  });
});
