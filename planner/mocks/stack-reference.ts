/**
 * A later shard of a platform stack reaches its region's cluster through a StackReference to shard 0, the
 * stack that owns the cluster (see `components/platform/cluster-reference.ts`). The mock answers with the
 * outputs shard 0 exports and later shards read: the cluster's name and its kubeconfig (a secret there,
 * so a secret here), in the format the cloud's cluster component builds it. A reference to any other
 * stack fails the plan rather than invent outputs. Each cloud's builder is loaded only when asked for.
 */
import type * as pulumi from "@pulumi/pulumi";
import { runtime } from "@pulumi/pulumi";
import { platformBaseName, platformStackName } from "../../domain/naming.js";
import { isProblem, parseRegionKey } from "../../domain/region-key.js";
import { STACK_CONFIG_KEY } from "../../domain/stack-config.js";
import { type ManagedCloudName, type RegionRef, regionSpec } from "../../regions/index.js";
import { OFFLINE_PROVIDER_CONFIG } from "../provider-config.js";
import { mockCertificate, mockPrivateIp, mockUuid } from "./stack-region.js";
import type { IdFactory } from "./types.js";

export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** The region of the stack being planned. */
function stackRegion(): RegionRef {
  const raw = runtime.getConfig(STACK_CONFIG_KEY);
  const key = raw ? ((JSON.parse(raw) as { region?: string }).region ?? "") : "";
  const ref = parseRegionKey(key, "region");
  if (isProblem(ref)) throw new Error(`the planner's mocks need ${STACK_CONFIG_KEY} with a region`);
  return ref;
}

/** The kubeconfig shard 0's cluster exports, in its cloud's format. */
async function kubeconfigOf(cloud: ManagedCloudName, ref: RegionRef, ids: IdFactory): Promise<string> {
  const base = platformBaseName(ref);
  const regionId = regionSpec(ref).id;
  const hex = (n: number) => ids.hex(n);
  const ca = Buffer.from(mockCertificate(hex)).toString("base64");
  switch (cloud) {
    case "aws":
      return (await import("../../clouds/aws/kubeconfig.js")).eksKubeconfig({
        clusterName: base,
        endpoint: `https://${hex(32).toUpperCase()}.gr7.${regionId}.eks.amazonaws.com`,
        certificateAuthorityData: ca,
        regionId,
      });
    case "gcp": {
      const project = runtime.getConfig("gcp:project") ?? OFFLINE_PROVIDER_CONFIG["gcp:project"];
      return (await import("../../clouds/gcp/kubeconfig.js")).gkeKubeconfig({
        contextName: `gke_${project}_${regionId}_${base}`,
        server: `https://${mockPrivateIp(hex)}`,
        clusterCaCertificate: ca,
      });
    }
    case "azure":
      return (await import("../../clouds/azure/mocks.js")).aksUserKubeconfig(`${base}-rg`, base);
    case "scaleway":
      return (await import("../../clouds/scaleway/mocks.js")).kapsuleKubeconfig(
        base,
        `https://${mockUuid(hex)}.api.k8s.${regionId}.scw.cloud:6443`,
        hex(64),
        ca,
      );
    case "digitalocean":
      return (await import("../../clouds/digitalocean/kubeconfig.js")).doksKubeconfig({
        clusterId: mockUuid(hex),
        clusterName: base,
        endpoint: `https://${mockUuid(hex)}.k8s.ondigitalocean.com`,
        certificateAuthorityData: ca,
      });
  }
}

/** The id and state of a StackReference read: the referenced stack's name, outputs and secret names. */
export async function stackReferenceState(
  args: pulumi.runtime.MockResourceArgs,
  ids: IdFactory,
): Promise<{ id: string; state: Record<string, unknown> }> {
  const name = (args.inputs as { name?: unknown }).name;
  if (typeof name !== "string") throw new Error("a StackReference needs the name of the stack it reads");
  const ref = stackRegion();
  const owner = platformStackName(ref);
  // `<organization>/<project>/<stack>`: only the stack part depends on the region.
  if (ref.cloud === "kubeconfig" || name.slice(name.lastIndexOf("/") + 1) !== owner) {
    throw new Error(`the offline planner only knows the outputs of ${owner}, not of the stack ${name}`);
  }
  return {
    id: name,
    state: {
      name,
      outputs: { clusterName: platformBaseName(ref), kubeconfig: await kubeconfigOf(ref.cloud, ref, ids) },
      secretOutputNames: ["kubeconfig"],
    },
  };
}
