/**
 * Rules of the platform's services: what tenants' pods may reach (their own data stores, always; the
 * internet, only as far as their tier allows), whose host names an Ingress may claim (its tenant's only,
 * enforced by the API server), the backups of in-cluster stores and the object stores they go to, and
 * capacity that follows demand within the node pools' bounds on every cloud.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type * as aws from "@pulumi/aws";
import type * as azure from "@pulumi/azure-native";
import type * as digitalocean from "@pulumi/digitalocean";
import type * as gcp from "@pulumi/gcp";
import type * as k8s from "@pulumi/kubernetes";
import type * as scaleway from "@pulumiverse/scaleway";
import { storeFactsOf } from "../../analysis/facts.js";
import { POSTGRES_PORT, REDIS_PORT } from "../../components/datastore/in-cluster-spec.js";
import { DATASTORE_LABEL, DATASTORE_TYPE_PREFIX } from "../../components/datastore/settings.js";
import { OPERATOR_CHARTS, OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
import { HOST_POLICY } from "../../components/platform/ingress-spec.js";
import {
  POD_TEMPLATE_PATHS,
  RESERVED_KEYS_ANNOTATION,
  RESERVED_LABELS_POLICY,
  RESERVED_POD_LABEL_KEYS,
} from "../../components/platform/reserved-labels-spec.js";
import { cidrContains, cidrsOverlap, parseCidr } from "../../domain/network-plan.js";
import { NON_PUBLIC_RANGES } from "../../domain/platform-config.js";
import { TIERS, TIER_SPECS, type InternetEgress, type TierName } from "../../domain/tiers.js";
import type { PlannedResource } from "../../planner/types.js";
import {
  CUSTOMER_LABEL,
  type Props,
  inNamespace,
  isOpenCidr,
  isTrue,
  metaOf,
  resourcesOf,
  tenantNamespaces,
} from "./support.js";
import { OWN, cisAwsFoundations, cisEks, cisGke, mtb } from "./sources.js";

type NetworkPolicyProps = Props<k8s.types.input.networking.v1.NetworkPolicy>;
type PolicySpec = NonNullable<NetworkPolicyProps["spec"]>;
type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Expression[] } | undefined;
type Expression = { key: string; operator: string; values?: string[] };
type Peer = NonNullable<NonNullable<PolicySpec["egress"]>[number]["to"]>[number];
type Port = { port?: number | string; protocol?: string };

// NetworkPolicy semantics, for one namespace --------------------------------------------------------------

/** Whether a label selector selects a pod with these labels (an empty selector selects every pod). */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const ok =
      e.operator === "Exists"
        ? has
        : e.operator === "DoesNotExist"
          ? !has
          : e.operator === "In"
            ? has && (e.values ?? []).includes(labels[e.key])
            : e.operator === "NotIn"
              ? !has || !(e.values ?? []).includes(labels[e.key])
              : false;
    if (!ok) return false;
  }
  return true;
}

function typesOf(spec: PolicySpec): string[] {
  return spec.policyTypes ?? ["Ingress", ...(spec.egress ? ["Egress"] : [])];
}

function portAllowed(ports: readonly Port[] | undefined, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || Number(p.port) === port),
  );
}

/** A peer of the same namespace selecting `labels` (a pod selector without a namespace selector). */
function peerSelects(peer: Peer, labels: Readonly<Record<string, string>>): boolean {
  return !peer.ipBlock && !peer.namespaceSelector && selects(peer.podSelector, labels);
}

/**
 * Whether the namespace's NetworkPolicies let a pod with labels `from` open a TCP connection to a pod of
 * the same namespace with labels `to` on `port`: egress allowed for the one and ingress for the other
 * (a direction no policy selects the pod for is open).
 */
export function reachable(
  policies: readonly PolicySpec[],
  from: Readonly<Record<string, string>>,
  to: Readonly<Record<string, string>>,
  port: number,
): boolean {
  const direction = (pod: Readonly<Record<string, string>>, type: "Ingress" | "Egress") =>
    policies.filter((p) => selects(p.podSelector as Selector, pod) && typesOf(p).includes(type));
  const egress = direction(from, "Egress");
  const egressOk =
    egress.length === 0 ||
    egress.some((p) =>
      (p.egress ?? []).some(
        (rule) =>
          portAllowed(rule.ports, port) &&
          (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerSelects(peer, to))),
      ),
    );
  const ingress = direction(to, "Ingress");
  const ingressOk =
    ingress.length === 0 ||
    ingress.some((p) =>
      (p.ingress ?? []).some(
        (rule) =>
          portAllowed(rule.ports, port) &&
          (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerSelects(peer, from))),
      ),
    );
  return egressOk && ingressOk;
}

