/**
 * The pod labels only the platform may set in a tenant namespace, and the admission rule that holds
 * tenants to that, as pure data. Tested without Pulumi; used by `services.ts`.
 *
 * A NetworkPolicy can only select pods by their labels, and tenants write their own pods' labels. The
 * in-cluster data stores' pods need more than a tenant's pods get (a Postgres instance reaches the
 * Kubernetes API and its object store on any address, the operators reach the stores), so the policies
 * that grant it select pods by a label that the API server refuses to tenants. Moving the stores into
 * namespaces of their own would fence them without an admission rule, but would double the namespaces,
 * quotas and policies per tenant and move every store's host name; reserving the label keeps one
 * namespace per tenant.
 */
import { DATASTORE_LABEL } from "../datastore/settings.js";
import { tenantNamespaceSelector } from "../labels.js";
import { DATASTORE_OPERATOR_USERS } from "./charts.js";

/**
 * Pod label keys a tenant may not set: every key that a NetworkPolicy in a tenant namespace selects pods
 * by to grant them more than the tenant's tier (the data stores' pods). The policy pack holds every such
 * NetworkPolicy to this list (`tenant-pod-selectors-reserved`).
 */
export const RESERVED_POD_LABEL_KEYS: readonly string[] = [DATASTORE_LABEL];

/** The admission policy (and its binding) that refuses the reserved labels to tenants. */
export const RESERVED_LABELS_POLICY = "cloudtier-reserved-pod-labels";

/**
 * The annotation on the policy listing the keys it reserves, comma-separated: what the policy pack reads
 * (the CEL expressions are built from the same list).
 */
export const RESERVED_KEYS_ANNOTATION = "cloudtier.io/reserved-pod-label-keys";

/**
 * Who may set the reserved labels: the data-store operators, and the kube-controller-manager, whose
 * controllers (as `system:serviceaccount:kube-system:<name>-controller`, or as itself where it runs
 * without per-controller credentials) create pods from templates that this policy already admitted.
 */
export const RESERVED_LABEL_WRITERS = {
  users: [...DATASTORE_OPERATOR_USERS, "system:kube-controller-manager"],
  controllerPrefix: "system:serviceaccount:kube-system:",
  controllerSuffix: "-controller",
} as const;

/** The resources whose pods' labels the policy reads, and where each keeps its pod template. */
export const POD_TEMPLATE_PATHS = {
  "": { pods: "object.metadata", replicationcontrollers: "object.spec.template.metadata" },
  apps: {
    deployments: "object.spec.template.metadata",
    replicasets: "object.spec.template.metadata",
    statefulsets: "object.spec.template.metadata",
    daemonsets: "object.spec.template.metadata",
  },
  batch: {
    jobs: "object.spec.template.metadata",
    cronjobs: "object.spec.jobTemplate.spec.template.metadata",
  },
} as const satisfies Record<string, Record<string, string>>;

type K8sObject = Record<string, unknown> & {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

const quote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const list = (items: readonly string[]) => `[${items.map(quote).join(", ")}]`;

/** `has()` on every step of a field path below `object`, so a missing field reads as absent, not an error. */
function present(path: string): string {
  const parts = path.split(".");
  return parts
    .slice(1)
    .map((_, i) => `has(${parts.slice(0, i + 2).join(".")})`)
    .join(" && ");
}

/** The pod labels of the object, an empty map where it has none. */
function labelsCel(): string {
  const labels = (path: string) => `(${present(`${path}.labels`)} ? ${path}.labels : {})`;
  const { pods } = POD_TEMPLATE_PATHS[""];
  const { cronjobs, jobs: others } = POD_TEMPLATE_PATHS.batch;
  return (
    `request.resource.resource == 'pods' ? ${labels(pods)} : ` +
    `(request.resource.resource == 'cronjobs' ? ${labels(cronjobs)} : ${labels(others)})`
  );
}

/** The pod template of the object (or its old version), compared whole on updates. */
function templateCel(which: "object" | "oldObject"): string {
  const podLabels = `${which}.metadata.labels`;
  return (
    `request.resource.resource == 'pods' ? [(${present(podLabels)} ? ${podLabels} : {}), ${which}.spec] : ` +
    `(request.resource.resource == 'cronjobs' ? ${which}.spec.jobTemplate : ${which}.spec.template)`
  );
}

/**
 * The ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, enforced by the API server itself) and
 * its binding: in a tenant namespace, a Pod, or a workload's pod template (Deployment, ReplicaSet,
 * StatefulSet, DaemonSet, Job, CronJob's job template, ReplicationController), may not carry a reserved
 * label key, unless an operator or a controller of the kube-controller-manager writes it. An update that
 * leaves the pod template as it was is admitted whoever makes it (the garbage collector removing a
 * finalizer, a scale), so the stores' objects stay deletable; one that changes a template carrying a
 * reserved key is refused to tenants like a create, so a tenant cannot put its own image into a store's
 * pods either.
 */
export function reservedLabelAdmissionObjects(labels: Readonly<Record<string, string>>): {
  policy: K8sObject;
  binding: K8sObject;
} {
  const keys = RESERVED_POD_LABEL_KEYS;
  const writers = RESERVED_LABEL_WRITERS;
  const user = "request.userInfo.username";
  const policy: K8sObject = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: {
      name: RESERVED_LABELS_POLICY,
      labels: { ...labels },
      annotations: { [RESERVED_KEYS_ANNOTATION]: keys.join(",") },
    },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: Object.entries(POD_TEMPLATE_PATHS).map(([group, byResource]) => ({
          apiGroups: [group],
          apiVersions: ["v1"],
          operations: ["CREATE", "UPDATE"],
          resources: Object.keys(byResource),
        })),
      },
      variables: [
        {
          name: "reserved",
          expression: `${list(keys)}.filter(k, k in (${labelsCel()}))`,
        },
        {
          name: "writer",
          expression:
            `${user} in ${list(writers.users)} || ` +
            `(${user}.startsWith(${quote(writers.controllerPrefix)}) && ${user}.endsWith(${quote(writers.controllerSuffix)}))`,
        },
        {
          name: "templateUnchanged",
          expression: `request.operation == 'UPDATE' && (${templateCel("object")}) == (${templateCel("oldObject")})`,
        },
      ],
      validations: [
        {
          expression: "size(variables.reserved) == 0 || variables.writer || variables.templateUnchanged",
          messageExpression:
            `'refused: the pod label ' + variables.reserved[0] + ' is reserved to the platform; ' + ` +
            `${user} + ' may not set it on ' + request.resource.resource + ' in namespace ' + request.namespace`,
          reason: "Forbidden",
        },
      ],
    },
  };
  const binding: K8sObject = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name: RESERVED_LABELS_POLICY, labels: { ...labels } },
    spec: {
      policyName: RESERVED_LABELS_POLICY,
      validationActions: ["Deny"],
      matchResources: { namespaceSelector: tenantNamespaceSelector() },
    },
  };
  return { policy, binding };
}
