/**
 * AWS's object store of the in-cluster stores' backups: an S3 bucket (encrypted, private, TLS only,
 * versioned, with lifecycle rules) and one role for EKS Pod Identity that every tenant's Postgres assumes,
 * confined by its namespace's session tag to the tenant's own prefix.
 */
import { Addon } from "@pulumi/aws/eks/addon.js";
import { PodIdentityAssociation } from "@pulumi/aws/eks/podIdentityAssociation.js";
import { Role } from "@pulumi/aws/iam/role.js";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy.js";
import { Provider as AwsProvider } from "@pulumi/aws/provider.js";
import { Bucket } from "@pulumi/aws/s3/bucket.js";
import { BucketLifecycleConfiguration } from "@pulumi/aws/s3/bucketLifecycleConfiguration.js";
import { BucketOwnershipControls } from "@pulumi/aws/s3/bucketOwnershipControls.js";
import { BucketPolicy } from "@pulumi/aws/s3/bucketPolicy.js";
import { BucketPublicAccessBlock } from "@pulumi/aws/s3/bucketPublicAccessBlock.js";
import { BucketServerSideEncryptionConfiguration } from "@pulumi/aws/s3/bucketServerSideEncryptionConfiguration.js";
import { BucketVersioning } from "@pulumi/aws/s3/bucketVersioning.js";
import * as pulumi from "@pulumi/pulumi";
import {
  BACKUP_SERVICE_ACCOUNTS,
  type BackupStoreContext,
  type BackupStoreRef,
  type CloudBackupsModule,
  NONCURRENT_VERSION_DAYS,
  lifecycleExpiryDays,
  providerOf,
} from "../../components/datastore/backups.js";
import { meteringTags } from "../../components/labels.js";
import { regionSpec } from "../../regions/index.js";
import { AwsCluster } from "./cluster.js";
import { awsServiceNames } from "./services.js";
import { backupBucketPolicy, podIdentityTrustPolicy, tlsOnlyBucketPolicy } from "./services-iam.js";

function eksCluster(ctx: BackupStoreContext): AwsCluster {
  if (!(ctx.cluster instanceof AwsCluster)) throw new Error(`${ctx.name}: not an EKS cluster of this stack`);
  return ctx.cluster;
}

/** The backups' bucket, its protections, and the one Pod Identity role the tenants share by prefix. */
function backupStore(ctx: BackupStoreContext): BackupStoreRef {
  const cluster = eksCluster(ctx);
  const names = awsServiceNames(ctx.baseName);
  const child = { parent: ctx.parent, provider: cluster.cloudProvider };
  // Pod Identity's agent: pods get credentials tagged with their namespace.
  const agent = new Addon(
    `${ctx.name}-pod-identity-agent`,
    { clusterName: cluster.clusterName, addonName: "eks-pod-identity-agent" },
    child,
  );
  const bucket = new Bucket(
    `${ctx.name}-backups`,
    { bucketPrefix: names.bucketPrefix, forceDestroy: false },
    // The tenants' backups: removing the bucket takes an explicit unprotect first.
    { ...child, protect: true },
  );
  const onBucket = { ...child, parent: bucket };
  new BucketPublicAccessBlock(
    `${ctx.name}-backups-public-access`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    onBucket,
  );
  new BucketOwnershipControls(
    `${ctx.name}-backups-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    onBucket,
  );
  new BucketServerSideEncryptionConfiguration(
    `${ctx.name}-backups-encryption`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    onBucket,
  );
  const versioning = new BucketVersioning(
    `${ctx.name}-backups-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    onBucket,
  );
  new BucketLifecycleConfiguration(
    `${ctx.name}-backups-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-past-retention",
          status: "Enabled",
          filter: {},
          expiration: { days: lifecycleExpiryDays() },
          noncurrentVersionExpiration: { noncurrentDays: NONCURRENT_VERSION_DAYS },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
    },
    { ...onBucket, dependsOn: [versioning] },
  );
  new BucketPolicy(
    `${ctx.name}-backups-tls-only`,
    { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
    onBucket,
  );
  const role = new Role(
    `${ctx.name}-backups-role`,
    {
      name: names.backupRole,
      description: `Backups of ${ctx.baseName}'s tenants, each to its own prefix`,
      assumeRolePolicy: JSON.stringify(podIdentityTrustPolicy()),
    },
    child,
  );
  const grant = new RolePolicy(
    `${ctx.name}-backups-policy`,
    { role: role.name, policy: bucket.arn.apply((arn) => JSON.stringify(backupBucketPolicy(arn))) },
    child,
  );
  return {
    name: bucket.bucket,
    // The role is usable once its grant and the Pod Identity agent exist.
    details: pulumi
      .all([role.arn, grant.id, agent.id])
      .apply(([roleArn]): Record<string, string> => ({ roleArn })),
  };
}

export const awsBackups: CloudBackupsModule = {
  store: backupStore,
  tenant: (ctx) => {
    const child = { parent: ctx.parent, provider: providerOf(ctx) };
    const associations = BACKUP_SERVICE_ACCOUNTS.map(
      (serviceAccount) =>
        new PodIdentityAssociation(
          `${ctx.name}-${serviceAccount}`,
          {
            clusterName: ctx.clusterName,
            namespace: ctx.tenant,
            serviceAccount,
            roleArn: ctx.store.details.apply((d) => d["roleArn"] ?? ""),
            // The tenant's, not the platform's: its backups' access is its own line of metering.
            tags: meteringTags(ctx.metering),
          },
          child,
        ),
    );
    return {
      destinationPath: pulumi.interpolate`s3://${ctx.store.name}/${ctx.tenant}/`,
      credentials: { kind: "aws-iam" },
      dependsOn: associations,
    };
  },
  provider: (name, region, metering) =>
    new AwsProvider(name, { region: regionSpec(region).id, defaultTags: { tags: meteringTags(metering) } }),
};
