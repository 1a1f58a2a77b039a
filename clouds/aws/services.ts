/**
 * AWS's part of a cluster's services: the IRSA roles of external-dns (Route 53, limited to the cluster's
 * tenants' names) and of the cluster autoscaler (limited to the cluster's node groups, within their
 * bounds), and the network load balancer in front of the ingress controller.
 */
import { Role } from "@pulumi/aws/iam/role.js";
import { RolePolicy } from "@pulumi/aws/iam/rolePolicy.js";
import * as pulumi from "@pulumi/pulumi";
import {
  type CloudReleaseParts,
  type CloudServicesContext,
  type CloudServicesModule,
} from "../../components/platform/services.js";
import { regionSpec } from "../../regions/index.js";
import { AwsCluster } from "./cluster.js";
import { serviceAccountTrustPolicy } from "./iam.js";
import {
  AUTOSCALER_SERVICE_ACCOUNT,
  EXTERNAL_DNS_SERVICE_ACCOUNT,
  clusterAutoscalerPolicy,
  externalDnsPolicy,
} from "./services-iam.js";

/** Physical names of the services' roles and bucket, from the cluster's base name (like `-eks`, `-cni`). */
export function awsServiceNames(base: string): {
  dnsRole: string;
  autoscalerRole: string;
  backupRole: string;
  bucketPrefix: string;
} {
  return {
    dnsRole: `${base}-dns`,
    autoscalerRole: `${base}-cas`,
    backupRole: `${base}-bak`,
    // S3 adds a unique suffix: bucket names are global.
    bucketPrefix: `${base}-backups-`,
  };
}

function awsCluster(ctx: CloudServicesContext): AwsCluster {
  if (!(ctx.cluster instanceof AwsCluster)) throw new Error(`${ctx.name}: not an EKS cluster of this stack`);
  return ctx.cluster;
}

/** An IRSA role for one service account, with one inline policy. */
function irsaRole(
  ctx: CloudServicesContext,
  part: string,
  roleName: string,
  serviceAccount: { readonly namespace: string; readonly name: string },
  policy: pulumi.Input<string>,
): { role: Role; grant: RolePolicy } {
  const cluster = awsCluster(ctx);
  const child = { parent: ctx.parent, provider: cluster.cloudProvider };
  const role = new Role(
    `${ctx.name}-${part}-role`,
    {
      name: roleName,
      description: `${serviceAccount.namespace}/${serviceAccount.name} of ${ctx.baseName}`,
      assumeRolePolicy: pulumi
        .all([cluster.oidcProviderArn, cluster.oidcIssuerUrl])
        .apply(([arn, url]) => JSON.stringify(serviceAccountTrustPolicy(arn, url, serviceAccount))),
    },
    child,
  );
  const grant = new RolePolicy(`${ctx.name}-${part}-policy`, { role: role.name, policy }, child);
  return { role, grant };
}

function externalDns(
  ctx: CloudServicesContext,
  names: ReturnType<typeof awsServiceNames>,
): CloudReleaseParts {
  const { role, grant } = irsaRole(
    ctx,
    "external-dns",
    names.dnsRole,
    EXTERNAL_DNS_SERVICE_ACCOUNT,
    JSON.stringify(externalDnsPolicy(ctx.hostSuffix)),
  );
  return {
    values: {
      provider: { name: "aws" },
      env: [{ name: "AWS_DEFAULT_REGION", value: regionSpec(ctx.region).id }],
      extraArgs: ["--aws-zone-type=public"],
      serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": role.arn } },
    },
    dependsOn: [grant],
  };
}

function clusterAutoscaler(
  ctx: CloudServicesContext,
  names: ReturnType<typeof awsServiceNames>,
): CloudReleaseParts {
  const cluster = awsCluster(ctx);
  const { role, grant } = irsaRole(
    ctx,
    "autoscaler",
    names.autoscalerRole,
    AUTOSCALER_SERVICE_ACCOUNT,
    cluster.clusterName.apply((name) => JSON.stringify(clusterAutoscalerPolicy(name))),
  );
  return {
    values: {
      cloudProvider: "aws",
      awsRegion: regionSpec(ctx.region).id,
      // The node groups EKS tagged for this cluster, each within its own minimum and maximum.
      autoDiscovery: { clusterName: cluster.clusterName },
      rbac: {
        serviceAccount: {
          create: true,
          name: AUTOSCALER_SERVICE_ACCOUNT.name,
          annotations: { "eks.amazonaws.com/role-arn": role.arn },
        },
      },
      extraArgs: {
        // One node group per zone: keep the zones evenly filled as nodes are added.
        "balance-similar-node-groups": true,
        expander: "least-waste",
        "skip-nodes-with-local-storage": false,
      },
    },
    dependsOn: [grant],
  };
}

export const awsServices: CloudServicesModule = {
  create: (ctx) => {
    const names = awsServiceNames(ctx.baseName);
    return {
      ...(ctx.ingress.dns ? { externalDns: externalDns(ctx, names) } : {}),
      clusterAutoscaler: clusterAutoscaler(ctx, names),
      // A network load balancer: TLS ends at the ingress controller, which sees the clients' addresses.
      loadBalancerAnnotations: { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" },
    };
  },
};
