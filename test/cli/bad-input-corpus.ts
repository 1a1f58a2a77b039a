/**
 * A corpus of bad input for every command: options and their values, customers given by flags and in batch
 * files, and stack files that are corrupt or edited by hand, each read by every command that reads stack
 * files. Each case is a command line and the files a project holds; each must exit 2, name `field` on
 * stderr, write nothing and start no `pulumi`.
 */
import type { CustomerInput } from "../../domain/customer.js";
import { BAD_INPUTS } from "../domain/bad-inputs.js";

export interface BadCase {
  readonly name: string;
  /** The command line after `-C <project>` (or the whole command line with `ownProjectFlag`). */
  readonly args: readonly string[];
  /** Files to put in the project (relative path to content; `null` makes a directory). */
  readonly files?: Readonly<Record<string, string | Uint8Array | null>>;
  /** Text stderr must contain: the field named. */
  readonly field: string;
  /** The case gives its own -C (or none): the runner does not prepend `-C <project>`. */
  readonly ownProjectFlag?: boolean;
  /** Environment variables to patch on top of the stand-in pulumi's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Start from a project without stack files. */
  readonly bare?: boolean;
}

/** The stack files every project starts with: acme and beta tenants of the local platform, zed's env. */
export const GOOD_PLATFORM = "platform-kubeconfig-local";
export const GOOD_ENV = "zed-aws-eu-west-1";

const PLATFORM_FILE = `stacks/Pulumi.${GOOD_PLATFORM}.yaml`;
const ENV_FILE = `stacks/Pulumi.${GOOD_ENV}.yaml`;
const STACK_KEY = "config.cloudtier:stack";

/** A platform stack file of the local region whose tenants section is `tenants` (YAML, indented 4). */
function platform(body: string, extra = ""): string {
  return `config:\n  cloudtier:stack:\n    kind: platform\n    region: kubeconfig:local\n${extra}${body}`;
}
const tenant = (lines: string) => `    tenants:\n      - ${lines.trim().replace(/\n/g, "\n        ")}\n`;
const ACME = "id: acme\ntier: team";

/** An environment stack file of zed in aws:eu-west-1 whose customer section is `customer`. */
function environment(customer: string, region = "aws:eu-west-1"): string {
  return `config:\n  cloudtier:stack:\n    kind: environment\n    region: ${region}\n    customer:\n      ${customer.trim().replace(/\n/g, "\n      ")}\n`;
}

const BOMB = `config: &a0 ["x","x","x","x","x","x","x","x","x","x"]
b1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]
b2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]
b3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]
b4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]
b5: [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]
`;

interface BadStackFile {
  readonly why: string;
  /** The files that make the project bad. */
  readonly files: Readonly<Record<string, string | Uint8Array | null>>;
  /** The stack `--stack` readers name; none when only readers of every file see the problem. */
  readonly stack?: string;
  readonly field: string;
  readonly bare?: boolean;
}

const onPlatform = (why: string, content: string | Uint8Array | null, field: string): BadStackFile => ({
  why,
  files: { [PLATFORM_FILE]: content },
  stack: GOOD_PLATFORM,
  field,
});
const onEnv = (why: string, content: string, field: string): BadStackFile => ({
  why,
  files: { [ENV_FILE]: content },
  stack: GOOD_ENV,
  field,
});
const P = PLATFORM_FILE;
const PK = `${PLATFORM_FILE}: ${STACK_KEY}`;
const EK = `${ENV_FILE}: ${STACK_KEY}`;

