/**
 * Metering and naming rules: every object carries the metering labels and tags (the check of
 * `analysis/metering`), every resource of a cloud or cluster goes through an explicit provider, derived
 * names fit the clouds' limits (`domain/naming.ts`), and labels and tags are values the clouds accept.
 */
import type {
  PolicyProviderResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
} from "@pulumi/policy";
import { DO_TAG_MAX, DO_TAG_PATTERN } from "../../clouds/digitalocean/layout.js";
import { NAME_RULES, type NameRuleKey, checkName } from "../../domain/naming.js";
import { meteringOf } from "../../analysis/metering/index.js";
import type { PlannedResource } from "../../planner/types.js";
import { isType, type TokenGroup } from "../../clouds/tokens.js";
import { metaOf } from "./support.js";
import { OWN } from "./sources.js";

/** Component resources (no provider, no cloud object): cloudtier's own and the stack itself. */
export function isComponentType(type: string): boolean {
  return type.startsWith("cloudtier:") || type.startsWith("pulumi:pulumi:");
}

function plannedProvider(provider: PolicyProviderResource): PlannedResource {
  return {
    urn: provider.urn,
    type: provider.type,
    name: provider.name,
    parent: null,
    provider: null,
    custom: true,
    protect: false,
    inputs: provider.props as Record<string, unknown>,
  };
}

/** The resource a policy sees, in the planner's shape, so `meteringOf` reads it as it reads a plan. */
function plannedOf(args: ResourceValidationArgs): PlannedResource {
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    parent: args.opts.parent ?? null,
    // `meteringOf` reads provider references as `urn::id`; the id plays no part in it.
    provider: args.provider ? `${args.provider.urn}::id` : null,
    custom: !isComponentType(args.type),
    protect: args.opts.protect,
    inputs: args.props as Record<string, unknown>,
  };
}

export const meteringLabelsAndTags: ResourceValidationPolicy = {
  name: "metering-labels-and-tags",
  description:
    "Every Kubernetes object carries the cloudtier.io/customer, tier and region labels, and every taggable cloud resource the cloudtier-* tags, so usage is allocated per customer.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateResource: (args, report) => {
    const resources = [plannedOf(args), ...(args.provider ? [plannedProvider(args.provider)] : [])];
    for (const problem of meteringOf({ resources }).problems) {
      report(problem.startsWith(`${args.urn}: `) ? problem.slice(args.urn.length + 2) : problem);
    }
  },
};

/** Packages whose resources must name their provider: one per cloud region or cluster. */
export const REGIONAL_PACKAGES = [
  "aws",
  "gcp",
  "azure-native",
  "scaleway",
  "digitalocean",
  "kubernetes",
] as const;

export const explicitProviders: ResourceValidationPolicy = {
  name: "explicit-providers",
  description:
    "Every cloud and Kubernetes resource goes through an explicit provider for its region or cluster, never the default provider (which follows the ambient credentials and context).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [OWN],
  validateResource: (args, report) => {
    const pkg = args.type.slice(0, args.type.indexOf(":"));
    if (!(REGIONAL_PACKAGES as readonly string[]).includes(pkg) || isComponentType(args.type)) return;
    // Helm v3 Chart and the YAML groups are components: their children carry the provider.
    if (/^kubernetes:(helm\.sh\/v3:Chart|yaml\/)/.test(args.type)) return;
    if (!args.provider) {
      report(`no provider: a ${pkg} resource must be given its region's or cluster's provider.`);
    } else if (args.provider.name.startsWith("default")) {
      report(`uses the default ${pkg} provider (${args.provider.name}).`);
    }
  },
};

interface NamedProperty {
  readonly group: TokenGroup;
  readonly rule: NameRuleKey;
  /** Reads the names the rule applies to from the props. */
  readonly names: (props: Record<string, unknown>) => unknown[];
}

const prop =
  (key: string) =>
  (props: Record<string, unknown>): unknown[] => [props[key]];

