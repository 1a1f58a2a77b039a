/**
 * The project-wide settings (Pulumi.yaml `config:`) as the program and the CLI take them: where
 * deployments reach each cluster's API from, how members sign in, who administers EKS clusters, the GCP
 * project; and that the documented Pulumi.yaml form is what the real `pulumi` accepts.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { parseCustomer } from "../../domain/customer.js";
import { stacksForCustomer } from "../../domain/placement.js";
import { planStacks } from "../../planner/plan.js";
import type { RecordedPlan } from "../../planner/types.js";
import { projectConfig } from "../../cli/program-config.js";
import { runMain, tempProject } from "../support/cli.js";
import { input, ofType, oneOfType } from "../support/plan.js";
import { DEPLOY_SETTINGS, setProjectConfig } from "../support/project-settings.js";
import { EVERY_TIER_ON_EVERY_CLOUD, MANAGED_REGIONS as MANAGED } from "../support/every-tier.js";
import { tool } from "../e2e/support/tools.js";

const DEPLOYER = "198.51.100.0/28";
const OFFICE = "203.0.113.64/27";
const OIDC = { issuerUrl: "https://login.example.com/realms/acme", clientId: "kubernetes" };
const ADMIN = "arn:aws:iam::123456789012:role/platform-admins";

async function plan(
  otherConfig: Record<string, unknown>,
  apiAllowedCidrs: string[] = [],
): Promise<Map<string, RecordedPlan>> {
  const customer = parseCustomer({
    id: "acme",
    tier: "cloud",
    regions: MANAGED,
    members: ["ann@example.com:owner"],
  });
  const requests = stacksForCustomer(customer).map((s) => ({
    name: s.name,
    config: { ...s.config, cluster: { apiAllowedCidrs } },
    otherConfig,
  }));
  const outcome = await planStacks(requests);
  assert.deepEqual(
    outcome.errors.map((e) => e.message),
    [],
  );
  return new Map(outcome.plans.map((p) => [p.cloud, p]));
}

/** Each cluster's public API access, as its cloud's inputs say it. */
function apiAccess(plans: Map<string, RecordedPlan>): Record<string, unknown> {
  const eks = oneOfType(plans.get("aws")!, "aws:eks/cluster:Cluster");
  const gke = oneOfType(plans.get("gcp")!, "gcp:container/cluster:Cluster");
  const aks = oneOfType(plans.get("azure")!, "azure-native:containerservice:ManagedCluster");
  const acl = oneOfType(plans.get("scaleway")!, "scaleway:kubernetes/acl:Acl");
  const doks = oneOfType(
    plans.get("digitalocean")!,
    "digitalocean:index/kubernetesCluster:KubernetesCluster",
  );
  return {
    aws: input(eks, "vpcConfig.endpointPublicAccess") ? input(eks, "vpcConfig.publicAccessCidrs") : "private",
    gcp: input(gke, "privateClusterConfig.enablePrivateEndpoint")
      ? "private"
      : input<{ cidrBlock: string }[]>(gke, "masterAuthorizedNetworksConfig.cidrBlocks").map(
          (b) => b.cidrBlock,
        ),
    azure: input(aks, "apiServerAccessProfile.enablePrivateCluster")
      ? "private"
      : input(aks, "apiServerAccessProfile.authorizedIPRanges"),
    scaleway: input(acl, "noIpAllowed")
      ? "private"
      : input<{ ip: string }[]>(acl, "aclRules").map((r) => r.ip),
    digitalocean: input<string[]>(doks, "controlPlaneFirewall.allowedAddresses").length
      ? input(doks, "controlPlaneFirewall.allowedAddresses")
      : "private",
  };
}

