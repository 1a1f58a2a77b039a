/**
 * The registry of clouds: one entry per cloud, each reaching everything cloudtier knows about it in its
 * folder `clouds/<cloud>/` (the catalog itself is listed by `regions/index.ts`). What depends on a
 * provider SDK (the cluster component, the managed data stores, the offline planner's mocks) is loaded
 * only when a stack of that cloud asks for it; the rest (facts read back from plans, metering readers,
 * the cost estimate's pricers, the cloud's own policy rules) is plain data and functions that load no SDK. Adding a cloud: a folder, an
 * entry here, and the checklist in `docs/adding-a-cloud.md`.
 */
import type { CloudFacts } from "../analysis/facts.js";
import type { MeteringReader } from "../analysis/metering/types.js";
import type { Policies } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterArgs, ManagedCluster } from "../components/cluster/types.js";
import type { Datastore } from "../components/datastore/datastore.js";
import type { ManagedContext } from "../components/datastore/managed.js";
import type { DatastoreKind } from "../components/datastore/settings.js";
import type { CloudBackupsModule } from "../components/datastore/backups.js";
import type { CloudServicesModule } from "../components/platform/services.js";
import type { CloudPricers } from "../cost/pricers.js";
import type { ProviderMocks } from "../planner/mocks/types.js";
import type { CloudName } from "../regions/index.js";
import { awsDatastoreMetering } from "./aws/datastore-metering.js";
import { awsFacts } from "./aws/facts.js";
import { AWS_POLICIES } from "./aws/policies.js";
import { awsMetering } from "./aws/metering.js";
import { awsPricers } from "./aws/pricing.js";
import { azureDatastoreMetering } from "./azure/datastore-metering.js";
import { azureFacts } from "./azure/facts.js";
import { AZURE_POLICIES } from "./azure/policies.js";
import { azureMetering } from "./azure/metering.js";
import { azurePricers } from "./azure/pricing.js";
import { digitaloceanFacts } from "./digitalocean/facts.js";
import { DIGITALOCEAN_POLICIES } from "./digitalocean/policies.js";
import { digitaloceanMetering } from "./digitalocean/metering.js";
import { digitaloceanPricers } from "./digitalocean/pricing.js";
import { gcpDatastoreMetering } from "./gcp/datastore-metering.js";
import { gcpFacts } from "./gcp/facts.js";
import { GCP_POLICIES } from "./gcp/policies.js";
import { gcpMetering } from "./gcp/metering.js";
import { gcpPricers } from "./gcp/pricing.js";
import { kubeconfigFacts } from "./kubeconfig/facts.js";
import { scalewayDatastoreMetering } from "./scaleway/datastore-metering.js";
import { scalewayFacts } from "./scaleway/facts.js";
import { SCALEWAY_POLICIES } from "./scaleway/policies.js";
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
  /**
   * Policy rules only this cloud needs (the shared rules in policy/rules/ check every cloud's resources);
   * the policy pack serves them with the others.
   */
  readonly policies: Policies;
  /** The offline planner's answers for the cloud's resources (later entries win on the same type). */
  readonly mocks: () => Promise<readonly ProviderMocks[]>;
  /** The cluster component; absent for existing clusters, which cloudtier does not create. */
  readonly cluster?: () => Promise<ManagedClusterClass>;
  /** The managed data stores of the Cloud tier; absent where the Cloud tier cannot run. */
  readonly datastores?: () => Promise<CreateManagedStores>;
  /**
   * The cloud's parts of a cluster's services (external-dns's and the autoscaler's identities and
   * settings); absent for existing clusters.
   */
  readonly services?: () => Promise<CloudServicesModule>;
  /** The object store of in-cluster stores' backups and each tenant's access to it; absent for existing clusters. */
  readonly backups?: () => Promise<CloudBackupsModule>;
  /**
   * Whether the cluster's network plugin enforces egress rules by host name (Cilium's `toFQDNs`), so the
   * egress allowlist's names can be reached; where false, only its CIDRs are.
   */
  readonly fqdnPolicies: boolean;
}

