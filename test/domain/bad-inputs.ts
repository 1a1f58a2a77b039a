/**
 * Distinct bad customer inputs, each with the field its error must name. Shared by the validator tests
 * (pure) and the CLI tests (exit code 2, nothing written).
 */
import type { CustomerInput } from "../../domain/customer.js";

export interface BadInput {
  readonly why: string;
  readonly input: Partial<CustomerInput>;
  /** Substring the error's field must contain. */
  readonly field: string;
}

const ok = { id: "acme", tier: "team", regions: ["kubeconfig:local"] } satisfies CustomerInput;
const id = (value: string, why: string): BadInput => ({
  why,
  input: { ...ok, id: value },
  field: "customer.id",
});
const region = (value: string, why: string, tier = "team"): BadInput => ({
  why,
  input: { ...ok, tier, regions: [value] },
  field: "customer.regions[0]",
});
const member = (value: string, why: string, field = "customer.members[0]"): BadInput => ({
  why,
  input: { ...ok, members: [value] },
  field,
});
const quota = (key: string, value: number, why: string, tier = "team"): BadInput => ({
  why,
  input: { ...ok, tier, quota: { [key]: value } },
  field: `customer.quota.${key}`,
});

export const BAD_INPUTS: readonly BadInput[] = [
  id("Acme", "capital letter"),
  id("ACME", "all capitals"),
  id("ac me", "space"),
  id(" acme", "leading space"),
  id("1acme", "leading digit"),
  id("9", "only a digit"),
  id("-acme", "leading hyphen"),
  id("acme-", "trailing hyphen"),
  id("ac_me", "underscore"),
  id("ac.me", "dot"),
  id("acmé", "non-ASCII letter"),
  id("acme!", "punctuation"),
  id("", "empty"),
  id("a".repeat(41), "one over the length budget"),
  id("a".repeat(64), "longer than a namespace"),
  id("default", "reserved: default"),
  id("kube-system", "reserved: kube-system"),
  id("kube-acme", "reserved prefix kube-"),
  id("platform", "reserved: platform stacks"),
  id("cloudtier-system", "reserved: the platform's namespace"),
  id("ingress-nginx", "reserved: the ingress namespace"),
  id("monitoring", "reserved: monitoring"),
  id("cnpg-system", "reserved: the Postgres operator"),
  { why: "unknown tier", input: { ...ok, tier: "gold" }, field: "customer.tier" },
  { why: "tier in capitals", input: { ...ok, tier: "Team" }, field: "customer.tier" },
  { why: "empty tier", input: { ...ok, tier: "" }, field: "customer.tier" },
  { why: "no regions", input: { ...ok, regions: [] }, field: "customer.regions" },
  region("mars:olympus-1", "unknown cloud"),
  region("AWS:eu-west-1", "cloud in capitals"),
  region("aws:mars-1", "unknown aws region"),
  region("gcp:eu-west-1", "an aws region under gcp"),
  region("azure:west-europe", "misspelt azure region"),
  region("scaleway:fr-lyo", "unknown scaleway region"),
  region("eu-west-1", "region without cloud"),
  region("aws:", "cloud without region"),
  region(":eu-west-1", "empty cloud"),
  region("kubeconfig:___", "kubeconfig context without a letter or digit"),
  region("kubeconfig:local", "cloud tier on an existing cluster", "cloud"),
  {
    why: "same region twice",
    input: { ...ok, regions: ["kubeconfig:local", "kubeconfig:local"] },
    field: "customer.regions[1]",
  },
  {
    why: "more regions than the tier allows",
    input: { ...ok, tier: "community", regions: ["aws:eu-west-1", "gcp:europe-west1"] },
    field: "customer.regions",
  },
  member("ann@example.com", "member without role"),
  member("ann@example.com:admin", "unknown role", "customer.members[0].role"),
  member("ann@example.com:Owner", "role in capitals", "customer.members[0].role"),
  member("ann:owner", "email without domain", "customer.members[0].email"),
  member("ann@example:owner", "email without TLD", "customer.members[0].email"),
  member("@example.com:owner", "email without local part", "customer.members[0].email"),
  member(":owner", "empty email"),
  member("ann example@example.com:owner", "email with a space", "customer.members[0].email"),
  {
    why: "same member twice",
    input: { ...ok, members: ["ann@example.com:owner", "ANN@example.com:viewer"] },
    field: "customer.members[1].email",
  },
  {
    why: "more members than seats",
    input: { ...ok, tier: "developer", members: ["a@example.com:owner", "b@example.com:developer"] },
    field: "customer.members",
  },
  quota("pods", 501, "pods beyond the team maximum"),
  quota("requestsCpuMillis", 32001, "CPU beyond the team maximum"),
  quota("storageGiB", 11, "storage beyond the community maximum", "community"),
  quota("limitsEphemeralStorageGiB", 21, "ephemeral storage beyond the community maximum", "community"),
  quota("loadBalancers", 1, "a load balancer on a shared tier"),
  quota("nodePorts", 1, "a NodePort on a shared tier"),
  quota("pods", -1, "negative pods"),
  quota("pods", 1.5, "fractional pods"),
  quota("gpus", 1, "unknown quota field"),
  {
    why: "requests above limits",
    input: { ...ok, quota: { requestsCpuMillis: 20000, limitsCpuMillis: 10000 } },
    field: "customer.quota.requestsCpuMillis",
  },
  {
    why: "ephemeral storage requests above limits",
    input: { ...ok, quota: { requestsEphemeralStorageGiB: 80, limitsEphemeralStorageGiB: 60 } },
    field: "customer.quota.requestsEphemeralStorageGiB",
  },
  {
    why: "display name too long",
    input: { ...ok, displayName: "x".repeat(101) },
    field: "customer.displayName",
  },
  {
    why: "a customer id that fits a namespace but not GKE's cluster name",
    input: { id: "a".repeat(30), tier: "cloud", regions: ["gcp:europe-west1"] },
    field: "customer.id (for regions[0] gcp:europe-west1)",
  },
  {
    why: "an id too long for an ElastiCache replication group",
    input: { id: "b".repeat(30), tier: "cloud", regions: ["aws:eu-west-1"], redis: true },
    field: "customer.id (for regions[0] aws:eu-west-1)",
  },
];
