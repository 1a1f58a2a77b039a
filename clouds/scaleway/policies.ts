/**
 * Policy rules that only Kapsule needs: its API is open to any address until an ACL beside the
 * cluster restricts it. The shared rules (policy/rules/) check Kapsule clusters for what every cloud has.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type * as scaleway from "@pulumiverse/scaleway";
import { resourcesOf } from "../../policy/rules/support.js";
import { OWN } from "../../policy/rules/sources.js";

export const kapsuleApiAcl: StackValidationPolicy = {
  name: "kapsule-api-acl",
  description:
    "Every Kapsule cluster has an API ACL: without one, Scaleway accepts API connections from any address.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [OWN],
  remediationSteps: "Create a scaleway.kubernetes.Acl for the cluster listing the allowed ranges.",
  validateStack: (args, report) => {
    const clusters = resourcesOf<scaleway.kubernetes.ClusterArgs>(args.resources, "kapsuleCluster");
    const acls = resourcesOf<scaleway.kubernetes.AclArgs>(args.resources, "kapsuleAcl");
    if (clusters.length > acls.length) {
      for (const { resource } of clusters.slice(acls.length)) {
        report(`${clusters.length} Kapsule clusters but ${acls.length} API ACLs in the stack.`, resource.urn);
      }
    }
  },
};

export const SCALEWAY_POLICIES = [kapsuleApiAcl];
