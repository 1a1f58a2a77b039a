/**
 * The aws data store resources as the offline planner answers them: RDS and ElastiCache endpoints, and
 * ids in AWS's formats. Listed before the cluster's aws mocks, which win where both answer a type.
 */
import type * as pulumi from "@pulumi/pulumi";
import { mockStackRegionId } from "./stack-region.js";
import type { IdFactory, ProviderMocks } from "./types.js";

/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
const nameOr = (args: pulumi.runtime.MockResourceArgs, key: string) => str(inputsOf(args)[key], args.name);
const ACCOUNT = "123456789012";
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${mockStackRegionId()}:${ACCOUNT}:${resource}`;

export const awsDatastoreMocks: ProviderMocks = {
  ids: {
    "aws:ec2/securityGroup:SecurityGroup": (_, ids: IdFactory) => `sg-${ids.hex(17)}`,
    // Since aws 6 an instance's id is its resource id, not its identifier.
    "aws:rds/instance:Instance": (_, ids) => `db-${ids.hex(26).toUpperCase()}`,
    "aws:rds/subnetGroup:SubnetGroup": (args) => nameOr(args, "name"),
    "aws:rds/parameterGroup:ParameterGroup": (args) => nameOr(args, "name"),
    "aws:elasticache/subnetGroup:SubnetGroup": (args) => nameOr(args, "name"),
    "aws:elasticache/replicationGroup:ReplicationGroup": (args) => nameOr(args, "replicationGroupId"),
  },
  outputs: {
    "aws:ec2/securityGroup:SecurityGroup": (_args, ids) => ({
      arn: arn("ec2", `security-group/sg-${ids.hex(17)}`),
    }),
    "aws:rds/subnetGroup:SubnetGroup": (args) => ({ arn: arn("rds", `subgrp:${nameOr(args, "name")}`) }),
    "aws:rds/parameterGroup:ParameterGroup": (args) => ({ arn: arn("rds", `pg:${nameOr(args, "name")}`) }),
    "aws:elasticache/subnetGroup:SubnetGroup": (args) => ({
      arn: arn("elasticache", `subnetgroup:${nameOr(args, "name")}`),
    }),
    "aws:rds/instance:Instance": (args, ids) => {
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
    "aws:elasticache/replicationGroup:ReplicationGroup": (args, ids) => {
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
