/**
 * The aws data store resources as the offline planner answers them: RDS and ElastiCache endpoints, and
 * ids in AWS's formats. Listed before the cluster's aws mocks, which win where both answer a type.
 */
import type * as pulumi from "@pulumi/pulumi";
import { mockStackRegionId } from "../../planner/mocks/stack-region.js";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
const nameOr = (args: pulumi.runtime.MockResourceArgs, key: string) => str(inputsOf(args)[key], args.name);
const ACCOUNT = "123456789012";
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${mockStackRegionId()}:${ACCOUNT}:${resource}`;

export const awsDatastoreMocks: ProviderMocks = {
  ids: {
    [TYPE.awsEc2SecurityGroup]: (_, ids: IdFactory) => `sg-${ids.hex(17)}`,
    // Since aws 6 an instance's id is its resource id, not its identifier.
    [TYPE.awsRdsInstance]: (_, ids) => `db-${ids.hex(26).toUpperCase()}`,
    [TYPE.awsRdsSubnetGroup]: (args) => nameOr(args, "name"),
    [TYPE.awsRdsParameterGroup]: (args) => nameOr(args, "name"),
    [TYPE.awsElasticacheSubnetGroup]: (args) => nameOr(args, "name"),
    [TYPE.awsElasticacheReplicationGroup]: (args) => nameOr(args, "replicationGroupId"),
  },
  outputs: {
    [TYPE.awsEc2SecurityGroup]: (_args, ids) => ({
      arn: arn("ec2", `security-group/sg-${ids.hex(17)}`),
    }),
    [TYPE.awsRdsSubnetGroup]: (args) => ({ arn: arn("rds", `subgrp:${nameOr(args, "name")}`) }),
    [TYPE.awsRdsParameterGroup]: (args) => ({ arn: arn("rds", `pg:${nameOr(args, "name")}`) }),
    [TYPE.awsElasticacheSubnetGroup]: (args) => ({
      arn: arn("elasticache", `subnetgroup:${nameOr(args, "name")}`),
    }),
    [TYPE.awsRdsInstance]: (args, ids) => {
      const identifier = nameOr(args, "identifier");
      const address = `${identifier}.c${ids.hex(11)}.${mockStackRegionId()}.rds.amazonaws.com`;
      return {
        address,
        port: 5432,
        endpoint: `${address}:5432`,
        arn: arn("rds", `db:${identifier}`),
        resourceId: `db-${ids.hex(26).toUpperCase()}`,
      };
    },
    [TYPE.awsElasticacheReplicationGroup]: (args, ids) => {
      const id = nameOr(args, "replicationGroupId");
      const host = `${id}.${ids.hex(6)}.${mockStackRegionId().replace(/-/g, "")}.cache.amazonaws.com`;
      return {
        primaryEndpointAddress: `master.${host}`,
        readerEndpointAddress: `replica.${host}`,
        arn: arn("elasticache", `replicationgroup:${id}`),
      };
    },
  },
};
