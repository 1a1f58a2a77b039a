/**
 * Stand-ins for pricing a whole project without planning every stack. A stack's cost depends on its
 * region, its cluster settings and, per customer, on the tier, the data stores and the quota overrides;
 * never on the customer's id, name or members. So `cloudtier cost` plans, per platform region, shard 0
 * holding one tenant of each distinct shape found in any of the region's shards (which prices the
 * cluster and every shape's own lines at once), and one environment stack per distinct shape and region;
 * every other tenant or environment is priced from the one that stands for its shape. Pure.
 */
import type { StackConfigInput } from "../domain/stack-config.js";
import { platformStackName } from "../domain/naming.js";
import { isProblem, parseRegionKey } from "../domain/region-key.js";
import { platformShards } from "../domain/placement.js";
import type { StandIns } from "./book.js";

type TenantInput = NonNullable<Extract<StackConfigInput, { kind: "platform" }>["tenants"]>[number];

/** A stack to plan, as the planner takes it. */
export interface ProbeRequest {
  readonly name: string;
  readonly config: StackConfigInput;
}

export interface Probes {
  readonly requests: readonly ProbeRequest[];
  readonly standIns: StandIns;
}

/** What a customer's cost depends on, as a key: everything but its id, display name and members. */
export function costShape(tenant: TenantInput): string {
  const quota = Object.entries(tenant.quota ?? {})
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([tenant.tier, tenant.redis === true, tenant.postgres === true, quota]);
}

/**
 * The stacks to plan to price `stacks` (names, with `configOf` answering for them and their regions'
 * shards), and which planned stack and tenant stands for each.
 */
export function pricingProbes(
  stacks: readonly string[],
  configOf: (name: string) => StackConfigInput | undefined,
): Probes {
  const requests: ProbeRequest[] = [];
  const tenantStandIn = new Map<string, { stack: string; tenant: string }>();
  const environmentStandIn = new Map<string, string>();
  const regionsDone = new Set<string>();
  const environmentShapes = new Map<string, string>();
  for (const name of stacks) {
    const config = configOf(name);
    if (!config) throw new Error(`no configuration for stack ${name}`);
    if (config.kind === "environment") {
      const key = JSON.stringify([config.region, config.cluster ?? {}, costShape(config.customer)]);
      const standIn = environmentShapes.get(key);
      if (standIn === undefined) {
        environmentShapes.set(key, name);
        requests.push({ name, config });
      }
      environmentStandIn.set(name, standIn ?? name);
      continue;
    }
    if (regionsDone.has(config.region)) continue;
    regionsDone.add(config.region);
    const ref = parseRegionKey(config.region, "region");
    if (isProblem(ref)) throw new Error(`${name}: ${ref.rule}`);
    const shards = platformShards(ref, configOf);
    const owner = platformStackName(ref);
    const shapes = new Map<string, TenantInput>();
    for (const shard of shards) {
      for (const tenant of shard.config.tenants ?? []) {
        const shape = costShape(tenant);
        if (!shapes.has(shape)) shapes.set(shape, tenant);
        tenantStandIn.set(`${shard.name}\n${tenant.id}`, { stack: owner, tenant: shapes.get(shape)!.id });
      }
    }
    const base = shards[0]?.config ?? { kind: "platform" as const, region: config.region };
    requests.push({ name: owner, config: { ...base, tenants: [...shapes.values()] } });
  }
  return {
    requests,
    standIns: {
      tenant: (stack, tenant) => tenantStandIn.get(`${stack}\n${tenant}`) ?? { stack, tenant },
      environment: (stack) => environmentStandIn.get(stack) ?? stack,
    },
  };
}
