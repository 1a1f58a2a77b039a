/**
 * Baseline of the single-cloud plan: a bare process that imports `@pulumi/pulumi` and one provider SDK,
 * installs trivial mocks (every resource answers with its inputs) and registers the resources a plan
 * recorded directly, as generic resources with the same types, names, parents, providers and inputs,
 * with the SDK's default settings. Prints how many it registered.
 *
 *   node bench/baselines/register-recorded.mjs <plan.json> <stack> <sdk package>
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";

const [planFile, stack, sdk] = process.argv.slice(2);
// The SDK as a program imports it: `import * as aws from "@pulumi/aws"`.
await import(sdk);
const { resources } = JSON.parse(readFileSync(planFile, "utf8"));

let registered = 0;
await pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered++;
      return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
    },
    call: () => ({}),
  },
  "cloudtier",
  stack,
  false,
  "organization",
);

const PROVIDER = "pulumi:providers:";
const created = new Map();
// Recorded in completion order: a parent or provider always completes before what uses it.
for (const r of resources) {
  const opts = {
    ...(r.parent && created.has(r.parent) ? { parent: created.get(r.parent) } : {}),
    ...(r.provider ? { provider: created.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) } : {}),
  };
  let resource;
  if (r.type.startsWith(PROVIDER)) {
    resource = new pulumi.ProviderResource(r.type.slice(PROVIDER.length), r.name, r.inputs, opts);
  } else if (r.type === "pulumi:pulumi:StackReference") {
    resource = new pulumi.StackReference(r.name, { name: r.inputs.name }, opts);
  } else if (r.custom) {
    resource = new pulumi.CustomResource(r.type, r.name, r.inputs, opts);
  } else {
    resource = new pulumi.ComponentResource(r.type, r.name, {}, opts);
  }
  created.set(r.urn, resource);
}
await pulumi.runtime.disconnect();
console.log(`BENCH_RESOURCES ${registered}`);
