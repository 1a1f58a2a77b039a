/**
 * What re-onboarding changes in a customer's spec, item by item (display name, tier, regions, members and
 * their roles, quota overrides, data stores), and which of those changes remove something the customer has.
 * Pure: the stored spec comes from the stack files (`customer-records.ts`), the new one from flags or a
 * batch file.
 */
import type { Customer } from "../domain/customer.js";
import type { InputProblem } from "../domain/errors.js";
import { canonicalMembers, canonicalQuota } from "../domain/stack-config.js";
import { regionKey } from "../regions/index.js";
import { TIER_SPECS, type QuotaField } from "../domain/tiers.js";
import type { StoredSpec } from "./customer-records.js";

export type SpecKind = "display name" | "tier" | "region" | "member" | "quota" | "data store";

export interface SpecChange {
  readonly kind: SpecKind;
  readonly change: "added" | "removed" | "changed";
  /** Which one: an e-mail address, a quota field, a region key, `redis`. */
  readonly item: string;
  readonly before?: string;
  readonly after?: string;
}

export interface CustomerDiff {
  readonly id: string;
  readonly tier: Customer["tier"];
  /** `created`: no stack file held it (or only ones kept for data after offboarding). */
  readonly status: "created" | "changed" | "unchanged";
  readonly changes: readonly SpecChange[];
  /** The changes that take something away (members, quota overrides, data stores, regions, a display name). */
  readonly removals: readonly SpecChange[];
}

function specChanges(stored: StoredSpec, next: Customer): SpecChange[] {
  const changes: SpecChange[] = [];
  if (stored.displayName !== next.displayName) {
    const change =
      stored.displayName === stored.id ? "added" : next.displayName === next.id ? "removed" : "changed";
    changes.push({
      kind: "display name",
      change,
      item: "display name",
      before: stored.displayName,
      after: next.displayName,
    });
  }
  if (stored.tier !== next.tier) {
    changes.push({ kind: "tier", change: "changed", item: "tier", before: stored.tier, after: next.tier });
  }
  const regions = next.regions.map(regionKey);
  for (const r of regions) {
    if (!stored.regions.includes(r)) changes.push({ kind: "region", change: "added", item: r });
  }
  for (const r of stored.regions) {
    if (!regions.includes(r)) changes.push({ kind: "region", change: "removed", item: r });
  }
  const roles = new Map(next.members.map((m) => [m.email, m.role]));
  const storedRoles = new Map(stored.members.map((m) => [m.email, m.role]));
  for (const m of canonicalMembers(stored.members)) {
    const role = roles.get(m.email);
    if (role === undefined) {
      changes.push({ kind: "member", change: "removed", item: m.email, before: m.role });
    } else if (role !== m.role) {
      changes.push({ kind: "member", change: "changed", item: m.email, before: m.role, after: role });
    }
  }
  for (const m of canonicalMembers(next.members)) {
    if (!storedRoles.has(m.email))
      changes.push({ kind: "member", change: "added", item: m.email, after: m.role });
  }
  // In the tier's field order, as written, whatever order the overrides were given in.
  const quota = canonicalQuota(next.quota) as Readonly<Record<string, number>>;
  const storedQuota = canonicalQuota(stored.quota) as Readonly<Record<string, number>>;
  for (const [field, value] of Object.entries(storedQuota)) {
    if (!(field in quota)) {
      changes.push({ kind: "quota", change: "removed", item: field, before: String(value) });
    } else if (quota[field] !== value) {
      changes.push({
        kind: "quota",
        change: "changed",
        item: field,
        before: String(value),
        after: String(quota[field]),
      });
    }
  }
  for (const [field, value] of Object.entries(quota)) {
    if (!(field in storedQuota))
      changes.push({ kind: "quota", change: "added", item: field, after: String(value) });
  }
  for (const store of ["redis", "postgres"] as const) {
    if (stored[store] && !next[store]) changes.push({ kind: "data store", change: "removed", item: store });
    if (!stored[store] && next[store]) changes.push({ kind: "data store", change: "added", item: store });
  }
  return changes;
}

