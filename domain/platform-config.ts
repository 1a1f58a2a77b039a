/**
 * The platform's own settings, each a config key of its own beside `cloudtier:stack`, project-wide in
 * Pulumi.yaml's `config:` block or per stack, parsed once with these schemas at program entry:
 *
 * - `cloudtier:ingress`: the platform domain tenants' host names live under, the certificate issuer and the
 *   DNS zone external-dns writes in;
 * - `cloudtier:egress`: the allowlist of external services the `allowlist` tiers may call;
 * - `cloudtier:backups`: where in-cluster stores back up on existing clusters (an S3-compatible endpoint);
 *   clusters cloudtier creates get an object store of their cloud and need nothing here.
 *
 * Every field has a default, so a stack plans without any of them; what each default means is said where
 * it is defined. Pure: no Pulumi import.
 */
import { z } from "zod";
import type { CloudName } from "../regions/types.js";
import { type InputProblem, InputError } from "./errors.js";
import { parseCidr } from "./network-plan.js";

export const INGRESS_CONFIG_KEY = "cloudtier:ingress";
export const EGRESS_CONFIG_KEY = "cloudtier:egress";
export const BACKUPS_CONFIG_KEY = "cloudtier:backups";

/**
 * The platform domain when none is configured: `.internal` is reserved for private use (ICANN, 2024), so
 * names under it never resolve on the internet. With it, tenants' hosts get certificates from the
 * platform's private CA and no public DNS record.
 */
export const DEFAULT_PLATFORM_DOMAIN = "cloudtier.internal";
/** Let's Encrypt's production ACME directory: the default ACME server. */
export const LETS_ENCRYPT_DIRECTORY = "https://acme-v02.api.letsencrypt.org/directory";

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const dnsName = z.string().regex(DNS_NAME, "must be a lowercase DNS name of at least two labels");

const ingressSchema = z
  .object({
    /** The platform domain: tenants' hosts are `<name>.<customer>.<cloud>-<region>.<domain>`. */
    domain: dnsName.optional(),
    /**
     * Who signs tenants' certificates: an ACME CA, or the platform's private CA (a self-signed root kept
     * by cert-manager in the cluster). @default `acme` on the clouds when a domain is set, else `private-ca`
     */
    issuer: z.enum(["acme", "private-ca"]).optional(),
    acme: z
      .object({
        /** @default Let's Encrypt's production directory */
        server: z.url({ protocol: /^https$/, error: "must be an https URL of an ACME directory" }).optional(),
        /** Contact for the ACME account. @default none */
        email: z.email({ error: "must be an e-mail address" }).optional(),
      })
      .strict()
      .optional(),
    dns: z
      .object({
        /** The DNS zone external-dns writes in. @default the domain */
        zone: dnsName.optional(),
        /** GCP: the Cloud DNS managed zone's resource name. Required on GCP stacks with a domain. */
        gcpManagedZone: z
          .string()
          .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a Cloud DNS managed zone name")
          .optional(),
        /** GCP: the project holding the zone. @default the stack's `gcp:project` */
        gcpProject: z
          .string()
          .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "must be a GCP project id")
          .optional(),
        /** Azure: the resource group holding the zone. Required on Azure stacks with a domain. */
        azureResourceGroup: z
          .string()
          .regex(/^[-\w.()]{1,89}[-\w()]$/, "must be an Azure resource group name")
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const egressSchema = z
  .object({
    allowlist: z
      .object({
        /** Public IPv4 ranges of external services. @default none */
        cidrs: z.array(z.string()).default([]),
        /** Names of external services (`api.example.com`, `*.example.com`). @default none */
        fqdns: z
          .array(
            z
              .string()
              .regex(
                /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z][-a-z0-9]{0,61}[a-z0-9]$/,
                "must be a DNS name, optionally starting with *.",
              ),
          )
          .default([]),
      })
      .strict()
      .default({ cidrs: [], fqdns: [] }),
  })
  .strict();

const backupsSchema = z
  .object({
    /** Existing clusters: the S3-compatible endpoint (`https://minio.example.com:9000`). */
    endpoint: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    /** Existing clusters: the bucket on that endpoint. */
    bucket: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9.]{1,61}[a-z0-9]$/, "must be an S3 bucket name")
      .optional(),
    /**
     * Existing clusters: the Secret each tenant namespace holds with its own keys for the endpoint
     * (`ACCESS_KEY_ID`, `ACCESS_SECRET_KEY`), limited to the tenant's prefix by the store's own policies.
     * @default "backup-credentials"
     */
    credentialsSecret: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Secret name")
      .max(63)
      .optional(),
  })
  .strict()
  .refine((b) => (b.endpoint === undefined) === (b.bucket === undefined), {
    message: "endpoint and bucket go together",
  });

