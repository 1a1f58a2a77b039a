/**
 * The scaleway data store resources as the offline planner answers them: `<region or zone>/<uuid>` ids,
 * private network addresses from IPAM and the CA certificates.
 */
import {
  mockCertificate,
  mockPrivateIp,
  mockStackRegionId,
  mockUuid,
} from "../../planner/mocks/stack-region.js";
import type { ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

export const scalewayDatastoreMocks: ProviderMocks = {
  ids: {
    [TYPE.scwDatabasesInstance]: (_, ids) => `${mockStackRegionId()}/${mockUuid((n) => ids.hex(n))}`,
    [TYPE.scwDatabasesDatabase]: (args, ids) =>
      `${mockStackRegionId()}/${mockUuid((n) => ids.hex(n))}/${str(inputsOf(args)["name"], args.name)}`,
    [TYPE.scwRedisCluster]: (args, ids) =>
      `${str(inputsOf(args)["zone"], `${mockStackRegionId()}-1`)}/${mockUuid((n) => ids.hex(n))}`,
  },
  outputs: {
    [TYPE.scwDatabasesInstance]: (args, ids) => {
      const pn = (inputsOf(args)["privateNetwork"] ?? {}) as Record<string, unknown>;
      return {
        privateNetwork: {
          ...pn,
          ip: mockPrivateIp((n) => ids.hex(n), "172"),
          port: 5432,
          hostname: `${str(inputsOf(args)["name"], args.name)}.internal`,
        },
        certificate: mockCertificate((n) => ids.hex(n)),
      };
    },
    [TYPE.scwRedisCluster]: (_args, ids) => ({
      privateIps: [{ id: mockUuid((n) => ids.hex(n)), address: mockPrivateIp((n) => ids.hex(n), "172") }],
      certificate: mockCertificate((n) => ids.hex(n)),
    }),
  },
};
