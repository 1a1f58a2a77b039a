/**
 * Pulumi Kubernetes Operator `Stack` resources, one per stack, for the operator version cloudtier targets:
 * v1.16.0 (API `pulumi.com/v1`; its Stack CRD is what the tests validate these objects against). The
 * operator checks the project out of git, runs `npm install` and the stack's `pulumi up` from its own pod,
 * and keeps doing so as the branch moves. Pure: stacks and settings in, objects out.
 *
 * Each Stack takes its state backend's credentials and its cloud's from Kubernetes Secrets (`envRefs`),
 * under the names `OPERATOR_SECRETS` lists; the stack's config, GCP project and kubeconfig context
 * included, comes from the stack file in git. The operator creates a stack the backend does not have yet,
 * so a customer onboarded but never deployed is deployed by it.
 */
import { createHash } from "node:crypto";
import { stringify } from "yaml";
import type { CloudName } from "../regions/index.js";

/** The operator version whose Stack CRD these objects are written for. */
export const OPERATOR_VERSION = "1.16.0";
export const OPERATOR_API_VERSION = "pulumi.com/v1";

export interface OperatorStack {
  readonly stack: string;
  readonly cloud: CloudName;
  /** The KMS provider recorded in the stack file, if any. */
  readonly secretsProvider?: string;
}

export interface OperatorOptions {
  /** Git URL of the repository holding the project. */
  readonly repo: string;
  /** Branch the operator follows. @default "main" */
  readonly branch?: string;
  /** Directory of Pulumi.yaml inside the repository. @default none (the root) */
  readonly repoDir?: string;
  /** Namespace of the Stack resources (and of the Secrets they reference). @default "pulumi-kubernetes-operator" */
  readonly namespace?: string;
  /** A shared state backend; a project-local file backend is not reachable from a pod. */
  readonly backend: string;
  /** Secret (name/key) holding PULUMI_CONFIG_PASSPHRASE. @default "pulumi-passphrase" / "PULUMI_CONFIG_PASSPHRASE" */
  readonly passphraseSecret?: { readonly name: string; readonly key: string };
  /** How often the operator resyncs, seconds (it also polls the branch at this rate; at least 60). @default 600 */
  readonly resyncSeconds?: number;
}

/** One environment variable of the stack's runs, read from a key of a Secret. */
interface SecretEnv {
  readonly env: string;
  readonly secret: string;
}

const fromSecret = (secret: string, ...envs: string[]): SecretEnv[] => envs.map((env) => ({ env, secret }));

/** Where the kubeconfig of existing clusters is mounted in the operator's pod (see README). */
export const OPERATOR_KUBECONFIG_PATH = "/var/run/cloudtier/kubeconfig/config";

/**
 * The Secrets a Stack reads, by what needs them, each key named after the variable it sets. The backend's
 * and a cloud's may share variables (an s3 backend and AWS stacks): the cloud's then serve both.
 */
