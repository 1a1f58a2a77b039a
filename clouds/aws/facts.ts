/**
 * What an AWS plan provides, read back from it: the EKS cluster's zones, control plane and nodes, and
 * what RDS and ElastiCache stores are and cost. Pure, over planned resources.
 */
import { type CloudFacts, distinct, get, num, ofType, sum } from "../../analysis/facts.js";
import { TYPE } from "../tokens.js";

type Inputs = Record<string, unknown>;

export const awsFacts: CloudFacts = {
  cluster: (plan) => {
    const privateSubnets = ofType(plan, TYPE.awsEc2Subnet).filter(
      (s) => (get(s, "tags") as Inputs | undefined)?.["kubernetes.io/role/internal-elb"] !== undefined,
    );
    const groups = ofType(plan, TYPE.awsEksNodeGroup);
    return {
      zones: distinct(privateSubnets.map((s) => get(s, "availabilityZone"))),
      // EKS runs every control plane over three zones under its SLA; there is no cheaper tier.
      controlPlaneSla: ofType(plan, TYPE.awsEksCluster).length > 0,
      minNodes: sum(groups.map((g) => num(get(g, "scalingConfig.minSize")))),
    };
  },
  stores: {
    [TYPE.awsRdsInstance]: (r) => {
      const copies = get(r, "multiAz") === true ? 2 : 1;
      return {
        kind: "postgres",
        managed: true,
        ha: copies === 2,
        replicas: copies,
        backupRetentionDays: num(get(r, "backupRetentionPeriod")),
        billing: {
          label: `RDS ${r.name}${copies > 1 ? " (Multi-AZ)" : ""}`,
          className: get(r, "instanceClass"),
          copies,
          storageGiB: get(r, "allocatedStorage") as number | undefined,
        },
      };
    },
    [TYPE.awsElasticacheReplicationGroup]: (r) => {
      const nodes =
        get(r, "numCacheClusters") !== undefined
          ? num(get(r, "numCacheClusters"))
          : num(get(r, "numNodeGroups") ?? 1) * (1 + num(get(r, "replicasPerNodeGroup")));
      return {
        kind: "redis",
        managed: true,
        ha: get(r, "multiAzEnabled") === true && get(r, "automaticFailoverEnabled") === true && nodes >= 2,
        replicas: nodes,
        backupRetentionDays: num(get(r, "snapshotRetentionLimit")),
        billing: {
          label: `ElastiCache ${r.name}, ${nodes} node${nodes === 1 ? "" : "s"}`,
          className: get(r, "nodeType"),
          copies: nodes,
        },
      };
    },
  },
};
