/**
 * Physical names of the AWS resources of one cluster, derived from the stack's base name. Pure, so the
 * limits can be checked for the longest base name a customer id can produce (see the naming tests).
 */
import { createHash } from "node:crypto";

/** AWS limits on the names cloudtier sets (characters). */
export const AWS_NAME_LIMITS = {
  eksCluster: 100,
  eksNodeGroup: 63,
  iamRole: 64,
  kmsAlias: 256,
  launchTemplate: 128,
  logGroup: 512,
} as const;

export interface AwsClusterNames {
  /** The EKS cluster: the base name itself, as `clusterNames()` in domain/naming.ts checks it. */
  readonly cluster: string;
  readonly clusterRole: string;
  readonly nodeRole: string;
  /** The VPC CNI's IRSA role. */
  readonly cniRole: string;
  readonly flowLogRole: string;
  readonly kmsAlias: string;
  readonly launchTemplate: string;
  /** EKS writes control-plane logs to exactly this group; creating it first lets cloudtier set retention. */
  readonly controlPlaneLogGroup: string;
  readonly flowLogGroup: string;
}

export function awsClusterNames(base: string): AwsClusterNames {
  return {
    cluster: base,
    clusterRole: `${base}-eks`,
    nodeRole: `${base}-node`,
    cniRole: `${base}-cni`,
    flowLogRole: `${base}-flow`,
    kmsAlias: `alias/${base}-eks`,
    launchTemplate: `${base}-nodes`,
    controlPlaneLogGroup: `/aws/eks/${base}/cluster`,
    flowLogGroup: `/aws/vpc-flow-logs/${base}`,
  };
}

/**
 * Name of the managed node group of one zone: `<base>-<zone letter>-<hash>`. The hash covers the inputs
 * that force EKS to replace a node group (instance type, AMI type), so a replacement gets a new name and
 * Pulumi can create it before deleting the old one instead of taking the zone's capacity away first.
 */
export function awsNodeGroupName(
  base: string,
  zone: string,
  regionId: string,
  replaceKey: { instanceType: string; amiType: string },
): string {
  const hash = createHash("sha256")
    .update(`${replaceKey.instanceType}/${replaceKey.amiType}`)
    .digest("hex")
    .slice(0, 4);
  return `${base}-${zoneSuffix(zone, regionId)}-${hash}`;
}

/** The zone's letter within the region: `a` for `eu-west-1a`. */
export function zoneSuffix(zone: string, regionId: string): string {
  return zone.startsWith(regionId) ? zone.slice(regionId.length) : zone;
}