function specsIn(resources: readonly PolicyResource[], namespace: string): PolicySpec[] {
  return inNamespace<k8s.types.input.networking.v1.NetworkPolicy>(resources, "networkPolicy", namespace)
    .map(({ props }) => props.spec)
    .filter((spec): spec is PolicySpec => spec !== undefined);
}

/** The tier's internet egress; a namespace without a known tier is held to the strictest. */
function internetOf(tier: string | undefined): InternetEgress {
  return (TIERS as readonly string[]).includes(tier ?? "")
    ? TIER_SPECS[tier as TierName].egress.internet
    : "none";
}

const isPrivate = (cidr: string) => NON_PUBLIC_RANGES.some((range) => cidrContains(range, cidr));
const isCidr = (text: string) => {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
};

/** The narrowest private range an egress to a store may open: a subnet, never a whole network plan. */
export const STORE_EGRESS_WIDEST_PREFIX = 16;

/** Problems of one egress peer of a tenant's pods, judged against the tier's internet egress. */
function peerProblems(peer: Peer, ports: readonly Port[] | undefined, internet: InternetEgress): string[] {
  if (peer.namespaceSelector) {
    const dns =
      selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": "kube-system" }) &&
      selects(peer.podSelector, { "k8s-app": "kube-dns" }) &&
      (ports ?? []).length > 0 &&
      (ports ?? []).every((p) => Number(p.port) === 53);
    return dns ? [] : ["egress to pods of other namespaces (only the cluster's DNS is allowed)."];
  }
  if (!peer.ipBlock) return [];
  const cidr = peer.ipBlock.cidr;
  if (!isCidr(cidr)) return [`egress to ${cidr}, which is not an IPv4 CIDR.`];
  if (isPrivate(cidr)) {
    // A data store outside the cluster: its private range and its one port.
    if (parseCidr(cidr).prefix < STORE_EGRESS_WIDEST_PREFIX || (ports ?? []).length !== 1) {
      return [
        `egress to the private range ${cidr} opens more than one data store's subnet and port (at most a /${STORE_EGRESS_WIDEST_PREFIX}, one port).`,
      ];
    }
    return [];
  }
  if (internet === "none") return [`egress to ${cidr}: the tier reaches nothing outside the cluster.`];
  const except = peer.ipBlock.except ?? [];
  const unexcepted = NON_PUBLIC_RANGES.filter(
    (range) =>
      range !== "0.0.0.0/8" && cidrsOverlap(cidr, range) && !except.some((e) => cidrContains(e, range)),
  );
  if (unexcepted.length > 0) {
    return [`egress to ${cidr} also reaches the private ranges ${unexcepted.join(", ")}: except them.`];
  }
  if (internet === "allowlist" && isOpenCidr(cidr)) {
    return [`egress to ${cidr}: the tier reaches its allowlist, not the internet at large.`];
  }
  return [];
}

export const tenantEgressWithinTier: StackValidationPolicy = {
  name: "tenant-egress-within-tier",
  description:
    "A tenant's pods reach no further than its tier allows: its namespace, the cluster's DNS, its data stores (a private subnet and one port each), and the internet only as the tier says (none; its allowlist; or public addresses, never the private ranges).",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [mtb("MTB-PL1-BC-NI-1"), cisEks("4.3.2"), cisGke("4.3.2"), OWN],
  validateStack: (args, report) => {
    for (const ns of tenantNamespaces(args.resources)) {
      const internet = internetOf(ns.tier);
      for (const { resource, props } of inNamespace<k8s.types.input.networking.v1.NetworkPolicy>(
        args.resources,
        "networkPolicy",
        ns.name,
      )) {
        const spec = props.spec;
        if (!spec || !typesOf(spec).includes("Egress")) continue;
        const storePodsOnly = Object.hasOwn(
          (spec.podSelector as Selector)?.matchLabels ?? {},
          DATASTORE_LABEL,
        );
        for (const rule of spec.egress ?? []) {
          const ports = rule.ports;
          if (!rule.to || rule.to.length === 0) {
            // The data stores' own pods reach the Kubernetes API and their object store on named ports.
            if (!storePodsOnly || !ports || ports.length === 0) {
              report(`${metaOf(props).name}: egress to any address from the tenant's pods.`, resource.urn);
            }
            continue;
          }
          for (const peer of rule.to) {
            for (const problem of peerProblems(peer, ports, internet)) {
              report(`${metaOf(props).name}: ${problem}`, resource.urn);
            }
          }
        }
      }
      if (internet !== "allowlist") {
        for (const { resource, props } of inNamespace<unknown>(
          args.resources,
          "ciliumNetworkPolicy",
          ns.name,
        )) {
          const egress = (props as { spec?: { egress?: { toFQDNs?: unknown[] }[] } }).spec?.egress ?? [];
          if (egress.some((rule) => (rule.toFQDNs ?? []).length > 0)) {
            report(
              `${metaOf(props).name}: egress to names, which the ${ns.tier ?? "unknown"} tier does not allow.`,
              resource.urn,
            );
          }
        }
      }
    }
  },
};

