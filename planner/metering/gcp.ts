/**
 * Metering labels of gcp resources: the provider's `defaultLabels` merged with the resource's own labels.
 * The provider applies its defaults to a resource's top-level `labels` / `resourceLabels` only; node pool
 * VMs are labelled through `nodeConfig.resourceLabels`, which gets no defaults.
 */
import type { MeteringReader } from "./types.js";

export interface GcpLabelField {
  /** Dotted path of the labels in the resource's inputs. */
  readonly path: string;
  /** Whether the provider's `defaultLabels` apply to it. */
  readonly providerDefaults: boolean;
}

/**
 * Resource types that take labels, and where (checked against the SDK's types by the metering tests). A
 * type missing here is not checked; add every labelled type a component creates. Networks, subnetworks,
 * routers, service accounts and IAM bindings take no labels.
 */
export const GCP_LABEL_FIELDS: Readonly<Record<string, GcpLabelField>> = {
  "gcp:container/cluster:Cluster": { path: "resourceLabels", providerDefaults: true },
  "gcp:container/nodePool:NodePool": { path: "nodeConfig.resourceLabels", providerDefaults: false },
  "gcp:kms/cryptoKey:CryptoKey": { path: "labels", providerDefaults: true },
  "gcp:redis/instance:Instance": { path: "labels", providerDefaults: true },
};

type Labels = Record<string, string>;

/**
 * The URN part of a provider reference `urn::id`: `providerUrn` of `index.ts`, repeated here because
 * `index.ts` imports this module and a cycle would leave the reader undefined when this module loads first.
 */
function providerUrn(reference: string | null): string {
  if (!reference) return "";
  const at = reference.lastIndexOf("::");
  return at > 0 ? reference.slice(0, at) : reference;
}

/** Provider inputs reach the engine JSON-encoded (`defaultLabels: "{...}"`); accept both forms. */
function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): Labels {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}

function at(inputs: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      inputs,
    );
}

export const gcpMetering: MeteringReader = {
  prefix: "gcp:",
  isTaggable: (resource) => Object.hasOwn(GCP_LABEL_FIELDS, resource.type),
  tagsOf(resource, providers) {
    const field = GCP_LABEL_FIELDS[resource.type];
    if (!field) return {};
    const own = stringRecord(at(resource.inputs, field.path));
    if (!field.providerDefaults) return own;
    const provider = providers.get(providerUrn(resource.provider));
    return { ...stringRecord(decoded(provider?.inputs["defaultLabels"])), ...own };
  },
};
