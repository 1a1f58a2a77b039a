/**
 * The Kubernetes objects of a plan as YAML manifests: what `cloudtier plan --manifests DIR` writes, for
 * scanners (kube-score, checkov) and for users who keep manifests in git. Pure: a plan in, text out.
 *
 * - Every Kubernetes object the program registers, sorted by kind, namespace and name, so the same plan
 *   always gives the same bytes.
 * - A `...Patch` resource (server-side apply of a few fields of an object Kubernetes creates itself, such
 *   as a namespace's `default` ServiceAccount) is written as the object with those fields.
 * - Values the planner never sees (a Secret's `stringData`) are left out, and the object says so in the
 *   `cloudtier.io/omitted` annotation: they are set at deploy time and never belong in a file.
 * - Helm releases are not objects: Helm renders them at deploy time. Each file lists them in its header.
 */
import { stringify } from "yaml";
import { TYPE } from "../clouds/tokens.js";
import { isKubernetesObject } from "./k8s-schema.js";
import { type PlannedResource, SECRET_PLACEHOLDER, type RecordedPlan } from "./types.js";

/** Annotation naming the top-level fields left out of a manifest because the plan holds no value for them. */
export const OMITTED_ANNOTATION = "cloudtier.io/omitted";

/** Apply order: namespaces and cluster-wide objects first, as `kubectl apply` of one file needs them. */
const KIND_ORDER = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "ServiceAccount",
  "Secret",
  "ConfigMap",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
  "NetworkPolicy",
];

interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** One planned resource as the object a cluster would hold. */
export function manifestObject(resource: PlannedResource): KubernetesObject {
  const inputs = resource.inputs as KubernetesObject;
  const omitted = Object.keys(inputs).filter((k) => inputs[k] === SECRET_PLACEHOLDER);
  const fields = Object.fromEntries(Object.entries(inputs).filter(([k]) => !omitted.includes(k)));
  const metadata = { ...inputs.metadata };
  if (omitted.length > 0) {
    metadata.annotations = { ...metadata.annotations, [OMITTED_ANNOTATION]: omitted.sort().join(",") };
  }
  return { ...fields, apiVersion: inputs.apiVersion, kind: inputs.kind, metadata };
}

function order(o: KubernetesObject): [number, string, string] {
  const i = KIND_ORDER.indexOf(o.kind);
  return [i < 0 ? KIND_ORDER.length : i, o.metadata.namespace ?? "", `${o.kind}/${o.metadata.name ?? ""}`];
}

function compare(a: KubernetesObject, b: KubernetesObject): number {
  const [ka, kb] = [order(a), order(b)];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return 0;
}

/** The Kubernetes objects of a plan, in apply order. */
export function planObjects(plan: Pick<RecordedPlan, "resources">): KubernetesObject[] {
  return plan.resources.filter(isKubernetesObject).map(manifestObject).sort(compare);
}

/** A stack's objects as one multi-document YAML file. */
export function renderManifests(plan: Pick<RecordedPlan, "stack" | "resources">): string {
  const releases = plan.resources
    .filter((r) => r.type === TYPE.k8sHelmReleaseV3)
    .map((r) => {
      const i = r.inputs as { name?: string; chart?: string; version?: string; namespace?: string };
      return `#   ${i.namespace ?? "?"}/${i.name ?? r.name}: chart ${i.chart ?? "?"} ${i.version ?? ""}`.trimEnd();
    })
    .sort();
  const header = [
    `# Kubernetes objects of stack ${plan.stack}, planned offline by cloudtier.`,
    ...(releases.length > 0 ? ["# Helm releases, rendered by Helm at deploy time:", ...releases] : []),
  ];
  const documents = planObjects(plan).map((o) => stringify(o, { lineWidth: 0 }));
  return `${header.join("\n")}\n${documents.map((d) => `---\n${d}`).join("")}`;
}

/** File name of a stack's manifests. */
export function manifestFileName(stack: string): string {
  return `${stack}.yaml`;
}
