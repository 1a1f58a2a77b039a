/**
 * The same spec gives the same bytes. Over random sequences of onboardings (customers by flags in any order
 * of their flags, in batch files in any order of customers, keys, members and quota fields, re-runs of any
 * earlier command, and the command line `customer show` prints), the bytes of `stacks/` depend only on the
 * set of specs onboarded: they equal those of one batch of those specs onboarded into an empty project, and
 * re-running any earlier command, or `customer show`'s own command line, changes no byte.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { TIER_SPECS, type TierName } from "../../domain/tiers.js";
import { deployProject, run, snapshot } from "./harness.js";
import { removeTempDir } from "../support/cli.js";

const IDS = ["acme", "beta", "gamma"] as const;
const SHARED_REGIONS = ["kubeconfig:local", "aws:eu-west-1"] as const;
const CLOUD_REGIONS = ["aws:eu-west-1", "gcp:europe-west1"] as const;
const EMAILS = ["ann@example.com", "Bob@Example.com", "cid@example.com"] as const;
const ROLES = ["owner", "developer", "viewer"] as const;
const QUOTA = ["pods", "services", "configMaps", "secrets"] as const;

interface Spec {
  readonly id: string;
  readonly tier: TierName;
  readonly regions: readonly string[];
  readonly members: readonly { readonly email: string; readonly role: string }[];
  readonly redis: boolean;
  readonly postgres: boolean;
  readonly quota: Readonly<Record<string, number>>;
}

/** A valid spec for an id: members within the tier's seats, quota fields at the tier's default or maximum. */
function specOf(id: string): fc.Arbitrary<Spec> {
  return fc.constantFrom<TierName>("community", "developer", "team", "cloud").chain((tier) => {
    const spec = TIER_SPECS[tier];
    const regions = tier === "cloud" ? CLOUD_REGIONS : SHARED_REGIONS;
    return fc.record({
      id: fc.constant(id),
      tier: fc.constant(tier),
      regions: fc.subarray([...regions], { minLength: 1, maxLength: Math.min(2, spec.maxRegions) }),
      members: fc
        .subarray([...EMAILS], { maxLength: Math.min(EMAILS.length, spec.maxSeats) })
        .chain((emails) =>
          fc.tuple(...emails.map((email) => fc.constantFrom(...ROLES).map((role) => ({ email, role })))),
        ),
      redis: fc.boolean(),
      postgres: fc.boolean(),
      quota: fc
        .subarray([...QUOTA])
        .chain((fields) =>
          fc.tuple(
            ...fields.map((f) =>
              fc.constantFrom(spec.quota[f], spec.quotaMax[f]).map((v) => [f, v] as const),
            ),
          ),
        )
        .map((entries) => Object.fromEntries(entries)),
    });
  });
}

/** One command: a customer by flags, a batch, a re-run of an earlier command, or `customer show`'s line. */
type Step =
  | { readonly kind: "flags"; readonly id: string; readonly seed: number }
  | { readonly kind: "batch"; readonly ids: readonly string[]; readonly seed: number }
  | { readonly kind: "rerun"; readonly pick: number }
  | { readonly kind: "show"; readonly id: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("flags" as const), id: fc.constantFrom(...IDS), seed: fc.nat() }),
  fc.record({
    kind: fc.constant("batch" as const),
    ids: fc.shuffledSubarray([...IDS], { minLength: 1 }),
    seed: fc.nat(),
  }),
  fc.record({ kind: fc.constant("rerun" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("show" as const), id: fc.constantFrom(...IDS) }),
);

/** A deterministic shuffle: the same seed, the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The spec as flags, in an order the seed picks (groups of a flag and its value move together). */
function flagsOf(spec: Spec, seed: number): string[] {
  const groups: string[][] = [
    ["--tier", spec.tier],
    ["--regions", shuffled(spec.regions, seed).join(",")],
    ...shuffled(spec.members, seed + 1).map((m) => ["--member", `${m.email}:${m.role}`]),
    ...shuffled(Object.entries(spec.quota), seed + 2).map(([f, v]) => ["--quota", `${f}=${v}`]),
    ...(spec.redis ? [["--redis"]] : []),
    ...(spec.postgres ? [["--postgres"]] : []),
  ];
  return [spec.id, ...shuffled(groups, seed + 3).flat()];
}

