/**
 * What every cloud's managed data stores share: the context the environment stack hands them, and the
 * physical names they take. Names come from `domain/naming.ts` (`datastoreNames`), which checks them
 * against each cloud's rules before any stack runs.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Provider as RandomProvider } from "@pulumi/random/provider.js";
import type { NetworkPlan } from "../../domain/network-plan.js";
import type { TierName } from "../../domain/tiers.js";
import type { RegionRef } from "../../regions/index.js";
import type { MeteringScope } from "../labels.js";
import type { DatastoreArgs } from "./datastore.js";
import { DATASTORE_TYPE_PREFIX, type DatastoreKind } from "./settings.js";

export interface ManagedContext {
  /** Base of every cloud name of the environment (`<customer>-<region>`), already checked. */
  readonly baseName: string;
  readonly region: RegionRef;
  readonly tier: TierName;
  readonly metering: MeteringScope;
  /** The environment network's ranges, for firewalls and the data stores' own subnets. */
  readonly network: NetworkPlan;
  /** The cluster's network: VPC id (aws), network self link or id (gcp), VNet id (azure), private network id (scaleway). */
  readonly networkId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** The cluster's id, for firewalls that admit the cluster itself (DigitalOcean's trusted sources). */
  readonly clusterId: pulumi.Output<string>;
  /** The cluster's cloud provider, shared by the stores. */
  readonly cloudProvider: pulumi.ProviderResource;
  /** Delivery of credentials: the tenant namespace in the environment's cluster. */
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly k8sProvider: k8s.Provider;
  readonly randomProvider: RandomProvider;
}

/** The arguments every managed store of an environment shares: where its credentials go, and how. */
export function storeArgs(
  ctx: ManagedContext,
  kind: DatastoreKind,
): Pick<DatastoreArgs, "kind" | "namespace" | "labels" | "k8sProvider" | "passwords"> {
  return {
    kind,
    namespace: ctx.namespace,
    labels: ctx.labels,
    k8sProvider: ctx.k8sProvider,
    passwords: { kind: "random", provider: ctx.randomProvider },
  };
}

/** Physical name of a managed store: `<base>-pg` or `<base>-redis`, as `datastoreNames` checks them. */
export function managedStoreName(base: string, kind: DatastoreKind): string {
  return kind === "postgres" ? `${base}-pg` : `${base}-redis`;
}

/** Scaleway tags are plain strings: metering tags become `key=value`. */
export function tagList(tags: Readonly<Record<string, string>>): string[] {
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`);
}

/**
 * The network plumbing a cloud's managed stores share (`cloudtier:datastore:PrivateAccess`): firewall,
 * peering, subnets, DNS zones, the cloud provider. Built by the cloud's module, which completes it.
 */
export class PrivateAccess extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super(`${DATASTORE_TYPE_PREFIX}PrivateAccess`, name, {}, opts);
  }

  /** Registers the outputs once the cloud's module has created the children. */
  complete(outputs: pulumi.Inputs = {}): void {
    this.registerOutputs(outputs);
  }
}
