/**
 * The offline policy evaluator: calls the pack's own policy objects on a plan's resources, with arguments
 * shaped like those the Pulumi policy server passes (`ResourceValidationArgs`, `StackValidationArgs`), so
 * `cloudtier plan` and a real deployment judge by the same code. Props are the planned inputs, as the
 * server's per-resource analysis sees them; dependencies are not recorded by the planner and are empty.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { providerUrn } from "../analysis/metering/values.js";
import type { PlannedResource } from "../planner/types.js";
import { POLICIES } from "./rules/index.js";

export type ViolationLevel = "mandatory" | "advisory";

export interface Violation {
  /** The policy's name. */
  readonly policy: string;
  readonly level: ViolationLevel;
  /** The resource in violation; the stack's URN (or "" without one) for a stack-wide finding. */
  readonly urn: string;
  readonly message: string;
}

export interface EvaluateOptions {
  /** The policies to run. @default the whole cloudtier pack */
  readonly policies?: Policies;
  /** Stack name, for the URN of stack-wide findings. */
  readonly stack?: string;
  /** Project name in URNs. @default "cloudtier" */
  readonly project?: string;
}

class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "not applicable");
};

/** The level a violation is reported at, as the policy server decides it; undefined when the policy is off. */
function levelOf(level: EnforcementLevel | undefined): ViolationLevel | undefined {
  switch (level ?? "advisory") {
    case "disabled":
      return undefined;
    case "mandatory":
    case "remediate":
      return "mandatory";
    default:
      return "advisory";
  }
}

const isTypeOf = (type: string, resourceClass: unknown): boolean =>
  (resourceClass as { __pulumiType?: unknown } | undefined)?.__pulumiType === type;

function optionsOf(resource: PlannedResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent ? { parent: resource.parent } : {}),
  };
}

function isResourcePolicy(p: Policies[number]): p is ResourceValidationPolicy {
  return (p as ResourceValidationPolicy).validateResource !== undefined;
}

function isStackPolicy(p: Policies[number]): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Evaluates the policies on one stack's planned resources; returns the violations, mandatory first. */
export async function evaluatePolicies(
  resources: readonly PlannedResource[],
  options: EvaluateOptions = {},
): Promise<Violation[]> {
  const policies = options.policies ?? POLICIES;
  const project = options.project ?? "cloudtier";
  const stackUrn = options.stack
    ? `urn:pulumi:${options.stack}::${project}::pulumi:pulumi:Stack::${project}-${options.stack}`
    : "";
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const stackTags: ReadonlyMap<string, string> = new Map();
  const getConfig = <T extends object>(): T => ({}) as T;
  const analysed = resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const violations: Violation[] = [];

  const providerOf = (r: PlannedResource) => {
    const provider = byUrn.get(providerUrn(r.provider) ?? "");
    return provider
      ? { type: provider.type, props: provider.inputs, urn: provider.urn, name: provider.name }
      : undefined;
  };

  // Stack policies see every resource, with parents linked as the policy server links them.
  const policyResources = new Map<string, PolicyResource>();
  for (const r of analysed) {
    const provider = providerOf(r);
    policyResources.set(r.urn, {
      type: r.type,
      props: r.inputs,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      ...(provider ? { provider } : {}),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? r.inputs : undefined)) as PolicyResource["asType"],
    });
  }
  for (const r of analysed) {
    const parent = r.parent ? policyResources.get(r.parent) : undefined;
    if (parent) policyResources.get(r.urn)!.parent = parent;
  }
  // What a resource policy sees of each resource is the same for every policy: built once.
  const resourceArgs = analysed.map((r): ResourceValidationArgs => {
    const provider = policyResources.get(r.urn)?.provider;
    return {
      type: r.type,
      props: r.inputs,
      urn: r.urn,
      name: r.name,
      opts: optionsOf(r),
      ...(provider ? { provider } : {}),
      stackTags,
      isType: (cls) => isTypeOf(r.type, cls),
      asType: ((cls: unknown) =>
        isTypeOf(r.type, cls) ? r.inputs : undefined) as ResourceValidationArgs["asType"],
      getConfig,
      notApplicable,
    };
  });

  for (const policy of policies) {
    const level = levelOf(policy.enforcementLevel);
    if (!level) continue;
    const report = (fallbackUrn: string) => (message: string, urn?: string) => {
      violations.push({ policy: policy.name, level, urn: urn ?? fallbackUrn, message });
    };
    if (isResourcePolicy(policy)) {
      const validations: ResourceValidation[] = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : policy.validateResource
          ? [policy.validateResource]
          : [];
      for (const args of resourceArgs) {
        for (const validate of validations) {
          // A validation tagged with a type token applies to that type only, as the policy server reads it.
          const only = (validate as { __pulumiType?: unknown }).__pulumiType;
          if (only !== undefined && only !== args.type) continue;
          await run(policy.name, args.urn, () => validate(args, report(args.urn)));
        }
      }
    }
    if (isStackPolicy(policy)) {
      const args: StackValidationArgs = {
        resources: [...policyResources.values()],
        stackTags,
        getConfig,
        notApplicable,
      };
      await run(policy.name, stackUrn, () => policy.validateStack(args, report(stackUrn)));
    }
  }
  const rank = (v: Violation) => (v.level === "mandatory" ? 0 : 1);
  return violations.sort(
    (a, b) => rank(a) - rank(b) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn),
  );
}

async function run(policy: string, urn: string, validate: () => void | Promise<void>): Promise<void> {
  try {
    await validate();
  } catch (err) {
    if (err instanceof NotApplicable) return;
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`policy ${policy} failed on ${urn || "the stack"}: ${message}`);
  }
}

export function mandatoryViolations(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.level === "mandatory");
}