/** A managed store's egress policy in a tenant namespace: labelled with the store's kind. */
function hasStoreEgress(resources: readonly PolicyResource[], namespace: string, kind: string): boolean {
  return inNamespace<k8s.types.input.networking.v1.NetworkPolicy>(resources, "networkPolicy", namespace).some(
    ({ props }) =>
      metaOf(props).labels?.[DATASTORE_LABEL] === kind &&
      props.spec !== undefined &&
      typesOf(props.spec).includes("Egress") &&
      (props.spec?.egress ?? []).some(
        (rule) =>
          (rule.ports ?? []).length === 1 &&
          (rule.to ?? []).length > 0 &&
          (rule.to ?? []).every(
            (peer) => peer.ipBlock && isCidr(peer.ipBlock.cidr) && isPrivate(peer.ipBlock.cidr),
          ),
      ) &&
      selects(props.spec?.podSelector, {}),
  );
}

const IN_CLUSTER_PORTS: Readonly<Record<"postgres" | "redis", number>> = {
  postgres: POSTGRES_PORT,
  redis: REDIS_PORT,
};

export const tenantDatastoreReachable: StackValidationPolicy = {
  name: "tenant-datastore-reachable",
  description:
    "Every data store a tenant asked for is reachable from its namespace's pods: an in-cluster store through the namespace's NetworkPolicies (egress from the tenant's pods, ingress to the store's, on its port), a managed store through an egress NetworkPolicy to its private range and port.",
  enforcementLevel: "mandatory",
  severity: "high",
  tags: [OWN],
  validateStack: (args, report) => {
    const namespaces = tenantNamespaces(args.resources);
    const tenants = new Set(namespaces.map((ns) => ns.name));
    // In-cluster stores, in their tenant's namespace.
    for (const group of ["cnpgCluster", "inClusterRedis"] as const) {
      for (const { resource, props } of resourcesOf<unknown>(args.resources, group)) {
        const namespace = metaOf(props).namespace ?? "default";
        if (!tenants.has(namespace)) continue;
        const kind = group === "cnpgCluster" ? "postgres" : "redis";
        const store = { ...(metaOf(props).labels ?? {}), [DATASTORE_LABEL]: kind };
        // The tenant's own workloads: pods with none of the platform's labels.
        if (!reachable(specsIn(args.resources, namespace), {}, store, IN_CLUSTER_PORTS[kind])) {
          report(
            `${kind} in ${namespace} is not reachable from the namespace's pods on port ${IN_CLUSTER_PORTS[kind]}.`,
            resource.urn,
          );
        }
      }
    }
    // Managed stores: the stack's tenant namespaces (an environment has one) reach each by its range.
    for (const resource of args.resources) {
      const planned: PlannedResource = {
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        parent: null,
        provider: null,
        custom: true,
        protect: false,
        inputs: resource.props as Record<string, unknown>,
      };
      const facts = storeFactsOf(planned);
      if (!facts?.managed) continue;
      for (const ns of namespaces) {
        if (!hasStoreEgress(args.resources, ns.name, facts.kind)) {
          report(
            `${resource.name}: namespace ${ns.name} has no egress NetworkPolicy (labelled ${DATASTORE_LABEL}: ${facts.kind}) to the store's private range and port.`,
            resource.urn,
          );
        }
      }
    }
  },
};

// Ingress -----------------------------------------------------------------------------------------------

type Release = Props<k8s.helm.v3.ReleaseArgs>;
/** A ValidatingAdmissionPolicy or its binding, as far as the rule reads them. */
type AdmissionObject = { metadata?: { name?: string }; spec?: Record<string, unknown> };

function isIngressRelease(release: Release): boolean {
  return (
    release.name === OPERATOR_CHARTS.ingress.release && release.namespace === OPERATOR_NAMESPACES.ingress
  );
}

