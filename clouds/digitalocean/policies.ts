/**
 * Policy rules that only DigitalOcean needs: its database clusters accept any address until trusted
 * sources restrict them, and its cluster upgrades replace nodes in place unless surge upgrades are on.
 * The shared rules (API access, upgrades, data stores, names, tags) check DigitalOcean resources too.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type * as digitalocean from "@pulumi/digitalocean";
import { OWN } from "../../policy/rules/sources.js";
import { isOpenCidr, ofType, resourcesOf } from "../../policy/rules/support.js";

export const doDatabaseTrustedSources: StackValidationPolicy = {
  name: "do-database-trusted-sources",
  description:
    "Every DigitalOcean database cluster has trusted sources (a database firewall) that admit named resources or private ranges only: without them it accepts connections from any address.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [OWN],
  remediationSteps:
    "Create a digitalocean.DatabaseFirewall for the cluster with a `k8s` rule for the cluster.",
  validateStack: (args, report) => {
    const clusters = resourcesOf<digitalocean.DatabaseClusterArgs>(args.resources, "doDatabaseCluster");
    const firewalls = resourcesOf<digitalocean.DatabaseFirewallArgs>(args.resources, "doDatabaseFirewall");
    for (const { resource } of clusters.slice(firewalls.length)) {
      report(
        `${clusters.length} database clusters but ${firewalls.length} database firewalls.`,
        resource.urn,
      );
    }
    for (const { resource, props } of firewalls) {
      const rules = props.rules ?? [];
      if (rules.length === 0) report("the firewall has no rule.", resource.urn);
      for (const rule of rules) {
        if (rule.type === "ip_addr" && isOpenCidr(rule.value)) {
          report(`an ip_addr rule admits ${rule.value}.`, resource.urn);
        }
      }
    }
  },
};

export const doksSurgeUpgrades: ResourceValidationPolicy = {
  name: "doks-surge-upgrades",
  description:
    "DOKS clusters upgrade with surge nodes (new nodes before old ones drain) inside a set maintenance window.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateResource: ofType<digitalocean.KubernetesClusterArgs>("doksCluster", (cluster, _args, report) => {
    if (cluster.surgeUpgrade !== true) report("surgeUpgrade must be true.");
    if (!cluster.maintenancePolicy?.day || !cluster.maintenancePolicy.startTime) {
      report("maintenancePolicy must set a day and a start time.");
    }
  }),
};

export const DIGITALOCEAN_POLICIES = [doDatabaseTrustedSources, doksSurgeUpgrades];
