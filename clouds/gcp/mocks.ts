/**
 * The gcp provider as the offline planner answers it: ids as Google's relative resource names
 * (`projects/<p>/locations/<l>/clusters/<n>`), self links, service account emails, and the computed
 * outputs the cluster component reads (GKE endpoint and CA). The one provider function the cluster calls,
 * `organizations.getProject` (for the project number), is answered here; any other invoke fails the plan.
 */
import type * as pulumi from "@pulumi/pulumi";
import { runtime } from "@pulumi/pulumi";
import { OFFLINE_PROVIDER_CONFIG } from "../../planner/provider-config.js";
import { formatCidr, parseCidr } from "../../domain/network-plan.js";
import { mockCertificate, mockStackRegionId } from "../../planner/mocks/stack-region.js";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** The project of the stack: its `gcp:project` config, as the planner set it. */
function stackProject(): string {
  return runtime.getConfig("gcp:project") ?? OFFLINE_PROVIDER_CONFIG["gcp:project"];
}

const stackRegionId = mockStackRegionId;

type Args = pulumi.runtime.MockResourceArgs;
type Inputs = Record<string, unknown>;
const inputsOf = (args: Args) => args.inputs as Inputs;
const str = (value: unknown, fallback: string) => (typeof value === "string" && value ? value : fallback);
const projectOf = (args: Args) => str(inputsOf(args)["project"], stackProject());
const regionOf = (args: Args) => str(inputsOf(args)["region"], stackRegionId());
/** The last segment of a relative resource name, or the value itself when it is a plain name. */
const lastSegment = (value: string) => value.slice(value.lastIndexOf("/") + 1);

const COMPUTE = "https://www.googleapis.com/compute/v1";
const CONTAINER = "https://container.googleapis.com/v1";

/** A decimal number of `digits` digits derived from the resource, as GCP's numeric ids are. */
function digits(ids: IdFactory, count: number): string {
  const n = BigInt(`0x${ids.hex(count + 8)}`).toString();
  return `${(Number(n[0]) % 9) + 1}${n.slice(1, count)}`.padEnd(count, "0");
}

/** Pulumi's autoname: the resource name and seven random characters. */
const autoName = (args: Args, ids: IdFactory) => str(inputsOf(args)["name"], `${args.name}-${ids.hex(7)}`);

/** A base64 PEM as GKE returns it in `masterAuth.clusterCaCertificate`. */
const certificateData = (ids: IdFactory) =>
  Buffer.from(mockCertificate((n) => ids.hex(n))).toString("base64");

/** Primary ranges of the subnetworks planned so far, by id: a private endpoint gets an address there. */
const subnetRanges = new Map<string, string>();

function subnetworkId(args: Args): string {
  return `projects/${projectOf(args)}/regions/${regionOf(args)}/subnetworks/${str(inputsOf(args)["name"], args.name)}`;
}

function clusterId(args: Args): string {
  const inputs = inputsOf(args);
  return `projects/${projectOf(args)}/locations/${str(inputs["location"], stackRegionId())}/clusters/${str(inputs["name"], args.name)}`;
}

/** Terraform's unique suffix after a name prefix: a 26-digit timestamp and counter. */
function nodePoolName(args: Args, ids: IdFactory): string {
  const inputs = inputsOf(args);
  if (typeof inputs["name"] === "string") return inputs["name"];
  return `${str(inputs["namePrefix"], "tf-")}${digits(ids, 26)}`;
}

function nodePoolId(args: Args, ids: IdFactory): string {
  const inputs = inputsOf(args);
  const cluster = lastSegment(str(inputs["cluster"], "cluster"));
  const location = str(inputs["location"], stackRegionId());
  return `projects/${projectOf(args)}/locations/${location}/clusters/${cluster}/nodePools/${nodePoolName(args, ids)}`;
}

function accountEmail(args: Args): string {
  return `${str(inputsOf(args)["accountId"], args.name)}@${projectOf(args)}.iam.gserviceaccount.com`;
}

/** The private endpoint's address: the third address of the node subnetwork, as PSC endpoints take. */
function privateEndpoint(subnetwork: string): string {
  const range = subnetRanges.get(subnetwork) ?? "10.0.0.0/20";
  const { base } = parseCidr(range);
  return formatCidr({ base: base + 2, prefix: 32 }).replace(/\/32$/, "");
}

function publicAddress(ids: IdFactory): string {
  const octets = ids
    .hex(6)
    .match(/../g)!
    .map((h) => parseInt(h, 16));
  return `34.${octets[0]}.${octets[1]}.${octets[2]}`;
}

