/**
 * Metering labels of gcp resources: the provider's `defaultLabels` merged with the resource's own labels.
 * The provider applies its defaults to a resource's top-level `labels` / `resourceLabels` only; node pool
 * VMs are labelled through `nodeConfig.resourceLabels`, which gets no defaults.
 */
import type { MeteringReader } from "../../analysis/metering/types.js";
import { inputAt, providerInput, stringRecord } from "../../analysis/metering/values.js";
import { TYPE } from "../tokens.js";

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
  [TYPE.gcpContainerCluster]: { path: "resourceLabels", providerDefaults: true },
  [TYPE.gcpContainerNodePool]: { path: "nodeConfig.resourceLabels", providerDefaults: false },
  [TYPE.gcpKmsCryptoKey]: { path: "labels", providerDefaults: true },
  [TYPE.gcpRedisInstance]: { path: "labels", providerDefaults: true },
};

export const gcpMetering: MeteringReader = {
  prefix: "gcp:",
  isTaggable: (resource) => Object.hasOwn(GCP_LABEL_FIELDS, resource.type),
  tagsOf(resource, providers) {
    const field = GCP_LABEL_FIELDS[resource.type];
    if (!field) return {};
    const own = stringRecord(inputAt(resource.inputs, field.path));
    if (!field.providerDefaults) return own;
    return { ...stringRecord(providerInput(resource, providers, "defaultLabels")), ...own };
  },
};
