/**
 * What a stack needs from the project's settings to deploy as written (domain/project-settings.ts), checked
 * when it is onboarded, before anything is written: a GCP stack its project (pinned in its stack file), a
 * cluster cloudtier creates a statement of where deployments reach its API from, members on EKS or
 * Kapsule a sign-in that knows their e-mail addresses. `plan` shows the same problems as notes.
 */
import { apiAllowedCidrProblems } from "../components/cluster/shared-rules.js";
import { InputError, type InputProblem } from "../domain/errors.js";
import {
  DEPLOYER_CIDRS_KEY,
  GCP_PROJECT_ID,
  GCP_PROJECT_KEY,
  MEMBER_OIDC_KEY,
  OIDC_MEMBER_CLOUDS,
  type ProjectSettings,
  createsCluster,
  gcpProjectProblem,
  parseProjectSettings,
} from "../domain/project-settings.js";
import type { StackSpec } from "../domain/placement.js";
import { projectConfig } from "./program-config.js";
import type { StackFile } from "./stack-file-format.js";

export interface Readiness {
  /** Plain config keys to write into each stack file (by stack name): the GCP project a new stack gets. */
  readonly keys: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly problems: readonly InputProblem[];
}

const hasMembers = (spec: StackSpec): boolean =>
  spec.config.kind === "environment"
    ? (spec.config.customer.members ?? []).length > 0
    : (spec.config.tenants ?? []).some((t) => (t.members ?? []).length > 0);

function settingsOf(values: Record<string, unknown>): {
  settings?: ProjectSettings;
  problems: InputProblem[];
} {
  try {
    return { settings: parseProjectSettings(values), problems: [] };
  } catch (err) {
    if (err instanceof InputError) return { problems: [...err.problems] };
    throw err;
  }
}

/**
 * The settings `stacks` need, from Pulumi.yaml's `config:` and each stack's file as read (`files`, by stack
 * name; a new stack has none yet).
 */
export function deployReadiness(
  project: string,
  stacks: readonly StackSpec[],
  files: ReadonlyMap<string, StackFile>,
  flags: { readonly gcpProject?: string },
): Readiness {
  const problems: InputProblem[] = [];
  const keys = new Map<string, Record<string, string>>();
  if (flags.gcpProject !== undefined && !GCP_PROJECT_ID.test(flags.gcpProject)) {
    problems.push(gcpProjectProblem("--gcp-project", flags.gcpProject));
  }
  const projectWide = projectConfig(project);
  for (const spec of stacks) {
    const own = files.get(spec.name)?.otherConfig ?? {};
    const { settings, problems: bad } = settingsOf({ ...projectWide, ...own });
    problems.push(...bad);
    const cloud = spec.ref.cloud;

    if (cloud === "gcp") {
      const pinned = typeof own[GCP_PROJECT_KEY] === "string" ? own[GCP_PROJECT_KEY] : undefined;
      if (pinned !== undefined && flags.gcpProject !== undefined && pinned !== flags.gcpProject) {
        problems.push({
          field: "--gcp-project",
          rule: `cannot move ${spec.name} to another project: its stack file pins ${pinned}`,
          received: flags.gcpProject,
          fix: `Leave --gcp-project out for this customer, or give ${pinned}.`,
        });
      }
      const wide =
        typeof projectWide[GCP_PROJECT_KEY] === "string" ? projectWide[GCP_PROJECT_KEY] : undefined;
      const resolved = pinned ?? flags.gcpProject ?? wide;
      if (resolved === undefined) {
        problems.push({
          field: "--gcp-project",
          rule: `is required for the GCP region of ${spec.name}: Pulumi.yaml sets no project-wide ${GCP_PROJECT_KEY}`,
          received: undefined,
          fix: `Give --gcp-project <project id>, or set \`${GCP_PROJECT_KEY}: <project id>\` under \`config:\` in Pulumi.yaml.`,
        });
      } else if (resolved !== pinned && GCP_PROJECT_ID.test(resolved)) {
        keys.set(spec.name, { [GCP_PROJECT_KEY]: resolved });
      }
    }

    if (!settings) continue;
    if (createsCluster(cloud)) {
      if (settings.deployerCidrs === undefined) {
        problems.push({
          field: DEPLOYER_CIDRS_KEY,
          rule:
            "must say where deployments run from: the clusters cloudtier creates keep their API private " +
            "otherwise, and `pulumi up` creates namespaces and Secrets through it",
          received: undefined,
          fix:
            `Set \`${DEPLOYER_CIDRS_KEY}: [<egress CIDR of your CI runners or VPN>]\` under \`config:\` in Pulumi.yaml, ` +
            "or `[]` when deployments run inside the clusters' networks.",
        });
      } else {
        problems.push(
          ...apiAllowedCidrProblems(settings.deployerCidrs, { cloud: "cloudtier" }, DEPLOYER_CIDRS_KEY),
        );
      }
    }
    if (OIDC_MEMBER_CLOUDS.includes(cloud) && hasMembers(spec) && settings.memberOidc === undefined) {
      problems.push({
        field: MEMBER_OIDC_KEY,
        rule: "is required for members on EKS and Kapsule clusters: their own sign-in does not know members' e-mail addresses",
        received: undefined,
        fix:
          `Set \`${MEMBER_OIDC_KEY}\` under \`config:\` in Pulumi.yaml (\`value: {issuerUrl: https://..., clientId: ...}\`): ` +
          'the OpenID Connect provider whose e-mail claim members sign in with (see README, "Members").',
      });
    }
  }
  const seen = new Set<string>();
  return {
    keys,
    problems: problems.filter((p) => {
      const key = `${p.field}\u0000${p.rule}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}
