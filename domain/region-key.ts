/**
 * Parsing of region keys (`cloud:region`) given by users, against the catalog.
 */
import {
  CATALOG,
  CLOUDS,
  type CloudName,
  type RegionRef,
  findRegion,
  regionNames,
} from "../regions/index.js";
import type { InputProblem } from "./errors.js";

/** Kubeconfig context names become part of stack names, so they keep to a safe alphabet. */
const CONTEXT_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONTEXT_MAX = 30;

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
    if (!CONTEXT_PATTERN.test(region) || region.length > CONTEXT_MAX) {
      return {
        field,
        rule: "kubeconfig context names must be lowercase letters, digits and '-'",
        limit: `${CONTEXT_MAX} characters`,
        received: region,
        fix: "Use `kubeconfig:local` for the current context, or rename the context.",
      };
    }
    return { cloud, region };
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
