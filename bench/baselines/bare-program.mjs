// The baseline of bench/real-engine.ts: a bare Pulumi program that registers the same Kubernetes objects
// as a cloudtier platform stack, read from that stack's offline plan (`plan.json` beside Pulumi.yaml), as
// generic resources with one explicit provider: no components, no validation, no batching. Secret values,
// masked in plans, get placeholders. The type tokens it tells apart come from `tokens.json`, written by
// bench/real-engine.ts from cloudtier's token registry.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";

export default async () => {
  const plan = JSON.parse(readFileSync("plan.json", "utf8"));
  const tokens = JSON.parse(readFileSync("tokens.json", "utf8"));
  const resources = plan.stacks[0].resources;
  const providerPlan = resources.find((r) => r.type === "pulumi:providers:kubernetes");
  const provider = new pulumi.ProviderResource("kubernetes", providerPlan.name, {
    context: providerPlan.inputs.context,
    enableServerSideApply: "true",
  });
  const created = new Map();
  // Helm releases first: objects of the operators' own kinds need their resource definitions.
  const releases = resources
    .filter((r) => r.type === tokens.helmRelease)
    .map((r) => new pulumi.CustomResource(r.type, r.name, r.inputs, { provider }));
  const builtIn = /^kubernetes:(core|apps|batch|policy|[a-z.]*k8s\.io)\//;
  for (const r of resources) {
    if (!r.custom || !r.type.startsWith("kubernetes:") || r.type === tokens.helmRelease) continue;
    const inputs = JSON.parse(JSON.stringify(r.inputs));
    if (inputs.stringData === "[secret]") inputs.stringData = pulumi.secret({ password: "placeholder" });
    // The namespaces first, as the program orders them (everything in a namespace depends on it).
    const namespace = inputs.metadata?.namespace;
    const dependsOn = namespace && created.has(namespace) ? [created.get(namespace)] : [];
    if (!builtIn.test(r.type)) dependsOn.push(...releases);
    const resource = new pulumi.CustomResource(r.type, r.name, inputs, { provider, dependsOn });
    if (r.type === tokens.namespace) created.set(inputs.metadata.name, resource);
  }
  return {};
};