export const BAD_STACK_FILES: readonly BadStackFile[] = [
  onPlatform("an empty file", "", P),
  onPlatform("a null document", "~\n", P),
  onPlatform("a list at the top", "- a\n- b\n", P),
  onPlatform("a bare string", "just words\n", P),
  onPlatform("a YAML syntax error", "config: [unclosed\n", P),
  onPlatform("a duplicated key", "config: {}\nconfig: {}\n", P),
  onPlatform("two YAML documents", "config: {}\n---\nconfig: {}\n", P),
  onPlatform("a custom tag", "config: !vault secret\n", P),
  onPlatform("an alias bomb", BOMB, P),
  onPlatform("no config section", "encryptionsalt: v1:abc\n", `${P}: config`),
  onPlatform("a null config section", "config:\n", `${P}: config`),
  onPlatform("a config list", "config:\n  - a\n", `${P}: config`),
  onPlatform("no cloudtier:stack key", "config:\n  kubernetes:context: kind\n", PK),
  onPlatform("a null cloudtier:stack", "config:\n  cloudtier:stack:\n", PK),
  onPlatform("a string cloudtier:stack", "config:\n  cloudtier:stack: platform\n", PK),
  onPlatform("no kind", "config:\n  cloudtier:stack:\n    region: kubeconfig:local\n", `${PK}.kind`),
  onPlatform(
    "an unknown kind",
    "config:\n  cloudtier:stack:\n    kind: cluster\n    region: kubeconfig:local\n",
    `${PK}.kind`,
  ),
  onPlatform("no region", "config:\n  cloudtier:stack:\n    kind: platform\n", `${PK}.region`),
  onPlatform(
    "a region without cloud",
    "config:\n  cloudtier:stack:\n    kind: platform\n    region: local\n",
    `${PK}.region`,
  ),
  onPlatform(
    "an unknown cloud",
    "config:\n  cloudtier:stack:\n    kind: platform\n    region: mars:local\n",
    `${PK}.region`,
  ),
  onPlatform(
    "a region that does not match the stack's name",
    "config:\n  cloudtier:stack:\n    kind: platform\n    region: kubeconfig:other\n",
    `${PK}.region`,
  ),
  onPlatform("tenants not a list", platform("    tenants: acme\n"), `${PK}.tenants`),
  onPlatform("a null tenant", platform("    tenants:\n      - ~\n"), `${PK}.tenants[0]`),
  onPlatform("a tenant without id", platform(tenant("tier: team")), `${PK}.tenants[0].id`),
  onPlatform("a tenant id in capitals", platform(tenant("id: Acme\ntier: team")), `${PK}.tenants[0].id`),
  onPlatform("a reserved tenant id", platform(tenant("id: kube-system\ntier: team")), `${PK}.tenants[0].id`),
  onPlatform(
    "a tenant id longer than 40",
    platform(tenant(`id: ${"a".repeat(41)}\ntier: team`)),
    `${PK}.tenants[0].id`,
  ),
  onPlatform("a numeric tenant id", platform(tenant("id: 42\ntier: team")), `${PK}.tenants[0].id`),
  onPlatform("an unknown tier", platform(tenant("id: acme\ntier: gold")), `${PK}.tenants[0].tier`),
  onPlatform(
    "the cloud tier on a platform",
    platform(tenant("id: acme\ntier: cloud")),
    `${PK}.tenants[0].tier`,
  ),
  onPlatform(
    "a tenant listed twice",
    platform(`    tenants:\n      - { id: acme, tier: team }\n      - { id: acme, tier: developer }\n`),
    `${PK}.tenants[1].id`,
  ),
  onPlatform(
    "a member without a valid email",
    platform(tenant(`${ACME}\nmembers: [{ email: ann, role: owner }]`)),
    `${PK}.tenants[0].members[0].email`,
  ),
  onPlatform(
    "a member with an unknown role",
    platform(tenant(`${ACME}\nmembers: [{ email: ann@example.com, role: admin }]`)),
    `${PK}.tenants[0].members[0].role`,
  ),
  onPlatform(
    "a member listed twice",
    platform(
      tenant(
        `${ACME}\nmembers: [{ email: ann@example.com, role: owner }, { email: ANN@example.com, role: viewer }]`,
      ),
    ),
    `${PK}.tenants[0].members[1].email`,
  ),
  onPlatform(
    "more members than the tier's seats",
    platform(
      tenant(
        "id: acme\ntier: developer\nmembers: [{ email: a@example.com, role: owner }, { email: b@example.com, role: owner }]",
      ),
    ),
    `${PK}.tenants[0].members`,
  ),
  onPlatform("members not a list", platform(tenant(`${ACME}\nmembers: ann`)), `${PK}.tenants[0].members`),
  onPlatform(
    "an unknown quota field",
    platform(tenant(`${ACME}\nquota: { gpus: 1 }`)),
    `${PK}.tenants[0].quota`,
  ),
  onPlatform(
    "a negative quota",
    platform(tenant(`${ACME}\nquota: { pods: -1 }`)),
    `${PK}.tenants[0].quota.pods`,
  ),
  onPlatform(
    "a fractional quota",
    platform(tenant(`${ACME}\nquota: { pods: 1.5 }`)),
    `${PK}.tenants[0].quota.pods`,
  ),
  onPlatform(
    "a quota above the tier's bound",
    platform(tenant(`${ACME}\nquota: { pods: 100000 }`)),
    `${PK}.tenants[0].quota.pods`,
  ),
  onPlatform(
    "load balancers for a shared tier",
    platform(tenant(`${ACME}\nquota: { loadBalancers: 2 }`)),
    `${PK}.tenants[0].quota.loadBalancers`,
  ),
  onPlatform(
    "a __proto__ quota key",
    platform(tenant(`${ACME}\nquota: { __proto__: 5 }`)),
    `${PK}.tenants[0].quota`,
  ),
  onPlatform(
    "requests above limits",
    platform(tenant(`${ACME}\nquota: { requestsCpuMillis: 8000, limitsCpuMillis: 4000 }`)),
    `${PK}.tenants[0].quota.requestsCpuMillis`,
  ),
  onPlatform("an unknown tenant key", platform(tenant(`${ACME}\ncolour: red`)), `${PK}.tenants[0]`),
  onPlatform("redis as a string", platform(tenant(`${ACME}\nredis: "yes"`)), `${PK}.tenants[0].redis`),
  onPlatform(
    "an empty display name",
    platform(tenant(`${ACME}\ndisplayName: " "`)),
    `${PK}.tenants[0].displayName`,
  ),
  onPlatform(
    "a display name with a newline",
    platform(tenant(`${ACME}\ndisplayName: "Acme\\nInc"`)),
    `${PK}.tenants[0].displayName`,
  ),
  onPlatform(
    "a display name of 101 characters",
    platform(tenant(`${ACME}\ndisplayName: ${"x".repeat(101)}`)),
    `${PK}.tenants[0].displayName`,
  ),
  onPlatform("an unknown stack key", platform("    clustr: {}\n"), PK),
  onPlatform("a shard that does not match the name", platform("", "    shard: 2\n"), `${PK}.shard`),
  onPlatform("a negative shard", platform("", "    shard: -1\n"), `${PK}.shard`),
  onPlatform("an infinite shard", platform("", "    shard: .inf\n"), `${PK}.shard`),
  onPlatform("zero tenants per shard", platform("", "    tenantsPerShard: 0\n"), `${PK}.tenantsPerShard`),
  onPlatform(
    "API CIDRs not a list",
    platform("", "    cluster:\n      apiAllowedCidrs: 10.0.0.0/8\n"),
    `${PK}.cluster.apiAllowedCidrs`,
  ),
  onPlatform(
    "an API CIDR that is not one",
    platform("", "    cluster:\n      apiAllowedCidrs: [banana]\n"),
    `${PK}.cluster.apiAllowedCidrs[0]`,
  ),
  onPlatform(
    "an API CIDR with octets over 255",
    platform("", "    cluster:\n      apiAllowedCidrs: [300.1.2.0/24]\n"),
    `${PK}.cluster.apiAllowedCidrs[0]`,
  ),
  onPlatform(
    "an offboarding marker that is not a boolean",
    `${platform(tenant(ACME))}  cloudtier:offboarded: "yes"\n`,
    `${P}: config.cloudtier:offboarded`,
  ),
  onPlatform(
    "a secretsprovider that is not a string",
    `secretsprovider: 42\n${platform(tenant(ACME))}`,
    `${P}: secretsprovider`,
  ),
  onPlatform("a directory where the file should be", null, P),
  onPlatform("bytes that are not UTF-8", new Uint8Array([0x63, 0x6f, 0xff, 0xfe, 0x0a]), P),
  onEnv("a shared tier in an environment stack", environment("id: zed\ntier: team"), `${EK}.customer.tier`),
  onEnv(
    "an environment stack holding another customer",
    environment("id: zoe\ntier: cloud"),
    `${EK}.customer.id`,
  ),
  onEnv(
    "an environment stack of another region",
    environment("id: zed\ntier: cloud", "aws:eu-central-1"),
    `${EK}.region`,
  ),
  onEnv(
    "an environment stack without a customer",
    "config:\n  cloudtier:stack:\n    kind: environment\n    region: aws:eu-west-1\n",
    `${EK}.customer`,
  ),
  onEnv("tenants in an environment stack", `${environment("id: zed\ntier: cloud")}    tenants: []\n`, EK),
  {
    why: "a customer id too long for the GKE cluster name",
    files: {
      [`stacks/Pulumi.${"g".repeat(30)}-gcp-europe-west1.yaml`]: environment(
        `id: ${"g".repeat(30)}\ntier: cloud`,
        "gcp:europe-west1",
      ),
    },
    stack: `${"g".repeat(30)}-gcp-europe-west1`,
    field: `stacks/Pulumi.${"g".repeat(30)}-gcp-europe-west1.yaml: ${STACK_KEY}.customer.id`,
  },
  {
    why: "a tenant in two shards of one region",
    files: {
      [`stacks/Pulumi.${GOOD_PLATFORM}-1.yaml`]: platform(tenant(ACME), "    shard: 1\n"),
    },
    field: `stacks/Pulumi.${GOOD_PLATFORM}-1.yaml: ${STACK_KEY}.tenants[0].id`,
  },
  {
    why: "a stack file whose name is not a stack name",
    files: { "stacks/Pulumi.bad name.yaml": platform(tenant(ACME)) },
    field: "stacks/Pulumi.bad name.yaml",
  },
  {
    why: "a file where the stacks/ directory should be",
    files: { stacks: "not a directory\n" },
    stack: GOOD_PLATFORM,
    field: "stacks/",
    bare: true,
  },
  {
    why: "a platform stack named after no region",
    files: { "stacks/Pulumi.shared.yaml": platform(tenant("id: kim\ntier: team")) },
    stack: "shared",
    field: "stacks/Pulumi.shared.yaml: config.cloudtier:stack.region",
  },
];