/** Which input of which resource carries a name that `domain/naming.ts` has a rule for. */
export const NAMED_PROPERTIES: readonly NamedProperty[] = [
  { group: "eksCluster", rule: "eksCluster", names: prop("name") },
  { group: "rdsInstance", rule: "rdsInstance", names: prop("identifier") },
  {
    group: "elasticacheReplicationGroup",
    rule: "elasticacheReplicationGroup",
    names: prop("replicationGroupId"),
  },
  { group: "gkeCluster", rule: "gkeCluster", names: prop("name") },
  { group: "gcpNetwork", rule: "gcpNetwork", names: prop("name") },
  { group: "cloudSqlInstance", rule: "cloudSqlInstance", names: prop("name") },
  { group: "memorystoreInstance", rule: "memorystoreInstance", names: prop("name") },
  { group: "aksCluster", rule: "aksCluster", names: prop("resourceName") },
  { group: "aksCluster", rule: "aksNodeResourceGroup", names: prop("nodeResourceGroup") },
  {
    group: "aksCluster",
    rule: "aksNodePool",
    names: (props) =>
      ((props["agentPoolProfiles"] as { name?: unknown }[] | undefined) ?? []).map((p) => p.name),
  },
  { group: "aksAgentPool", rule: "aksNodePool", names: prop("agentPoolName") },
  { group: "azureResourceGroup", rule: "azureResourceGroup", names: prop("resourceGroupName") },
  { group: "azurePostgresServer", rule: "azurePostgresServer", names: prop("serverName") },
  { group: "azureRedis", rule: "azureRedisCache", names: prop("name") },
  { group: "kapsuleCluster", rule: "kapsuleCluster", names: prop("name") },
  { group: "doksCluster", rule: "doksCluster", names: prop("name") },
  { group: "doVpc", rule: "doVpc", names: prop("name") },
  { group: "doDatabaseCluster", rule: "doDatabaseCluster", names: prop("name") },
  { group: "namespace", rule: "namespace", names: (props) => [metaOf(props).name] },
];

export const cloudNamesWithinLimits: ResourceValidationPolicy = {
  name: "names-within-cloud-limits",
  description:
    "Names given to cloud resources and namespaces fit each cloud's length and character rules (domain/naming.ts), e.g. GKE 40, AKS node pool 12, ElastiCache 40, namespace 63.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateResource: (args, report) => {
    for (const named of NAMED_PROPERTIES) {
      if (!isType(args.type, named.group)) continue;
      for (const name of named.names(args.props as Record<string, unknown>)) {
        // Unset names are autonamed by Pulumi from the resource name, which the planner checks already.
        if (typeof name !== "string") continue;
        const problem = checkName({ rule: named.rule, name }, NAME_RULES[named.rule].resource);
        if (problem)
          report(`${problem.rule} (limit: ${problem.limit ?? NAME_RULES[named.rule].patternText}).`);
      }
    }
  },
};

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const LABEL_VALUE_MAX = 63;

/** Problems of one Kubernetes label (key syntax: optional DNS-subdomain prefix, name of at most 63). */
export function kubernetesLabelProblems(key: string, value: unknown): string[] {
  const problems: string[] = [];
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    problems.push(`label key prefix "${prefix}" is not a DNS subdomain.`);
  }
  if (name.length === 0 || name.length > LABEL_VALUE_MAX || !LABEL_NAME.test(name)) {
    problems.push(`label key "${key}" is not a valid label name (at most ${LABEL_VALUE_MAX} characters).`);
  }
  if (typeof value !== "string" || value.length > LABEL_VALUE_MAX || !LABEL_NAME.test(value)) {
    problems.push(
      `label ${key}=${JSON.stringify(value)} is not a valid label value (at most ${LABEL_VALUE_MAX}).`,
    );
  }
  return problems;
}

