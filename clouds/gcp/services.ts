/**
 * Google Cloud's part of a cluster's services: external-dns in Cloud DNS as the Kubernetes service
 * account itself (Workload Identity Federation for GKE: no Google service account, no key), allowed to
 * change the configured managed zone only. GKE's node pools scale themselves (their autoscaling, within
 * each pool's minimum and maximum, is set with the cluster): no cluster autoscaler is installed.
 */
import { DnsManagedZoneIamMember } from "@pulumi/gcp/dns/dnsManagedZoneIamMember.js";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject.js";
import { IAMMember } from "@pulumi/gcp/projects/iammember.js";
import { type CloudServicesModule } from "../../components/platform/services.js";
import { OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
import { GcpCluster } from "./cluster.js";

/** The principal of a Kubernetes service account in Workload Identity Federation for GKE. */
export function workloadPrincipal(
  projectNumber: string,
  project: string,
  serviceAccount: { readonly namespace: string; readonly name: string },
): string {
  return (
    `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/` +
    `${project}.svc.id.goog/subject/ns/${serviceAccount.namespace}/sa/${serviceAccount.name}`
  );
}

export function gkeCluster(ctx: { readonly name: string; readonly cluster: unknown }): GcpCluster {
  if (!(ctx.cluster instanceof GcpCluster)) throw new Error(`${ctx.name}: not a GKE cluster of this stack`);
  return ctx.cluster;
}

/** The project of a GKE cluster, from its Workload Identity pool (`<project>.svc.id.goog`). */
export function projectOf(cluster: GcpCluster): string {
  return cluster.workloadPool.replace(/\.svc\.id\.goog$/, "");
}

const EXTERNAL_DNS_SERVICE_ACCOUNT = {
  namespace: OPERATOR_NAMESPACES.externalDns,
  name: "external-dns",
} as const;

export const gcpServices: CloudServicesModule = {
  create: (ctx) => {
    const cluster = gkeCluster(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const project = projectOf(cluster);
    let externalDns;
    const dns = ctx.ingress.dns;
    if (dns?.gcpManagedZone) {
      const dnsProject = dns.gcpProject ?? project;
      const projectNumber = getProjectOutput({ projectId: project }, child).number;
      const member = projectNumber.apply((n) => workloadPrincipal(n, project, EXTERNAL_DNS_SERVICE_ACCOUNT));
      const reader = new IAMMember(
        `${ctx.name}-external-dns-reader`,
        { project: dnsProject, role: "roles/dns.reader", member },
        child,
      );
      const writer = new DnsManagedZoneIamMember(
        `${ctx.name}-external-dns-zone`,
        { project: dnsProject, managedZone: dns.gcpManagedZone, role: "roles/dns.admin", member },
        child,
      );
      externalDns = {
        values: {
          provider: { name: "google" },
          extraArgs: [`--google-project=${dnsProject}`, "--google-zone-visibility=public"],
        },
        dependsOn: [reader, writer],
      };
    }
    return externalDns ? { externalDns } : {};
  },
};