export const CLOUD_MODULES = {
  aws: {
    facts: awsFacts,
    pricers: awsPricers,
    metering: [awsDatastoreMetering, awsMetering],
    policies: AWS_POLICIES,
    mocks: async () => [
      (await import("./aws/datastore-mocks.js")).awsDatastoreMocks,
      (await import("./aws/mocks.js")).awsMocks,
      (await import("./aws/services-mocks.js")).awsServicesMocks,
    ],
    cluster: async () => (await import("./aws/cluster.js")).AwsCluster,
    datastores: async () => (await import("./aws/datastores.js")).createAwsStores,
    services: async () => (await import("./aws/services.js")).awsServices,
    backups: async () => (await import("./aws/backups.js")).awsBackups,
    fqdnPolicies: false,
  },
  gcp: {
    facts: gcpFacts,
    pricers: gcpPricers,
    metering: [gcpDatastoreMetering, gcpMetering],
    policies: GCP_POLICIES,
    mocks: async () => [
      (await import("./gcp/datastore-mocks.js")).gcpDatastoreMocks,
      (await import("./gcp/mocks.js")).gcpMocks,
      (await import("./gcp/services-mocks.js")).gcpServicesMocks,
    ],
    cluster: async () => (await import("./gcp/cluster.js")).GcpCluster,
    datastores: async () => (await import("./gcp/datastores.js")).createGcpStores,
    services: async () => (await import("./gcp/services.js")).gcpServices,
    backups: async () => (await import("./gcp/backups.js")).gcpBackups,
    fqdnPolicies: false,
  },
  azure: {
    facts: azureFacts,
    pricers: azurePricers,
    metering: [azureDatastoreMetering, azureMetering],
    policies: AZURE_POLICIES,
    mocks: async () => [
      (await import("./azure/datastore-mocks.js")).azureDatastoreMocks,
      (await import("./azure/mocks.js")).azureMocks,
      (await import("./azure/services-mocks.js")).azureServicesMocks,
    ],
    cluster: async () => (await import("./azure/cluster.js")).AzureCluster,
    datastores: async () => (await import("./azure/datastores.js")).createAzureStores,
    services: async () => (await import("./azure/services.js")).azureServices,
    backups: async () => (await import("./azure/backups.js")).azureBackups,
    fqdnPolicies: false,
  },
  scaleway: {
    facts: scalewayFacts,
    pricers: scalewayPricers,
    metering: [scalewayDatastoreMetering, scalewayMetering],
    policies: SCALEWAY_POLICIES,
    mocks: async () => [
      (await import("./scaleway/datastore-mocks.js")).scalewayDatastoreMocks,
      (await import("./scaleway/mocks.js")).scalewayMocks,
      (await import("./scaleway/services-mocks.js")).scalewayServicesMocks,
    ],
    cluster: async () => (await import("./scaleway/cluster.js")).ScalewayCluster,
    datastores: async () => (await import("./scaleway/datastores.js")).createScalewayStores,
    services: async () => (await import("./scaleway/services.js")).scalewayServices,
    backups: async () => (await import("./scaleway/backups.js")).scalewayBackups,
    fqdnPolicies: true,
  },
  digitalocean: {
    facts: digitaloceanFacts,
    pricers: digitaloceanPricers,
    metering: [digitaloceanMetering],
    policies: DIGITALOCEAN_POLICIES,
    mocks: async () => [
      (await import("./digitalocean/mocks.js")).digitaloceanMocks,
      (await import("./digitalocean/services-mocks.js")).digitaloceanServicesMocks,
    ],
    cluster: async () => (await import("./digitalocean/cluster.js")).DigitalOceanCluster,
    datastores: async () => (await import("./digitalocean/datastores.js")).createDigitalOceanStores,
    services: async () => (await import("./digitalocean/services.js")).digitalOceanServices,
    backups: async () => (await import("./digitalocean/backups.js")).digitalOceanBackups,
    fqdnPolicies: true,
  },
  kubeconfig: {
    facts: kubeconfigFacts,
    // Existing clusters are not priced: cloudtier creates nothing there.
    pricers: [],
    metering: [],
    policies: [],
    mocks: () => Promise.resolve([]),
    // Whatever the existing cluster runs is unknown: names in the allowlist are not relied on.
    fqdnPolicies: false,
  },
} as const satisfies Record<CloudName, CloudModule>;

/** A cloud's registry entry. */
export function cloudModule(cloud: CloudName): CloudModule {
  return CLOUD_MODULES[cloud];
}