export const kubernetesLabelsValid: ResourceValidationPolicy = {
  name: "kubernetes-labels-valid",
  description:
    "Kubernetes labels are keys and values the API server accepts (at most 63 characters, alphanumerics, '-', '_', '.'); the schema check does not cover them.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateResource: (args, report) => {
    if (!args.type.startsWith("kubernetes:") || args.type.startsWith("kubernetes:helm.sh")) return;
    for (const [key, value] of Object.entries(metaOf(args.props).labels ?? {})) {
      for (const problem of kubernetesLabelProblems(key, value)) report(problem);
    }
  },
};

const GCP_LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const GCP_LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
/** Where GCP resources carry labels. */
const GCP_LABEL_MAPS: readonly ((props: Record<string, unknown>) => unknown)[] = [
  (p) => p["labels"],
  (p) => p["resourceLabels"],
  (p) => (p["settings"] as { userLabels?: unknown } | undefined)?.userLabels,
  // nodeConfig.labels are Kubernetes node labels; the GCP labels of node VMs are its resourceLabels.
  (p) => (p["nodeConfig"] as { resourceLabels?: unknown } | undefined)?.resourceLabels,
];
export const AWS_TAG_LIMITS = { count: 50, key: 128, value: 256 } as const;
export const AZURE_TAG_LIMITS = { count: 50, key: 512, value: 256 } as const;

/** Problems of a resource's cloud labels or tags, by the rules of its cloud. */
export function cloudTagProblems(type: string, props: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (type.startsWith("gcp:")) {
    for (const read of GCP_LABEL_MAPS) {
      const labels = read(props);
      if (!labels || typeof labels !== "object") continue;
      for (const [key, value] of Object.entries(labels)) {
        if (!GCP_LABEL_KEY.test(key))
          problems.push(`GCP label key "${key}" is not lowercase [a-z0-9_-], 1-63.`);
        if (typeof value !== "string" || !GCP_LABEL_VALUE.test(value)) {
          problems.push(`GCP label ${key}=${JSON.stringify(value)} is not lowercase [a-z0-9_-], at most 63.`);
        }
      }
    }
  }
  const limits = type.startsWith("aws:")
    ? AWS_TAG_LIMITS
    : type.startsWith("azure-native:")
      ? AZURE_TAG_LIMITS
      : undefined;
  const tags = props["tags"];
  if (type.startsWith("digitalocean:") && Array.isArray(tags)) {
    for (const tag of tags) {
      if (typeof tag !== "string" || tag.length > DO_TAG_MAX || !DO_TAG_PATTERN.test(tag)) {
        problems.push(`DigitalOcean tag ${JSON.stringify(tag)} is not [a-zA-Z0-9_-:], 1-${DO_TAG_MAX}.`);
      }
    }
  }
  if (limits && tags && typeof tags === "object" && !Array.isArray(tags)) {
    const entries = Object.entries(tags);
    if (entries.length > limits.count)
      problems.push(`${entries.length} tags: the cloud allows ${limits.count}.`);
    for (const [key, value] of entries) {
      if (key.length > limits.key)
        problems.push(`tag key "${key.slice(0, 40)}..." is longer than ${limits.key}.`);
      if (String(value).length > limits.value) problems.push(`tag ${key} is longer than ${limits.value}.`);
      if (type.startsWith("aws:") && key.toLowerCase().startsWith("aws:"))
        problems.push(`tag key ${key} uses the reserved aws: prefix.`);
      if (type.startsWith("azure-native:") && /[<>%&\\?/]/.test(key))
        problems.push(`tag key ${key} has a character Azure rejects.`);
    }
  }
  return problems;
}

export const cloudTagsValid: ResourceValidationPolicy = {
  name: "cloud-tags-valid",
  description:
    "Cloud labels and tags fit the clouds' rules: GCP lowercase keys and values of at most 63, at most 50 AWS or Azure tags of bounded length.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateResource: (args, report) => {
    for (const problem of cloudTagProblems(args.type, args.props as Record<string, unknown>)) report(problem);
  },
};

export const METERING_POLICIES = [
  meteringLabelsAndTags,
  explicitProviders,
  cloudNamesWithinLimits,
  kubernetesLabelsValid,
  cloudTagsValid,
];
