/**
 * Who reaches a cluster's API and how: the stack's own CIDRs and the project's deployer CIDRs (every
 * cluster cloudtier creates is deployed into through its API from wherever `pulumi up` runs), member
 * sign-in and cluster admins.
 */
import type { ClusterArgs } from "../components/cluster/types.js";
import type { StackSettings } from "./program.js";

export function clusterAccess(
  stackCidrs: readonly string[],
  settings: StackSettings,
): Pick<ClusterArgs, "apiAllowedCidrs" | "memberOidc" | "clusterAdmins"> {
  const project = settings.project;
  return {
    apiAllowedCidrs: [...new Set([...(project?.deployerCidrs ?? []), ...stackCidrs])],
    ...(project?.memberOidc ? { memberOidc: project.memberOidc } : {}),
    ...(project?.clusterAdmins ? { clusterAdmins: project.clusterAdmins } : {}),
  };
}
