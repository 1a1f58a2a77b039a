/**
 * The gcp data store resources as the offline planner answers them: Cloud SQL and Memorystore private
 * addresses and CA certificates, Memorystore's generated AUTH string (a secret, as the provider marks it).
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import {
  mockCertificate,
  mockPrivateIp,
  mockStackRegionId,
  mockUuid,
} from "../../planner/mocks/stack-region.js";
import type { ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

const PROJECT = "cloudtier-example";
const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
const nameOf = (args: pulumi.runtime.MockResourceArgs) => str(inputsOf(args)["name"], args.name);

export const gcpDatastoreMocks: ProviderMocks = {
  ids: {
    [TYPE.gcpComputeGlobalAddress]: (args) => `projects/${PROJECT}/global/addresses/${nameOf(args)}`,
    [TYPE.gcpSqlDatabaseInstance]: (args) => nameOf(args),
    [TYPE.gcpRedisInstance]: (args) =>
      `projects/${PROJECT}/locations/${mockStackRegionId()}/instances/${nameOf(args)}`,
  },
  outputs: {
    [TYPE.gcpComputeGlobalAddress]: (args) => ({
      selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/global/addresses/${nameOf(args)}`,
    }),
    [TYPE.gcpServicenetworkingConnection]: () => ({ peering: "servicenetworking-googleapis-com" }),
    [TYPE.gcpSqlDatabaseInstance]: (args, ids) => ({
      privateIpAddress: mockPrivateIp((n) => ids.hex(n)),
      connectionName: `${PROJECT}:${mockStackRegionId()}:${nameOf(args)}`,
      selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${PROJECT}/instances/${nameOf(args)}`,
      serverCaCerts: [{ cert: mockCertificate((n) => ids.hex(n)), sha1Fingerprint: ids.hex(40) }],
    }),
    [TYPE.gcpRedisInstance]: (_args, ids) => ({
      host: mockPrivateIp((n) => ids.hex(n)),
      // With in-transit encryption Memorystore serves TLS on 6378.
      port: 6378,
      authString: secret(mockUuid((n) => ids.hex(n))),
      serverCaCerts: [{ cert: mockCertificate((n) => ids.hex(n)), sha1Fingerprint: ids.hex(40) }],
    }),
  },
};
