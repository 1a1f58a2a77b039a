/**
 * How the cost estimate prices an AWS stack's own resources: the EKS control plane (extended support where
 * the cluster stays on a version past standard support), node groups with their bounds and root volumes,
 * NAT gateways, Elastic IPs, load balancers and EBS volumes. RDS and ElastiCache are priced from their
 * facts (`facts.ts`). Pure.
 */
import type * as aws from "@pulumi/aws";
import type { Props } from "../../policy/rules/support.js";
import {
  type CloudPricers,
  type PricingContext,
  acceptsTenants,
  disks,
  network,
  num,
  pool,
  props,
  publicIps,
  rate,
  versionSupport,
} from "../../cost/pricers.js";
import { isType } from "../tokens.js";
import { monthlyCents } from "../../cost/rates.js";

/** Size of an EKS node's root volume: the node group's diskSize, or the stack's one launch template's. */
function eksNodeDiskGiB(group: Props<aws.eks.NodeGroupArgs>, ctx: PricingContext): number | undefined {
  if (group.diskSize) return group.diskSize;
  if (!group.launchTemplate) return 20;
  const templates = ctx.resources.filter((r) => isType(r.type, "awsLaunchTemplate"));
  if (templates.length !== 1) return undefined;
  const mappings = props<aws.ec2.LaunchTemplateArgs>(templates[0]).blockDeviceMappings ?? [];
  return mappings.reduce((sum, m) => sum + (m.ebs?.volumeSize ?? 0), 0) || undefined;
}

export const awsPricers: CloudPricers = [
  [
    "eksCluster",
    (r, ctx) => {
      const cluster = props<aws.eks.ClusterArgs>(r);
      // EXTENDED is the EKS API's default: a cluster that does not say STANDARD stays on its version.
      const extended = (cluster.upgradePolicy?.supportType ?? "EXTENDED") === "EXTENDED";
      const support = versionSupport("EKS", cluster.version, extended, ctx.prices.clusterHourlyUSD, ctx);
      return [
        {
          category: "cluster",
          description: `EKS control plane${support.suffix}, ${rate(support.hourly)}`,
          cents: monthlyCents(support.hourly),
        },
        ...support.notes,
      ];
    },
  ],
  [
    "eksNodeGroup",
    (r, ctx) => {
      const group = props<aws.eks.NodeGroupArgs>(r);
      const scaling = group.scalingConfig;
      const count = scaling?.desiredSize ?? scaling?.minSize ?? 1;
      const bounds = {
        pool: r.urn,
        min: scaling?.minSize ?? count,
        max: scaling?.maxSize ?? count,
        tenantPods: acceptsTenants((group.taints ?? []).map((t) => t.effect)),
        diskGiB: eksNodeDiskGiB(group, ctx),
      };
      return pool(
        `node group ${r.name}`,
        group.instanceTypes?.[0],
        count,
        ctx,
        bounds,
        `node group ${r.name} root volumes`,
      );
    },
  ],
  ["awsNatGateway", (r, ctx) => network("nat", `NAT gateway ${r.name}`, ctx)],
  ["awsEip", (r, ctx) => publicIps(`Elastic IP ${r.name}`, 1, ctx)],
  ["awsLoadBalancer", (r, ctx) => network("lb", `load balancer ${r.name}`, ctx)],
  ["awsVolume", (r, ctx) => disks(`EBS volume ${r.name}`, num(r.inputs["size"]), 1, ctx)],
];