export const ingressTenantHosts: StackValidationPolicy = {
  name: "ingress-tenant-hosts",
  description:
    "A cluster with the platform's ingress controller also has the admission policy that holds each tenant's Ingresses to its own host names, enforced by the API server (failure policy Fail, bound with Deny to the tenant namespaces).",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [mtb("MTB-PL1-BC-NI-1"), OWN],
  validateStack: (args, report) => {
    const releases = resourcesOf<k8s.helm.v3.ReleaseArgs>(args.resources, "helmRelease").filter(({ props }) =>
      isIngressRelease(props),
    );
    if (releases.length === 0) return;
    const problems: string[] = [];
    const policy = resourcesOf<AdmissionObject>(args.resources, "admissionPolicy").find(
      ({ props }) => metaOf(props).name === HOST_POLICY,
    );
    const spec = policy?.props.spec;
    if (!spec) problems.push(`no ValidatingAdmissionPolicy ${HOST_POLICY}.`);
    else {
      if (spec["failurePolicy"] !== "Fail") problems.push(`${HOST_POLICY}: failurePolicy must be Fail.`);
      const rules = ((spec["matchConstraints"] as { resourceRules?: unknown[] } | undefined)?.resourceRules ??
        []) as {
        resources?: string[];
        operations?: string[];
      }[];
      const covered = rules.some(
        (r) =>
          (r.resources ?? []).includes("ingresses") &&
          ["CREATE", "UPDATE"].every(
            (op) => (r.operations ?? []).includes(op) || (r.operations ?? []).includes("*"),
          ),
      );
      if (!covered) problems.push(`${HOST_POLICY}: must match Ingress creates and updates.`);
      if (((spec["validations"] as unknown[] | undefined) ?? []).length === 0) {
        problems.push(`${HOST_POLICY}: has no validations.`);
      }
    }
    const binding = resourcesOf<AdmissionObject>(args.resources, "admissionPolicyBinding").find(
      ({ props }) => props.spec?.["policyName"] === HOST_POLICY,
    );
    const bindingSpec = binding?.props.spec;
    if (!bindingSpec) problems.push(`no ValidatingAdmissionPolicyBinding of ${HOST_POLICY}.`);
    else {
      if (!((bindingSpec["validationActions"] as string[] | undefined) ?? []).includes("Deny")) {
        problems.push(`the binding of ${HOST_POLICY} must Deny.`);
      }
      const selector = (bindingSpec["matchResources"] as { namespaceSelector?: Selector } | undefined)
        ?.namespaceSelector;
      const tenantOnly = (selector?.matchExpressions ?? []).some(
        (e) => e.key === CUSTOMER_LABEL && e.operator === "Exists",
      );
      if (!tenantOnly || !selects(selector, { [CUSTOMER_LABEL]: "acme" })) {
        problems.push(`the binding of ${HOST_POLICY} must select the tenant namespaces (${CUSTOMER_LABEL}).`);
      }
    }
    for (const problem of problems) report(problem, releases[0].resource.urn);
  },
};

// Pod labels a tenant cannot set ---------------------------------------------------------------------------

type Rule = { peers?: readonly unknown[]; ports?: readonly Port[] };

/** Label keys a pod must carry to be selected (matchLabels, `In`, `Exists`); absence never selects by them. */
export function requiredKeys(selector: Selector): string[] {
  const keys = new Set(Object.keys(selector?.matchLabels ?? {}));
  for (const e of selector?.matchExpressions ?? []) {
    if (e.operator === "In" || e.operator === "Exists") keys.add(e.key);
  }
  return [...keys];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether `rule` admits nothing that `base` does not: every peer and port of it is one of base's. */
function coveredBy(rule: Rule, base: Rule): boolean {
  const peersOk =
    (base.peers ?? []).length === 0 ||
    ((rule.peers ?? []).length > 0 &&
      (rule.peers ?? []).every((peer) => (base.peers ?? []).some((b) => sameJson(peer, b))));
  const portsOk =
    (base.ports ?? []).length === 0 ||
    ((rule.ports ?? []).length > 0 &&
      (rule.ports ?? []).every((port) =>
        (base.ports ?? []).some(
          (b) => (b.protocol ?? "TCP") === (port.protocol ?? "TCP") && sameJson(b.port, port.port),
        ),
      ));
  return peersOk && portsOk;
}

function rulesOf(spec: PolicySpec, type: "Ingress" | "Egress"): Rule[] {
  if (!typesOf(spec).includes(type)) return [];
  return type === "Ingress"
    ? (spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }))
    : (spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
}

/**
 * What a NetworkPolicy grants beyond the policies every unlabelled pod of its namespace gets (the tier's
 * own: default deny, same namespace, DNS, ingress, monitoring, the tier's egress): its rules that no such
 * policy's rule covers, by direction.
 */