const FAKE_REPO = ["--repo", "https://github.com/acme/platform.git", "--backend", "s3://acme-state"];

/**
 * Every command that reads stack files, each as a command line that reads the named stack (or all of
 * them); with good files every one of them would succeed.
 */
export function readers(stack: string | undefined): { name: string; args: string[] }[] {
  const named = (name: string, args: (s: string) => string[]) =>
    stack === undefined ? [] : [{ name, args: args(stack) }];
  return [
    ...named("plan --stack", (s) => ["plan", "--stack", s]),
    {
      name: "plan --customer",
      args: ["plan", "--customer", "newco", "--tier", "team", "--regions", "kubeconfig:local"],
    },
    {
      name: "onboard",
      args: ["onboard", "newco", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
    },
    { name: "offboard", args: ["offboard", "acme", "--yes"] },
    { name: "status", args: ["status"] },
    ...named("up --stack", (s) => ["up", "--stack", s]),
    { name: "preview --all", args: ["preview", "--all"] },
    { name: "refresh --customer", args: ["refresh", "--customer", "acme"] },
    ...named("destroy --stack", (s) => ["destroy", "--stack", s, "--yes"]),
    { name: "drift --all", args: ["drift", "--all"] },
    { name: "ci github", args: ["ci", "github"] },
    { name: "export operator", args: ["export", "operator", ...FAKE_REPO] },
    { name: "customers", args: ["customers"] },
    { name: "customer show", args: ["customer", "show", "acme"] },
    { name: "plan --customer (stored spec)", args: ["plan", "--customer", "acme"] },
  ];
}

const FLAG_OF_FIELD: readonly [string, string][] = [
  ["customer.id", "<customer>"],
  ["customer.displayName", "--display-name"],
  ["customer.tier", "--tier"],
  ["customer.regions", "--regions"],
  ["customer.members", "--member"],
  ["customer.quota", "--quota"],
];

/** A customer's flags for `onboard` (the id as the argument) or `plan` (`--customer`). */
function customerArgs(input: Partial<CustomerInput>, command: "onboard" | "plan"): string[] {
  const args = command === "onboard" ? ["onboard", input.id ?? ""] : ["plan", "--customer", input.id ?? ""];
  args.push("--tier", input.tier ?? "", "--regions", (input.regions ?? []).join(","));
  for (const m of input.members ?? [])
    args.push("--member", typeof m === "string" ? m : `${m.email}:${m.role}`);
  for (const [k, v] of Object.entries(input.quota ?? {})) args.push("--quota", `${k}=${v}`);
  if (input.displayName !== undefined) args.push("--display-name", input.displayName);
  if (input.redis) args.push("--redis");
  if (input.postgres) args.push("--postgres");
  return args;
}

function flagOf(field: string, command: "onboard" | "plan"): string {
  const hit = FLAG_OF_FIELD.find(([prefix]) => field.startsWith(prefix));
  if (!hit) return field;
  const flag = hit[0] === "customer.id" && command === "plan" ? "--customer" : hit[1];
  return field.replace(hit[0], flag);
}

function yamlCustomer(input: Partial<CustomerInput>): string {
  return `customers:\n  - ${JSON.stringify(input)}\n`;
}

/** Options of every command, alone or combined in ways that do not apply. */
const OPTION_CASES: readonly BadCase[] = (() => {
  const cases: BadCase[] = [];
  const add = (name: string, args: string[], field: string, extra: Partial<BadCase> = {}) =>
    cases.push({ name, args, field, ...extra });
  const team = ["--tier", "team", "--regions", "kubeconfig:local"];

  // The project directory, for every command (those that need no project too).
  for (const command of [
    ["regions"],
    ["tiers"],
    ["plan", "--stack", GOOD_PLATFORM],
    ["status"],
    ["onboard", "newco", ...team],
  ]) {
    add(
      `${command[0]}: -C naming no directory`,
      ["-C", "/nonexistent/cloudtier-project", ...command],
      "-C, --project-dir",
      {
        ownProjectFlag: true,
      },
    );
    add(`${command[0]}: -C naming a file`, ["-C", "@PROJECT@/Pulumi.yaml", ...command], "-C, --project-dir", {
      ownProjectFlag: true,
    });
    add(
      `${command[0]}: -C naming a directory that is no project`,
      ["-C", "@PROJECT@/stacks", ...command],
      "-C, --project-dir",
      {
        ownProjectFlag: true,
      },
    );
    add(`${command[0]}: an empty -C`, ["--project-dir=", ...command], "-C, --project-dir", {
      ownProjectFlag: true,
    });
    add(`${command[0]}: -C twice`, ["-C", "@PROJECT@", "-C", "@PROJECT@", ...command], "--project-dir", {
      ownProjectFlag: true,
    });
  }

  // Commands and options commander refuses.
  add("an unknown command", ["deploy-everything"], "deploy-everything");
  add("an unknown option", ["plan", "--colour", "red"], "--colour");
  add("an extra argument", ["tiers", "extra"], "too many arguments");
  add("regions: an unknown cloud", ["regions", "--cloud", "mars"], "--cloud");
  add("regions: --cloud twice", ["regions", "--cloud", "aws", "--cloud", "gcp"], "--cloud");

  // plan
  add("plan: neither --customer nor --stack", ["plan"], "--customer");
  add(
    "plan: --stack with --customer",
    ["plan", "--stack", GOOD_PLATFORM, "--customer", "acme"],
    "--stack, --customer",
  );
  for (const [flag, value] of [
    ["--tier", "team"],
    ["--regions", "kubeconfig:local"],
    ["--member", "ann@example.com:owner"],
    ["--quota", "pods=5"],
    ["--display-name", "Acme"],
  ]) {
    add(`plan: ${flag} with --stack`, ["plan", "--stack", GOOD_PLATFORM, flag, value], flag);
  }
  add("plan: --redis with --stack", ["plan", "--stack", GOOD_PLATFORM, "--redis"], "--redis");
  add("plan: --postgres with --stack", ["plan", "--stack", GOOD_PLATFORM, "--postgres"], "--postgres");
  add("plan: a missing stack file", ["plan", "--stack", "platform-aws-eu-west-1"], "--stack");
  add("plan: an empty --manifests", ["plan", "--stack", GOOD_PLATFORM, "--manifests", ""], "--manifests");
  add(
    "plan: --manifests naming a file",
    ["plan", "--stack", GOOD_PLATFORM, "--manifests", "@PROJECT@/Pulumi.yaml"],
    "--manifests",
  );
  add("plan: a stack name with a path", ["plan", "--stack", "../../etc/passwd"], "--stack");
  add("plan: an empty stack name", ["plan", "--stack", ""], "--stack");
  for (const parallel of ["0", "65", "1e1", "0x2", "", "-1", "two"]) {
    add(
      `plan: --parallel ${JSON.stringify(parallel)}`,
      ["plan", "--stack", GOOD_PLATFORM, "--parallel", parallel],
      "--parallel",
    );
  }
  add(
    "plan: --tier twice",
    ["plan", "--customer", "newco", "--tier", "team", "--tier", "cloud", "--regions", "aws:eu-west-1"],
    "--tier",
  );
  add(
    "plan: --regions twice",
    [
      "plan",
      "--customer",
      "newco",
      "--tier",
      "team",
      "--regions",
      "kubeconfig:local",
      "--regions",
      "aws:eu-west-1",
    ],
    "--regions",
  );
  add(
    "plan: --customer twice",
    ["plan", "--customer", "newco", "--customer", "other", ...team],
    "--customer",
  );
  add(
    "plan: an environment stack named like an existing platform stack",
    ["plan", "--customer", "platform-kubeconfig", "--tier", "cloud", "--regions", "aws:eu-west-1"],
    "stacks/Pulumi.platform-kubeconfig-aws-eu-west-1.yaml",
    {
      files: {
        "stacks/Pulumi.platform-kubeconfig-aws-eu-west-1.yaml": platform(tenant(ACME)).replace(
          "kubeconfig:local",
          "kubeconfig:aws-eu-west-1",
        ),
      },
    },
  );
  add(
    "onboard: an environment stack named like an existing platform stack",
    ["onboard", "platform-kubeconfig", "--tier", "cloud", "--regions", "aws:eu-west-1", "--no-plan"],
    "stacks/Pulumi.platform-kubeconfig-aws-eu-west-1.yaml",
    {
      files: {
        "stacks/Pulumi.platform-kubeconfig-aws-eu-west-1.yaml": platform(tenant(ACME)).replace(
          "kubeconfig:local",
          "kubeconfig:aws-eu-west-1",
        ),
      },
    },
  );

  // onboard: options and combinations
  const onboard = ["onboard", "newco", ...team, "--no-plan"];
  add("onboard: no customer", ["onboard", ...team], "<customer>");
  add("onboard: --backend without --deploy", [...onboard, "--backend", "s3://x"], "--backend");
  add("onboard: --parallel without --deploy", [...onboard, "--parallel", "2"], "--parallel");
  add(
    "onboard: --secrets-provider without --deploy",
    [...onboard, "--secrets-provider", "passphrase"],
    "--secrets-provider",
  );
  // The project settings a managed cloud needs, before anything is written (the corpus project has none).
  for (const id of ["Acme-Prod", "ab", "1project", "my_project", "a".repeat(31), "project-"]) {
    add(`onboard: --gcp-project ${JSON.stringify(id)}`, [...onboard, "--gcp-project", id], "--gcp-project");
  }
  add(
    "onboard: a GCP region and no GCP project",
    ["onboard", "newco", "--tier", "cloud", "--regions", "gcp:europe-west1", "--no-plan"],
    "--gcp-project",
  );
  add(
    "onboard: a managed cloud and no deployer CIDRs",
    ["onboard", "newco", "--tier", "cloud", "--regions", "aws:eu-west-1", "--no-plan"],
    "cloudtier:deployerCidrs",
  );
  add(
    "onboard: members on EKS and no member sign-in",
    [
      "onboard",
      "newco",
      "--tier",
      "cloud",
      "--regions",
      "aws:eu-west-1",
      "--member",
      "ann@example.com:owner",
      "--no-plan",
    ],
    "cloudtier:memberOidc",
  );
  for (const timeout of ["-1", "abc", "86401", "1.5", ""]) {
    add(
      `onboard: --lock-timeout ${JSON.stringify(timeout)}`,
      [...onboard, "--lock-timeout", timeout],
      "--lock-timeout",
    );
  }
  add(
    "onboard: --tier twice",
    ["onboard", "newco", "--tier", "team", "--tier", "cloud", "--regions", "aws:eu-west-1"],
    "--tier",
  );
  add(
    "onboard: --display-name twice",
    [...onboard, "--display-name", "A", "--display-name", "B"],
    "--display-name",
  );
  add("onboard: --file twice", ["onboard", "--file", "a.yaml", "--file", "b.yaml"], "--file");
  add("onboard: --deploy --parallel 0", [...onboard, "--deploy", "--parallel", "0"], "--parallel");
  add("onboard: --deploy --parallel 65", [...onboard, "--deploy", "--parallel", "65"], "--parallel");
  add("onboard: --deploy with a bad backend", [...onboard, "--deploy", "--backend", "ftp://x"], "--backend");
  add(
    "onboard: --deploy with a bad secrets provider",
    [...onboard, "--deploy", "--secrets-provider", "rot13"],
    "--secrets-provider",
  );
  add("onboard: --deploy without a passphrase", [...onboard, "--deploy"], "PULUMI_CONFIG_PASSPHRASE", {
    env: { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined },
  });
  add("onboard: --deploy with a bad PULUMI_BACKEND_URL", [...onboard, "--deploy"], "PULUMI_BACKEND_URL", {
    env: { PULUMI_BACKEND_URL: "ftp://state" },
  });
  add(
    "onboard: a customer and --file",
    ["onboard", "newco", "--file", "customers.yaml"],
    "--customer, --file",
    {
      files: { "customers.yaml": "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local] }\n" },
    },
  );
  for (const [flag, value] of [
    ["--tier", "team"],
    ["--regions", "kubeconfig:local"],
    ["--member", "ann@example.com:owner"],
    ["--quota", "pods=5"],
    ["--display-name", "Acme"],
  ]) {
    add(`onboard: --file with ${flag}`, ["onboard", "--file", "customers.yaml", flag, value], flag, {
      files: { "customers.yaml": "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local] }\n" },
    });
  }
  // Customer flags the parser must not accept silently.
  for (const [why, quota, field] of [
    ["an empty quota value", "pods=", "--quota[0]"],
    ["a quota without value", "pods", "--quota[0]"],
    ["a quota without field", "=5", "--quota[0]"],
    ["a quota in exponent notation", "pods=1e3", "--quota[0]"],
    ["a hexadecimal quota", "pods=0x10", "--quota[0]"],
    ["a negative quota", "pods=-1", "--quota[0]"],
    ["a __proto__ quota", "__proto__=5", "--quota.__proto__"],
    ["a constructor quota", "constructor=5", "--quota.constructor"],
  ]) {
    add(`onboard: ${why}`, [...onboard, "--quota", quota], field);
    add(`plan: ${why}`, ["plan", "--customer", "newco", ...team, "--quota", quota], field);
  }
  add("onboard: a quota field twice", [...onboard, "--quota", "pods=5", "--quota", "pods=6"], "--quota.pods");
  add(
    "onboard: a region list with an empty item",
    ["onboard", "newco", "--tier", "team", "--regions", "kubeconfig:local,", "--no-plan"],
    "--regions[1]",
  );
  // What the stack program checks of a customer is checked whether or not onboarding plans.
  for (const [quota, store, field] of [
    ["pods=0", "--postgres", "--quota.pods"],
    ["pods=1", "--redis", "--quota.pods"],
    ["services=0", "--postgres", "--quota.services"],
    ["persistentVolumeClaims=0", "--redis", "--quota.persistentVolumeClaims"],
  ] as const) {
    add(
      `onboard: --quota ${quota} leaves no room for ${store}`,
      [...onboard, "--quota", quota, store],
      field,
    );
  }
  add(
    "onboard --file: a quota that leaves no room for the data stores",
    ["onboard", "--file", "customers.yaml"],
    "customers[0].quota.pods",
    {
      files: {
        "customers.yaml":
          "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], postgres: true, quota: { pods: 0 } }\n",
      },
    },
  );
  add("onboard: an empty display name", [...onboard, "--display-name", ""], "--display-name");
  add("onboard: a blank display name", [...onboard, "--display-name", "   "], "--display-name");
  add(
    "onboard: a display name with a newline",
    [...onboard, "--display-name", "Acme\nInc"],
    "--display-name",
  );
  add(
    "onboard: a display name with an escape",
    [...onboard, "--display-name", "Acme\u001b[31m"],
    "--display-name",
  );

  // Batch files.
  const batch = (name: string, content: string | Uint8Array | null, field: string) =>
    add(`onboard --file: ${name}`, ["onboard", "--file", "customers.yaml"], field, {
      files: { "customers.yaml": content },
    });
  add("onboard --file: a missing file", ["onboard", "--file", "nope.yaml"], "--file");
  batch("a directory", null, "--file");
  batch("an empty file", "", "--file");
  batch("a null document", "~\n", "--file");
  batch("a string", "acme\n", "--file");
  batch("a YAML syntax error", "customers: [\n", "--file");
  batch("a duplicated key", "customers: []\ncustomers: []\n", "--file");
  batch("a custom tag", "customers: !include other.yaml\n", "--file");
  batch("an alias bomb", BOMB.replace("config:", "customers:"), "--file");
  batch("bytes that are not UTF-8", new Uint8Array([0x63, 0xff, 0x0a]), "--file");
  batch(
    "an unknown top-level key",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local] }\ndefaults: { tier: team }\n",
    "customers.yaml: defaults",
  );
  batch(
    "a misspelt customers key",
    "customer:\n  - { id: a, tier: team, regions: [kubeconfig:local] }\n",
    "customers.yaml: customer",
  );
  batch("an empty customers list", "customers: []\n", "customers.yaml: customers");
  batch("customers as a mapping", "customers: { a: 1 }\n", "customers.yaml: customers");
  batch("a null customer", "customers:\n  - ~\n", "customers[0]");
  batch("a customer as a string", "customers:\n  - acme\n", "customers[0]");
  batch(
    "an unknown customer key",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], colour: red }\n",
    "customers[0]",
  );
  batch(
    "a __proto__ customer key",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], __proto__: { x: 1 } }\n",
    "customers[0]",
  );
  batch(
    "a __proto__ quota key",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], quota: { __proto__: 5 } }\n",
    "customers[0].quota.__proto__",
  );
  batch(
    "a quota that is a list",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], quota: [1] }\n",
    "customers[0].quota",
  );
  batch(
    "a quota as a string",
    'customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], quota: { pods: "5" } }\n',
    "customers[0].quota.pods",
  );
  batch(
    "regions as a string",
    "customers:\n  - { id: a, tier: team, regions: kubeconfig:local }\n",
    "customers[0].regions",
  );
  batch(
    "a customer listed twice",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local] }\n  - { id: a, tier: developer, regions: [kubeconfig:local] }\n",
    "customers[1].id",
  );
  batch(
    "redis as a string",
    'customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], redis: "yes" }\n',
    "customers[0].redis",
  );
  batch(
    "an infinite quota",
    "customers:\n  - { id: a, tier: team, regions: [kubeconfig:local], quota: { pods: .inf } }\n",
    "customers[0].quota.pods",
  );

  // offboard
  add("offboard: an invalid id", ["offboard", "Acme", "--yes"], "<customer>");
  add("offboard: a customer no stack holds", ["offboard", "nobody", "--yes"], "<customer>");
  add("offboard: without --yes", ["offboard", "acme"], "--yes");
  add("offboard: --parallel 0", ["offboard", "acme", "--yes", "--parallel", "0"], "--parallel");
  add("offboard: a bad backend", ["offboard", "acme", "--yes", "--backend", "ftp://x"], "--backend");
  add(
    "offboard: --secrets-provider, which creates nothing here",
    ["offboard", "acme", "--yes", "--secrets-provider", "passphrase"],
    "--secrets-provider",
  );
  add(
    "offboard: --lock-timeout abc",
    ["offboard", "acme", "--yes", "--lock-timeout", "abc"],
    "--lock-timeout",
  );
  add("offboard: no passphrase", ["offboard", "acme", "--yes"], "PULUMI_CONFIG_PASSPHRASE", {
    env: { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined },
  });
  add("offboard: --dry-run with --yes", ["offboard", "acme", "--dry-run", "--yes"], "--yes, --dry-run");
  add(
    "offboard: a region the customer is not in",
    ["offboard", "acme", "--regions", "aws:eu-west-1", "--yes"],
    "--regions[0]",
  );
  add(
    "offboard: an unknown region",
    ["offboard", "acme", "--regions", "mars:base-1", "--yes"],
    "--regions[0]",
  );
  add(
    "offboard: --dry-run, a region of another customer",
    ["offboard", "zed", "--regions", "kubeconfig:local", "--dry-run"],
    "--regions[0]",
  );

  // Onboarding an existing customer: what it would remove, or a region it would leave
  add(
    "onboard: a member fewer",
    ["onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
    "--member: would remove member ann@example.com (owner)",
  );
  add(
    "onboard: a member fewer, dry run",
    ["onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan", "--dry-run"],
    "--member: would remove member ann@example.com (owner)",
  );
  add(
    "onboard: a data store fewer",
    ["onboard", "zed", "--tier", "cloud", "--regions", "aws:eu-west-1", "--no-plan"],
    "--postgres: would remove its postgres data store",
  );
  add(
    "onboard: a region fewer, even with --replace",
    [
      "onboard",
      "zed",
      "--tier",
      "cloud",
      "--regions",
      "aws:us-east-1",
      "--postgres",
      "--no-plan",
      "--replace",
    ],
    "--regions: would take zed out of aws:eu-west-1",
  );
  add(
    "onboard --file: a member fewer",
    ["onboard", "--file", "customers.yaml", "--no-plan"],
    "customers[0].members: would remove member ann@example.com (owner)",
    {
      files: { "customers.yaml": "customers:\n  - { id: acme, tier: team, regions: [kubeconfig:local] }\n" },
    },
  );
  add("onboard: --dry-run with --deploy", [...onboard, "--dry-run", "--deploy"], "--dry-run, --deploy");
  add("onboard: --verbose with --summary", [...onboard, "--verbose", "--summary"], "--verbose, --summary");
  add(
    "plan: --verbose with --summary",
    ["plan", "--stack", GOOD_PLATFORM, "--verbose", "--summary"],
    "--verbose, --summary",
  );

  // customers, customer show, completion
  add("customer show: no customer", ["customer", "show"], "missing required argument 'customer'");
  add("customer show: an invalid id", ["customer", "show", "Acme"], "<customer>");
  add("customer show: a customer no stack holds", ["customer", "show", "nobody"], "<customer>");
  add("customer: an unknown subcommand", ["customer", "list"], "unknown command 'list'");
  add("customers: an extra argument", ["customers", "acme"], "too many arguments");
  add("plan --customer alone: a customer no stack holds", ["plan", "--customer", "nobody"], "--customer");
  add("plan --customer alone: an invalid id", ["plan", "--customer", "Acme"], "--customer");
  add("completion: no shell", ["completion"], "missing required argument 'shell'");
  add("doctor: an extra argument", ["doctor", "now"], "too many arguments");
  add("doctor: an unknown option", ["doctor", "--fix"], "--fix");
  add("completion: an unknown shell", ["completion", "powershell"], "value 'powershell' is invalid");

  // The deploy commands and status
  for (const op of ["preview", "up", "refresh", "destroy", "drift"]) {
    const yes = op === "destroy" ? ["--yes"] : [];
    add(`${op}: no selection`, [op, ...yes], "--stack, --customer, --file, --all");
    add(`${op}: --stack with --all`, [op, "--stack", GOOD_PLATFORM, "--all", ...yes], "--stack, --all");
    add(`${op}: --customer with --all`, [op, "--customer", "acme", "--all", ...yes], "--customer, --all");
    add(`${op}: a missing stack`, [op, "--stack", "nope", ...yes], "--stack");
    add(`${op}: a stack name with a space`, [op, "--stack", "a b", ...yes], "--stack");
    add(`${op}: an invalid customer id`, [op, "--customer", "Acme", ...yes], "--customer");
    add(`${op}: a customer no stack holds`, [op, "--customer", "nobody", ...yes], "--customer");
    add(`${op}: --parallel 0`, [op, "--all", "--parallel", "0", ...yes], "--parallel");
    add(`${op}: --parallel 2.5`, [op, "--all", "--parallel", "2.5", ...yes], "--parallel");
    add(`${op}: a bad backend`, [op, "--all", "--backend", "ftp://x", ...yes], "--backend");
    add(`${op}: a bad PULUMI_BACKEND_URL`, [op, "--all", ...yes], "PULUMI_BACKEND_URL", {
      env: { PULUMI_BACKEND_URL: "bogus" },
    });
    add(`${op}: no passphrase`, [op, "--all", ...yes], "PULUMI_CONFIG_PASSPHRASE", {
      env: { PULUMI_CONFIG_PASSPHRASE: undefined, PULUMI_CONFIG_PASSPHRASE_FILE: undefined },
    });
    add(
      `${op}: --backend twice`,
      [op, "--all", "--backend", "s3://a", "--backend", "s3://b", ...yes],
      "--backend",
    );
    if (op === "up" || op === "preview") {
      add(
        `${op}: a bad secrets provider`,
        [op, "--all", "--secrets-provider", "rot13"],
        "--secrets-provider",
      );
    } else {
      add(
        `${op}: --secrets-provider, which creates no stack`,
        [op, "--all", "--secrets-provider", "passphrase", ...yes],
        "--secrets-provider",
      );
    }
  }
  for (const op of ["up", "status"]) {
    add(`${op}: --file with --all`, [op, "--file", "customers.yaml", "--all"], "--file, --all");
    add(`${op}: a missing --file`, [op, "--file", "nope.yaml"], "--file");
    add(`${op}: --file listing a customer no stack holds`, [op, "--file", "customers.yaml"], "--file", {
      files: {
        "customers.yaml": "customers:\n  - { id: nobody, tier: team, regions: [kubeconfig:local] }\n",
      },
    });
    add(`${op}: --file with an entry without id`, [op, "--file", "customers.yaml"], "customers[0].id", {
      files: { "customers.yaml": "customers:\n  - { tier: team }\n" },
    });
  }
  add("destroy: without --yes", ["destroy", "--all"], "--yes");
  add("up: --all with no stack files", ["up", "--all"], "--all", { bare: true });
  add("status: a missing stack", ["status", "--stack", "nope"], "--stack");
  add("status: an invalid customer", ["status", "--customer", "-x-"], "--customer");
  add("status: --parallel 0", ["status", "--parallel", "0"], "--parallel");
  add("status: a bad backend", ["status", "--backend", "bogus://"], "--backend");
  add(
    "status: --secrets-provider, which creates no stack",
    ["status", "--secrets-provider", "passphrase"],
    "--secrets-provider",
  );

  // ci github: what it writes into the workflow
  for (const cron of [
    "nightly",
    "17 3 * *",
    "17 3 * * * *",
    "60 3 * * *",
    "17 24 * * *",
    "17 3 0 * *",
    "17 3 32 * *",
    "17 3 * 13 *",
    "17 3 * * 7",
    "*/0 3 * * *",
    "30-10 3 * * *",
    "17 3 * FOO *",
    "17 3 * * FUNDAY",
    "17,,3 3 * * *",
    "a b c d e",
  ]) {
    add(`ci github: --cron ${JSON.stringify(cron)}`, ["ci", "github", "--cron", cron], "--cron");
  }
  for (const branch of [
    "",
    "a b",
    "a..b",
    "-x",
    "x/",
    "/x",
    "a//b",
    "x.lock",
    "@",
    "a~b",
    "a^b",
    "a:b",
    "a?b",
    "a*b",
    "a[b",
    "a\\b",
    "+x",
    "!x",
    "x.",
    ".x",
    "a@{b",
    "tab\tbranch",
  ]) {
    add(`ci github: --branch ${JSON.stringify(branch)}`, ["ci", "github", "--branch", branch], "--branch");
  }
  for (const node of ["18", "21", "20.18", "20.18.1", "abc", "lts/hydrogen", "", "v20", "20.x.1.2", ">=20"]) {
    add(
      `ci github: --node-version ${JSON.stringify(node)}`,
      ["ci", "github", "--node-version", node],
      "--node-version",
    );
  }
  for (const dir of ["/abs", "../x", "a/../../b", "a;rm -rf /", "", "a b", "-x", "$(id)", "a\nb"]) {
    add(`ci github: --repo-dir ${JSON.stringify(dir)}`, ["ci", "github", "--repo-dir", dir], "--repo-dir");
  }
  for (const label of ["", "-x", "a b", "ubuntu-latest,self-hosted", "${{ runner }}", "a".repeat(256)]) {
    add(`ci github: --runs-on ${JSON.stringify(label)}`, ["ci", "github", "--runs-on", label], "--runs-on");
  }
  add("ci github: a missing stack", ["ci", "github", "--stack", "nope"], "--stack");
  add("ci github: --branch twice", ["ci", "github", "--branch", "a", "--branch", "b"], "--branch");

  // export operator: what it writes into the Stack resources
  add("export operator: no --repo", ["export", "operator", "--backend", "s3://x"], "--repo");
  for (const repo of [
    "",
    "http://github.com/acme/platform.git",
    "file:///srv/git/platform",
    "git://github.com/acme/platform.git",
    "https://user:token@github.com/acme/platform.git",
    "https://token@github.com/acme/platform.git",
    "not a url",
    "https://github.com",
    "https://github.com/acme/p.git?ref=main",
    "https://github.com/acme/p.git#main",
    "ftp://github.com/acme/p.git",
    "git@github.com:../etc.git",
  ]) {
    add(
      `export operator: --repo ${JSON.stringify(repo)}`,
      ["export", "operator", "--backend", "s3://x", "--repo", repo],
      "--repo",
    );
  }
  const op = ["export", "operator", ...FAKE_REPO];
  for (const ns of ["Bad", "a".repeat(64), "-x", "a.b", ""]) {
    add(`export operator: --namespace ${JSON.stringify(ns)}`, [...op, "--namespace", ns], "--namespace");
  }
  for (const secret of ["only-a-name", "a/b/c", "/key", "name/", "Bad/key", "name/key key", "name/a:b"]) {
    add(
      `export operator: --passphrase-secret ${JSON.stringify(secret)}`,
      [...op, "--passphrase-secret", secret],
      "--passphrase-secret",
    );
  }
  for (const seconds of ["0", "59", "86401", "1e3", "abc", "-5"]) {
    add(
      `export operator: --resync-seconds ${JSON.stringify(seconds)}`,
      [...op, "--resync-seconds", seconds],
      "--resync-seconds",
    );
  }
  add("export operator: a bad --branch", [...op, "--branch", "a..b"], "--branch");
  add("export operator: a bad --repo-dir", [...op, "--repo-dir", "../up"], "--repo-dir");
  add(
    "export operator: a local backend",
    ["export", "operator", "--repo", "https://github.com/a/b.git", "--backend", "file:///tmp/state"],
    "--backend",
  );
  add(
    "export operator: a bad backend",
    ["export", "operator", "--repo", "https://github.com/a/b.git", "--backend", "ftp://x"],
    "--backend",
  );
  add(
    "export operator: the project's file backend by default",
    ["export", "operator", "--repo", "https://github.com/a/b.git"],
    "--backend",
    {
      env: { PULUMI_BACKEND_URL: undefined },
    },
  );
  add("export operator: a missing stack", [...op, "--stack", "nope"], "--stack");
  return cases;
})();