describe("project settings in the stack program", () => {
  let withSettings: Map<string, RecordedPlan>;
  let without: Map<string, RecordedPlan>;
  before(async () => {
    withSettings = await plan(
      {
        "cloudtier:deployerCidrs": [DEPLOYER],
        "cloudtier:memberOidc": OIDC,
        "cloudtier:clusterAdmins": { aws: [ADMIN] },
      },
      [OFFICE],
    );
    without = await plan({});
  });

  it("opens every cluster's API to the deployer's CIDRs and the stack's own, and to nothing else", () => {
    const both = [DEPLOYER, OFFICE];
    assert.deepEqual(apiAccess(withSettings), {
      aws: both,
      gcp: both,
      azure: both,
      scaleway: both,
      digitalocean: both,
    });
  });

  it("keeps every API endpoint private when no CIDRs are given", () => {
    assert.deepEqual(apiAccess(without), {
      aws: "private",
      gcp: "private",
      azure: "private",
      scaleway: "private",
      digitalocean: "private",
    });
  });

  it("lets EKS and Kapsule trust the members' OpenID Connect provider, its e-mail claim the user name", () => {
    const idp = oneOfType(withSettings.get("aws")!, "aws:eks/identityProviderConfig:IdentityProviderConfig");
    assert.deepEqual(input(idp, "oidc"), {
      identityProviderConfigName: "members",
      issuerUrl: OIDC.issuerUrl,
      clientId: OIDC.clientId,
      usernameClaim: "email",
    });
    const kapsule = oneOfType(withSettings.get("scaleway")!, "scaleway:kubernetes/cluster:Cluster");
    assert.deepEqual(input(kapsule, "openIdConnectConfig"), { ...OIDC, usernameClaim: "email" });
    assert.equal(
      ofType(without.get("aws")!, "aws:eks/identityProviderConfig:IdentityProviderConfig").length,
      0,
    );
    // The RoleBinding names the member by the e-mail the provider signs in.
    const binding = ofType(
      withSettings.get("aws")!,
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    )[0];
    assert.deepEqual(input(binding, "subjects"), [
      { kind: "User", name: "ann@example.com", apiGroup: "rbac.authorization.k8s.io" },
    ]);
  });

  it("grants EKS cluster-admin through access entries: the configured principals, else the deploying role", () => {
    const eks = oneOfType(withSettings.get("aws")!, "aws:eks/cluster:Cluster");
    assert.equal(input(eks, "accessConfig.bootstrapClusterCreatorAdminPermissions"), false);
    const entries = (p: RecordedPlan) =>
      ofType(p, "aws:eks/accessEntry:AccessEntry").map((e) => input(e, "principalArn"));
    assert.deepEqual(entries(withSettings.get("aws")!), [ADMIN]);
    // The offline plan supposes the deployment runs as the role cloudtier-deployer (an assumed role).
    assert.deepEqual(entries(without.get("aws")!), ["arn:aws:iam::123456789012:role/cloudtier-deployer"]);
    const policy = oneOfType(without.get("aws")!, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
    assert.equal(
      input(policy, "policyArn"),
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
    assert.deepEqual(input(policy, "accessScope"), { type: "cluster" });
  });

  it("refuses world-open or malformed deployer CIDRs and a malformed sign-in, naming the key", async () => {
    const customer = parseCustomer({ id: "acme", tier: "cloud", regions: ["aws:eu-west-1"] });
    const [spec] = stacksForCustomer(customer);
    for (const [config, field] of [
      [{ "cloudtier:deployerCidrs": ["0.0.0.0/0"] }, /cloudtier:deployerCidrs\[0\]/],
      [{ "cloudtier:deployerCidrs": "203.0.113.7" }, /cloudtier:deployerCidrs: must be a list/],
      [
        { "cloudtier:memberOidc": { issuerUrl: "http://login.example.com", clientId: "k" } },
        /cloudtier:memberOidc\.issuerUrl/,
      ],
    ] as const) {
      const outcome = await planStacks([{ name: spec.name, config: spec.config, otherConfig: config }]);
      assert.equal(outcome.errors.length, 1, JSON.stringify(config));
      assert.equal(outcome.errors[0].kind, "input");
      assert.match(outcome.errors[0].message, field);
    }
  });
});

describe("onboarding and the project settings", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => {
    const dir = tempProject();
    dirs.push(dir);
    return dir;
  };

  it("a GCP region without a project exits 2 naming --gcp-project, and writes nothing", async () => {
    const dir = fresh();
    setProjectConfig(dir, { "cloudtier:deployerCidrs": [DEPLOYER] });
    const r = await runMain([
      "-C",
      dir,
      "onboard",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      "gcp:europe-west1",
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--gcp-project: is required for the GCP region of acme-gcp-europe-west1/);
    assert.equal(existsStacks(dir), false);
  });

  it("pins the project of a new GCP stack in its stack file; the plan and the cluster use it", async () => {
    const dir = fresh();
    setProjectConfig(dir, { "cloudtier:deployerCidrs": [DEPLOYER] });
    const r = await runMain([
      "-C",
      dir,
      "onboard",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      "gcp:europe-west1",
      "--gcp-project",
      "acme-prod-4711",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const file = parse(readFileSync(join(dir, "stacks", "Pulumi.acme-gcp-europe-west1.yaml"), "utf8")) as {
      config: Record<string, unknown>;
    };
    assert.equal(file.config["gcp:project"], "acme-prod-4711");
    const planned = await runMain(["-C", dir, "plan", "--stack", "acme-gcp-europe-west1", "--json"]);
    const gke = (JSON.parse(planned.stdout) as { stacks: RecordedPlan[] }).stacks[0].resources.find(
      (x) => x.type === "gcp:container/cluster:Cluster",
    )!;
    assert.equal(input(gke, "workloadIdentityConfig.workloadPool"), "acme-prod-4711.svc.id.goog");
    // Another project for the same stack would move the environment: refused.
    const moved = await runMain([
      "-C",
      dir,
      "onboard",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      "gcp:europe-west1",
      "--gcp-project",
      "other-proj-1",
      "--no-plan",
    ]);
    assert.equal(moved.code, 2);
    assert.match(moved.stderr, /--gcp-project: cannot move acme-gcp-europe-west1 to another project/);
  });

  it("a managed cloud without deployer CIDRs, or members on EKS without a sign-in, exit 2 naming the key", async () => {
    const dir = fresh();
    const r = await runMain([
      "-C",
      dir,
      "onboard",
      "acme",
      "--tier",
      "cloud",
      "--regions",
      "aws:eu-west-1",
      "--member",
      "ann@example.com:owner",
      "--no-plan",
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cloudtier:deployerCidrs: must say where deployments run from/);
    assert.match(r.stderr, /cloudtier:memberOidc: is required for members on EKS and Kapsule clusters/);
    assert.equal(existsStacks(dir), false);
  });

  it("a fresh onboarding of each tier on each cloud shows no advisory warning", async () => {
    const dir = fresh();
    // Existing clusters keep in-cluster backups at an S3-compatible endpoint the project names.
    setProjectConfig(dir, {
      ...DEPLOY_SETTINGS,
      "cloudtier:backups": { endpoint: "https://s3.backups.example:9000", bucket: "cloudtier-backups" },
    });
    const customers = EVERY_TIER_ON_EVERY_CLOUD;
    const summaries: string[] = [];
    for (const args of customers) {
      const r = await runMain(["-C", dir, "onboard", ...args, "--json"]);
      assert.equal(r.code, 0, r.stderr);
      summaries.push(`${args[0]}: ${(JSON.parse(r.stdout) as { plan: string[] }).plan[0]}`);
    }
    for (const summary of summaries)
      assert.match(summary, /: 0 mandatory violations, 0 advisory\.$/, summary);
  });
});

function existsStacks(dir: string): boolean {
  return existsSync(join(dir, "stacks")) && readdirSync(join(dir, "stacks")).length > 0;
}

describe("the documented Pulumi.yaml form, read by the real pulumi", () => {
  it("gives the same values to `pulumi config` and to the offline planner", () => {
    const dir = tempProject();
    try {
      setProjectConfig(dir);
      const home = join(dir, ".pulumi-home");
      mkdirSync(join(dir, "state"));
      const env = {
        ...process.env,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${join(dir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      };
      const init = spawnSync(tool("pulumi"), ["stack", "init", "check"], { cwd: dir, env, encoding: "utf8" });
      assert.equal(init.status, 0, init.stderr);
      const shown = spawnSync(tool("pulumi"), ["config", "--json"], { cwd: dir, env, encoding: "utf8" });
      assert.equal(shown.status, 0, shown.stderr);
      const values = JSON.parse(shown.stdout) as Record<string, { value: string; objectValue?: unknown }>;
      const fromPulumi = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, v.objectValue ?? v.value]),
      );
      assert.deepEqual(fromPulumi, DEPLOY_SETTINGS);
      assert.deepEqual(projectConfig(dir), DEPLOY_SETTINGS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