export const gcpMocks: ProviderMocks = {
  ids: {
    [TYPE.gcpComputeNetwork]: (args) =>
      `projects/${projectOf(args)}/global/networks/${str(inputsOf(args)["name"], args.name)}`,
    [TYPE.gcpComputeSubnetwork]: (args) => {
      const id = subnetworkId(args);
      subnetRanges.set(id, str(inputsOf(args)["ipCidrRange"], "10.0.0.0/20"));
      return id;
    },
    [TYPE.gcpComputeRouter]: (args) =>
      `projects/${projectOf(args)}/regions/${regionOf(args)}/routers/${str(inputsOf(args)["name"], args.name)}`,
    [TYPE.gcpComputeRouterNat]: (args) =>
      `${projectOf(args)}/${regionOf(args)}/${str(inputsOf(args)["router"], "router")}/${str(inputsOf(args)["name"], args.name)}`,
    [TYPE.gcpServiceaccountAccount]: (args) =>
      `projects/${projectOf(args)}/serviceAccounts/${accountEmail(args)}`,
    [TYPE.gcpProjectsIAMMember]: (args) =>
      `${str(inputsOf(args)["project"], stackProject())}/${str(inputsOf(args)["role"], "role")}/${str(inputsOf(args)["member"], "member")}`,
    [TYPE.gcpKmsKeyRing]: (args, ids) =>
      `projects/${projectOf(args)}/locations/${str(inputsOf(args)["location"], stackRegionId())}/keyRings/${autoName(args, ids)}`,
    [TYPE.gcpKmsCryptoKey]: (args, ids) =>
      `${str(inputsOf(args)["keyRing"], "keyRing")}/cryptoKeys/${autoName(args, ids)}`,
    [TYPE.gcpKmsCryptoKeyIAMMember]: (args) =>
      `${str(inputsOf(args)["cryptoKeyId"], "key")}/${str(inputsOf(args)["role"], "role")}/${str(inputsOf(args)["member"], "member")}`,
    [TYPE.gcpContainerCluster]: (args) => clusterId(args),
    [TYPE.gcpContainerNodePool]: (args, ids) => nodePoolId(args, ids),
  },
  outputs: {
    [TYPE.gcpComputeNetwork]: (args, ids) => ({
      selfLink: `${COMPUTE}/projects/${projectOf(args)}/global/networks/${str(inputsOf(args)["name"], args.name)}`,
      networkId: digits(ids, 19),
    }),
    [TYPE.gcpComputeSubnetwork]: (args) => {
      const range = str(inputsOf(args)["ipCidrRange"], "10.0.0.0/20");
      const gateway = formatCidr({ base: parseCidr(range).base + 1, prefix: 32 }).replace(/\/32$/, "");
      return { selfLink: `${COMPUTE}/${subnetworkId(args)}`, gatewayAddress: gateway };
    },
    [TYPE.gcpComputeRouter]: (args) => ({
      selfLink: `${COMPUTE}/projects/${projectOf(args)}/regions/${regionOf(args)}/routers/${str(inputsOf(args)["name"], args.name)}`,
    }),
    [TYPE.gcpServiceaccountAccount]: (args, ids) => {
      const email = accountEmail(args);
      return {
        email,
        member: `serviceAccount:${email}`,
        name: `projects/${projectOf(args)}/serviceAccounts/${email}`,
        uniqueId: digits(ids, 21),
      };
    },
    [TYPE.gcpProjectsIAMMember]: (_, ids) => ({ etag: `BwY${ids.hex(9)}=` }),
    [TYPE.gcpKmsKeyRing]: (args, ids) => ({ name: autoName(args, ids) }),
    [TYPE.gcpKmsCryptoKey]: (args, ids) => ({ name: autoName(args, ids) }),
    [TYPE.gcpKmsCryptoKeyIAMMember]: (_, ids) => ({ etag: `BwY${ids.hex(9)}=` }),
    [TYPE.gcpContainerCluster]: (args, ids) => {
      const inputs = inputsOf(args);
      const privateConfig = (inputs["privateClusterConfig"] ?? {}) as Inputs;
      const internal = privateEndpoint(str(inputs["subnetwork"], ""));
      const external = publicAddress(ids);
      const masterAuth = (inputs["masterAuth"] ?? {}) as Inputs;
      const version = str(inputs["minMasterVersion"], "1.35");
      return {
        endpoint: privateConfig["enablePrivateEndpoint"] === true ? internal : external,
        location: str(inputs["location"], stackRegionId()),
        masterAuth: {
          ...masterAuth,
          clusterCaCertificate: certificateData(ids),
          clientCertificate: "",
          clientKey: "",
        },
        masterVersion: `${version}.5-gke.1000000`,
        privateClusterConfig: { ...privateConfig, privateEndpoint: internal, publicEndpoint: external },
        selfLink: `${CONTAINER}/${clusterId(args)}`,
        labelFingerprint: ids.hex(8),
        operation: null,
      };
    },
    [TYPE.gcpContainerNodePool]: (args, ids) => ({
      name: nodePoolName(args, ids),
      instanceGroupUrls: [],
      managedInstanceGroupUrls: [],
    }),
  },
  calls: {
    "gcp:organizations/getProject:getProject": (args) => {
      const projectId = str((args.inputs as Inputs)["projectId"], stackProject());
      let hash = 0;
      for (const c of projectId) hash = (hash * 31 + c.charCodeAt(0)) % 1_000_000_000_000;
      const number = String(100_000_000_000 + (hash % 900_000_000_000));
      return {
        id: `projects/${projectId}`,
        projectId,
        name: projectId,
        number,
        labels: {},
        effectiveLabels: {},
        pulumiLabels: {},
        tags: {},
        autoCreateNetwork: true,
        billingAccount: "",
        folderId: "",
        orgId: "",
        deletionPolicy: "PREVENT",
      };
    },
  },
};
