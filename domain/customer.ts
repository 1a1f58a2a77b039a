/**
 * The customer spec: who the customer is, on which tier and regions, who its members are and what it asks
 * for. Parsing is pure and collects every problem at once, each naming the field, the rule and the limit.
 */
import { z } from "zod";
import { CATALOG, MANAGED_CLOUDS, type RegionRef } from "../regions/index.js";
import { type InputProblem, throwIfProblems } from "./errors.js";
import {
  type DerivedName,
  clusterNames,
  checkName,
  datastoreNames,
  environmentBaseName,
  environmentStackName,
} from "./naming.js";
import { isProblem, parseRegionKey } from "./region-key.js";
import {
  QUOTA_FIELDS,
  QUOTA_REQUEST_LIMITS,
  type QuotaField,
  type QuotaSpec,
  TIERS,
  TIER_SPECS,
  type TierName,
} from "./tiers.js";

export const ROLES = ["owner", "developer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export interface Member {
  readonly email: string;
  readonly role: Role;
}

export interface Customer {
  /** DNS-1123 label; the namespace name and the base of every derived name. */
  readonly id: string;
  readonly displayName: string;
  readonly tier: TierName;
  readonly regions: readonly RegionRef[];
  readonly members: readonly Member[];
  readonly redis: boolean;
  readonly postgres: boolean;
  /** Only the fields the customer overrides; the effective quota is `effectiveQuota`. */
  readonly quota: Readonly<Partial<QuotaSpec>>;
}

/** Longest customer id: the namespace (63) less the longest suffix cloudtier adds inside it. */
export const CUSTOMER_ID_MAX = 40;
const CUSTOMER_ID_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Namespaces a customer can never take, whatever the cloud: Kubernetes' own, the platform's (its operators',
 * cert-manager's, Traefik's, monitoring's: a test holds these to the charts' namespaces) and the usual
 * policy engines'. `platform` is reserved because platform stacks are named `platform-<cloud>-<region>`.
 * Each cloud adds the namespaces it and its add-ons create (`clouds/<cloud>/namespaces.ts`, in the
 * catalog); an existing cluster may be any cloud's, so every customer id is held to all of them.
 */
export const RESERVED_IDS = [
  "default",
  "platform",
  "cloudtier",
  "cloudtier-system",
  "ingress-nginx",
  "traefik",
  "cert-manager",
  "monitoring",
  "prometheus",
  "cnpg-system",
  "redis-operator",
  "opstree-system",
  "ot-operators",
  "external-dns",
  "gatekeeper-system",
  "kyverno",
  "local-path-storage",
] as const;
/** Namespace prefixes no customer can take: Kubernetes', the platform's own, OpenShift's. */
export const RESERVED_PREFIXES = ["kube-", "cloudtier-", "openshift-"] as const;

/**
 * Who keeps a namespace name from customers: `Kubernetes and cloudtier` for the names above, else the
 * cloud whose reserved names or prefixes include it; undefined for a name any customer may take.
 */
export function namespaceReservedBy(
  name: string,
): { owner: string; rule: string; limit: string } | undefined {
  const reserved = [
    { owner: "Kubernetes and cloudtier", names: RESERVED_IDS, prefixes: RESERVED_PREFIXES },
    ...Object.values(CATALOG).map((spec) => ({ owner: spec.displayName, ...spec.reservedNamespaces })),
  ];
  for (const { owner, names, prefixes } of reserved) {
    if ((names as readonly string[]).includes(name)) {
      return { owner, rule: `is a namespace reserved by ${owner}`, limit: names.join(", ") };
    }
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix) {
      return {
        owner,
        rule: `must not start with the prefix ${prefix}, reserved by ${owner}`,
        limit: `not ${prefixes.map((p) => `${p}*`).join(", ")}`,
      };
    }
  }
  return undefined;
}

