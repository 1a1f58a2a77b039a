/**
 * The services a cluster offers its tenants beside their namespaces: ingress (Traefik behind the cloud's
 * load balancer, cert-manager and its issuer, DNS names by external-dns where the cloud's DNS service is
 * supported), the admission rules that keep each tenant to its own host names and off the pod labels
 * reserved to the platform's data stores; on clouds whose node pools have no autoscaler of their own, the
 * cluster autoscaler. Installed once per cluster by the stack that owns it. What depends on the cloud
 * (the identities external-dns and the autoscaler run as, and their settings) comes from the cloud's
 * module (`clouds/<cloud>/services.ts`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngressPlan } from "../../domain/platform-config.js";
import { clusterHostSuffix } from "../../domain/hostnames.js";
import type { RegionRef } from "../../regions/index.js";
import type { ManagedCluster } from "../cluster/types.js";
import type { BackupStoreContext, BackupStoreRef } from "../datastore/backups.js";
import { type MeteringScope, meteringLabels } from "../labels.js";
import { type ChartSources, OPERATOR_CHARTS } from "./charts.js";
import { certManagerValues, hostAdmissionObjects, issuerObjects, traefikValues } from "./ingress-spec.js";
import { chartRelease } from "./operators.js";
import { reservedLabelAdmissionObjects } from "./reserved-labels-spec.js";

/** What a cloud adds to one of the platform's charts: values with its settings and identity. */
export interface CloudReleaseParts {
  /** Values merged over the platform's own for the chart (the cloud's provider, the identity's annotation). */
  readonly values: pulumi.Input<Record<string, unknown>>;
  /** Cloud resources the release waits for (the identity and its grants). */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** The cloud's parts of a cluster's services, built by the cloud's module under the component. */
export interface CloudServiceParts {
  /** external-dns's provider and identity; absent where the cloud's DNS is not written to. */
  readonly externalDns?: CloudReleaseParts;
  /** The cluster autoscaler's settings and identity; absent where the node pools scale by themselves. */
  readonly clusterAutoscaler?: CloudReleaseParts;
  /** Annotations of the ingress controller's load balancer Service. */
  readonly loadBalancerAnnotations?: Readonly<Record<string, string>>;
}

/** What a cloud's module is given to build its parts: the cluster it created, and where to put them. */
export interface CloudServicesContext {
  /** Prefix of the children's names. */
  readonly name: string;
  /** The component the cloud's resources are parented on. */
  readonly parent: pulumi.ComponentResource;
  readonly cluster: ManagedCluster;
  readonly region: RegionRef;
  /** Base of the cloud's physical names, already checked. */
  readonly baseName: string;
  readonly metering: MeteringScope;
  readonly ingress: IngressPlan;
  /** The names the cluster's tenants' hosts end with. */
  readonly hostSuffix: string;
}

/** A cloud's builder of its parts (`clouds/<cloud>/services.ts`). */
export type CreateCloudServices = (ctx: CloudServicesContext) => CloudServiceParts;

/** What a cloud's module offers a cluster's services (`clouds/<cloud>/services.ts`). */
export interface CloudServicesModule {
  readonly create: CreateCloudServices;
}

export interface PlatformServicesArgs {
  readonly region: RegionRef;
  /** Scope of the metering labels on the charts' pods and the platform's objects. */
  readonly metering: MeteringScope;
  /** The cluster's domain, issuer and DNS (`cloudtier:ingress` resolved for the stack's cloud). */
  readonly ingress: IngressPlan;
  /** Replicas of the ingress controller: the SLA's replica count. */
  readonly replicas: number;
  /**
   * The cluster this stack created and its cloud's builder of the cloud's parts, created under this
   * component. @default none (an existing cluster): no DNS, no cluster autoscaler, the load balancer's defaults
   */
  readonly cloud?: {
    readonly cluster: ManagedCluster;
    readonly baseName: string;
    readonly build: CreateCloudServices;
    /**
     * Creates the object store of in-cluster backups (`clouds/<cloud>/backups.ts`), for a cluster that
     * hosts in-cluster stores. @default none
     */
    readonly backups?: (ctx: BackupStoreContext) => BackupStoreRef;
  };
  /**
   * Where the charts come from (`cloudtier:charts`).
   * @default each chart's public repository, at its pinned version
   */
  readonly charts?: ChartSources;
  /** @default the working directory: the project directory under `pulumi up` */
  readonly projectDir?: string;
}

/** Deep merge of chart values: the cloud's over the platform's (objects merged, anything else replaced). */
export function mergeValues(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    const isObject = (v: unknown): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    out[key] = isObject(current) && isObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}

/** external-dns's values whatever the cloud: Ingress hosts only, in the zone, owned by this cluster. */
export function externalDnsValues(
  ingress: IngressPlan,
  owner: string,
  labels: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return {
    sources: ["ingress"],
    // Records of Ingresses that are gone are deleted; the TXT registry keeps it to this cluster's own.
    policy: "sync",
    registry: "txt",
    txtOwnerId: owner,
    domainFilters: ingress.dns ? [ingress.dns.zone] : [],
    podLabels: { ...labels },
    serviceAccount: { create: true, name: OPERATOR_CHARTS.externalDns.release },
  };
}

/**
 * A cluster's ingress, certificates, DNS names and autoscaler (`cloudtier:platform:Services`). Children
 * are named `<name>-<part>`. Tenant namespaces need nothing from it: the admission rule selects them by
 * their customer label, and their hosts follow from their names.
 */
export class PlatformServices extends pulumi.ComponentResource {
  /** The Helm releases, by chart. */
  readonly releases: Readonly<{
    ingress: k8s.helm.v3.Release;
    certManager: k8s.helm.v3.Release;
    externalDns?: k8s.helm.v3.Release;
    clusterAutoscaler?: k8s.helm.v3.Release;
  }>;
  /** The names every tenant's host ends with: `<cloud>-<region>.<domain>`. */
  readonly hostSuffix: string;
  /** The object store of in-cluster backups the cloud's module created, if any. */
  readonly backupStore?: BackupStoreRef;

