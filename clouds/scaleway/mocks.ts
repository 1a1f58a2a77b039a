/**
 * The Scaleway provider as the planner's mocks answer it: `<locality>/<uuid>` ids (regional resources
 * carry the region, zonal ones the zone) and the computed outputs the cluster program reads (API server
 * URL, kubeconfig, gateway address).
 */
import type * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { IdFactory, OutputMock, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

type Args = pulumi.runtime.MockResourceArgs;

/** Organization and project every planned resource lives in. */
export const MOCK_SCW_PROJECT_ID = "11111111-1111-4111-a111-111111111111";
const MOCK_SCW_ORGANIZATION_ID = "22222222-2222-4222-a222-222222222222";

function uuid(ids: IdFactory): string {
  const hex = ids.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function input(args: Args, key: string): string | undefined {
  const value = (args.inputs as Record<string, unknown>)[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The region of a resource: its own input, or the region its zone is in (`fr-par-1` -> `fr-par`). */
function regionOf(args: Args): string {
  return input(args, "region") ?? input(args, "zone")?.replace(/-\d+$/, "") ?? "fr-par";
}

function zoneOf(args: Args): string {
  return input(args, "zone") ?? `${regionOf(args)}-1`;
}

const regional = (args: Args, ids: IdFactory) => `${regionOf(args)}/${uuid(ids)}`;
const zonal = (args: Args, ids: IdFactory) => `${zoneOf(args)}/${uuid(ids)}`;
/** Resources named by their parent: an ACL's id is its cluster's id. */
const sameAs = (key: string) => (args: Args, ids: IdFactory) => input(args, key) ?? regional(args, ids);

const ids: NonNullable<ProviderMocks["ids"]> = {
  [TYPE.scwNetworkVpc]: regional,
  [TYPE.scwNetworkPrivateNetwork]: regional,
  [TYPE.scwNetworkPublicGatewayIp]: zonal,
  [TYPE.scwNetworkPublicGateway]: zonal,
  [TYPE.scwNetworkGatewayNetwork]: zonal,
  [TYPE.scwKubernetesCluster]: regional,
  [TYPE.scwKubernetesPool]: regional,
  [TYPE.scwKubernetesAcl]: sameAs("clusterId"),
};

const bare = (id: string) => id.slice(id.indexOf("/") + 1);
const timestamps = { createdAt: "2026-11-01T00:00:00Z", updatedAt: "2026-11-01T00:00:00Z" };
const owner = { projectId: MOCK_SCW_PROJECT_ID, organizationId: MOCK_SCW_ORGANIZATION_ID };

/** A Kapsule kubeconfig: the cluster CA and the admin user's bearer token. */
export function kapsuleKubeconfig(name: string, server: string, token: string, ca: string): string {
  const user = `${name}-admin`;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { "certificate-authority-data": ca, server } }],
    contexts: [{ name: `admin@${name}`, context: { cluster: name, user } }],
    "current-context": `admin@${name}`,
    users: [{ name: user, user: { token } }],
  });
}

const outputs: Record<string, OutputMock> = {
  [TYPE.scwNetworkVpc]: () => ({ ...owner, ...timestamps, isDefault: false }),
  [TYPE.scwNetworkPrivateNetwork]: () => ({ ...owner, ...timestamps, isRegional: true }),
  [TYPE.scwNetworkPublicGatewayIp]: (_args, ids) => {
    const [a, b] = [parseInt(ids.hex(2), 16), parseInt(ids.hex(4).slice(2), 16)];
    return { ...owner, ...timestamps, address: `51.15.${a}.${b}` };
  },
  [TYPE.scwNetworkPublicGateway]: () => ({ ...owner, ...timestamps, status: "running" }),
  [TYPE.scwNetworkGatewayNetwork]: () => ({ ...timestamps, status: "ready" }),
  [TYPE.scwKubernetesCluster]: (args, ids) => {
    const id = bare(regional(args, ids));
    const name = input(args, "name") ?? args.name;
    const region = regionOf(args);
    const apiserverUrl = `https://${id}.api.k8s.${region}.scw.cloud:6443`;
    const ca = Buffer.from(`mock CA of ${name}`).toString("base64");
    const token = ids.hex(64);
    return {
      ...owner,
      ...timestamps,
      name,
      apiserverUrl,
      wildcardDns: `*.${id}.nodes.k8s.${region}.scw.cloud`,
      status: "ready",
      upgradeAvailable: false,
      kubeconfigs: [
        {
          configFile: kapsuleKubeconfig(name, apiserverUrl, token, ca),
          host: apiserverUrl,
          token,
          clusterCaCertificate: ca,
        },
      ],
    };
  },
  [TYPE.scwKubernetesPool]: (args) => ({
    ...timestamps,
    status: "ready",
    currentSize: (args.inputs as Record<string, unknown>)["size"] ?? 1,
  }),
};

/** Ids, computed outputs and provider functions of the scaleway provider, as the planner's mocks answer them. */
export const scalewayMocks: ProviderMocks = { ids, outputs, calls: {} };
