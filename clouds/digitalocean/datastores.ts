/**
 * Managed stores on DigitalOcean: Managed PostgreSQL and Managed Valkey (Redis-compatible) clusters in the
 * environment's VPC, with trusted sources (the database firewall) that admit the environment's cluster
 * and nothing else, TLS on every connection, standby nodes where the SLA asks for HA, and the tier's
 * maintenance window. PostgreSQL keeps DigitalOcean's daily backups (seven days, a fixed retention);
 * Valkey has no backups (see README).
 */
import { DatabaseCluster } from "@pulumi/digitalocean/databaseCluster.js";
import { DatabaseDb } from "@pulumi/digitalocean/databaseDb.js";
import { DatabaseFirewall } from "@pulumi/digitalocean/databaseFirewall.js";
import { DatabaseUser } from "@pulumi/digitalocean/databaseUser.js";
import * as pulumi from "@pulumi/pulumi";
import { cloudSpec, regionSpec } from "../../regions/index.js";
import { Datastore } from "../../components/datastore/datastore.js";
import {
  type ManagedContext,
  PrivateAccess,
  managedStoreName,
  storeArgs,
} from "../../components/datastore/managed.js";
import {
  type DatastoreKind,
  POSTGRES_DATABASE,
  POSTGRES_MAJOR,
  POSTGRES_USER,
  REDIS_USER,
  datastoreSettings,
  windowStart,
} from "../../components/datastore/settings.js";
import { digitaloceanTags } from "./layout.js";

/** The engines' slugs and the Valkey major DigitalOcean offers. */
export const DO_ENGINES = { postgres: "pg", redis: "valkey" } as const;
export const DO_VALKEY_VERSION = "8";
/** Nodes of a database cluster: a primary and at most two standbys. */
export const DO_MAX_NODES = 3;

/** The nodes of a store: the SLA's copies when it asks for HA (within DigitalOcean's three), else one. */
export function doNodeCount(ha: boolean, replicas: number): number {
  return ha ? Math.min(DO_MAX_NODES, Math.max(2, replicas)) : 1;
}

export function createDigitalOceanStores(
  name: string,
  ctx: ManagedContext,
  kinds: readonly DatastoreKind[],
  opts?: pulumi.ComponentResourceOptions,
): Datastore[] {
  const access = new PrivateAccess(`${name}-access`, opts);
  access.complete({});
  const tags = digitaloceanTags(ctx.metering);
  const spec = regionSpec(ctx.region);
  // The cluster's explicit provider: the same team (account) and token.
  const provider = ctx.cloudProvider;
  const classes = cloudSpec("digitalocean").datastoreClasses;
  return kinds.map((kind) => {
    const s = datastoreSettings(kind, ctx.tier);
    return new Datastore(
      `${name}-${kind}`,
      {
        ...storeArgs(ctx, kind),
        build: (scope) => {
          const child = { parent: scope.parent, provider };
          const db = new DatabaseCluster(
            `${name}-${kind === "postgres" ? "pg" : "redis"}`,
            {
              name: managedStoreName(ctx.baseName, kind),
              engine: DO_ENGINES[kind],
              version: kind === "postgres" ? String(POSTGRES_MAJOR) : DO_VALKEY_VERSION,
              size: classes[kind][s.sizeClass],
              region: spec.id,
              nodeCount: doNodeCount(s.ha, s.replicas),
              // In the environment's VPC: the private host is reachable from the cluster without the internet.
              privateNetworkUuid: ctx.networkId,
              maintenanceWindows: [{ day: "sunday", hour: `${windowStart(s.maintenanceWindow)}:00` }],
              ...(kind === "redis" ? { evictionPolicy: "noeviction" } : {}),
              tags,
            },
            { ...child, protect: true },
          );
          // Trusted sources: the environment's cluster only. Without a rule the cluster accepts any address.
          new DatabaseFirewall(
            `${name}-${kind}-trusted-sources`,
            { clusterId: db.id, rules: [{ type: "k8s", value: ctx.clusterId }] },
            child,
          );
          if (kind === "postgres") {
            const user = new DatabaseUser(
              `${name}-pg-user`,
              { clusterId: db.id, name: POSTGRES_USER },
              child,
            );
            new DatabaseDb(`${name}-pg-db`, { clusterId: db.id, name: POSTGRES_DATABASE }, child);
            return {
              endpoint: {
                host: db.privateHost,
                port: db.port,
                // Managed databases in the VPC take their private addresses from its range.
                privateRanges: [ctx.network.network],
                username: POSTGRES_USER,
                // DigitalOcean generates the user's password; it arrives as a secret output.
                password: pulumi.secret(user.password),
                tls: true,
                database: POSTGRES_DATABASE,
              },
            };
          }
          return {
            endpoint: {
              host: db.privateHost,
              port: db.port,
              privateRanges: [ctx.network.network],
              username: REDIS_USER,
              password: pulumi.secret(db.password),
              tls: true,
            },
          };
        },
      },
      opts,
    );
  });
}