export const OPERATOR_SECRETS = {
  backend: {
    s3: fromSecret("cloudtier-state-backend", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"),
    gs: fromSecret("cloudtier-state-backend", "GOOGLE_CREDENTIALS"),
    azblob: fromSecret("cloudtier-state-backend", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"),
  },
  cloud: {
    aws: fromSecret("cloudtier-aws", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
    gcp: fromSecret("cloudtier-gcp", "GOOGLE_CREDENTIALS"),
    azure: fromSecret(
      "cloudtier-azure",
      "ARM_CLIENT_ID",
      "ARM_CLIENT_SECRET",
      "ARM_TENANT_ID",
      "ARM_SUBSCRIPTION_ID",
    ),
    scaleway: fromSecret("cloudtier-scaleway", "SCW_ACCESS_KEY", "SCW_SECRET_KEY", "SCW_DEFAULT_PROJECT_ID"),
    digitalocean: fromSecret("cloudtier-digitalocean", "DIGITALOCEAN_TOKEN"),
    kubeconfig: [],
  },
} as const satisfies {
  backend: Record<"s3" | "gs" | "azblob", readonly SecretEnv[]>;
  cloud: Record<CloudName, readonly SecretEnv[]>;
};

/** A Kubernetes object name (DNS-1123 label, 63 characters) for a stack name. */
export function resourceName(stack: string): string {
  const base = stack
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (base.length <= 63 && base === stack) return base;
  // Lossy mapping (case, dots, length): a hash of the real name keeps distinct stacks apart.
  const hash = createHash("sha256").update(stack).digest("hex").slice(0, 8);
  return `${base.slice(0, 63 - 9).replace(/-+$/, "")}-${hash}`;
}

function secretRef(name: string, key: string) {
  return { type: "Secret", secret: { name, key } };
}

/** The environment of one stack's runs: backend, secrets provider and cloud credentials. */
export function stackEnvRefs(s: OperatorStack, options: OperatorOptions): Record<string, unknown> {
  const service = options.backend.startsWith("https://") || options.backend.startsWith("http://");
  const scheme = /^([a-z0-9]+):\/\//.exec(options.backend)?.[1];
  const kms =
    s.secretsProvider !== undefined && s.secretsProvider !== "passphrase" && s.secretsProvider !== "default";
  const passphrase = options.passphraseSecret ?? {
    name: "pulumi-passphrase",
    key: "PULUMI_CONFIG_PASSPHRASE",
  };
  const refs: Record<string, unknown> = {};
  if (service) refs["PULUMI_ACCESS_TOKEN"] = secretRef("pulumi-api-secret", "accessToken");
  else if (!kms) refs["PULUMI_CONFIG_PASSPHRASE"] = secretRef(passphrase.name, passphrase.key);
  const backendSecrets: readonly SecretEnv[] =
    scheme === "s3" || scheme === "gs" || scheme === "azblob" ? OPERATOR_SECRETS.backend[scheme] : [];
  for (const { env, secret } of [...backendSecrets, ...OPERATOR_SECRETS.cloud[s.cloud]]) {
    refs[env] = secretRef(secret, env);
  }
  if (s.cloud === "kubeconfig") {
    refs["KUBECONFIG"] = { type: "Literal", literal: { value: OPERATOR_KUBECONFIG_PATH } };
  }
  return Object.fromEntries(Object.entries(refs).sort(([a], [b]) => a.localeCompare(b)));
}

export function operatorStacks(
  stacks: readonly OperatorStack[],
  options: OperatorOptions,
): Record<string, unknown>[] {
  return stacks.map((s) => {
    const kms =
      s.secretsProvider !== undefined &&
      s.secretsProvider !== "passphrase" &&
      s.secretsProvider !== "default";
    return {
      apiVersion: OPERATOR_API_VERSION,
      kind: "Stack",
      metadata: {
        name: resourceName(s.stack),
        namespace: options.namespace ?? "pulumi-kubernetes-operator",
        labels: { "app.kubernetes.io/managed-by": "cloudtier" },
        annotations: { "cloudtier.dev/stack": s.stack },
      },
      spec: {
        stack: s.stack,
        projectRepo: options.repo,
        branch: options.branch ?? "main",
        ...(options.repoDir !== undefined ? { repoDir: options.repoDir } : {}),
        backend: options.backend,
        ...(kms ? { secretsProvider: s.secretsProvider } : {}),
        envRefs: stackEnvRefs(s, options),
        refresh: true,
        // Deleting the Stack object must not delete a customer's infrastructure: offboarding does that.
        destroyOnFinalize: false,
        resyncFrequencySeconds: options.resyncSeconds ?? 600,
      },
    };
  });
}

export function renderOperatorStacks(stacks: readonly OperatorStack[], options: OperatorOptions): string {
  const secrets = new Set<string>();
  for (const o of operatorStacks(stacks, options)) {
    for (const ref of Object.values(
      (o["spec"] as { envRefs: Record<string, { secret?: { name: string } }> }).envRefs,
    )) {
      if (ref.secret) secrets.add(ref.secret.name);
    }
  }
  const header = [
    `# Generated by \`cloudtier export operator\` for the Pulumi Kubernetes Operator ${OPERATOR_VERSION} (${OPERATOR_API_VERSION}).`,
    `# Secrets the Stacks read, in namespace ${options.namespace ?? "pulumi-kubernetes-operator"}, each key named after its variable:`,
    ...[...secrets].sort().map((s) => `#   ${s}`),
    ...(stacks.some((s) => s.cloud === "kubeconfig")
      ? [`# Existing clusters: the operator's pod mounts their kubeconfig at ${OPERATOR_KUBECONFIG_PATH}.`]
      : []),
    ...(stacks.some((s) => s.cloud !== "kubeconfig")
      ? [
          "# The clusters' API endpoints admit the project's cloudtier:deployerCidrs: list the operator's egress there.",
        ]
      : []),
  ];
  return `${header.join("\n")}\n${operatorStacks(stacks, options)
    .map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }))
    .join("---\n")}`;
}
