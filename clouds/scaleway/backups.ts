/**
 * Scaleway's object store of the in-cluster stores' backups: an Object Storage bucket (private, encrypted
 * at rest, versioned, lifecycle rules).
 *
 * Scaleway's IAM cannot confine an application to a prefix of a bucket (only bucket policies can), so
 * cloudtier gives no tenant keys of its own here: each tenant's Postgres reads the keys of the Secret
 * `backup-credentials` of its namespace, which the platform's operators create with keys limited to the
 * tenant's prefix (README, "Backups").
 */
import { Bucket } from "@pulumiverse/scaleway/object/bucket.js";
import { BucketServerSideEncryptionConfiguration } from "@pulumiverse/scaleway/object/bucketServerSideEncryptionConfiguration.js";
import * as pulumi from "@pulumi/pulumi";
import {
  BACKUP_SECRET_KEYS,
  type BackupStoreRef,
  type CloudBackupsModule,
  DEFAULT_BACKUP_SECRET,
  NONCURRENT_VERSION_DAYS,
  lifecycleExpiryDays,
} from "../../components/datastore/backups.js";
import { regionSpec } from "../../regions/index.js";
import { scalewayTags } from "./layout.js";
import { kapsule } from "./services.js";

/** The S3-compatible endpoint of Object Storage in a region. */
export function objectStorageEndpoint(regionId: string): string {
  return `https://s3.${regionId}.scw.cloud`;
}

export const scalewayBackups: CloudBackupsModule = {
  store: (ctx): BackupStoreRef => {
    const cluster = kapsule(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const tags = scalewayTags(ctx.metering);
    const regionId = regionSpec(ctx.region).id;
    const bucket = new Bucket(
      `${ctx.name}-backups`,
      {
        region: regionId,
        acl: "private",
        versioning: { enabled: true },
        lifecycleRules: [
          {
            id: "expire-past-retention",
            enabled: true,
            expiration: { days: lifecycleExpiryDays() },
            noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_VERSION_DAYS },
            abortIncompleteMultipartUploadDays: 1,
          },
        ],
        forceDestroy: false,
        tags: Object.fromEntries(tags.map((t) => t.split("=") as [string, string])),
      },
      // The tenants' backups: removing the bucket takes an explicit unprotect first.
      { ...child, protect: true },
    );
    new BucketServerSideEncryptionConfiguration(
      `${ctx.name}-backups-encryption`,
      {
        bucket: bucket.name,
        region: regionId,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
      { ...child, parent: bucket },
    );
    return {
      name: bucket.name,
      details: pulumi.output({ endpoint: objectStorageEndpoint(regionId) } as Record<string, string>),
    };
  },
  tenant: (ctx) => ({
    destinationPath: pulumi.interpolate`s3://${ctx.store.name}/${ctx.tenant}/`,
    endpointUrl: ctx.store.details.apply((d) => d["endpoint"] ?? ""),
    credentials: {
      kind: "secret",
      name: DEFAULT_BACKUP_SECRET,
      accessKeyIdKey: BACKUP_SECRET_KEYS.accessKeyId,
      secretAccessKeyKey: BACKUP_SECRET_KEYS.secretAccessKey,
    },
  }),
};
