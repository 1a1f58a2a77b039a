/**
 * What the offline planner returns: the resource graph of each stack as the real program registers it
 * under Pulumi's mock runtime.
 */
import type { StackConfigInput } from "../domain/stack-config.js";
import type { CloudName } from "../regions/index.js";

/** A stack to plan: its name and its configuration (what `stacks/Pulumi.<name>.yaml` holds). */
export interface StackRequest {
  readonly name: string;
  readonly config: StackConfigInput;
  /**
   * The stack's other config keys (`cloudtier:charts`, `gcp:project`, ...), as Pulumi would give them to
   * the program: strings as they are, other values as JSON.
   * @default none
   */
  readonly otherConfig?: Readonly<Record<string, unknown>>;
  /**
   * Module exporting `program()` to run instead of the stack program, as a file URL. For fixtures that
   * must register what the real program never would (duplicate URNs, invalid objects).
   * @default the stack program, stacks/program
   */
  readonly programUrl?: string;
}

export interface PlannedResource {
  readonly urn: string;
  /** Pulumi type token, e.g. `kubernetes:core/v1:Namespace` or `cloudtier:tenancy:TenantNamespace`. */
  readonly type: string;
  readonly name: string;
  /** URN of the parent; the stack's root resource for top-level resources. */
  readonly parent: string | null;
  /** `urn::id` of the provider for custom resources; null for components. */
  readonly provider: string | null;
  /** True for resources a provider manages; false for components. */
  readonly custom: boolean;
  readonly protect: boolean;
  /** Inputs as registered. Secret values appear as "[secret]", never in plain text. */
  readonly inputs: Record<string, unknown>;
}

/**
 * What the offline planner recorded of one stack: every resource the program registered, with its inputs,
 * and the stack's outputs. Not to be confused with a stack's placement (`domain/placement.ts`: which stack
 * a customer's region lands in) or an onboarding's changes (the stack files it writes).
 */
export interface RecordedPlan {
  readonly stack: string;
  readonly kind: "platform" | "environment";
  readonly cloud: CloudName;
  readonly region: string;
  readonly resources: readonly PlannedResource[];
  /**
   * The stack outputs the program returns, as the mocks resolve them; secret ones as `[secret]`. The
   * values stand for real ones (ids, endpoints the mocks invent); the keys and shapes are the program's.
   */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Wall time of this stack's plan in its worker, milliseconds. */
  readonly durationMs: number;
}

/** A stack that could not be planned: the program threw, a schema check failed, a URN was duplicated. */
export class PlanError extends Error {
  constructor(
    readonly stackName: string,
    message: string,
    readonly kind: "input" | "program" = "program",
  ) {
    super(`${stackName}: ${message}`);
    this.name = "PlanError";
  }
}

/** The placeholder that stands for a secret value in every plan. */
export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";
