/**
 * Names derived from a customer and a region, and each cloud's rules for them. Every derived name is
 * checked here, before any stack or cloud call, so a name that a cloud would reject is a clear input error
 * rather than a failed deployment half-way through.
 */
import type { CloudName, RegionRef } from "../regions/index.js";
import { regionSpec } from "../regions/index.js";
import type { InputProblem } from "./errors.js";

export interface NameRule {
  readonly cloud: CloudName | "kubernetes" | "pulumi";
  /** The kind of resource the name is for, as the cloud calls it. */
  readonly resource: string;
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The pattern in words, for error messages. */
  readonly patternText: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_TEXT =
  "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";

export const NAME_RULES = {
  namespace: {
    cloud: "kubernetes",
    resource: "Namespace",
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  stack: {
    cloud: "pulumi",
    resource: "stack name",
    maxLength: 100,
    pattern: /^[A-Za-z0-9_.-]+$/,
    patternText: "letters, digits, '_', '.' and '-'",
  },
  eksCluster: {
    cloud: "aws",
    resource: "EKS cluster",
    maxLength: 100,
    pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
    patternText: "letters, digits, '-' and '_', starting with a letter or digit",
  },
  elasticacheReplicationGroup: {
    cloud: "aws",
    resource: "ElastiCache replication group",
    maxLength: 40,
    pattern: /^[a-z](?!.*--)[-a-z0-9]*[a-z0-9]$/,
    patternText: "lowercase letters, digits and single '-', starting with a letter",
  },
  rdsInstance: {
    cloud: "aws",
    resource: "RDS DB instance",
    maxLength: 63,
    pattern: /^[a-z](?!.*--)[-a-z0-9]*[a-z0-9]$/,
    patternText: "lowercase letters, digits and single '-', starting with a letter",
  },
  gkeCluster: {
    cloud: "gcp",
    resource: "GKE cluster",
    maxLength: 40,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  gcpNetwork: {
    cloud: "gcp",
    resource: "VPC network",
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  cloudSqlInstance: {
    cloud: "gcp",
    resource: "Cloud SQL instance",
    // Cloud SQL Admin API: the instance ID, without the project ID, is at most 98 characters.
    maxLength: 98,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  memorystoreInstance: {
    cloud: "gcp",
    resource: "Memorystore instance",
    maxLength: 40,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  aksCluster: {
    cloud: "azure",
    resource: "AKS cluster",
    maxLength: 63,
    pattern: /^[a-zA-Z0-9]([-_a-zA-Z0-9]*[a-zA-Z0-9])?$/,
    patternText: "letters, digits, '-' and '_', starting and ending with a letter or digit",
  },
  aksNodeResourceGroup: {
    cloud: "azure",
    resource: "AKS node resource group",
    maxLength: 80,
    pattern: /^[-\w._()]+$/,
    patternText: "letters, digits, '_', '-', '.', '(' and ')'",
  },
  azureResourceGroup: {
    cloud: "azure",
    resource: "resource group",
    maxLength: 90,
    pattern: /^[-\w._()]+$/,
    patternText: "letters, digits, '_', '-', '.', '(' and ')'",
  },
  aksNodePool: {
    cloud: "azure",
    resource: "AKS node pool",
    maxLength: 12,
    pattern: /^[a-z][a-z0-9]*$/,
    patternText: "lowercase letters and digits, starting with a letter",
  },
  azurePostgresServer: {
    cloud: "azure",
    resource: "PostgreSQL flexible server",
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  azureRedisCache: {
    cloud: "azure",
    resource: "Azure Cache for Redis",
    maxLength: 63,
    pattern: /^[a-zA-Z0-9](?!.*--)[-a-zA-Z0-9]*[a-zA-Z0-9]$/,
    patternText: "letters, digits and single '-'",
  },
  kapsuleCluster: {
    cloud: "scaleway",
    resource: "Kapsule cluster",
    maxLength: 100,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  // DOKS rejects a cluster name that starts with a digit (`cluster_spec.invalid`); 63 keeps it a DNS label.
  doksCluster: {
    cloud: "digitalocean",
    resource: "Kubernetes cluster",
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
  // API reference, `POST /v2/vpcs`: "may only contain alphanumeric characters, dashes, and periods".
  doVpc: {
    cloud: "digitalocean",
    resource: "VPC",
    maxLength: 255,
    pattern: /^[a-zA-Z0-9\-.]+$/,
    patternText: "letters, digits, '-' and '.'",
  },
  doDatabaseCluster: {
    cloud: "digitalocean",
    resource: "database cluster",
    maxLength: 63,
    pattern: DNS_LABEL,
    patternText: DNS_LABEL_TEXT,
  },
} as const satisfies Record<string, NameRule>;
export type NameRuleKey = keyof typeof NAME_RULES;

/** A derived name and the rule it must satisfy. */
export interface DerivedName {
  readonly rule: NameRuleKey;
  readonly name: string;
}

/** Checks one name against its rule; returns the problem or undefined. */
export function checkName(derived: DerivedName, field: string): InputProblem | undefined {
  const rule: NameRule = NAME_RULES[derived.rule];
  const where = `${rule.cloud} ${rule.resource}`;
  if (derived.name.length > rule.maxLength) {
    return {
      field,
      rule: `derives the ${where} name "${derived.name}" (${derived.name.length} characters), longer than ${rule.cloud} allows`,
      limit: `${rule.maxLength} characters for a ${where} name`,
      received: derived.name,
      fix: `Choose a customer id at least ${derived.name.length - rule.maxLength} characters shorter.`,
    };
  }
  if (!rule.pattern.test(derived.name)) {
    return {
      field,
      rule: `derives the ${where} name "${derived.name}", which ${rule.cloud} rejects: it must be ${rule.patternText}`,
      received: derived.name,
      fix: "Choose a customer id made of lowercase letters, digits and single hyphens.",
    };
  }
  return undefined;
}

/** The short form of a region used inside names: the cloud's own region id, or the context name. */
export function regionToken(ref: RegionRef): string {
  return ref.cloud === "kubeconfig" ? ref.region : regionSpec(ref).id;
}

/** `<customer>-<cloud>-<region>`: the stack of one customer in one region. */
export function environmentStackName(customerId: string, ref: RegionRef): string {
  return `${customerId}-${ref.cloud}-${ref.region}`;
}

/** `platform-<cloud>-<region>[-<shard>]`: a shared platform cluster's stack; shard 0 has no suffix. */
export function platformStackName(ref: RegionRef, shard = 0): string {
  const base = `platform-${ref.cloud}-${ref.region}`;
  return shard === 0 ? base : `${base}-${shard}`;
}

/** Base of every cloud resource name of a customer's environment in a region: `<customer>-<region>`. */
export function environmentBaseName(customerId: string, ref: RegionRef): string {
  return `${customerId}-${regionToken(ref)}`;
}

/** Base of cloud resource names of a platform cluster: `ct-platform-<region>`. */
export function platformBaseName(ref: RegionRef): string {
  return `ctp-${regionToken(ref)}`;
}

/** The cluster-level names a stack with this base creates on its cloud, with their rules. */
export function clusterNames(base: string, cloud: CloudName): DerivedName[] {
  switch (cloud) {
    case "aws":
      return [{ rule: "eksCluster", name: base }];
    case "gcp":
      return [
        { rule: "gkeCluster", name: base },
        { rule: "gcpNetwork", name: `${base}-net` },
      ];
    case "azure":
      return [
        { rule: "azureResourceGroup", name: `${base}-rg` },
        { rule: "aksCluster", name: base },
        { rule: "aksNodeResourceGroup", name: `${base}-nodes-rg` },
      ];
    case "scaleway":
      return [{ rule: "kapsuleCluster", name: base }];
    case "digitalocean":
      return [
        { rule: "doksCluster", name: base },
        { rule: "doVpc", name: `${base}-vpc` },
      ];
    case "kubeconfig":
      return [];
  }
}

/** Names of managed data stores (Cloud tier) for a base name. */
export function datastoreNames(
  base: string,
  cloud: CloudName,
  kinds: { redis: boolean; postgres: boolean },
): DerivedName[] {
  const names: DerivedName[] = [];
  const add = (wanted: boolean, rule: NameRuleKey, suffix: string) => {
    if (wanted) names.push({ rule, name: `${base}-${suffix}` });
  };
  switch (cloud) {
    case "aws":
      add(kinds.postgres, "rdsInstance", "pg");
      add(kinds.redis, "elasticacheReplicationGroup", "redis");
      break;
    case "gcp":
      add(kinds.postgres, "cloudSqlInstance", "pg");
      add(kinds.redis, "memorystoreInstance", "redis");
      break;
    case "azure":
      add(kinds.postgres, "azurePostgresServer", "pg");
      add(kinds.redis, "azureRedisCache", "redis");
      break;
    case "digitalocean":
      add(kinds.postgres, "doDatabaseCluster", "pg");
      add(kinds.redis, "doDatabaseCluster", "redis");
      break;
    case "scaleway":
    case "kubeconfig":
      break;
  }
  return names;
}
