/**
 * What the benchmarks plan: deterministic tenants and customers of the shared tiers (a mix of tiers,
 * members and data stores, as a real platform has), and throw-away projects to plan them in.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import type { StackConfigInput } from "../domain/stack-config.js";
import { writeStackConfig } from "../cli/stack-files.js";
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

/** A fresh project directory with the repository's Pulumi.yaml and an empty `stacks/`. */
export function benchProject(): string {
  const dir = benchTempDir();
  copyFileSync(join(ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
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
