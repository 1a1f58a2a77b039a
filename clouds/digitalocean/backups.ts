/**
 * DigitalOcean's object store of the in-cluster stores' backups: Spaces. A Spaces key can be limited to whole buckets, not to a
 * prefix: each tenant gets a bucket of its own (private, versioned, lifecycle rules) and a key that can
 * read and write that bucket alone, delivered to its namespace as a Secret.
 */
import { Provider as DigitalOceanProvider } from "@pulumi/digitalocean/provider.js";
import { SpacesBucket } from "@pulumi/digitalocean/spacesBucket.js";
import { SpacesKey } from "@pulumi/digitalocean/spacesKey.js";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  BACKUP_SECRET_KEYS,
  type CloudBackupsModule,
  DEFAULT_BACKUP_SECRET,
  NONCURRENT_VERSION_DAYS,
  lifecycleExpiryDays,
  providerOf,
} from "../../components/datastore/backups.js";
import { meteringLabels } from "../../components/labels.js";

import { regionSpec } from "../../regions/index.js";

/** The S3-compatible endpoint of Spaces in a region. */
export function spacesEndpoint(regionId: string): string {
  return `https://${regionId}.digitaloceanspaces.com`;
}

export const digitalOceanBackups: CloudBackupsModule = {
  // No bucket for the cluster: each tenant's is its own (see `tenant`).
  store: (ctx) => ({
    name: pulumi.output(""),
    details: pulumi.output({ endpoint: spacesEndpoint(regionSpec(ctx.region).id) } as Record<string, string>),
  }),
  tenant: (ctx) => {
    const child = { parent: ctx.parent, provider: providerOf(ctx) };
    const regionId = regionSpec(ctx.region).id;
    const bucket = new SpacesBucket(
      `${ctx.name}-bucket`,
      {
        region: regionId,
        acl: "private",
        versioning: { enabled: true },
        lifecycleRules: [
          {
            enabled: true,
            expiration: { days: lifecycleExpiryDays() },
            noncurrentVersionExpiration: { days: NONCURRENT_VERSION_DAYS },
            abortIncompleteMultipartUploadDays: 1,
          },
        ],
        forceDestroy: false,
      },
      // The tenant's backups: removing them takes an explicit unprotect first.
      { ...child, protect: true },
    );
    const key = new SpacesKey(
      `${ctx.name}-key`,
      { name: `${ctx.tenant}-backups`, grants: [{ bucket: bucket.name, permission: "readwrite" }] },
      child,
    );
    const secret = new k8s.core.v1.Secret(
      `${ctx.name}-credentials`,
      {
        metadata: {
          name: DEFAULT_BACKUP_SECRET,
          namespace: ctx.namespace,
          labels: meteringLabels(ctx.metering),
        },
        stringData: pulumi.secret(
          pulumi.all([key.accessKey, key.secretKey]).apply(([access, secretKey]) => ({
            [BACKUP_SECRET_KEYS.accessKeyId]: access,
            [BACKUP_SECRET_KEYS.secretAccessKey]: secretKey,
          })),
        ),
      },
      { parent: ctx.parent, provider: ctx.k8sProvider },
    );
    return {
      destinationPath: pulumi.interpolate`s3://${bucket.name}/${ctx.tenant}/`,
      endpointUrl: spacesEndpoint(regionId),
      credentials: {
        kind: "secret",
        name: DEFAULT_BACKUP_SECRET,
        accessKeyIdKey: BACKUP_SECRET_KEYS.accessKeyId,
        secretAccessKeyKey: BACKUP_SECRET_KEYS.secretAccessKey,
      },
      dependsOn: [secret],
    };
  },
  provider: (name) => new DigitalOceanProvider(name, {}),
};
