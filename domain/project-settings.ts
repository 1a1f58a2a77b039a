/**
 * Settings every stack of a project shares, as Pulumi config keys: set once for the whole project in
 * Pulumi.yaml's `config:` block (Pulumi's own project-level config), or per stack in its stack file, which
 * wins. The program reads them at `pulumi up`, the offline planner hands them over from the same files,
 * and onboarding checks that a new stack has what it needs to deploy. Pure.
 *
 * - `gcp:project`: the Google Cloud project of GCP stacks (Google's own key). Onboarding writes the
 *   project each new GCP stack gets into its stack file, so a later change of the project-wide default
 *   never moves an existing environment to another project.
 * - `cloudtier:deployerCidrs`: where deployments run from (the egress ranges of CI runners, the operator's
 *   cluster, an office VPN). Every cluster cloudtier creates opens its API endpoint to these ranges and
 *   no others: the same `pulumi up` that creates a cluster then creates namespaces, Helm releases and
 *   Secrets through that endpoint. `[]` states that deployments run inside the clusters' networks.
 * - `cloudtier:memberOidc`: the OpenID Connect provider members sign in with, on the clusters whose own
 *   sign-in does not know customers' e-mail addresses (EKS, Kapsule): each cluster trusts it, and the
 *   e-mail claim is the Kubernetes user name that the tenants' RoleBindings name.
 * - `cloudtier:clusterAdmins`: cloud identities that administer every cluster. On EKS, IAM principal ARNs
 *   given cluster-admin access entries (default: the identity that runs the deployment).
 */
import { z } from "zod";
import type { CloudName } from "../regions/index.js";
import { type InputProblem, InputError } from "./errors.js";

export const GCP_PROJECT_KEY = "gcp:project";
export const DEPLOYER_CIDRS_KEY = "cloudtier:deployerCidrs";
export const MEMBER_OIDC_KEY = "cloudtier:memberOidc";
export const CLUSTER_ADMINS_KEY = "cloudtier:clusterAdmins";

/** Google Cloud project ids: 6 to 30 lowercase letters, digits and hyphens, starting with a letter. */
export const GCP_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/** An IAM user or role ARN, as EKS access entries take them. */
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

export interface MemberOidc {
  /** The issuer (`https://...`) whose ID tokens the clusters accept. */
  readonly issuerUrl: string;
  /** The client id the tokens are issued for (their `aud`). */
  readonly clientId: string;
  /** The claim that becomes the Kubernetes user name. @default "email" */
  readonly usernameClaim: string;
  /** A claim listing the user's groups, if any. */
  readonly groupsClaim?: string;
}

export interface ProjectSettings {
  readonly gcpProject?: string;
  /** Undefined when not set: no statement of where deployments run from. */
  readonly deployerCidrs?: readonly string[];
  readonly memberOidc?: MemberOidc;
  readonly clusterAdmins: { readonly aws?: readonly string[] };
}

const memberOidcSchema = z
  .object({
    issuerUrl: z
      .string()
      .regex(/^https:\/\/[^\s/?#]+[^\s?#]*$/, "must be an https:// URL without query or fragment"),
    clientId: z.string().min(1),
    usernameClaim: z.string().min(1).default("email"),
    groupsClaim: z.string().min(1).optional(),
  })
  .strict();

const clusterAdminsSchema = z
  .object({
    aws: z
      .array(z.string().regex(IAM_PRINCIPAL_ARN, "must be an IAM role or user ARN"))
      .min(1, "must list at least one principal, or be left out")
      .optional(),
  })
  .strict();

/** Config values as Pulumi hands them to a program: strings, or JSON text for structured values. */
function structured(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function zodProblems(key: string, error: z.ZodError, fix: string): InputProblem[] {
  return error.issues.map((issue) => ({
    field: [key, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))].join(""),
    rule: issue.message,
    received: undefined,
    fix,
  }));
}

/**
 * Reads the settings from config values (by full key); problems name the key. CIDR rules (IPv4, no wider
 * than a /8) are the clusters' own (`apiAllowedCidrProblems`), checked where the list is used.
 */
export function parseProjectSettings(values: Readonly<Record<string, unknown>>): ProjectSettings {
  const problems: InputProblem[] = [];
  const where = "Pulumi.yaml (`config:`) or the stack file";

  let gcpProject: string | undefined;
  const rawProject = values[GCP_PROJECT_KEY];
  if (rawProject !== undefined) {
    if (typeof rawProject === "string" && GCP_PROJECT_ID.test(rawProject)) gcpProject = rawProject;
    else problems.push(gcpProjectProblem(GCP_PROJECT_KEY, rawProject));
  }

  let deployerCidrs: string[] | undefined;
  const rawCidrs = structured(values[DEPLOYER_CIDRS_KEY]);
  if (rawCidrs !== undefined) {
    if (Array.isArray(rawCidrs) && rawCidrs.every((c) => typeof c === "string")) deployerCidrs = rawCidrs;
    else {
      problems.push({
        field: DEPLOYER_CIDRS_KEY,
        rule: "must be a list of IPv4 CIDRs",
        received: rawCidrs,
        fix: `Set it in ${where}, e.g. \`cloudtier:deployerCidrs: [203.0.113.7/32]\`, or [] to deploy from inside the networks.`,
      });
    }
  }

  let memberOidc: MemberOidc | undefined;
  const rawOidc = structured(values[MEMBER_OIDC_KEY]);
  if (rawOidc !== undefined) {
    const parsed = memberOidcSchema.safeParse(rawOidc);
    if (parsed.success) memberOidc = parsed.data;
    else
      problems.push(
        ...zodProblems(
          MEMBER_OIDC_KEY,
          parsed.error,
          "Give the identity provider's issuer URL and client id, e.g. `{issuerUrl: https://login.example.com, clientId: kubernetes}`.",
        ),
      );
  }

  let clusterAdmins: ProjectSettings["clusterAdmins"] = {};
  const rawAdmins = structured(values[CLUSTER_ADMINS_KEY]);
  if (rawAdmins !== undefined) {
    const parsed = clusterAdminsSchema.safeParse(rawAdmins);
    if (parsed.success) clusterAdmins = parsed.data;
    else
      problems.push(
        ...zodProblems(
          CLUSTER_ADMINS_KEY,
          parsed.error,
          "List IAM role or user ARNs under `aws:`, e.g. `{aws: [arn:aws:iam::123456789012:role/deployer]}`.",
        ),
      );
  }

  if (problems.length > 0) throw new InputError(problems);
  return {
    ...(gcpProject !== undefined ? { gcpProject } : {}),
    ...(deployerCidrs !== undefined ? { deployerCidrs } : {}),
    ...(memberOidc !== undefined ? { memberOidc } : {}),
    clusterAdmins,
  };
}

export function gcpProjectProblem(field: string, received: unknown): InputProblem {
  return {
    field,
    rule: "must be a Google Cloud project id",
    limit: "6 to 30 lowercase letters, digits and hyphens, starting with a letter",
    received,
    fix: "Give the project id (not its name or number), as `gcloud projects list` shows it.",
  };
}

/** Clouds whose own sign-in does not know members' e-mail addresses: members need `cloudtier:memberOidc`. */
export const OIDC_MEMBER_CLOUDS: readonly CloudName[] = ["aws", "scaleway"];

/** Clouds whose clusters cloudtier creates, and so opens to the deployer. */
export function createsCluster(cloud: CloudName): boolean {
  return cloud !== "kubeconfig";
}
