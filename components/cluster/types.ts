/**
 * The one interface every cluster implements, whatever the cloud: the program creates a cluster for a
 * region and gets back its name, endpoint, a secret kubeconfig and a Kubernetes provider to deploy into it.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { NetworkPlan } from "../../domain/network-plan.js";
import type { MemberOidc } from "../../domain/project-settings.js";
import type { NodePoolSpec, SlaSpec } from "../../domain/tiers.js";
import type { RegionRef } from "../../regions/index.js";
import type { MeteringScope } from "../labels.js";

export interface ClusterArgs {
  /** The catalog region the cluster is in. Facts (region id, zones, machine types) come from the catalog. */
  readonly region: RegionRef;
  /** Base of every cloud resource name, already checked against the cloud's limits. */
  readonly baseName: string;
  /** Private ranges of the network, pods and services (see `domain/network-plan.ts`). */
  readonly network: NetworkPlan;
  /** The SLA the cluster serves: zones, control-plane tier. */
  readonly sla: SlaSpec;
  /** Node pool sizing. */
  readonly nodePool: NodePoolSpec;
  /** Customer, tier and region for metering tags. */
  readonly metering: MeteringScope;
  /**
   * CIDRs allowed to reach the Kubernetes API over the internet. Empty means a private endpoint only.
   * @default []
   */
  readonly apiAllowedCidrs?: readonly string[];
  /**
   * The OpenID Connect provider members sign in with, where the cloud's own sign-in does not know their
   * e-mail addresses (EKS: an identity provider config; Kapsule: the cluster's OIDC settings).
   * @default none: members cannot sign in to such clusters
   */
  readonly memberOidc?: MemberOidc;
  /**
   * Cloud identities that administer the cluster. EKS: IAM principal ARNs given cluster-admin access
   * entries. @default the identity that runs the deployment
   */
  readonly clusterAdmins?: { readonly aws?: readonly string[] };
}

/** What every cluster gives the program, including an existing one reached by kubeconfig context. */
export interface ClusterOutputs {
  readonly clusterName: pulumi.Output<string>;
  /** Provider for objects inside the cluster. */
  readonly provider: k8s.Provider;
}

/** What a cluster cloudtier creates also gives: its endpoint, a kubeconfig and its network. */
export interface ManagedClusterOutputs extends ClusterOutputs {
  /** The cloud's id of the cluster, for rules that admit it by name (DigitalOcean's trusted sources). */
  readonly clusterId: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig for the cluster, as a secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** The cluster's network (VPC / VNet / private network id), for data stores and later peering. */
  readonly networkId: pulumi.Output<string>;
  /** Ids of the private subnets the nodes run in (one per zone). */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /**
   * The explicit provider of the cluster's cloud, region (and project or account). Resources that join
   * the environment, such as its data stores, use it rather than configuring a second provider.
   */
  readonly cloudProvider: pulumi.ProviderResource;
}

/** A cluster component: a ComponentResource with the outputs above. */
export type Cluster = pulumi.ComponentResource & ClusterOutputs;
export type ManagedCluster = pulumi.ComponentResource & ManagedClusterOutputs;
