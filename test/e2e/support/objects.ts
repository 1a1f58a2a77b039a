/**
 * Comparing planned Kubernetes objects with what the API server holds: the planned object's fields must be
 * in the live object (which also carries defaults and status), quantities compared by value (the API
 * server rewrites `16384Mi` as `16Gi`).
 */
import type { ControlPlane } from "./control-plane.js";

export interface PlannedObject {
  readonly urn: string;
  readonly type: string;
  readonly inputs: Record<string, unknown>;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes quantity's value, or undefined when the string is not one. */
export function quantityValue(text: string): number | undefined {
  const match = /^([+-]?\d+(?:\.\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (SUFFIX[match[2] ?? ""] ?? Number.NaN);
}

/** Paths where the live object differs from the planned one (planned fields missing or different). */
export function differences(planned: unknown, live: unknown, path = ""): string[] {
  if (planned === "[secret]") return live === undefined ? [`${path}: missing`] : [];
  if (Array.isArray(planned)) {
    if (!Array.isArray(live)) return [`${path}: expected a list, found ${JSON.stringify(live)}`];
    if (planned.length !== live.length)
      return [`${path}: ${planned.length} items planned, ${live.length} live`];
    return planned.flatMap((item, i) => differences(item, live[i], `${path}[${i}]`));
  }
  if (typeof planned === "object" && planned !== null) {
    if (typeof live !== "object" || live === null)
      return [`${path}: expected an object, found ${JSON.stringify(live)}`];
    return Object.entries(planned).flatMap(([k, v]) =>
      differences(v, (live as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  if (planned === live) return [];
  if (typeof planned === "string" && typeof live === "string") {
    const [a, b] = [quantityValue(planned), quantityValue(live)];
    if (a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-12) return [];
  }
  // The API server stores integers of int-or-string fields as given, and numbers in strings as strings.
  if (String(planned) === String(live)) return [];
  return [`${path}: planned ${JSON.stringify(planned)}, live ${JSON.stringify(live)}`];
}

/** `kubernetes:<group>/<version>:<Kind>` as the API's group, version and kind; undefined for other types. */
export function kubernetesKind(type: string): { group: string; version: string; kind: string } | undefined {
  const match = /^kubernetes:([^:]+)\/([^/:]+):([A-Za-z]+)$/.exec(type);
  if (!match || match[1] === "helm.sh") return undefined;
  const group = match[1] === "core" ? "" : match[1];
  return { group, version: match[2], kind: match[3] };
}

/** The REST path of a kind's collection (in `namespace` if the kind is namespaced), found through discovery. */
export async function collectionPath(
  plane: ControlPlane,
  apiVersion: string,
  kind: string,
  namespace?: string,
): Promise<string> {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const discovery = await plane.api("GET", base);
  const resources = (discovery.body["resources"] ?? []) as {
    name: string;
    kind: string;
    namespaced: boolean;
  }[];
  const resource = resources.find((r) => r.kind === kind && !r.name.includes("/"));
  if (!resource) throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
  return resource.namespaced && namespace
    ? `${base}/namespaces/${namespace}/${resource.name}`
    : `${base}/${resource.name}`;
}

/** The REST path of an object, its resource name found through the API server's discovery. */
export async function objectPath(
  plane: ControlPlane,
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
): Promise<string> {
  return `${await collectionPath(plane, apiVersion, kind, namespace)}/${name}`;
}