/** The whole corpus. */
export function badInputCases(): BadCase[] {
  const cases: BadCase[] = [...OPTION_CASES];
  for (const file of BAD_STACK_FILES) {
    for (const reader of readers(file.stack)) {
      cases.push({
        name: `${reader.name} reading ${file.why}`,
        args: reader.args,
        files: file.files,
        field: file.field,
        ...(file.bare ? { bare: true } : {}),
      });
    }
  }
  for (const bad of BAD_INPUTS) {
    // On the command line a quota value that is not a whole number in digits is refused as it is read.
    const unreadable = Object.values(bad.input.quota ?? {}).some((v) => !/^[0-9]+$/.test(String(v)));
    for (const command of ["onboard", "plan"] as const) {
      const args = customerArgs(bad.input, command);
      // An id argument that starts with '-' reads as an option to the parser, which names it.
      const option = command === "onboard" && (bad.input.id ?? "").startsWith("-");
      cases.push({
        name: `${command} flags: ${bad.why}`,
        args: command === "onboard" ? [...args, "--no-plan"] : args,
        field: option
          ? `unknown option '${bad.input.id}'`
          : unreadable
            ? "--quota[0]"
            : flagOf(bad.field, command),
      });
    }
    cases.push({
      name: `onboard --file: ${bad.why}`,
      args: ["onboard", "--file", "customers.yaml"],
      files: { "customers.yaml": yamlCustomer(bad.input) },
      field: bad.field.replace(/^customer\b/, "customers[0]"),
    });
  }
  return cases;
}