const key = (c: SpecChange) => `${c.kind}\u0000${c.item}`;

/**
 * The change from the stored spec to the new one. `stored` holds every distinct copy of the spec the stack
 * files hold (one when they agree); the changes are against the first, the removals against all of them, so
 * nothing one copy has is dropped unseen.
 */
export function diffCustomer(stored: readonly StoredSpec[], next: Customer): CustomerDiff {
  if (stored.length === 0) {
    return { id: next.id, tier: next.tier, status: "created", changes: [], removals: [] };
  }
  const changes = specChanges(stored[0], next);
  const removals = new Map<string, SpecChange>();
  for (const copy of stored) {
    for (const c of specChanges(copy, next))
      if (c.change === "removed" && !removals.has(key(c))) removals.set(key(c), c);
  }
  return {
    id: next.id,
    tier: next.tier,
    status: changes.length === 0 && removals.size === 0 ? "unchanged" : "changed",
    changes,
    removals: [...removals.values()],
  };
}

/** One change in words, with `-`, `~` or `+` in front: `- bob@example.com (developer)`. */
export function describeChange(c: SpecChange, tier: Customer["tier"]): string {
  const sign = c.change === "added" ? "+" : c.change === "removed" ? "-" : "~";
  switch (c.kind) {
    case "member":
      return c.change === "changed"
        ? `${sign} ${c.item}: ${c.before} -> ${c.after}`
        : `${sign} ${c.item} (${c.change === "added" ? c.after : c.before})`;
    case "quota": {
      if (c.change === "added") return `${sign} ${c.item}=${c.after}`;
      if (c.change === "changed") return `${sign} ${c.item}: ${c.before} -> ${c.after}`;
      const tierValue = TIER_SPECS[tier].quota[c.item as QuotaField];
      return `${sign} ${c.item}=${c.before} (the ${tier} tier's ${tierValue} applies)`;
    }
    case "display name":
      return c.change === "removed"
        ? `${sign} ${JSON.stringify(c.before)} (the id is shown instead)`
        : c.change === "added"
          ? `${sign} ${JSON.stringify(c.after)}`
          : `${sign} ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
    case "tier":
      return `${sign} ${c.before} -> ${c.after}`;
    default:
      return `${sign} ${c.item}`;
  }
}

const HEADINGS: readonly [SpecKind, string][] = [
  ["display name", "display name"],
  ["tier", "tier"],
  ["region", "regions"],
  ["member", "members"],
  ["quota", "quota"],
  ["data store", "data stores"],
];

/** The readable diff of one customer: a heading line, then its changes grouped by kind. */
export function renderCustomerDiff(diff: CustomerDiff, regions: readonly string[], dryRun = false): string[] {
  const status = dryRun && diff.status !== "unchanged" ? `would be ${diff.status}` : diff.status;
  const head = `${diff.id} (${diff.tier}, ${regions.join(", ")}): ${status}`;
  if (diff.status !== "changed") return [head];
  const shown = [
    ...diff.changes,
    ...diff.removals.filter((r) => !diff.changes.some((c) => key(c) === key(r))),
  ];
  const lines = [head];
  for (const [kind, heading] of HEADINGS) {
    const mine = shown.filter((c) => c.kind === kind);
    if (mine.length === 0) continue;
    lines.push(`  ${heading}:`, ...mine.map((c) => `    ${describeChange(c, diff.tier)}`));
  }
  return lines;
}

/** Where a customer's spec came from: flags (`--member`) or entry `index` of a batch file. */
export type SpecSource = { readonly kind: "flags" } | { readonly kind: "batch"; readonly index: number };

/** The option (or batch-file field) a user writes to keep an item: `--member bob@example.com:developer`. */
function keepIt(c: SpecChange, source: SpecSource): { field: string; keep: string } {
  const batch = source.kind === "batch" ? `customers[${source.index}]` : undefined;
  switch (c.kind) {
    case "member":
      return batch
        ? { field: `${batch}.members`, keep: `list ${c.item}:${c.before} under ${batch}.members again` }
        : { field: "--member", keep: `give --member ${c.item}:${c.before} again` };
    case "quota":
      return batch
        ? { field: `${batch}.quota.${c.item}`, keep: `set ${batch}.quota.${c.item}: ${c.before} again` }
        : { field: "--quota", keep: `give --quota ${c.item}=${c.before} again` };
    case "data store":
      return batch
        ? { field: `${batch}.${c.item}`, keep: `set ${batch}.${c.item}: true again` }
        : { field: `--${c.item}`, keep: `give --${c.item} again` };
    case "display name":
      return batch
        ? {
            field: `${batch}.displayName`,
            keep: `set ${batch}.displayName: ${JSON.stringify(c.before)} again`,
          }
        : { field: "--display-name", keep: `give --display-name ${JSON.stringify(c.before)} again` };
    default:
      return batch
        ? { field: `${batch}.regions`, keep: `list ${c.item} under ${batch}.regions again` }
        : { field: "--regions", keep: `list ${c.item} in --regions again` };
  }
}

const NOUN: Record<SpecKind, string> = {
  "display name": "its display name",
  tier: "its tier",
  region: "region",
  member: "member",
  quota: "its quota override",
  "data store": "its data store",
};

/**
 * Removals as bad input, one problem per item, naming the option to give again to keep it. Regions are left
 * to `leftStackProblems`: onboarding never takes a customer out of a stack, `--replace` or not.
 */
export function removalProblems(diff: CustomerDiff, source: SpecSource): InputProblem[] {
  return diff.removals
    .filter((c) => c.kind !== "region")
    .map((c) => {
      const { field, keep } = keepIt(c, source);
      const what =
        c.kind === "member"
          ? `member ${c.item} (${c.before})`
          : c.kind === "quota"
            ? `its quota override ${c.item}=${c.before}`
            : c.kind === "data store"
              ? `its ${c.item} data store`
              : `${NOUN[c.kind]} ${JSON.stringify(c.before)}`;
      const received =
        c.kind === "member"
          ? `${c.item}:${c.before}`
          : c.kind === "quota"
            ? `${c.item}=${c.before}`
            : c.kind === "data store"
              ? c.item
              : c.before;
      return {
        field,
        rule: `would remove ${what} from ${diff.id}`,
        received,
        fix: `To keep it, ${keep}; to remove it, onboard with --replace.${
          c.kind === "data store"
            ? " Its data is protected: Pulumi refuses to delete it until it is unprotected."
            : ""
        }`,
      };
    });
}

/**
 * Stacks that hold the customer but are not in its new spec: a region left out, or a move between the shared
 * tiers (platform stacks) and the cloud tier (its own environments). Onboarding writes stack files and never
 * takes a customer out of one: that destroys what runs there, which is offboarding's job.
 */
export function leftStackProblems(
  id: string,
  left: readonly { readonly stack: string; readonly region: string; readonly kind: string }[],
  regions: readonly string[],
  source: SpecSource,
): InputProblem[] {
  const batch = source.kind === "batch" ? `customers[${source.index}]` : undefined;
  return left.map((s) => {
    const regionLeft = !regions.includes(s.region);
    return regionLeft
      ? {
          field: batch ? `${batch}.regions` : "--regions",
          rule: `would take ${id} out of ${s.region} (stacks/Pulumi.${s.stack}.yaml), which onboarding never does`,
          received: s.region,
          fix:
            `Keep ${s.region} in the customer's regions; to take ${id} out of that region, run ` +
            `\`cloudtier offboard ${id} --regions ${s.region} --yes\`.`,
        }
      : {
          field: batch ? `${batch}.tier` : "--tier",
          rule:
            `would move ${id} out of its ${s.kind} stack ${s.stack} (the shared tiers live in platform stacks, ` +
            "the cloud tier in its own environments), which onboarding never does",
          received: s.stack,
          fix: `Offboard ${id} from ${s.region} first (\`cloudtier offboard ${id} --regions ${s.region} --yes\`), then onboard it on the new tier.`,
        };
  });
}
