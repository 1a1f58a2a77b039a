/**
 * Scaleway's part of a cluster's services: external-dns in Scaleway Domains and DNS as an IAM
 * application of its own whose policy allows DNS only, in the cluster's project (Kapsule has no workload
 * identity, so its API key reaches external-dns as a Secret in external-dns's namespace). Kapsule's pools
 * scale themselves (their autoscaling is set with the cluster): no cluster autoscaler is installed.
 */
import { ApiKey } from "@pulumiverse/scaleway/iam/apiKey.js";
import { Application } from "@pulumiverse/scaleway/iam/application.js";
import { Policy } from "@pulumiverse/scaleway/iam/policy.js";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { meteringLabels } from "../../components/labels.js";
import { OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
import type { CloudServicesModule } from "../../components/platform/services.js";
import { ScalewayCluster } from "./cluster.js";
import { scalewayTags } from "./layout.js";

/** The IAM permission set external-dns needs: Domains and DNS, nothing else. */
export const DNS_PERMISSION_SET = "DomainsDNSFullAccess";

export function kapsule(ctx: { readonly name: string; readonly cluster: unknown }): ScalewayCluster {
  if (!(ctx.cluster instanceof ScalewayCluster))
    throw new Error(`${ctx.name}: not a Kapsule cluster of this stack`);
  return ctx.cluster;
}

export const scalewayServices: CloudServicesModule = {
  create: (ctx) => {
    const cluster = kapsule(ctx);
    const child = { parent: ctx.parent, provider: cluster.cloudProvider };
    const tags = scalewayTags(ctx.metering);
    let externalDns;
    if (ctx.ingress.dns) {
      const application = new Application(
        `${ctx.name}-external-dns`,
        { name: `${ctx.baseName}-external-dns`, description: `external-dns of ${ctx.baseName}`, tags },
        child,
      );
      const policy = new Policy(
        `${ctx.name}-external-dns-policy`,
        {
          name: `${ctx.baseName}-external-dns`,
          applicationId: application.id,
          rules: [{ projectIds: [cluster.projectId], permissionSetNames: [DNS_PERMISSION_SET] }],
          tags,
        },
        child,
      );
      const key = new ApiKey(
        `${ctx.name}-external-dns-key`,
        { applicationId: application.id, description: `external-dns of ${ctx.baseName}` },
        child,
      );
      const namespace = new k8s.core.v1.Namespace(
        `${ctx.name}-external-dns-ns`,
        { metadata: { name: OPERATOR_NAMESPACES.externalDns, labels: meteringLabels(ctx.metering) } },
        { parent: ctx.parent, provider: cluster.provider },
      );
      const secret = new k8s.core.v1.Secret(
        `${ctx.name}-external-dns-credentials`,
        {
          metadata: {
            name: "external-dns-scaleway",
            namespace: namespace.metadata.name,
            labels: meteringLabels(ctx.metering),
          },
          stringData: pulumi.secret(
            pulumi
              .all([key.accessKey, key.secretKey])
              .apply(([access, secretKey]) => ({ SCW_ACCESS_KEY: access, SCW_SECRET_KEY: secretKey })),
          ),
        },
        { parent: ctx.parent, provider: cluster.provider },
      );
      externalDns = {
        values: {
          provider: { name: "scaleway" },
          env: ["SCW_ACCESS_KEY", "SCW_SECRET_KEY"].map((name) => ({
            name,
            valueFrom: { secretKeyRef: { name: "external-dns-scaleway", key: name } },
          })),
        },
        dependsOn: [policy, secret],
      };
    }
    return externalDns ? { externalDns } : {};
  },
};
