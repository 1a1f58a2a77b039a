/**
 * The data stores a tenant asked for (`redis`, `postgres`), wherever its tier puts them: in the tenant's
 * namespace through the platform's operators on the shared tiers, the cloud's managed services in the
 * customer's own network on the Cloud tier. Each cloud's module, and so its SDK, is loaded only by stacks
 * of that cloud.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { Provider as RandomProvider } from "@pulumi/random/provider.js";
import { cloudModule } from "../../clouds/index.js";
import type { NetworkPlan } from "../../domain/network-plan.js";
import type { Tenant } from "../../domain/stack-config.js";
import { isSharedTier } from "../../domain/tiers.js";
import type { ManagedCloudName, RegionRef } from "../../regions/index.js";
import { type MeteringScope, meteringLabels } from "../labels.js";
import type { BackupTarget } from "./backups.js";
import { Datastore } from "./datastore.js";
import { endpointPort } from "./in-cluster-endpoint.js";
import type { ManagedContext } from "./managed.js";
import { type DatastoreKind, datastoreSettings, requestedKinds } from "./settings.js";

export { Datastore } from "./datastore.js";
export type { DatastoreKind } from "./settings.js";

export type DatastorePlacement = "in-cluster" | ManagedCloudName;

/** Shared tiers run their stores in the cluster; the Cloud tier uses the cloud's managed services. */
export function datastorePlacement(tier: Tenant["tier"], cloud: RegionRef["cloud"]): DatastorePlacement {
  if (isSharedTier(tier)) return "in-cluster";
  if (cloud === "kubeconfig") {
    throw new Error("the cloud tier needs a cloud region: existing clusters host the shared tiers only");
  }
  return cloud;
}

/** The cluster network managed stores join: from the environment's `ManagedClusterOutputs`. */
export interface ManagedNetworkArgs {
  readonly baseName: string;
  readonly network: NetworkPlan;
  readonly networkId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The cluster's id, for data store firewalls that admit the cluster itself. */
  readonly clusterId: pulumi.Output<string>;
  /** The cluster's cloud provider: the stores join the same account, project and region. */
  readonly cloudProvider: pulumi.ProviderResource;
}

export interface TenantDatastoresArgs {
  readonly tenant: Tenant;
  readonly region: RegionRef;
  /** The tenant namespace, as the Namespace object's output: credentials Secrets go there. */
  readonly namespace: pulumi.Output<string>;
  /** Provider of the cluster the namespace is in. */
  readonly k8sProvider: k8s.Provider;
  /**
   * The operators' Helm releases, when the same stack installs them: in-cluster stores wait for them.
   * @default none (the operators are already on the cluster)
   */
  readonly operators?: Readonly<Partial<Record<DatastoreKind, pulumi.Resource>>>;
  /** Required on the Cloud tier: the environment's network. */
  readonly managed?: ManagedNetworkArgs;
  /**
   * Where an in-cluster Postgres backs up (the tenant's prefix of the cluster's object store, and as whom).
   * @default none: no backups
   */
  readonly backup?: BackupTarget;
}

/**
 * Creates the tenant's requested stores; resolves to none when it asked for none. Children are named
 * `<name>-<kind>` (and, for managed stores, `<name>-access` and `<name>-random`: in-cluster stores need no
 * random provider, see `PasswordSource`).
 */
export async function createTenantDatastores(
  name: string,
  args: TenantDatastoresArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<Datastore[]> {
  const { tenant, region } = args;
  const kinds = requestedKinds(tenant);
  if (kinds.length === 0) return [];
  const metering: MeteringScope = { customer: tenant.id, tier: tenant.tier, region };
  const labels = meteringLabels(metering);
  const placement = datastorePlacement(tenant.tier, region.cloud);

  if (placement === "in-cluster") {
    const { buildInClusterStore } = await import("./in-cluster.js");
    return kinds.map(
      (kind) =>
        new Datastore(
          `${name}-${kind}`,
          {
            kind,
            namespace: args.namespace,
            labels,
            k8sProvider: args.k8sProvider,
            passwords: { kind: "generated" },
            build: (scope) =>
              buildInClusterStore(
                `${name}-${kind}`,
                datastoreSettings(kind, tenant.tier),
                {
                  namespaceName: tenant.id,
                  namespace: args.namespace,
                  labels,
                  provider: args.k8sProvider,
                  operator: args.operators?.[kind],
                  ...(kind === "postgres" && args.backup
                    ? {
                        backup: args.backup,
                        backupPort:
                          typeof args.backup.endpointUrl === "string"
                            ? endpointPort(args.backup.endpointUrl)
                            : undefined,
                      }
                    : {}),
                },
                scope,
              ),
          },
          opts,
        ),
    );
  }

  if (!args.managed) throw new Error(`${name}: managed data stores need the environment's network`);
  const randomProvider = new RandomProvider(`${name}-random`, {}, { parent: opts?.parent });
  const ctx: ManagedContext = {
    ...args.managed,
    region,
    tier: tenant.tier,
    metering,
    namespace: args.namespace,
    labels,
    k8sProvider: args.k8sProvider,
    randomProvider,
  };
  const load = cloudModule(placement).datastores;
  if (!load) throw new Error(`${name}: ${placement} has no managed data stores`);
  return (await load())(name, ctx, kinds, opts);
}

/** Stack outputs of a tenant's stores: where each credentials Secret is. */
export function datastoreOutputs(stores: readonly Datastore[]): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(stores.map((s) => [`${s.kind}Secret`, s.secretName]));
}