export type IngressConfig = z.output<typeof ingressSchema>;
export type EgressConfig = z.output<typeof egressSchema>;
export type BackupsConfig = z.output<typeof backupsSchema>;

/** The three keys as the program parsed them. */
export interface PlatformConfig {
  readonly ingress: IngressConfig;
  readonly egress: EgressConfig;
  readonly backups: BackupsConfig;
}

export const EMPTY_PLATFORM_CONFIG: PlatformConfig = {
  ingress: {},
  egress: { allowlist: { cidrs: [], fqdns: [] } },
  backups: {},
};

const FIXES: Record<string, string> = {
  [INGRESS_CONFIG_KEY]:
    "e.g. `cloudtier:ingress: { domain: apps.example.com, acme: { email: ops@example.com } }` in Pulumi.yaml's config.",
  [EGRESS_CONFIG_KEY]:
    "e.g. `cloudtier:egress: { allowlist: { cidrs: [203.0.113.0/24], fqdns: [api.example.com] } }`.",
  [BACKUPS_CONFIG_KEY]:
    "e.g. `cloudtier:backups: { endpoint: https://s3.example.com, bucket: cloudtier-backups }` (existing clusters only).",
};

function parseKey<T>(key: string, schema: z.ZodType<T>, raw: unknown): T | InputProblem[] {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  return result.error.issues.map((issue) => ({
    field: [key, ...issue.path.map(String)].join("."),
    rule: issue.message,
    received: issue.path.reduce<unknown>(
      (v, k) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined),
      raw,
    ),
    fix: FIXES[key],
  }));
}

/** The private and special ranges an allowlist may not open: they reach tenants, nodes and metadata. */
export const NON_PUBLIC_RANGES = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "224.0.0.0/4",
  "240.0.0.0/4",
] as const;

/** The narrowest allowlist entry allowed: a /8 or narrower (the policy rules' notion of an open range). */
export const ALLOWLIST_WIDEST_PREFIX = 8;

function allowlistProblems(cidrs: readonly string[]): InputProblem[] {
  return cidrs.flatMap((text, i): InputProblem[] => {
    const field = `${EGRESS_CONFIG_KEY}.allowlist.cidrs[${i}]`;
    let cidr;
    try {
      cidr = parseCidr(text);
    } catch {
      return [{ field, rule: "must be an IPv4 CIDR", received: text, fix: FIXES[EGRESS_CONFIG_KEY] }];
    }
    if (cidr.base % 2 ** (32 - cidr.prefix) !== 0) {
      return [
        {
          field,
          rule: "must be a network address (no host bits set)",
          received: text,
          fix: "Write the range's first address, e.g. 203.0.113.0/24.",
        },
      ];
    }
    if (cidr.prefix < ALLOWLIST_WIDEST_PREFIX) {
      return [
        {
          field,
          rule: "is wider than an allowlist entry may be",
          limit: `/${ALLOWLIST_WIDEST_PREFIX} or narrower`,
          received: text,
          fix: "List the external service's own ranges; a tier that needs the whole internet is the `internet` tier.",
        },
      ];
    }
    const start = cidr.base;
    const end = cidr.base + 2 ** (32 - cidr.prefix);
    const overlap = NON_PUBLIC_RANGES.find((range) => {
      const r = parseCidr(range);
      return start < r.base + 2 ** (32 - r.prefix) && r.base < end;
    });
    return overlap
      ? [
          {
            field,
            rule: `overlaps the non-public range ${overlap}`,
            received: text,
            fix: "The allowlist is for services on the internet: private ranges would reach other tenants and the nodes.",
          },
        ]
      : [];
  });
}

/** Parses the three keys (each absent, or an object); every problem of every key at once. */
export function parsePlatformConfig(raw: {
  readonly ingress?: unknown;
  readonly egress?: unknown;
  readonly backups?: unknown;
}): PlatformConfig {
  const ingress = parseKey(INGRESS_CONFIG_KEY, ingressSchema, raw.ingress);
  const egress = parseKey(EGRESS_CONFIG_KEY, egressSchema, raw.egress);
  const backups = parseKey(BACKUPS_CONFIG_KEY, backupsSchema, raw.backups);
  const problems: InputProblem[] = [ingress, egress, backups].flatMap((r) => (Array.isArray(r) ? r : []));
  if (!Array.isArray(egress)) problems.push(...allowlistProblems(egress.allowlist.cidrs));
  if (problems.length > 0) throw new InputError(problems);
  return {
    ingress: ingress as IngressConfig,
    egress: egress as EgressConfig,
    backups: backups as BackupsConfig,
  };
}

