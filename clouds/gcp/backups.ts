/**
 * Google Cloud's object store of the in-cluster stores' backups: a Cloud Storage bucket (uniform access,
 * public access prevented, versioned, lifecycle rules), where each tenant's Postgres service accounts,
 * as principals of Workload Identity Federation for GKE, may touch objects under the tenant's prefix alone
 * (an IAM condition on the object's name and on the listing's prefix).
 */
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject.js";
import { Provider as GcpProvider } from "@pulumi/gcp/provider.js";
import { Bucket } from "@pulumi/gcp/storage/bucket.js";
import { BucketIAMMember } from "@pulumi/gcp/storage/bucketIAMMember.js";
import * as pulumi from "@pulumi/pulumi";
import {
  BACKUP_SERVICE_ACCOUNTS,
  type BackupStoreRef,
  type CloudBackupsModule,
  NONCURRENT_VERSION_DAYS,
  lifecycleExpiryDays,
  providerOf,
} from "../../components/datastore/backups.js";
import { meteringCloudLabels } from "../../components/labels.js";
import { regionSpec } from "../../regions/index.js";
import { gkeCluster, projectOf, workloadPrincipal } from "./services.js";

/**
 * The IAM condition that confines a binding on the bucket to a tenant's prefix: objects named under it,
 * and listings asking for it (`objectListPrefix`, which Cloud Storage sets on list requests).
 */
export function tenantPrefixCondition(bucket: string, tenant: string): string {
  return (
    `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${tenant}/") || ` +
    `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${tenant}/")`
  );
}

/** `roles/storage.objectUser`: read, write, list and delete objects, nothing on the bucket itself. */
export const BACKUP_ROLE = "roles/storage.objectUser";

export const gcpBackups: CloudBackupsModule = {
  store: (ctx): BackupStoreRef => {
    const cluster = gkeCluster(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const project = projectOf(cluster);
    const projectNumber = getProjectOutput({ projectId: project }, child).number;
    const bucket = new Bucket(
      `${ctx.name}-backups`,
      {
        location: regionSpec(ctx.region).id,
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        lifecycleRules: [
          { action: { type: "Delete" }, condition: { age: lifecycleExpiryDays() } },
          { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: NONCURRENT_VERSION_DAYS } },
          { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
        ],
        forceDestroy: false,
        labels: meteringCloudLabels(ctx.metering),
      },
      // The tenants' backups: removing the bucket takes an explicit unprotect first.
      { ...child, protect: true },
    );
    return {
      name: bucket.name,
      details: pulumi
        .all([projectNumber])
        .apply(([number]): Record<string, string> => ({ project, projectNumber: number })),
    };
  },
  tenant: (ctx) => {
    const child = { parent: ctx.parent, provider: providerOf(ctx) };
    const grants = BACKUP_SERVICE_ACCOUNTS.map(
      (name) =>
        new BucketIAMMember(
          `${ctx.name}-${name}`,
          {
            bucket: ctx.store.name,
            role: BACKUP_ROLE,
            member: ctx.store.details.apply((d) =>
              workloadPrincipal(d["projectNumber"] ?? "", d["project"] ?? "", {
                namespace: ctx.tenant,
                name,
              }),
            ),
            condition: {
              title: `${ctx.tenant}-prefix`,
              description: `Objects under ${ctx.tenant}/ only`,
              expression: ctx.store.name.apply((bucket) => tenantPrefixCondition(bucket, ctx.tenant)),
            },
          },
          child,
        ),
    );
    return {
      destinationPath: pulumi.interpolate`gs://${ctx.store.name}/${ctx.tenant}/`,
      credentials: { kind: "gke" },
      dependsOn: grants,
    };
  },
  provider: (name, region, metering) =>
    new GcpProvider(name, {
      project: new pulumi.Config("gcp").require("project"),
      region: regionSpec(region).id,
      defaultLabels: meteringCloudLabels(metering),
    }),
};
