/**
 * Validates planned Kubernetes objects against the official Kubernetes OpenAPI schemas (the precompiled
 * validators of `kubernetes-models`), plus what those schemas do not check: object names.
 */
import { createRequire } from "node:module";
import { crdModel } from "../components/platform/crd-schemas.js";
import { type PlannedResource, SECRET_PLACEHOLDER } from "./types.js";

const require = createRequire(import.meta.url);

interface Model {
  validate(): void;
}
type ModelClass = new (data: Record<string, unknown>) => Model;

/** Packages with the schemas of custom resources the platform uses, by API group. */
const CRD_MODEL_PACKAGES: Readonly<Record<string, string>> = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

/** Kubernetes resource types that are not objects with a schema of their own. */
const NOT_OBJECTS = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAMED_KINDS = new Set(["Namespace", "Service"]);

const cache = new Map<string, ModelClass | null>();

function modelFor(apiVersion: string, kind: string): ModelClass | null {
  const key = `${apiVersion}/${kind}`;
  if (cache.has(key)) return cache.get(key)!;
  // Custom resources of the operators the platform installs: schemas kept with the platform component.
  const local = crdModel(apiVersion, kind);
  if (local) {
    cache.set(key, local);
    return local;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  const pkg = group && CRD_MODEL_PACKAGES[group] ? CRD_MODEL_PACKAGES[group] : "kubernetes-models";
  const path = group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
  let model: ModelClass | null = null;
  try {
    // Each kind is its own small module: loading one costs a few milliseconds, the whole package seconds.
    model = (require(path) as Record<string, ModelClass>)[kind] ?? null;
  } catch {
    model = null;
  }
  cache.set(key, model);
  return model;
}

export function isKubernetesObject(resource: Pick<PlannedResource, "type" | "custom">): boolean {
  return (
    resource.custom &&
    resource.type.startsWith("kubernetes:") &&
    !resource.type.startsWith("pulumi:") &&
    !NOT_OBJECTS.test(resource.type)
  );
}

/**
 * The object without top-level fields whose whole value is a secret (a Secret's `data` / `stringData`):
 * the planner never sees their content, and the placeholder standing in for it is not the field's type.
 */
function withoutHiddenFields(inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== SECRET_PLACEHOLDER));
}

/** Returns the schema errors of one planned Kubernetes object (empty when valid). */
export function validateKubernetesObject(resource: PlannedResource): string[] {
  const { apiVersion, kind, metadata } = resource.inputs as {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string; namespace?: string };
  };
  if (!apiVersion || !kind) return [`${resource.urn}: no apiVersion/kind`];
  const errors: string[] = [];
  const Model = modelFor(apiVersion, kind);
  if (!Model) {
    errors.push(`${resource.urn}: no schema known for ${apiVersion} ${kind}`);
  } else {
    try {
      new Model(withoutHiddenFields(resource.inputs)).validate();
    } catch (err) {
      errors.push(
        `${resource.urn}: ${apiVersion} ${kind} fails schema validation: ${(err as Error).message}`,
      );
    }
  }
  const name = metadata?.name;
  const pattern = LABEL_NAMED_KINDS.has(kind) ? DNS_LABEL : DNS_SUBDOMAIN;
  const max = LABEL_NAMED_KINDS.has(kind) ? 63 : 253;
  if (name !== undefined && (!pattern.test(name) || name.length > max)) {
    errors.push(
      `${resource.urn}: metadata.name "${name}" is not a valid ${kind} name (DNS-1123, at most ${max})`,
    );
  }
  const ns = metadata?.namespace;
  if (ns !== undefined && (!DNS_LABEL.test(ns) || ns.length > 63)) {
    errors.push(`${resource.urn}: metadata.namespace "${ns}" is not a DNS-1123 label`);
  }
  return errors;
}
