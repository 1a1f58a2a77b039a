/**
 * Ingress of a cluster, as pure data: the Traefik and cert-manager chart values, the certificate issuers,
 * and the admission rule that keeps each tenant to its own host names. Tested without Pulumi; used by
 * `services.ts`.
 */
import { tenantNamespaceSelector } from "../labels.js";
import type { IngressPlan } from "../../domain/platform-config.js";
import { OPERATOR_NAMESPACES } from "./charts.js";

/** The IngressClass tenants' Ingresses use (the cluster's default class, so they may leave it out). */
export const INGRESS_CLASS = "cloudtier";
/** The ClusterIssuer tenants name in `cert-manager.io/cluster-issuer` (also cert-manager's default). */
export const CLUSTER_ISSUER = "cloudtier";
/** The private CA: a self-signed root, kept by cert-manager in its namespace, that signs tenants' certificates. */
export const PRIVATE_CA = { selfSigned: "cloudtier-selfsigned", certificate: "cloudtier-root-ca" } as const;
/** The admission policy (and its binding) that holds tenants to their own hosts. */
export const HOST_POLICY = "cloudtier-tenant-hosts";

/** Traefik's values: the Ingress API only, behind the cloud's load balancer, HTTPS by redirect. */
export function traefikValues(options: {
  readonly replicas: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the load balancer Service (the cloud's load balancer settings). */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}): Record<string, unknown> {
  return {
    deployment: { replicas: options.replicas, podLabels: { ...options.labels } },
    // A rolling update or a drained node never takes the last replica away.
    podDisruptionBudget: options.replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
    ingressClass: { enabled: true, isDefaultClass: true, name: INGRESS_CLASS },
    providers: {
      // Tenants write Ingresses; Traefik's own resources (IngressRoute, Middleware) are not theirs to use.
      kubernetesCRD: { enabled: false },
      kubernetesGateway: { enabled: false },
      kubernetesIngress: {
        enabled: true,
        // An ExternalName Service would proxy to any address, bypassing the tenants' NetworkPolicies.
        allowExternalNameServices: false,
        publishedService: { enabled: true },
      },
    },
    ports: {
      // Plain HTTP only redirects; ACME's HTTP-01 check follows the redirect (RFC 8555 8.3).
      web: { http: { redirections: { entryPoint: { to: "websecure", scheme: "https", permanent: true } } } },
    },
    service: {
      annotations: { ...(options.serviceAnnotations ?? {}) },
      spec: { type: "LoadBalancer", externalTrafficPolicy: "Local" },
    },
  };
}

/** cert-manager's values: its CRDs, kept if the release goes, and the platform issuer as the default. */
export function certManagerValues(labels: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    crds: { enabled: true, keep: true },
    podLabels: { ...labels },
    // Ingresses annotated `kubernetes.io/tls-acme: "true"` get the platform's issuer.
    ingressShim: {
      defaultIssuerName: CLUSTER_ISSUER,
      defaultIssuerKind: "ClusterIssuer",
      defaultIssuerGroup: "cert-manager.io",
    },
  };
}

type K8sObject = Record<string, unknown> & {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

/**
 * The issuers of a cluster: an ACME ClusterIssuer solving HTTP-01 through the platform's ingress class,
 * or a private CA (a self-signed ClusterIssuer, the root Certificate it signs, and a CA ClusterIssuer over
 * that root). Either way tenants name one issuer, `cloudtier`.
 */
export function issuerObjects(plan: IngressPlan, labels: Readonly<Record<string, string>>): K8sObject[] {
  const meta = (name: string, namespace?: string) => ({
    name,
    ...(namespace ? { namespace } : {}),
    labels: { ...labels },
  });
  if (plan.issuer.kind === "acme") {
    return [
      {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: meta(CLUSTER_ISSUER),
        spec: {
          acme: {
            server: plan.issuer.server,
            ...(plan.issuer.email ? { email: plan.issuer.email } : {}),
            privateKeySecretRef: { name: `${CLUSTER_ISSUER}-acme-account` },
            solvers: [{ http01: { ingress: { ingressClassName: INGRESS_CLASS } } }],
          },
        },
      },
    ];
  }
  return [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: meta(PRIVATE_CA.selfSigned),
      spec: { selfSigned: {} },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      // A ClusterIssuer reads its CA from cert-manager's own namespace.
      metadata: meta(PRIVATE_CA.certificate, OPERATOR_NAMESPACES.certManager),
      spec: {
        isCA: true,
        commonName: `${plan.domain} private CA`,
        secretName: PRIVATE_CA.certificate,
        // Ten years; the tenants' certificates it signs live cert-manager's default 90 days.
        duration: "87600h",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: PRIVATE_CA.selfSigned, kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: meta(CLUSTER_ISSUER),
      spec: { ca: { secretName: PRIVATE_CA.certificate } },
    },
  ];
}

/**
 * Whether a host is the tenant's own: `<namespace>.<suffix>` itself or a name below it. As CEL, with
 * `h` the host and the namespace's name as the tenant's id (a tenant's namespace is named after it).
 */
function ownHostCel(suffix: string, host: string): string {
  const own = `namespaceObject.metadata.name + '.${suffix}'`;
  return `(${host} == ${own} || ${host}.endsWith('.' + ${own}))`;
}

/**
 * The ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, enforced by the API server itself, no
 * webhook) and its binding: in a tenant namespace, an Ingress may name only hosts under
 * `<namespace>.<suffix>`, in its rules and its TLS section alike, must name one in every rule (a rule
 * without a host would take every host of the cluster), has no default backend, and uses the platform's
 * ingress class. Tenant namespaces are those labelled with a customer other than the platform.
 */
export function hostAdmissionObjects(
  suffix: string,
  labels: Readonly<Record<string, string>>,
): { policy: K8sObject; binding: K8sObject } {
  const escaped = suffix.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
  const own = (host: string) => ownHostCel(escaped, host);
  const spec = "object.spec";
  const policy: K8sObject = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicy",
    metadata: { name: HOST_POLICY, labels: { ...labels } },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [
          {
            apiGroups: ["networking.k8s.io"],
            apiVersions: ["v1"],
            operations: ["CREATE", "UPDATE"],
            resources: ["ingresses"],
          },
        ],
      },
      validations: [
        {
          expression: `!has(${spec}.rules) || ${spec}.rules.all(r, has(r.host) && ${own("r.host")})`,
          messageExpression: `'every rule of an Ingress in ' + namespaceObject.metadata.name + ' names a host that is ' + namespaceObject.metadata.name + '.${escaped} or ends with .' + namespaceObject.metadata.name + '.${escaped}'`,
          reason: "Forbidden",
        },
        {
          expression: `!has(${spec}.tls) || ${spec}.tls.all(t, !has(t.hosts) || t.hosts.all(h, ${own("h")}))`,
          messageExpression: `'the TLS hosts of an Ingress in ' + namespaceObject.metadata.name + ' are ' + namespaceObject.metadata.name + '.${escaped} or end with .' + namespaceObject.metadata.name + '.${escaped}'`,
          reason: "Forbidden",
        },
        {
          expression: `!has(${spec}.defaultBackend)`,
          message: "a tenant's Ingress has no default backend: it would answer for every host of the cluster",
          reason: "Forbidden",
        },
        {
          expression: `!has(${spec}.ingressClassName) || ${spec}.ingressClassName == '${INGRESS_CLASS}'`,
          message: `a tenant's Ingress uses the platform's ingress class, ${INGRESS_CLASS}`,
          reason: "Forbidden",
        },
      ],
    },
  };
  const binding: K8sObject = {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingAdmissionPolicyBinding",
    metadata: { name: HOST_POLICY, labels: { ...labels } },
    spec: {
      policyName: HOST_POLICY,
      validationActions: ["Deny"],
      matchResources: { namespaceSelector: tenantNamespaceSelector() },
    },
  };
  return { policy, binding };
}
