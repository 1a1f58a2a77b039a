/**
 * What the benchmarks plan: deterministic tenants and customers of the shared tiers (a mix of tiers,
 * members and data stores, as a real platform has), and throw-away projects to plan them in.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { StackConfigInput } from "../domain/stack-config.js";
import { writeStackConfig } from "../cli/stack-files.js";
import { setProjectConfig } from "../test/support/project-settings.js";
import { ROOT, benchTempDir } from "./lib.js";

type TenantInput = Extract<StackConfigInput, { kind: "platform" }>["tenants"] extends
  readonly (infer T)[] | undefined
  ? T
  : never;

const SHARED_TIERS = ["community", "developer", "team"] as const;

/**
 * Tenant `i`: an owner (and, on the Team tier, a developer and a viewer: the other tiers have one seat),
 * every 5th with Postgres and every 7th with Redis.
 */
export function benchTenant(i: number): TenantInput {
  const tier = SHARED_TIERS[i % SHARED_TIERS.length];
  return {
    id: `t${String(i).padStart(5, "0")}`,
    tier,
    members: [
      { email: `owner${i}@example.com`, role: "owner" },
      ...(tier === "team"
        ? [
            { email: `dev${i}@example.com`, role: "developer" as const },
            { email: `viewer${i}@example.com`, role: "viewer" as const },
          ]
        : []),
    ],
    redis: i % 7 === 0,
    postgres: i % 5 === 0,
  };
}

export function benchTenants(n: number): TenantInput[] {
  return Array.from({ length: n }, (_, i) => benchTenant(i));
}

/** A fresh project directory with the repository's Pulumi.yaml, the deploy settings, and an empty `stacks/`. */
export function benchProject(): string {
  const dir = benchTempDir();
  copyFileSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  // What onboarding asks of a project that deploys to every cloud, as the tests set it.
  setProjectConfig(dir);
  mkdirSync(join(dir, "stacks"));
  return dir;
}

/** One platform stack (shard 0) holding `n` tenants, written as `onboard` would. */
export function writePlatformStack(project: string, stack: string, region: string, n: number): void {
  writeStackConfig(project, stack, { kind: "platform", region, tenants: benchTenants(n) });
}

/** A batch file for `cloudtier onboard --file`: `n` shared-tier customers in one region. */
export function writeCustomersFile(project: string, region: string, n: number): string {
  const file = join(project, "customers.yaml");
  const customers = benchTenants(n).map((t) => ({
    id: t.id,
    tier: t.tier,
    regions: [region],
    members: (t.members ?? []).map((m) => `${m.email}:${m.role}`),
    redis: t.redis,
    postgres: t.postgres,
  }));
  writeFileSync(file, stringify({ customers }, { lineWidth: 0 }));
  return file;
}

const SHARED_REGIONS = [
  "aws:eu-west-1",
  "gcp:europe-west1",
  "azure:westeurope",
  "scaleway:fr-par",
  "aws:us-east-1",
];
const CLOUD_REGIONS = ["aws:eu-west-1", "gcp:europe-west1", "azure:westeurope", "scaleway:fr-par"];

/**
 * Customer `i` of a book spread over four clouds: every 20th on the Cloud tier (one environment, every
 * 40th two), the others on the shared tiers in turn, Developer and Team customers in one to three of five
 * regions; Postgres for every 5th, Redis for every 7th, a raised CPU quota for every 11th paid one.
 */
export function bookCustomer(i: number): Record<string, unknown> {
  const id = `c${String(i).padStart(5, "0")}`;
  const owner = `${id}@example.com:owner`;
  if (i % 20 === 0) {
    const regions = [CLOUD_REGIONS[i % 4], ...(i % 40 === 0 ? [CLOUD_REGIONS[(i + 1) % 4]] : [])];
    return { id, tier: "cloud", regions, members: [owner], postgres: i % 60 === 0, redis: i % 80 === 0 };
  }
  const tier = SHARED_TIERS[i % SHARED_TIERS.length];
  const count = tier === "community" ? 1 : tier === "developer" ? 1 + (i % 2) : 1 + (i % 3);
  return {
    id,
    tier,
    regions: Array.from({ length: count }, (_, k) => SHARED_REGIONS[(i + k) % SHARED_REGIONS.length]),
    members: tier === "team" ? [owner, `dev-${id}@example.com:developer`] : [owner],
    postgres: i % 5 === 0,
    redis: i % 7 === 0,
    ...(i % 11 === 0 && tier !== "community" ? { quota: { requestsCpuMillis: 4000 } } : {}),
  };
}

/** A batch file for `cloudtier onboard --file`: `n` customers of `bookCustomer` over four clouds. */
export function writeBookFile(project: string, n: number): string {
  const file = join(project, "book.yaml");
  writeFileSync(
    file,
    stringify({ customers: Array.from({ length: n }, (_, i) => bookCustomer(i)) }, { lineWidth: 0 }),
  );
  return file;
}
