import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { cidrsOverlap, parseCidr } from "../../domain/network-plan.js";
import type { RecordedPlan } from "../../planner/types.js";
import type { ManagedCloudName } from "../../regions/index.js";
import { input, ofType, planCustomer } from "../support/plan.js";

const REGIONS = [
  "aws:eu-west-1",
  "gcp:europe-west1",
  "azure:westeurope",
  "scaleway:fr-par",
  "digitalocean:nyc3",
] as const;

/** Per cloud: the resource types of the network, the cluster and its node pools, and where the network's ranges are. */
const SHAPES: Record<
  ManagedCloudName,
  { network: string; cluster: string; pool: string; cidrs: (plan: RecordedPlan) => string[] }
> = {
  aws: {
    network: "aws:ec2/vpc:Vpc",
    cluster: "aws:eks/cluster:Cluster",
    pool: "aws:eks/nodeGroup:NodeGroup",
    cidrs: (plan) => ofType(plan, "aws:ec2/vpc:Vpc").map((r) => input<string>(r, "cidrBlock")),
  },
  gcp: {
    // A GCP network has no range of its own: its subnetworks carry them.
    network: "gcp:compute/subnetwork:Subnetwork",
    cluster: "gcp:container/cluster:Cluster",
    pool: "gcp:container/nodePool:NodePool",
    cidrs: (plan) =>
      ofType(plan, "gcp:compute/subnetwork:Subnetwork").map((r) => input<string>(r, "ipCidrRange")),
  },
  azure: {
    network: "azure-native:network:VirtualNetwork",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    cidrs: (plan) =>
      ofType(plan, "azure-native:network:VirtualNetwork").flatMap((r) =>
        input<string[]>(r, "addressSpace.addressPrefixes"),
      ),
  },
  scaleway: {
    network: "scaleway:network/privateNetwork:PrivateNetwork",
    cluster: "scaleway:kubernetes/cluster:Cluster",
    pool: "scaleway:kubernetes/pool:Pool",
    cidrs: (plan) =>
      ofType(plan, "scaleway:network/privateNetwork:PrivateNetwork").map((r) =>
        input<string>(r, "ipv4Subnet.subnet"),
      ),
  },
  digitalocean: {
    network: "digitalocean:index/vpc:Vpc",
    cluster: "digitalocean:index/kubernetesCluster:KubernetesCluster",
    // DOKS's first node pool is part of the cluster resource.
    pool: "digitalocean:index/kubernetesCluster:KubernetesCluster",
    cidrs: (plan) => ofType(plan, "digitalocean:index/vpc:Vpc").map((r) => input<string>(r, "ipRange")),
  },
};

describe("a cloud-tier customer in five clouds", () => {
  let plans: RecordedPlan[];
  before(async () => {
    plans = await planCustomer({ tier: "cloud", regions: [...REGIONS] });
  });

  it("gets one environment stack per region, named acme-<cloud>-<region>", () => {
    assert.deepEqual(plans.map((p) => p.stack).sort(), [
      "acme-aws-eu-west-1",
      "acme-azure-westeurope",
      "acme-digitalocean-nyc3",
      "acme-gcp-europe-west1",
      "acme-scaleway-fr-par",
    ]);
    for (const plan of plans) assert.equal(plan.kind, "environment");
  });

  it("has a network, a cluster and node pools in every stack", () => {
    for (const plan of plans) {
      const shape = SHAPES[plan.cloud as ManagedCloudName];
      assert.ok(shape, `${plan.stack} is on a managed cloud`);
      assert.ok(ofType(plan, shape.network).length >= 1, `${plan.stack} has a ${shape.network}`);
      assert.equal(ofType(plan, shape.cluster).length, 1, `${plan.stack} has one ${shape.cluster}`);
      assert.ok(ofType(plan, shape.pool).length >= 1, `${plan.stack} has node pools (${shape.pool})`);
    }
  });

  it("plans network ranges that do not overlap between regions", () => {
    const ranges = plans.flatMap((plan) =>
      SHAPES[plan.cloud as ManagedCloudName].cidrs(plan).map((cidr) => ({ stack: plan.stack, cidr })),
    );
    assert.equal(new Set(ranges.map((r) => r.stack)).size, REGIONS.length, "every stack plans a range");
    for (const { stack, cidr } of ranges) {
      assert.doesNotThrow(() => parseCidr(cidr), `${stack} plans a CIDR, got ${cidr}`);
    }
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) {
        if (a.stack === b.stack) continue;
        assert.ok(!cidrsOverlap(a.cidr, b.cidr), `${a.stack} ${a.cidr} overlaps ${b.stack} ${b.cidr}`);
      }
    }
  });
});
