/**
 * Onboarding's look at existing clusters: a customer's namespace on a `kubeconfig:<context>` region must
 * not exist there already unless cloudtier created it for that customer, since the stack would otherwise
 * take it over (see `components/tenancy/tenant-namespace.ts`). Checked before anything is written;
 * `--no-cluster-check` skips it. A context this machine's kubeconfig does not have is not checked (the
 * stack files may be written here and deployed elsewhere): a note says so.
 */
import type { Customer } from "../domain/customer.js";
import { InputError, type InputProblem } from "../domain/errors.js";
import { type NamespaceState, namespaceState } from "../deploy/cluster-namespaces.js";
import { CliError, EXIT_FAILURE } from "./exit.js";
import { log } from "./logger.js";

/** The flag that skips the check. */
export const NO_CLUSTER_CHECK = "--no-cluster-check";

type Read = (context: string | undefined, namespace: string) => Promise<NamespaceState>;

/**
 * Checks each customer's namespace on each of its existing-cluster regions. Throws an InputError (exit 2)
 * for namespaces that exist and are not the customer's, a CliError (exit 1) when a cluster could not be
 * asked; notes contexts absent from the kubeconfig.
 */
export async function checkClusterNamespaces(
  customers: readonly Customer[],
  options: {
    readonly batch: boolean;
    /** What a refusal refused: "onboarding acme; nothing was written". */
    readonly verdict: string;
    /** Reads a namespace's state. @default the live cluster, through the kubeconfig */
    readonly read?: Read;
  },
): Promise<void> {
  const read = options.read ?? ((context, namespace) => namespaceState(context, namespace));
  const problems: InputProblem[] = [];
  const unchecked: string[] = [];
  const notes: string[] = [];
  for (const [c, customer] of customers.entries()) {
    for (const [r, ref] of customer.regions.entries()) {
      if (ref.cloud !== "kubeconfig") continue;
      const context = ref.context ?? (ref.region === "local" ? undefined : ref.region);
      const state = await read(context, customer.id);
      const field = options.batch ? `customers[${c}].regions[${r}]` : `--regions[${r}]`;
      switch (state.kind) {
        case "foreign":
          problems.push({
            field,
            rule: `names a cluster (context ${state.context}) where namespace ${customer.id} already exists and is not cloudtier's for this customer (${state.customer === undefined ? "no customer label" : `labelled for customer ${state.customer}`})`,
            received: `kubeconfig:${ref.region}`,
            fix: `Choose another customer id, or move the namespace ${customer.id} out of the way in that cluster: cloudtier never takes over a namespace it did not create.`,
          });
          break;
        case "unchecked":
          unchecked.push(`namespace ${customer.id} in context ${state.context}: ${state.reason}`);
          break;
        case "no-context":
          notes.push(
            `Not checked whether namespace ${customer.id} exists on kubeconfig:${ref.region}: ${state.where}.`,
          );
          break;
        case "absent":
        case "ours":
          break;
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems, { verdict: options.verdict });
  if (unchecked.length > 0) {
    throw new CliError(
      [
        `could not check that the customers' namespaces are free on their existing clusters; nothing was written:`,
        ...unchecked.map((line) => `  ${line}`),
        `Make the cluster reachable with this kubeconfig, or onboard with ${NO_CLUSTER_CHECK} to skip the check ` +
          `(then nothing stops the stack from taking over a namespace of that name).`,
      ].join("\n"),
      EXIT_FAILURE,
    );
  }
  for (const note of notes) log.info(note);
}