  constructor(name: string, args: PlatformServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("cloudtier:platform:Services", name, {}, opts);
    const labels = meteringLabels(args.metering);
    this.hostSuffix = clusterHostSuffix(args.region, args.ingress.domain);
    const parts: CloudServiceParts = args.cloud
      ? args.cloud.build({
          name,
          parent: this,
          cluster: args.cloud.cluster,
          region: args.region,
          baseName: args.cloud.baseName,
          metering: args.metering,
          ingress: args.ingress,
          hostSuffix: this.hostSuffix,
        })
      : {};
    this.backupStore = args.cloud?.backups?.({
      name,
      parent: this,
      cluster: args.cloud.cluster,
      region: args.region,
      baseName: args.cloud.baseName,
      metering: args.metering,
    });
    const charts = { charts: args.charts, projectDir: args.projectDir };
    const release = (
      chart: "ingress" | "certManager" | "externalDns" | "clusterAutoscaler",
      values: Record<string, unknown>,
      cloud?: CloudReleaseParts,
    ) =>
      chartRelease(
        `${name}-${chart}`,
        chart,
        cloud ? pulumi.output(cloud.values).apply((v) => mergeValues(values, v)) : values,
        { ...charts, opts: { parent: this, dependsOn: [...(cloud?.dependsOn ?? [])] } },
      );

    const ingress = release(
      "ingress",
      traefikValues({
        replicas: args.replicas,
        labels,
        serviceAnnotations: parts.loadBalancerAnnotations,
      }),
    );
    const certManager = release("certManager", certManagerValues(labels));
    const externalDns = parts.externalDns
      ? release("externalDns", externalDnsValues(args.ingress, name, labels), parts.externalDns)
      : undefined;
    const clusterAutoscaler = parts.clusterAutoscaler
      ? release("clusterAutoscaler", { podLabels: { ...labels } }, parts.clusterAutoscaler)
      : undefined;

    // The issuers are cert-manager's custom resources: its CRDs come with its release.
    const afterCertManager = { parent: this, dependsOn: [certManager] };
    const issuers: pulumi.Resource[] = [];
    for (const object of issuerObjects(args.ingress, labels)) {
      issuers.push(
        new k8s.apiextensions.CustomResource(
          `${name}-${object.kind === "Certificate" ? "certificate" : "issuer"}-${object.metadata.name}`,
          object as unknown as k8s.apiextensions.CustomResourceArgs,
          // The CA issuer reads the root's Secret, which the Certificate before it makes.
          { ...afterCertManager, dependsOn: [certManager, ...issuers] },
        ),
      );
    }

    const { policy, binding } = hostAdmissionObjects(this.hostSuffix, labels);
    const hostPolicy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
      `${name}-host-policy`,
      policy,
      { parent: this },
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
      `${name}-host-policy-binding`,
      binding as unknown as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
      { parent: this, dependsOn: [hostPolicy] },
    );
    // Tenants may not label their pods as the data stores' (whose NetworkPolicies grant more than a
    // tier). On every cluster cloudtier installs services on, so a tenant namespace is held the same way
    // whether or not its cluster runs in-cluster stores yet.
    const reserved = reservedLabelAdmissionObjects(labels);
    const labelPolicy = new k8s.admissionregistration.v1.ValidatingAdmissionPolicy(
      `${name}-reserved-labels-policy`,
      reserved.policy,
      { parent: this },
    );
    new k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding(
      `${name}-reserved-labels-policy-binding`,
      reserved.binding as unknown as k8s.admissionregistration.v1.ValidatingAdmissionPolicyBindingArgs,
      { parent: this, dependsOn: [labelPolicy] },
    );

    this.releases = {
      ingress,
      certManager,
      ...(externalDns ? { externalDns } : {}),
      ...(clusterAutoscaler ? { clusterAutoscaler } : {}),
    };
    this.registerOutputs({ hostSuffix: this.hostSuffix });
  }
}
