/**
 * Reading recorded inputs: provider references, JSON-encoded provider settings, string maps. A leaf module
 * (it imports nothing), so every reader and the index can share it without an import cycle.
 */
import type { PlannedResource } from "../../planner/types.js";

/** The `urn` part of a provider reference `urn::id`. */
export function providerUrn(reference: string | null): string | undefined {
  if (!reference) return undefined;
  const at = reference.lastIndexOf("::");
  return at > 0 ? reference.slice(0, at) : reference;
}

/** Provider inputs reach the engine JSON-encoded (`defaultTags: "{\"tags\":{...}}"`); accept both forms. */
export function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** The string entries of an object; anything else is empty. */
export function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}

/** A nested input by dotted path. */
export function inputAt(inputs: Record<string, unknown>, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
      inputs,
    );
}

/** An input of the resource's provider (e.g. `defaultTags`), decoded. */
export function providerInput(
  resource: PlannedResource,
  providers: ReadonlyMap<string, PlannedResource>,
  key: string,
): unknown {
  const urn = providerUrn(resource.provider);
  return decoded(urn ? providers.get(urn)?.inputs[key] : undefined);
}

/** The aws provider's `defaultTags.tags`, which AWS applies to every taggable resource. */
export function awsDefaultTags(
  resource: PlannedResource,
  providers: ReadonlyMap<string, PlannedResource>,
): Record<string, string> {
  const defaults = providerInput(resource, providers, "defaultTags") as { tags?: unknown } | undefined;
  return stringRecord(decoded(defaults?.tags));
}