function grantsBeyondTier(spec: PolicySpec, namespaceSpecs: readonly PolicySpec[]): string[] {
  const base = namespaceSpecs.filter((p) => p !== spec && selects(p.podSelector as Selector, {}));
  const grants: string[] = [];
  for (const type of ["Ingress", "Egress"] as const) {
    const baseRules = base.flatMap((p) => rulesOf(p, type));
    for (const rule of rulesOf(spec, type)) {
      if (baseRules.some((b) => coveredBy(rule, b))) continue;
      const ports = (rule.ports ?? []).map((p) => `${p.protocol ?? "TCP"} ${p.port ?? "any"}`).join(", ");
      const peers = (rule.peers ?? []).length === 0 ? "any address" : JSON.stringify(rule.peers);
      grants.push(
        `${type.toLowerCase()} ${type === "Ingress" ? "from" : "to"} ${peers} on ${ports || "any port"}`,
      );
    }
  }
  return grants;
}

/** Problems of the stack's reserved-labels admission policy; none when it holds tenants to the keys. */
function reservedPolicyProblems(resources: readonly PolicyResource[]): {
  policy?: PolicyResource;
  keys: string[];
  problems: string[];
} {
  const found = resourcesOf<AdmissionObject & { metadata?: { annotations?: Record<string, string> } }>(
    resources,
    "admissionPolicy",
  ).find(({ props }) => metaOf(props).name === RESERVED_LABELS_POLICY);
  const policy = found?.props;
  const problems: string[] = [];
  const spec = policy?.spec;
  if (!found || !policy || !spec) {
    return { keys: [], problems: [`no ValidatingAdmissionPolicy ${RESERVED_LABELS_POLICY}.`] };
  }
  if (spec["failurePolicy"] !== "Fail")
    problems.push(`${RESERVED_LABELS_POLICY}: failurePolicy must be Fail.`);
  const rules = ((spec["matchConstraints"] as { resourceRules?: unknown[] } | undefined)?.resourceRules ??
    []) as { apiGroups?: string[]; resources?: string[]; operations?: string[] }[];
  for (const [group, byResource] of Object.entries(POD_TEMPLATE_PATHS)) {
    for (const resource of Object.keys(byResource)) {
      const covered = rules.some(
        (r) =>
          (r.apiGroups ?? []).some((g) => g === group || g === "*") &&
          (r.resources ?? []).some((x) => x === resource || x === "*") &&
          ["CREATE", "UPDATE"].every((op) => (r.operations ?? []).some((o) => o === op || o === "*")),
      );
      if (!covered) {
        problems.push(`${RESERVED_LABELS_POLICY}: must match creates and updates of ${resource}.`);
      }
    }
  }
  if (((spec["validations"] as unknown[] | undefined) ?? []).length === 0) {
    problems.push(`${RESERVED_LABELS_POLICY}: has no validations.`);
  }
  const binding = resourcesOf<AdmissionObject>(resources, "admissionPolicyBinding").find(
    ({ props }) => props.spec?.["policyName"] === RESERVED_LABELS_POLICY,
  )?.props.spec;
  if (!binding) problems.push(`no ValidatingAdmissionPolicyBinding of ${RESERVED_LABELS_POLICY}.`);
  else {
    if (!((binding["validationActions"] as string[] | undefined) ?? []).includes("Deny")) {
      problems.push(`the binding of ${RESERVED_LABELS_POLICY} must Deny.`);
    }
    const selector = (binding["matchResources"] as { namespaceSelector?: Selector } | undefined)
      ?.namespaceSelector;
    if (!selects(selector, { [CUSTOMER_LABEL]: "acme" })) {
      problems.push(`the binding of ${RESERVED_LABELS_POLICY} must select the tenant namespaces.`);
    }
  }
  const keys = (policy.metadata?.annotations?.[RESERVED_KEYS_ANNOTATION] ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const missing = RESERVED_POD_LABEL_KEYS.filter((k) => !keys.includes(k));
  if (missing.length > 0) {
    problems.push(
      `${RESERVED_LABELS_POLICY}: does not reserve ${missing.join(", ")} (its ${RESERVED_KEYS_ANNOTATION} annotation).`,
    );
  }
  // A policy that does not hold reserves nothing.
  return { policy: found.resource, keys: problems.length === 0 ? keys : [], problems };
}

export const tenantPodSelectorsReserved: StackValidationPolicy = {
  name: "tenant-pod-selectors-reserved",
  description:
    "No NetworkPolicy in a tenant namespace grants pods more than the tenant's tier by a label the tenant could put on its own pods: every label key such a policy selects by is reserved by the platform's admission policy, which the stack that installs a cluster's services also installs (failure policy Fail, Pods and every pod template, bound with Deny to the tenant namespaces).",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [mtb("MTB-PL1-BC-NI-1"), OWN],
  validateStack: (args, report) => {
    const ownsCluster = resourcesOf<k8s.helm.v3.ReleaseArgs>(args.resources, "helmRelease").find(
      ({ props }) => isIngressRelease(props),
    );
    // The cluster's owner installs the policy, checked here; another shard of the cluster relies on it.
    const installed = reservedPolicyProblems(args.resources);
    const holder = ownsCluster?.resource ?? installed.policy;
    if (holder) for (const problem of installed.problems) report(problem, holder.urn);
    const reserved = new Set(holder ? installed.keys : RESERVED_POD_LABEL_KEYS);
    for (const ns of tenantNamespaces(args.resources)) {
      const policies = inNamespace<k8s.types.input.networking.v1.NetworkPolicy>(
        args.resources,
        "networkPolicy",
        ns.name,
      );
      const specs = policies.map(({ props }) => props.spec).filter((s): s is PolicySpec => s !== undefined);
      for (const { resource, props } of policies) {
        const spec = props.spec;
        if (!spec) continue;
        const keys = requiredKeys(spec.podSelector);
        const open = keys.filter((k) => !reserved.has(k));
        if (keys.length === 0 || open.length === 0) continue;
        const grants = grantsBeyondTier(spec, specs);
        if (grants.length === 0) continue;
        report(
          `${metaOf(props).name}: grants the pods it selects by ${open.join(", ")} more than the ${ns.tier ?? "unknown"} tier (${grants.join("; ")}), and a tenant can set ${open.length === 1 ? "that label" : "those labels"} on its own pods: reserve ${open.length === 1 ? "it" : "them"} in the admission policy ${RESERVED_LABELS_POLICY}, or select pods by a reserved label.`,
          resource.urn,
        );
      }
    }
  },
};

// Backups -----------------------------------------------------------------------------------------------

export const inClusterPostgresBackups: StackValidationPolicy = {
  name: "in-cluster-postgres-backups",
  description:
    "Every in-cluster Postgres archives its WAL and takes base backups to an object store with its tier's retention, and has a daily ScheduledBackup. Existing clusters get them once `cloudtier:backups` names an S3-compatible endpoint.",
  enforcementLevel: "advisory",
  severity: "high",
  tags: [OWN],
  validateStack: (args, report) => {
    const tiers = new Map(tenantNamespaces(args.resources).map((ns) => [ns.name, ns.tier]));
    const schedules = resourcesOf<unknown>(args.resources, "cnpgScheduledBackup").map(({ props }) => ({
      namespace: metaOf(props).namespace ?? "default",
      cluster: (props as { spec?: { cluster?: { name?: string } } }).spec?.cluster?.name,
    }));
    for (const { resource, props } of resourcesOf<unknown>(args.resources, "cnpgCluster")) {
      const meta = metaOf(props);
      const namespace = meta.namespace ?? "default";
      const backup = (
        props as {
          spec?: { backup?: { barmanObjectStore?: { destinationPath?: string }; retentionPolicy?: string } };
        }
      ).spec?.backup;
      if (!backup?.barmanObjectStore?.destinationPath) {
        report(`${namespace}/${meta.name}: no backups (spec.backup.barmanObjectStore).`, resource.urn);
        continue;
      }
      const tier = tiers.get(namespace);
      const days = /^(\d+)d$/.exec(backup.retentionPolicy ?? "")?.[1];
      if (tier && (TIERS as readonly string[]).includes(tier)) {
        const wanted = TIER_SPECS[tier as TierName].sla.backupRetentionDays;
        if (days === undefined || Number(days) < wanted) {
          report(
            `${namespace}/${meta.name}: retentionPolicy ${backup.retentionPolicy ?? "missing"} is below the ${tier} tier's ${wanted}d.`,
            resource.urn,
          );
        }
      }
      if (!schedules.some((s) => s.namespace === namespace && s.cluster === meta.name)) {
        report(`${namespace}/${meta.name}: no ScheduledBackup takes its base backups.`, resource.urn);
      }
    }
  },
};

/** Per-bucket checks, one list of problems per object store. */
function storeProblems(resources: readonly PolicyResource[]): { urn: string; problem: string }[] {
  const out: { urn: string; problem: string }[] = [];
  const s3 = resourcesOf<aws.s3.BucketArgs>(resources, "s3Bucket");
  if (s3.length > 0) {
    const count = (group: Parameters<typeof resourcesOf>[1], ok: (props: unknown) => boolean) =>
      resourcesOf<unknown>(resources, group).filter(({ props }) => ok(props)).length;
    const checks: [Parameters<typeof resourcesOf>[1], (props: unknown) => boolean, string][] = [
      [
        "s3PublicAccessBlock",
        (p) => {
          const b = p as Props<aws.s3.BucketPublicAccessBlockArgs>;
          return [b.blockPublicAcls, b.blockPublicPolicy, b.ignorePublicAcls, b.restrictPublicBuckets].every(
            isTrue,
          );
        },
        "a public access block with all four settings true",
      ],
      [
        "s3Encryption",
        (p) =>
          ((p as Props<aws.s3.BucketServerSideEncryptionConfigurationArgs>).rules ?? []).some(
            (r) => !!r.applyServerSideEncryptionByDefault?.sseAlgorithm,
          ),
        "default server-side encryption",
      ],
      [
        "s3Lifecycle",
        (p) =>
          ((p as Props<aws.s3.BucketLifecycleConfigurationArgs>).rules ?? []).some(
            (r) => r.status === "Enabled" && r.expiration?.days !== undefined,
          ),
        "a lifecycle rule that expires objects",
      ],
      [
        "s3BucketPolicy",
        (p) => JSON.stringify((p as { policy?: unknown }).policy ?? "").includes("aws:SecureTransport"),
        "a bucket policy that denies plain HTTP",
      ],
    ];
    for (const [group, ok, what] of checks) {
      if (count(group, ok) < s3.length) {
        for (const { resource } of s3) out.push({ urn: resource.urn, problem: `S3 bucket without ${what}.` });
      }
    }
  }
  for (const { resource, props } of resourcesOf<gcp.storage.BucketArgs>(resources, "gcsBucket")) {
    if (props.uniformBucketLevelAccess !== true)
      out.push({ urn: resource.urn, problem: "uniformBucketLevelAccess must be true." });
    if (props.publicAccessPrevention !== "enforced")
      out.push({ urn: resource.urn, problem: 'publicAccessPrevention must be "enforced".' });
    if (!(props.lifecycleRules ?? []).some((r) => r.action?.type === "Delete"))
      out.push({ urn: resource.urn, problem: "no lifecycle rule deletes objects." });
  }
  const lifecycles = resourcesOf<unknown>(resources, "azureStorageLifecycle").length;
  const accounts = resourcesOf<azure.storage.StorageAccountArgs>(resources, "azureStorageAccount");
  // A Premium Azure cache writes its RDB snapshots to an account of its own, inside its data store
  // component: Azure reaches it only through the account's key, and the cache keeps the snapshots' count.
  // It is private and TLS-only like the others; key access and lifecycle rules are the backup stores' own.
  const insideDataStore = (r: PolicyResource): boolean => {
    for (let p = r.parent; p; p = p.parent) if (p.type.startsWith(DATASTORE_TYPE_PREFIX)) return true;
    return false;
  };
  const backupAccounts = accounts.filter(({ resource }) => !insideDataStore(resource)).length;
  for (const { resource, props } of accounts) {
    if (props.allowBlobPublicAccess !== false)
      out.push({ urn: resource.urn, problem: "allowBlobPublicAccess must be false." });
    if (props.enableHttpsTrafficOnly !== true)
      out.push({ urn: resource.urn, problem: "enableHttpsTrafficOnly must be true." });
    if (props.minimumTlsVersion !== "TLS1_2")
      out.push({ urn: resource.urn, problem: 'minimumTlsVersion must be "TLS1_2".' });
    if (insideDataStore(resource)) continue;
    if (props.allowSharedKeyAccess !== false)
      out.push({ urn: resource.urn, problem: "allowSharedKeyAccess must be false (Entra ID only)." });
    if (lifecycles < backupAccounts)
      out.push({ urn: resource.urn, problem: "no lifecycle management policy." });
  }
  const scwBuckets = resourcesOf<scaleway.object.BucketArgs>(resources, "scalewayBucket");
  const scwEncryption = resourcesOf<unknown>(resources, "scalewayBucketEncryption").length;
  for (const { resource, props } of scwBuckets) {
    if ((props.acl ?? "private") !== "private")
      out.push({ urn: resource.urn, problem: 'acl must be "private".' });
    if (!(props.lifecycleRules ?? []).some((r) => r.enabled === true && r.expiration?.days !== undefined))
      out.push({ urn: resource.urn, problem: "no lifecycle rule expires objects." });
    if (scwEncryption < scwBuckets.length)
      out.push({ urn: resource.urn, problem: "no server-side encryption." });
  }
  for (const { resource, props } of resourcesOf<digitalocean.SpacesBucketArgs>(resources, "spacesBucket")) {
    if ((props.acl ?? "private") !== "private")
      out.push({ urn: resource.urn, problem: 'acl must be "private".' });
    if (!(props.lifecycleRules ?? []).some((r) => r.enabled === true && r.expiration?.days !== undefined))
      out.push({ urn: resource.urn, problem: "no lifecycle rule expires objects." });
  }
  return out;
}

export const backupStoreProtected: StackValidationPolicy = {
  name: "backup-store-protected",
  description:
    "The object stores of backups are private (no public access, TLS only where the cloud lets it be enforced), encrypted at rest, and expire what the stores' own retention should have removed.",
  enforcementLevel: "mandatory",
  severity: "critical",
  tags: [cisAwsFoundations("2.1.1"), cisAwsFoundations("2.1.4"), OWN],
  validateStack: (args, report) => {
    for (const { urn, problem } of storeProblems(args.resources)) report(problem, urn);
  },
};

// Autoscaling -------------------------------------------------------------------------------------------

export const clusterAutoscaling: StackValidationPolicy = {
  name: "cluster-autoscaling",
  description:
    "Every cluster cloudtier creates adds and removes nodes with demand, within its node pools' minimum and maximum: the managed autoscaler of GKE, AKS, Kapsule and DOKS pools, the cluster autoscaler (with its IRSA role) on EKS.",
  enforcementLevel: "mandatory",
  severity: "medium",
  tags: [OWN],
  validateStack: (args, report) => {
    const bounded = (min: unknown, max: unknown) =>
      typeof min === "number" && typeof max === "number" && max > min && min >= 0;
    const groups = resourcesOf<aws.eks.NodeGroupArgs>(args.resources, "eksNodeGroup");
    for (const { resource, props } of groups) {
      if (!bounded(props.scalingConfig?.minSize, props.scalingConfig?.maxSize)) {
        report(
          "scalingConfig needs a maximum above its minimum for the autoscaler to move in.",
          resource.urn,
        );
      }
    }
    for (const { resource } of resourcesOf<aws.eks.ClusterArgs>(args.resources, "eksCluster")) {
      const autoscaler = resourcesOf<k8s.helm.v3.ReleaseArgs>(args.resources, "helmRelease").find(
        ({ props }) => props.name === OPERATOR_CHARTS.clusterAutoscaler.release,
      );
      const values = (autoscaler?.props.values ?? {}) as {
        autoDiscovery?: { clusterName?: string };
        rbac?: { serviceAccount?: { annotations?: Record<string, string> } };
      };
      if (!autoscaler) report("no cluster autoscaler scales the node groups.", resource.urn);
      else if (
        !values.autoDiscovery?.clusterName ||
        !values.rbac?.serviceAccount?.annotations?.["eks.amazonaws.com/role-arn"]
      )
        report("the cluster autoscaler needs autoDiscovery.clusterName and its IRSA role.", resource.urn);
    }
    for (const { resource, props } of resourcesOf<gcp.container.NodePoolArgs>(
      args.resources,
      "gkeNodePool",
    )) {
      const a = props.autoscaling;
      if (
        !a ||
        !(bounded(a.minNodeCount, a.maxNodeCount) || bounded(a.totalMinNodeCount, a.totalMaxNodeCount))
      )
        report("autoscaling needs a minimum and a higher maximum.", resource.urn);
    }
    for (const { resource, props } of resourcesOf<azure.containerservice.ManagedClusterArgs>(
      args.resources,
      "aksCluster",
    )) {
      for (const pool of props.agentPoolProfiles ?? []) {
        if (pool.enableAutoScaling !== true || !bounded(pool.minCount, pool.maxCount))
          report(
            `agent pool ${pool.name}: enableAutoScaling with a minimum and a higher maximum.`,
            resource.urn,
          );
      }
    }
    for (const { resource, props } of resourcesOf<azure.containerservice.AgentPoolArgs>(
      args.resources,
      "aksAgentPool",
    )) {
      if (props.enableAutoScaling !== true || !bounded(props.minCount, props.maxCount))
        report("enableAutoScaling with a minimum and a higher maximum.", resource.urn);
    }
    for (const { resource, props } of resourcesOf<scaleway.kubernetes.PoolArgs>(
      args.resources,
      "kapsulePool",
    )) {
      if (props.autoscaling !== true || !bounded(props.minSize, props.maxSize))
        report("autoscaling with a minimum and a higher maximum.", resource.urn);
    }
    for (const { resource, props } of resourcesOf<digitalocean.KubernetesClusterArgs>(
      args.resources,
      "doksCluster",
    )) {
      const pool = props.nodePool;
      if (pool?.autoScale !== true || !bounded(pool.minNodes, pool.maxNodes))
        report("nodePool.autoScale with a minimum and a higher maximum.", resource.urn);
    }
  },
};

export const PLATFORM_POLICIES = [
  tenantEgressWithinTier,
  tenantDatastoreReachable,
  ingressTenantHosts,
  tenantPodSelectorsReserved,
  inClusterPostgresBackups,
  backupStoreProtected,
  clusterAutoscaling,
];
