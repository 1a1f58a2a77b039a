/**
 * Parsing of region keys (`cloud:region`) given by users, against the catalog.
 */
import { createHash } from "node:crypto";
import {
  CATALOG,
  CLOUDS,
  type CloudName,
  type RegionRef,
  findRegion,
  regionNames,
} from "../regions/index.js";
import type { InputProblem } from "./errors.js";

/**
 * Longest key a kubeconfig context maps to: it becomes part of stack names and of the
 * `cloudtier.io/region` label (`kubeconfig-<key>`), whose values Kubernetes limits to 63 characters.
 */
export const CONTEXT_KEY_MAX = 52;
/** Longest context name accepted: kubeconfig files name contexts freely, but not endlessly. */
const CONTEXT_MAX = 253;

/**
 * The key of a kubeconfig context in region keys and stack names: deterministic and readable. Letters
 * are lowercased and every run of other characters becomes one `-` (`gke_myproj_europe-west1_prod` is
 * `gke-myproj-europe-west1-prod`, `arn:aws:eks:eu-west-1:123456789012:cluster/prod` is
 * `arn-aws-eks-eu-west-1-123456789012-cluster-prod`). A key longer than `CONTEXT_KEY_MAX` keeps its
 * beginning and end around a hash of the whole name, so distinct long names stay distinct. The context's
 * own name is kept in the stack config (`cluster.context`) whenever it differs from its key.
 */
export function contextKey(context: string): string {
  const slug = context
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= CONTEXT_KEY_MAX) return slug;
  const hash = createHash("sha256").update(context).digest("hex").slice(0, 8);
  const side = Math.floor((CONTEXT_KEY_MAX - hash.length - 2) / 2);
  const trim = (s: string) => s.replace(/^-+|-+$/g, "");
  return `${trim(slug.slice(0, side))}-${hash}-${trim(slug.slice(-side))}`;
}

function isCloud(value: string): value is CloudName {
  return (CLOUDS as readonly string[]).includes(value);
}

/** Parses one `cloud:region` key; returns the region or the problem with it. */
export function parseRegionKey(raw: string, field: string): RegionRef | InputProblem {
  const value = raw.trim();
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) {
    return {
      field,
      rule: "must be CLOUD:REGION",
      received: raw,
      fix: `Write the cloud and the region separated by a colon, e.g. aws:eu-west-1 or kubeconfig:local.`,
    };
  }
  const cloud = value.slice(0, colon);
  const region = value.slice(colon + 1);
  if (!isCloud(cloud)) {
    return {
      field,
      rule: "must name a known cloud",
      limit: CLOUDS.join(", "),
      received: cloud,
      fix: `Use one of ${CLOUDS.join(", ")}.`,
    };
  }
  if (cloud === "kubeconfig" && !Object.hasOwn(CATALOG.kubeconfig.regions, region)) {
    // Any name kubectl accepts: `gcloud` and the AWS CLI write names such as
    // `gke_myproj_europe-west1_prod` and `arn:aws:eks:eu-west-1:123456789012:cluster/prod`.
    const context = region;
    const key = contextKey(context);
    if (
      key === "" ||
      context.length > CONTEXT_MAX ||
      [...context].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
    ) {
      return {
        field,
        rule: "must name a kubeconfig context: printable characters, at least one letter or digit",
        limit: `${CONTEXT_MAX} characters`,
        received: region,
        fix: "Use `kubeconfig:local` for the current context, or give a context name from `kubectl config get-contexts`.",
      };
    }
    return key === context ? { cloud, region: key } : { cloud, region: key, context };
  }
  if (!findRegion({ cloud, region })) {
    const known = regionNames(cloud);
    return {
      field,
      rule: `must be a region of ${cloud} in the catalog`,
      limit: `${known.length} regions`,
      received: region,
      fix: `Run \`cloudtier regions --cloud ${cloud}\` to list them (e.g. ${known.slice(0, 3).join(", ")}).`,
    };
  }
  return { cloud, region };
}

export function isProblem(value: RegionRef | InputProblem): value is InputProblem {
  return "rule" in value;
}