// Resolution for one stack's cloud -----------------------------------------------------------------------

/** The clouds whose DNS service external-dns writes to (DigitalOcean's provider left external-dns in 0.21). */
export const EXTERNAL_DNS_CLOUDS = [
  "aws",
  "gcp",
  "azure",
  "scaleway",
] as const satisfies readonly CloudName[];
export type ExternalDnsCloud = (typeof EXTERNAL_DNS_CLOUDS)[number];

export interface DnsPlan {
  readonly cloud: ExternalDnsCloud;
  readonly zone: string;
  readonly gcpManagedZone?: string;
  readonly gcpProject?: string;
  readonly azureResourceGroup?: string;
}

/** What the ingress settings make of one cluster: its domain, issuer and DNS. */
export interface IngressPlan {
  readonly domain: string;
  /** Whether the domain was configured (else the private default). */
  readonly publicDomain: boolean;
  readonly issuer:
    | { readonly kind: "acme"; readonly server: string; readonly email?: string }
    | {
        readonly kind: "private-ca";
      };
  /** external-dns, where the cloud's DNS service is written to; absent otherwise. */
  readonly dns?: DnsPlan;
}

function isExternalDnsCloud(cloud: CloudName): cloud is ExternalDnsCloud {
  return (EXTERNAL_DNS_CLOUDS as readonly string[]).includes(cloud);
}

/**
 * The ingress plan of a cluster on `cloud`. Without a domain: the private default, the private CA, no
 * DNS. With one: ACME on the clouds (the private CA on existing clusters, whose names may not be public)
 * unless `issuer` says otherwise, and external-dns where the cloud's DNS service is supported.
 */
export function ingressPlan(config: IngressConfig, cloud: CloudName): IngressPlan {
  const problems: InputProblem[] = [];
  const domain = config.domain ?? DEFAULT_PLATFORM_DOMAIN;
  const publicDomain = config.domain !== undefined;
  const kind = config.issuer ?? (publicDomain && cloud !== "kubeconfig" ? "acme" : "private-ca");
  if (kind === "acme" && !publicDomain) {
    problems.push({
      field: `${INGRESS_CONFIG_KEY}.issuer`,
      rule: "an ACME CA issues certificates for public names only: it needs a domain",
      received: "acme",
      fix: "Set cloudtier:ingress.domain, or use the private CA (issuer: private-ca).",
    });
  }
  const zone = config.dns?.zone ?? domain;
  if (publicDomain && domain !== zone && !domain.endsWith(`.${zone}`)) {
    problems.push({
      field: `${INGRESS_CONFIG_KEY}.dns.zone`,
      rule: "must be the domain or a parent of it",
      received: zone,
      fix: `Name the zone that holds ${domain}.`,
    });
  }
  let dns: DnsPlan | undefined;
  if (publicDomain && isExternalDnsCloud(cloud)) {
    dns = {
      cloud,
      zone,
      ...(config.dns?.gcpManagedZone ? { gcpManagedZone: config.dns.gcpManagedZone } : {}),
      ...(config.dns?.gcpProject ? { gcpProject: config.dns.gcpProject } : {}),
      ...(config.dns?.azureResourceGroup ? { azureResourceGroup: config.dns.azureResourceGroup } : {}),
    };
    if (cloud === "gcp" && !dns.gcpManagedZone) {
      problems.push({
        field: `${INGRESS_CONFIG_KEY}.dns.gcpManagedZone`,
        rule: "is required on GCP stacks with a domain: Cloud DNS grants access zone by zone",
        received: undefined,
        fix: "Give the managed zone's name (`gcloud dns managed-zones list`).",
      });
    }
    if (cloud === "azure" && !dns.azureResourceGroup) {
      problems.push({
        field: `${INGRESS_CONFIG_KEY}.dns.azureResourceGroup`,
        rule: "is required on Azure stacks with a domain: Azure DNS zones live in a resource group",
        received: undefined,
        fix: "Give the resource group of the DNS zone.",
      });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const issuer =
    kind === "acme"
      ? {
          kind,
          server: config.acme?.server ?? LETS_ENCRYPT_DIRECTORY,
          ...(config.acme?.email ? { email: config.acme.email } : {}),
        }
      : ({ kind } as const);
  return { domain, publicDomain, issuer, ...(dns ? { dns } : {}) };
}