const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 100;
// Control characters (newlines, escapes) have no place in a name shown in tables and written to YAML.
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** The raw shape accepted from the CLI flags and from batch files. */
export const customerInputSchema = z
  .object({
    id: z.string(),
    displayName: z.string().optional(),
    tier: z.string(),
    regions: z.array(z.string()),
    members: z
      .array(z.union([z.string(), z.object({ email: z.string(), role: z.string() }).strict()]))
      .default([]),
    redis: z.boolean().default(false),
    postgres: z.boolean().default(false),
    // Checked by `parseQuota`, key by key: a record schema would drop keys such as `__proto__` unseen.
    quota: z.unknown().optional(),
  })
  .strict();
export type CustomerInput = Omit<z.input<typeof customerInputSchema>, "quota"> & {
  readonly quota?: Readonly<Record<string, number>>;
};

export function validateCustomerId(id: string, field = "customer.id"): InputProblem[] {
  const problems: InputProblem[] = [];
  const base = { field, received: id };
  if (id.length === 0) {
    problems.push({ ...base, rule: "is required", fix: "Give the customer an id such as `acme`." });
  } else if (id.length > CUSTOMER_ID_MAX) {
    problems.push({
      ...base,
      rule: "is too long",
      limit: `${CUSTOMER_ID_MAX} characters`,
      fix: `Shorten it by ${id.length - CUSTOMER_ID_MAX} characters; derived names must fit the clouds' limits.`,
    });
  }
  if (id.length > 0 && !CUSTOMER_ID_PATTERN.test(id)) {
    problems.push({
      ...base,
      rule: "must be a DNS-1123 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
      fix: "Use e.g. `acme` or `acme-eu`: no capitals, spaces, dots, underscores, leading digits or edge hyphens.",
    });
  }
  const reserved = namespaceReservedBy(id);
  if (reserved) {
    problems.push({
      ...base,
      rule: reserved.rule,
      limit: reserved.limit,
      fix: "Choose another id: the customer's namespace is named after it, and that namespace is taken on such clusters.",
    });
  }
  return problems;
}

function parseTier(raw: string, field: string): TierName | InputProblem {
  if ((TIERS as readonly string[]).includes(raw)) return raw as TierName;
  return {
    field,
    rule: "must be a known tier",
    limit: TIERS.join(", "),
    received: raw,
    fix: `Use one of ${TIERS.join(", ")}.`,
  };
}

export function parseMember(
  raw: string | { email: string; role: string },
  field: string,
): Member | InputProblem[] {
  let email: string;
  let role: string;
  if (typeof raw === "string") {
    const at = raw.lastIndexOf(":");
    if (at <= 0) {
      return [
        {
          field,
          rule: "must be EMAIL:ROLE",
          received: raw,
          fix: `Write the member as e.g. ann@example.com:owner; roles are ${ROLES.join(", ")}.`,
        },
      ];
    }
    email = raw.slice(0, at);
    role = raw.slice(at + 1);
  } else {
    ({ email, role } = raw);
  }
  const problems: InputProblem[] = [];
  if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) {
    problems.push({
      field: `${field}.email`,
      rule: "must be an email address",
      limit: `${EMAIL_MAX} characters`,
      received: email,
      fix: "Write it as name@domain.tld.",
    });
  }
  if (!(ROLES as readonly string[]).includes(role)) {
    problems.push({
      field: `${field}.role`,
      rule: "must be a known role",
      limit: ROLES.join(", "),
      received: role,
      fix: `Use one of ${ROLES.join(", ")}.`,
    });
  }
  // Kept as given: Kubernetes user names are case-sensitive, and Entra ID UPNs keep their case.
  return problems.length > 0 ? problems : { email, role: role as Role };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Quota overrides within the tier's bounds: each key a quota field, each value a whole number from 0 to the
 * tier's maximum, requests no higher than limits. Keys are read as given (`__proto__` included).
 */
