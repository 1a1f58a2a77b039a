/**
 * The scaleway data store resources as the offline planner answers them: `<region or zone>/<uuid>` ids,
 * private network addresses from IPAM and the CA certificates.
 */
import { mockCertificate, mockPrivateIp, mockStackRegionId, mockUuid } from "./stack-region.js";
import type { ProviderMocks } from "./types.js";

const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

export const scalewayDatastoreMocks: ProviderMocks = {
  ids: {
    "scaleway:databases/instance:Instance": (_, ids) =>
      `${mockStackRegionId()}/${mockUuid((n) => ids.hex(n))}`,
    "scaleway:databases/database:Database": (args, ids) =>
      `${mockStackRegionId()}/${mockUuid((n) => ids.hex(n))}/${str(inputsOf(args)["name"], args.name)}`,
    "scaleway:redis/cluster:Cluster": (args, ids) =>
      `${str(inputsOf(args)["zone"], `${mockStackRegionId()}-1`)}/${mockUuid((n) => ids.hex(n))}`,
  },
  outputs: {
    "scaleway:databases/instance:Instance": (args, ids) => {
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
    "scaleway:redis/cluster:Cluster": (_args, ids) => ({
      privateIps: [{ id: mockUuid((n) => ids.hex(n)), address: mockPrivateIp((n) => ids.hex(n), "172") }],
      certificate: mockCertificate((n) => ids.hex(n)),
    }),
  },
};
