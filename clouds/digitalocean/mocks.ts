/**
 * The DigitalOcean provider as the planner's mocks answer it: UUID ids and the computed outputs the
 * program reads (the cluster's endpoint and CA, the databases' private hosts, ports and passwords).
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import { mockPassword } from "../../planner/mocks/random.js";
import { mockCertificate, mockUuid } from "../../planner/mocks/stack-region.js";
import type { IdFactory, OutputMock, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

type Args = pulumi.runtime.MockResourceArgs;
const inputsOf = (args: Args) => args.inputs as Record<string, unknown>;
const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
const uuid = (_args: Args, ids: IdFactory) => mockUuid((n) => ids.hex(n));

/** DigitalOcean's database ports: PostgreSQL and Valkey listen on their own. */
export const DO_DATABASE_PORTS = { pg: 25060, valkey: 25061 } as const;

const outputs: Record<string, OutputMock> = {
  [TYPE.doVpc]: (args, ids) => ({ urn: `do:vpc:${uuid(args, ids)}`, default: false }),
  [TYPE.doKubernetesCluster]: (args, ids) => {
    const id = uuid(args, ids);
    const ca = Buffer.from(mockCertificate((n) => ids.hex(n))).toString("base64");
    const endpoint = `https://${id}.k8s.ondigitalocean.com`;
    return {
      endpoint,
      clusterUrn: `do:kubernetes:${id}`,
      status: "running",
      kubeConfigs: [{ host: endpoint, clusterCaCertificate: ca, token: secret(ids.hex(64)), rawConfig: "" }],
    };
  },
  [TYPE.doDatabaseCluster]: (args, ids) => {
    const name = str(inputsOf(args)["name"], args.name);
    const engine = str(inputsOf(args)["engine"], "pg");
    const region = str(inputsOf(args)["region"], "nyc3");
    const suffix = ids.hex(8);
    return {
      host: `${name}-do-user-${suffix}-0.db.ondigitalocean.com`,
      privateHost: `private-${name}-do-user-${suffix}-0.db.ondigitalocean.com`,
      port: engine === "valkey" ? DO_DATABASE_PORTS.valkey : DO_DATABASE_PORTS.pg,
      user: engine === "valkey" ? "default" : "doadmin",
      password: secret(mockPassword(ids)),
      database: engine === "valkey" ? "" : "defaultdb",
      clusterUrn: `do:dbaas:${uuid(args, ids)}`,
      region,
    };
  },
  [TYPE.doDatabaseUser]: (_args, ids) => ({ password: secret(mockPassword(ids)), role: "normal" }),
};

/** Ids, computed outputs and provider functions of the digitalocean provider, as the planner answers them. */
export const digitaloceanMocks: ProviderMocks = {
  ids: {
    [TYPE.doVpc]: uuid,
    [TYPE.doKubernetesCluster]: uuid,
    [TYPE.doKubernetesNodePool]: uuid,
    [TYPE.doDatabaseCluster]: uuid,
    [TYPE.doDatabaseFirewall]: uuid,
    [TYPE.doDatabaseDb]: (args) => `${str(inputsOf(args)["clusterId"], "cluster")}/database/${args.name}`,
    [TYPE.doDatabaseUser]: (args) => `${str(inputsOf(args)["clusterId"], "cluster")}/user/${args.name}`,
  },
  outputs,
  calls: {},
};