export function parseQuota(
  raw: unknown,
  tier: TierName,
  field: string,
): { quota: Partial<Record<QuotaField, number>>; problems: InputProblem[] } {
  const quota: Partial<Record<QuotaField, number>> = {};
  const problems: InputProblem[] = [];
  if (raw === undefined || raw === null) return { quota, problems };
  if (!isRecord(raw)) {
    problems.push({
      field,
      rule: "must be a mapping of quota fields to whole numbers",
      limit: QUOTA_FIELDS.join(", "),
      received: raw,
      fix: "Write e.g. `quota: { pods: 60 }`.",
    });
    return { quota, problems };
  }
  const spec = TIER_SPECS[tier];
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const f = `${field}.${key}`;
    if (!(QUOTA_FIELDS as readonly string[]).includes(key)) {
      problems.push({
        field: f,
        rule: "is not a quota field",
        limit: QUOTA_FIELDS.join(", "),
        received: key,
        fix: "Override only the listed fields.",
      });
      continue;
    }
    const max = spec.quotaMax[key as QuotaField];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      problems.push({
        field: f,
        rule: "must be a whole number of at least 0",
        received: value,
        fix: "Give a whole number.",
      });
    } else if (value > max) {
      problems.push({
        field: f,
        rule: `exceeds what the ${tier} tier allows`,
        limit: `at most ${max}`,
        received: value,
        fix: `Lower it to ${max} or less, or move the customer to a larger tier.`,
      });
    } else {
      quota[key as QuotaField] = value;
    }
  }
  const merged = { ...spec.quota, ...quota };
  for (const [request, limit] of QUOTA_REQUEST_LIMITS) {
    if (problems.length === 0 && merged[request] > merged[limit]) {
      problems.push({
        field: `${field}.${request}`,
        rule: `must not exceed ${limit}`,
        limit: `${limit} = ${merged[limit]}`,
        received: merged[request],
        fix: `Lower ${request} or raise ${limit}.`,
      });
    }
  }
  return { quota, problems };
}

/** A display name: shown in tables and written to stack files, so one line of at most 100 characters. */
export function displayNameProblems(raw: string | undefined, field: string): InputProblem[] {
  if (raw === undefined) return [];
  if (raw.trim().length === 0) {
    return [
      {
        field,
        rule: "must not be empty",
        received: raw,
        fix: "Give a name, or leave it out to use the customer id.",
      },
    ];
  }
  const problems: InputProblem[] = [];
  if (raw.trim().length > DISPLAY_NAME_MAX) {
    problems.push({
      field,
      rule: "is too long",
      limit: `${DISPLAY_NAME_MAX} characters`,
      received: raw,
      fix: "Shorten it.",
    });
  }
  if (CONTROL_CHARACTERS.test(raw)) {
    problems.push({
      field,
      rule: "must not contain control characters (newlines, tabs, escapes)",
      received: raw,
      fix: "Write the name on one line, with printable characters only.",
    });
  }
  return problems;
}

/** Members: each a valid email and role, each email once, no more than the tier's seats. */
export function parseMembers(
  raw: readonly (string | { email: string; role: string })[],
  tier: TierName | undefined,
  field: string,
): { members: Member[]; problems: InputProblem[] } {
  const members: Member[] = [];
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  for (const [i, m] of raw.entries()) {
    const member = parseMember(m, `${field}[${i}]`);
    if (Array.isArray(member)) {
      problems.push(...member);
      continue;
    }
    // One person, however the address is capitalised: the domain is case-insensitive, and so is almost
    // every mailbox.
    const key = member.email.toLowerCase();
    if (seen.has(key)) {
      problems.push({
        field: `${field}[${i}].email`,
        rule: "is listed twice (addresses are compared without regard to case)",
        received: member.email,
        fix: "List each member once, with one role, spelled as the cluster's sign-in gives the user name.",
      });
      continue;
    }
    seen.add(key);
    members.push(member);
  }
  if (tier !== undefined && members.length > TIER_SPECS[tier].maxSeats) {
    problems.push({
      field,
      rule: `has more members than the ${tier} tier has seats`,
      limit: `${TIER_SPECS[tier].maxSeats} seats`,
      received: members.length,
      fix: `Remove members, or move the customer to a tier with more seats.`,
    });
  }
  return { members, problems };
}