/** The spec as a batch entry, its keys, members and quota fields in an order the seed picks. */
function entryOf(spec: Spec, seed: number): Record<string, unknown> {
  const fields: [string, unknown][] = [
    ["id", spec.id],
    ["tier", spec.tier],
    ["regions", shuffled(spec.regions, seed)],
    ["members", shuffled(spec.members, seed + 1).map((m) => `${m.email}:${m.role}`)],
    ["redis", spec.redis],
    ["postgres", spec.postgres],
    ["quota", Object.fromEntries(shuffled(Object.entries(spec.quota), seed + 2))],
  ];
  return Object.fromEntries(shuffled(fields, seed + 3));
}

/** The words of a command line `customer show` prints (it quotes with single quotes only where needed). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) {
    words.push(m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]);
  }
  return words;
}

function stacksOf(project: string): Record<string, string> {
  const dir = join(project, "stacks");
  return existsSync(dir) ? snapshot(dir) : {};
}

describe("the same specs give the same bytes", () => {
  it("whatever the order of flags, batch entries, re-runs and `customer show`'s command lines", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...IDS.map(specOf)),
        fc.array(step, { minLength: 1, maxLength: 5 }),
        async (specList, steps) => {
          const specs = new Map(specList.map((s) => [s.id, s]));
          const project = deployProject();
          const reference = deployProject();
          try {
            const commands: string[][] = [];
            const onboarded = new Set<string>();
            let batches = 0;
            for (const s of steps) {
              let args: string[] | undefined;
              let same = false;
              if (s.kind === "flags") {
                args = ["onboard", ...flagsOf(specs.get(s.id)!, s.seed)];
                onboarded.add(s.id);
              } else if (s.kind === "batch") {
                const path = join(project, `batch-${batches++}.yaml`);
                const entries = shuffled(s.ids, s.seed).map((id) => entryOf(specs.get(id)!, s.seed));
                writeFileSync(path, stringify({ customers: entries }));
                args = ["onboard", "--file", path];
                for (const id of s.ids) onboarded.add(id);
              } else if (s.kind === "rerun") {
                if (commands.length === 0) continue;
                args = commands[s.pick % commands.length];
                same = true;
              } else {
                if (!onboarded.has(s.id)) continue;
                const shown = await run(["-C", project, "customer", "show", s.id, "--json"]);
                assert.equal(shown.code, 0, shown.stderr);
                const line = (JSON.parse(shown.stdout) as { onboard: string }).onboard;
                args = shellWords(line).slice(1);
                same = true;
              }
              const before = stacksOf(project);
              const r = await run(["-C", project, ...args, "--no-plan"]);
              assert.equal(r.code, 0, `${args.join(" ")}\n${r.stdout}${r.stderr}`);
              if (same) {
                assert.deepEqual(stacksOf(project), before, `${args.join(" ")} changed stacks/`);
                assert.match(r.stdout, / 0 created, 0 updated, \d+ unchanged\./, args.join(" "));
              }
              commands.push(args);
            }
            if (onboarded.size === 0) return;
            // The reference: the same set of specs, onboarded at once into an empty project.
            const path = join(reference, "all.yaml");
            const all = [...onboarded].sort().map((id) => entryOf(specs.get(id)!, 0));
            writeFileSync(path, stringify({ customers: all }));
            const r = await run(["-C", reference, "onboard", "--file", path, "--no-plan"]);
            assert.equal(r.code, 0, r.stderr);
            assert.deepEqual(stacksOf(project), stacksOf(reference));
          } finally {
            removeTempDir(project);
            removeTempDir(reference);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
