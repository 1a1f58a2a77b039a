/**
 * Pulumi Kubernetes Operator `Stack` resources (apiVersion pulumi.com/v1), one per stack: the operator
 * checks the project out of git and keeps each stack up to date from inside a cluster, one workspace pod
 * per stack. Pure: stacks and settings in, objects out.
 */
import { createHash } from "node:crypto";
import { stringify } from "yaml";

export interface OperatorStack {
  readonly stack: string;
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
  /** Namespace of the Stack resources. @default "pulumi-kubernetes-operator" */
  readonly namespace?: string;
  /** Service account of the workspace pods. @default "pulumi" */
  readonly serviceAccount?: string;
  /** A shared state backend; a project-local file backend is not reachable from a pod. */
  readonly backend: string;
  /** Secret (name/key) holding PULUMI_CONFIG_PASSPHRASE. @default "pulumi-passphrase" / "PULUMI_CONFIG_PASSPHRASE" */
  readonly passphraseSecret?: { readonly name: string; readonly key: string };
  /** How often the operator resyncs, seconds (it also polls the branch at this rate). @default 600 */
  readonly resyncSeconds?: number;
}

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

export function operatorStacks(
  stacks: readonly OperatorStack[],
  options: OperatorOptions,
): Record<string, unknown>[] {
  const service = options.backend.startsWith("https://") || options.backend.startsWith("http://");
  const passphrase = options.passphraseSecret ?? {
    name: "pulumi-passphrase",
    key: "PULUMI_CONFIG_PASSPHRASE",
  };
  return stacks.map((s) => {
    const kms =
      s.secretsProvider !== undefined &&
      s.secretsProvider !== "passphrase" &&
      s.secretsProvider !== "default";
    const envRefs: Record<string, unknown> = {};
    if (service) envRefs["PULUMI_ACCESS_TOKEN"] = secretRef("pulumi-api-secret", "accessToken");
    else if (!kms) envRefs["PULUMI_CONFIG_PASSPHRASE"] = secretRef(passphrase.name, passphrase.key);
    return {
      apiVersion: "pulumi.com/v1",
      kind: "Stack",
      metadata: {
        name: resourceName(s.stack),
        namespace: options.namespace ?? "pulumi-kubernetes-operator",
        labels: { "app.kubernetes.io/managed-by": "cloudtier" },
        annotations: { "cloudtier.dev/stack": s.stack },
      },
      spec: {
        serviceAccountName: options.serviceAccount ?? "pulumi",
        stack: s.stack,
        projectRepo: options.repo,
        branch: options.branch ?? "main",
        ...(options.repoDir !== undefined ? { repoDir: options.repoDir } : {}),
        backend: options.backend,
        ...(kms ? { secretsProvider: s.secretsProvider } : {}),
        ...(Object.keys(envRefs).length > 0 ? { envRefs } : {}),
        refresh: true,
        // Only the stack files in git are deployed; the operator never invents stacks.
        useLocalStackOnly: true,
        // Deleting the Stack object must not delete a customer's infrastructure: offboarding does that.
        destroyOnFinalize: false,
        resyncFrequencySeconds: options.resyncSeconds ?? 600,
      },
    };
  });
}

export function renderOperatorStacks(stacks: readonly OperatorStack[], options: OperatorOptions): string {
  return operatorStacks(stacks, options)
    .map((o) => stringify(o, { lineWidth: 0 }))
    .join("---\n");
}
