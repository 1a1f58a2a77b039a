/**
 * Customers that together put every tier on every cloud, within each tier's regions and seats: the
 * onboarding arguments (after `onboard`) of each.
 */
export const MANAGED_REGIONS = [
  "aws:eu-west-1",
  "gcp:europe-west1",
  "azure:westeurope",
  "scaleway:fr-par",
  "digitalocean:fra1",
] as const;

const ALL = [...MANAGED_REGIONS, "kubeconfig:local"];
const MEMBERS = ["ann@example.com:owner", "bob@example.com:developer", "cy@example.com:viewer"];

export const EVERY_TIER_ON_EVERY_CLOUD: readonly (readonly string[])[] = [
  ...ALL.map((r, i) => [`com${i}`, "--tier", "community", "--regions", r, "--member", MEMBERS[0]]),
  ...[0, 2, 4].map((i) => [
    `dev${i}`,
    "--tier",
    "developer",
    "--regions",
    ALL.slice(i, i + 2).join(","),
    "--member",
    MEMBERS[0],
    "--redis",
    "--postgres",
  ]),
  ...[0, 3].map((i) => [
    `team${i}`,
    "--tier",
    "team",
    "--regions",
    ALL.slice(i, i + 3).join(","),
    ...MEMBERS.flatMap((m) => ["--member", m]),
    "--redis",
    "--postgres",
  ]),
  [
    "acme",
    "--tier",
    "cloud",
    "--regions",
    MANAGED_REGIONS.join(","),
    ...MEMBERS.flatMap((m) => ["--member", m]),
    "--redis",
    "--postgres",
  ],
];
