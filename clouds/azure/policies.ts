/**
 * Policy rules that only AKS needs: its audit log ships through a diagnostic setting beside the
 * cluster, and its node pools' Trusted Launch. The shared rules (policy/rules/) check AKS clusters for
 * what every cloud has.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as azure from "@pulumi/azure-native";
import { ofType, resourcesOf } from "../../policy/rules/support.js";
import { OWN, cisAks } from "../../policy/rules/sources.js";

/** Diagnostic-setting log categories of AKS that carry the audit log. */
export const AKS_AUDIT_CATEGORIES = ["kube-audit", "kube-audit-admin"] as const;
const AKS_AUDIT_GROUPS = ["audit", "allLogs"] as const;

export const aksAuditLogs: StackValidationPolicy = {
  name: "aks-audit-logs",
  description:
    "Every AKS cluster has a diagnostic setting that ships its audit log (kube-audit or kube-audit-admin).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [cisAks("2.1.1")],
  validateStack: (args, report) => {
    const settings = resourcesOf<azure.monitor.DiagnosticSettingArgs>(
      args.resources,
      "azureDiagnosticSetting",
    );
    for (const { resource, props } of resourcesOf<azure.containerservice.ManagedClusterArgs>(
      args.resources,
      "aksCluster",
    )) {
      const name = typeof props.resourceName === "string" ? props.resourceName.toLowerCase() : undefined;
      const audited = settings.some(({ props: setting }) => {
        const uri = String(setting.resourceUri ?? "").toLowerCase();
        const forCluster = name
          ? uri.endsWith(`/managedclusters/${name}`)
          : uri.includes("/managedclusters/");
        const logs = setting.logs ?? [];
        return (
          forCluster &&
          logs.some(
            (log) =>
              log.enabled &&
              ((AKS_AUDIT_CATEGORIES as readonly string[]).includes(log.category ?? "") ||
                (AKS_AUDIT_GROUPS as readonly string[]).includes(log.categoryGroup ?? "")),
          )
        );
      });
      if (!audited) {
        report("no monitor.DiagnosticSetting ships this cluster's kube-audit log.", resource.urn);
      }
    }
  },
};

export const aksTrustedLaunch: ResourceValidationPolicy = {
  name: "aks-trusted-launch",
  description:
    "AKS node pools use Trusted Launch (Secure Boot and vTPM), Azure's counterpart of shielded nodes.",
  enforcementLevel: "advisory",
  severity: "low",
  tags: [OWN],
  validateResource: [
    ofType<azure.containerservice.ManagedClusterArgs>("aksCluster", (cluster, _args, report) => {
      for (const pool of cluster.agentPoolProfiles ?? []) {
        const security = pool.securityProfile;
        if (security?.enableSecureBoot !== true || security.enableVTPM !== true) {
          report(`agentPoolProfiles[${pool.name}].securityProfile should enable Secure Boot and vTPM.`);
        }
      }
    }),
    ofType<azure.containerservice.AgentPoolArgs>("aksAgentPool", (pool, _args, report) => {
      const security = pool.securityProfile;
      if (security?.enableSecureBoot !== true || security.enableVTPM !== true) {
        report("securityProfile should enable Secure Boot and vTPM.");
      }
    }),
  ],
};

export const AZURE_POLICIES = [aksAuditLogs, aksTrustedLaunch];
