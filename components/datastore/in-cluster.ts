/**
 * In-cluster stores of the shared tiers: custom resources of the operators the platform installs once
 * per cluster, in the tenant namespace, sized from the tier and fenced by NetworkPolicies.
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { BuiltStore, StoreScope } from "./datastore.js";
import {
  POSTGRES_PORT,
  REDIS_PORT,
  cnpgCluster,
  datastoreNetworkPolicies,
  redisObject,
} from "./in-cluster-spec.js";
import {
  type DatastoreSettings,
  POSTGRES_DATABASE,
  POSTGRES_USER,
  REDIS_USER,
  objectName,
} from "./settings.js";

export interface InClusterContext {
  /** The tenant namespace's name: service host names are built from it. */
  readonly namespaceName: string;
  /** The namespace as an output of the Namespace object, so every object waits for it. */
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly provider: k8s.Provider;
  /** The operator's Helm release, when this stack installs it: its CRDs must exist first. */
  readonly operator?: pulumi.Resource;
}

/** Builds one in-cluster store under `scope.parent`. */
export function buildInClusterStore(
  name: string,
  settings: DatastoreSettings,
  ctx: InClusterContext,
  scope: StoreScope,
): BuiltStore {
  const { parent } = scope;
  const target = { namespace: ctx.namespaceName, labels: ctx.labels };
  const inNamespace = (object: Record<string, unknown>) => ({
    ...object,
    metadata: { ...(object["metadata"] as Record<string, unknown>), namespace: ctx.namespace },
  });
  for (const [policyName, spec] of Object.entries(datastoreNetworkPolicies(settings.kind))) {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-${policyName}`,
      {
        metadata: { name: policyName, namespace: ctx.namespace, labels: { ...ctx.labels } },
        spec: spec as unknown as k8s.types.input.networking.v1.NetworkPolicySpec,
      },
      { parent, provider: ctx.provider },
    );
  }
  const postgres = settings.kind === "postgres";
  // The services the operators create: CloudNativePG's read-write service, redis-operator's by name.
  const service = postgres ? `${objectName("postgres")}-rw` : objectName("redis");
  return {
    endpoint: {
      host: `${service}.${ctx.namespaceName}.svc`,
      port: postgres ? POSTGRES_PORT : REDIS_PORT,
      username: postgres ? POSTGRES_USER : REDIS_USER,
      password: scope.newPassword(),
      // CloudNativePG serves TLS and rejects plain connections; in-cluster Redis is reached only from
      // the tenant's own pods (NetworkPolicy) and authenticates with the password.
      tls: postgres,
      database: postgres ? POSTGRES_DATABASE : undefined,
    },
    afterSecret: (secret) => {
      const object = postgres ? cnpgCluster(target, settings) : redisObject(target, settings);
      new k8s.apiextensions.CustomResource(
        `${name}-${postgres ? "cluster" : "store"}`,
        inNamespace(object) as k8s.apiextensions.CustomResourceArgs,
        {
          parent,
          provider: ctx.provider,
          dependsOn: ctx.operator ? [secret, ctx.operator] : [secret],
          // Deleting the object deletes the data: removing a store takes an explicit unprotect first.
          protect: true,
        },
      );
    },
  };
}
