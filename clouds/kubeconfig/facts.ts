/**
 * An existing cluster shows nothing of its zones, control plane or nodes in a plan: those facts are
 * `null` and not checked. Its data stores are the in-cluster ones every cloud shares.
 */
import type { CloudFacts } from "../../analysis/facts.js";

export const kubeconfigFacts: CloudFacts = {
  cluster: () => ({ zones: null, controlPlaneSla: null, minNodes: null }),
  stores: {},
};
