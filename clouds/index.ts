/**
 * The registry of clouds: one entry per cloud, each reaching everything cloudtier knows about it in its
 * folder `clouds/<cloud>/` (the catalog itself is listed by `regions/index.ts`). What depends on a
 * provider SDK (the cluster component, the managed data stores, the offline planner's mocks) is loaded
 * only when a stack of that cloud asks for it; the rest (facts read back from plans, metering readers,
 * the cost estimate's pricers) is plain data and functions that load no SDK. Adding a cloud: a folder, an
 * entry here, and the checklist in `docs/adding-a-cloud.md`.
 */
import type { CloudFacts } from "../analysis/facts.js";
import {
  awsDatastoreMetering,
  azureDatastoreMetering,
  gcpDatastoreMetering,
  scalewayDatastoreMetering,
} from "../analysis/metering/datastores.js";
import type { MeteringReader } from "../analysis/metering/types.js";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs, ManagedCluster } from "../components/cluster/types.js";
import type { Datastore } from "../components/datastore/datastore.js";
import type { ManagedContext } from "../components/datastore/managed.js";
import type { DatastoreKind } from "../components/datastore/settings.js";
import type { CloudPricers } from "../cost/pricers.js";
import type { ProviderMocks } from "../planner/mocks/types.js";
import type { CloudName } from "../regions/index.js";
import { awsFacts } from "./aws/facts.js";
import { awsMetering } from "./aws/metering.js";
import { awsPricers } from "./aws/pricing.js";
import { azureFacts } from "./azure/facts.js";
import { azureMetering } from "./azure/metering.js";
import { azurePricers } from "./azure/pricing.js";
import { digitaloceanFacts } from "./digitalocean/facts.js";
import { digitaloceanMetering } from "./digitalocean/metering.js";
import { digitaloceanPricers } from "./digitalocean/pricing.js";
import { gcpFacts } from "./gcp/facts.js";
import { gcpMetering } from "./gcp/metering.js";
import { gcpPricers } from "./gcp/pricing.js";
import { kubeconfigFacts } from "./kubeconfig/facts.js";
import { scalewayFacts } from "./scaleway/facts.js";
import { scalewayMetering } from "./scaleway/metering.js";
import { scalewayPricers } from "./scaleway/pricing.js";

/** A cluster component cloudtier creates, with its network. */
export type ManagedClusterClass = new (
  name: string,
  args: ClusterArgs,
  opts?: pulumi.ComponentResourceOptions,
) => ManagedCluster;

/** Creates a Cloud-tier customer's managed data stores in its environment's network. */
export type CreateManagedStores = (
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
) => Datastore[];

export interface CloudModule {
  /** What a plan of this cloud provides (cluster and data store facts), for the SLA check and the estimate. */
  readonly facts: CloudFacts;
  /**
   * How the cost estimate prices the cloud's own resources (control plane, node pools, network, volumes);
   * its managed data stores are priced from `facts`.
   */
  readonly pricers: CloudPricers;
  /** How the cloud's resources carry the metering tags, most specific reader first. */
  readonly metering: readonly MeteringReader[];
  /** The offline planner's answers for the cloud's resources (later entries win on the same type). */
  readonly mocks: () => Promise<readonly ProviderMocks[]>;
  /** The cluster component; absent for existing clusters, which cloudtier does not create. */
  readonly cluster?: () => Promise<ManagedClusterClass>;
  /** The managed data stores of the Cloud tier; absent where the Cloud tier cannot run. */
  readonly datastores?: () => Promise<CreateManagedStores>;
}

export const CLOUD_MODULES = {
  aws: {
    facts: awsFacts,
    pricers: awsPricers,
    metering: [awsDatastoreMetering, awsMetering],
    mocks: async () => [
      (await import("./aws/datastore-mocks.js")).awsDatastoreMocks,
      (await import("./aws/mocks.js")).awsMocks,
    ],
    cluster: async () => (await import("./aws/cluster.js")).AwsCluster,
    datastores: async () => (await import("./aws/datastores.js")).createAwsStores,
  },
  gcp: {
    facts: gcpFacts,
    pricers: gcpPricers,
    metering: [gcpDatastoreMetering, gcpMetering],
    mocks: async () => [
      (await import("./gcp/datastore-mocks.js")).gcpDatastoreMocks,
      (await import("./gcp/mocks.js")).gcpMocks,
    ],
    cluster: async () => (await import("./gcp/cluster.js")).GcpCluster,
    datastores: async () => (await import("./gcp/datastores.js")).createGcpStores,
  },
  azure: {
    facts: azureFacts,
    pricers: azurePricers,
    metering: [azureDatastoreMetering, azureMetering],
    mocks: async () => [
      (await import("./azure/datastore-mocks.js")).azureDatastoreMocks,
      (await import("./azure/mocks.js")).azureMocks,
    ],
    cluster: async () => (await import("./azure/cluster.js")).AzureCluster,
    datastores: async () => (await import("./azure/datastores.js")).createAzureStores,
  },
  scaleway: {
    facts: scalewayFacts,
    pricers: scalewayPricers,
    metering: [scalewayDatastoreMetering, scalewayMetering],
    mocks: async () => [
      (await import("./scaleway/datastore-mocks.js")).scalewayDatastoreMocks,
      (await import("./scaleway/mocks.js")).scalewayMocks,
    ],
    cluster: async () => (await import("./scaleway/cluster.js")).ScalewayCluster,
    datastores: async () => (await import("./scaleway/datastores.js")).createScalewayStores,
  },
  digitalocean: {
    facts: digitaloceanFacts,
    pricers: digitaloceanPricers,
    metering: [digitaloceanMetering],
    mocks: async () => [(await import("./digitalocean/mocks.js")).digitaloceanMocks],
    cluster: async () => (await import("./digitalocean/cluster.js")).DigitalOceanCluster,
    datastores: async () => (await import("./digitalocean/datastores.js")).createDigitalOceanStores,
  },
  kubeconfig: {
    facts: kubeconfigFacts,
    // Existing clusters are not priced: cloudtier creates nothing there.
    pricers: [],
    metering: [],
    mocks: () => Promise.resolve([]),
  },
} as const satisfies Record<CloudName, CloudModule>;

/** A cloud's registry entry. */
export function cloudModule(cloud: CloudName): CloudModule {
  return CLOUD_MODULES[cloud];
}
