/**
 * Policy rules that only EKS needs: NetworkPolicy enforcement and workload identity are add-ons or
 * providers beside the cluster, and the creator's implicit admin is a cluster setting of its own. The
 * shared rules (policy/rules/) check EKS clusters for what every cloud has.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import { isTrue, ofType, resourcesOf } from "../../policy/rules/support.js";
import { OWN, cisEks } from "../../policy/rules/sources.js";

/** Whether an EKS add-on's configuration turns on the VPC CNI's network policy agent. */
function enablesNetworkPolicy(configurationValues: string | undefined): boolean {
  if (!configurationValues) return false;
  try {
    const values = JSON.parse(configurationValues) as { enableNetworkPolicy?: unknown };
    return isTrue(values.enableNetworkPolicy);
  } catch {
    return false;
  }
}

const POLICY_ENGINE_CHARTS = ["cilium", "tigera-operator", "calico"] as const;

export const eksNetworkPolicy: StackValidationPolicy = {
  name: "eks-network-policy-enforcement",
  description:
    'Every EKS cluster enforces NetworkPolicies: the vpc-cni add-on with enableNetworkPolicy "true", or a Cilium/Calico release.',
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [cisEks("4.3.1"), cisEks("5.4.4")],
  validateStack: (args, report) => {
    const clusters = resourcesOf<aws.eks.ClusterArgs>(args.resources, "eksCluster");
    if (clusters.length === 0) return;
    const addon = resourcesOf<aws.eks.AddonArgs>(args.resources, "eksAddon").some(
      ({ props }) => props.addonName === "vpc-cni" && enablesNetworkPolicy(props.configurationValues),
    );
    const chart = resourcesOf<{ chart?: string }>(args.resources, "helmRelease").some(({ props }) =>
      (POLICY_ENGINE_CHARTS as readonly string[]).includes(String(props.chart ?? "").replace(/^.*\//, "")),
    );
    if (!addon && !chart) {
      for (const { resource } of clusters) {
        report(
          'no vpc-cni add-on with {"enableNetworkPolicy":"true"} and no Cilium/Calico release.',
          resource.urn,
        );
      }
    }
  },
};

export const eksWorkloadIdentity: StackValidationPolicy = {
  name: "eks-workload-identity",
  description:
    "Every EKS cluster offers workload identity: an IAM OIDC provider (IRSA) or the eks-pod-identity-agent add-on.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisEks("5.2.1")],
  validateStack: (args, report) => {
    const clusters = resourcesOf<aws.eks.ClusterArgs>(args.resources, "eksCluster");
    const oidc = resourcesOf<aws.iam.OpenIdConnectProviderArgs>(args.resources, "awsOidcProvider").length > 0;
    const agent = resourcesOf<aws.eks.AddonArgs>(args.resources, "eksAddon").some(
      ({ props }) => props.addonName === "eks-pod-identity-agent",
    );
    if (oidc || agent) return;
    for (const { resource } of clusters) {
      report("no IAM OIDC provider and no eks-pod-identity-agent add-on in the stack.", resource.urn);
    }
  },
};

export const eksNoCreatorAdmin: ResourceValidationPolicy = {
  name: "eks-no-creator-admin",
  description:
    "The identity that creates an EKS cluster gets no implicit cluster-admin; admins are granted by access entries.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: [cisEks("4.1.1"), OWN],
  validateResource: ofType<aws.eks.ClusterArgs>("eksCluster", (cluster, _args, report) => {
    if (cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions !== false) {
      report("accessConfig.bootstrapClusterCreatorAdminPermissions should be false.");
    }
  }),
};

export const AWS_POLICIES = [eksNetworkPolicy, eksWorkloadIdentity, eksNoCreatorAdmin];