/** Problems with the names the customer's stacks would derive, on every cloud it uses. */
export function validateDerivedNames(
  customer: Pick<Customer, "id" | "tier" | "regions" | "redis" | "postgres">,
): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [i, ref] of customer.regions.entries()) {
    const field = `customer.id (for regions[${i}] ${ref.cloud}:${ref.region})`;
    const names: DerivedName[] = [{ rule: "stack", name: environmentStackName(customer.id, ref) }];
    if (customer.tier === "cloud") {
      const base = environmentBaseName(customer.id, ref);
      names.push(...clusterNames(base, ref.cloud), ...datastoreNames(base, ref.cloud, customer));
    }
    for (const name of names) {
      const problem = checkName(name, field);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Parses and validates a customer; throws one InputError listing every problem. */
export function parseCustomer(input: unknown): Customer {
  const shape = customerInputSchema.safeParse(input);
  if (!shape.success) {
    throwIfProblems(
      shape.error.issues.map((issue) => ({
        field: ["customer", ...issue.path.map(String)].join("."),
        rule: issue.message,
        received: issue.path.reduce<unknown>(
          (value, key) =>
            value && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined,
          input,
        ),
        fix: "See `cloudtier onboard --help` for the fields a customer takes.",
      })),
    );
  }
  const raw = shape.data!;
  const problems: InputProblem[] = [...validateCustomerId(raw.id)];

  problems.push(...displayNameProblems(raw.displayName, "customer.displayName"));
  const displayName = (raw.displayName ?? raw.id).trim();

  const tier = parseTier(raw.tier, "customer.tier");
  if (typeof tier !== "string") problems.push(tier);
  const knownTier = typeof tier === "string" ? tier : undefined;

  const regions: RegionRef[] = [];
  if (raw.regions.length === 0) {
    problems.push({
      field: "customer.regions",
      rule: "must name at least one region",
      received: raw.regions,
      fix: "Give regions as CLOUD:REGION, e.g. --regions aws:eu-west-1,gcp:europe-west1.",
    });
  }
  const seenRegions = new Set<string>();
  for (const [i, key] of raw.regions.entries()) {
    const ref = parseRegionKey(key, `customer.regions[${i}]`);
    if (isProblem(ref)) {
      problems.push(ref);
      continue;
    }
    const normal = `${ref.cloud}:${ref.region}`;
    if (seenRegions.has(normal)) {
      problems.push({
        field: `customer.regions[${i}]`,
        rule: "is listed twice",
        received: key,
        fix: "List each region once.",
      });
      continue;
    }
    seenRegions.add(normal);
    regions.push(ref);
  }

  const { members, problems: memberProblems } = parseMembers(raw.members, knownTier, "customer.members");
  problems.push(...memberProblems);

  let quota: Partial<Record<QuotaField, number>> = {};
  if (knownTier !== undefined) {
    const spec = TIER_SPECS[knownTier];
    if (regions.length > spec.maxRegions) {
      problems.push({
        field: "customer.regions",
        rule: `has more regions than the ${knownTier} tier allows`,
        limit: `${spec.maxRegions} regions`,
        received: raw.regions,
        fix: `Choose at most ${spec.maxRegions} regions, or a larger tier.`,
      });
    }
    const parsed = parseQuota(raw.quota, knownTier, "customer.quota");
    problems.push(...parsed.problems);
    quota = parsed.quota;
    if (knownTier === "cloud" && regions.some((r) => r.cloud === "kubeconfig")) {
      const i = regions.findIndex((r) => r.cloud === "kubeconfig");
      problems.push({
        field: `customer.regions[${i}]`,
        rule: "the cloud tier needs a cloud region: it creates an isolated network and cluster",
        limit: MANAGED_CLOUDS.join(", "),
        received: `kubeconfig:${regions[i].region}`,
        fix: "Choose a cloud region, or a shared tier for an existing cluster.",
      });
    }
  }

  if (problems.length === 0 && knownTier !== undefined) {
    problems.push(
      ...validateDerivedNames({
        id: raw.id,
        tier: knownTier,
        regions,
        redis: raw.redis,
        postgres: raw.postgres,
      }),
    );
  }
  throwIfProblems(problems);

  return {
    id: raw.id,
    displayName,
    tier: tier as TierName,
    regions,
    members,
    redis: raw.redis,
    postgres: raw.postgres,
    quota,
  };
}

/** The tier's quota with the customer's overrides applied. */
export function effectiveQuota(tier: TierName, overrides: Readonly<Partial<QuotaSpec>>): QuotaSpec {
  return { ...TIER_SPECS[tier].quota, ...overrides };
}
