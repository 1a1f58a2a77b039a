import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "../../domain/errors.js";
import { isTenantHost, tenantHost, tenantHostProblems } from "../../domain/hostnames.js";
import { ingressPlan, parsePlatformConfig } from "../../domain/platform-config.js";
import { TIER_SPECS } from "../../domain/tiers.js";

const problemsOf = (fn: () => unknown): { field: string; rule: string }[] => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err.problems.map((p) => ({ field: p.field, rule: p.rule }));
  }
  assert.fail("no InputError");
};

describe("tenant host names", () => {
  it("are <customer>.<cloud>-<region>.<domain>, with the names below them", () => {
    assert.equal(
      tenantHost("acme", { cloud: "aws", region: "eu-west-1" }, "apps.example.com"),
      "acme.aws-eu-west-1.apps.example.com",
    );
    const own = "acme.aws-eu-west-1.apps.example.com";
    assert.ok(isTenantHost(own, own));
    assert.ok(isTenantHost("api.acme.aws-eu-west-1.apps.example.com", own));
    assert.ok(isTenantHost("*.acme.aws-eu-west-1.apps.example.com", own));
    assert.ok(!isTenantHost("xacme.aws-eu-west-1.apps.example.com", own));
    assert.ok(!isTenantHost("globex.aws-eu-west-1.apps.example.com", own));
  });

  it("must leave a tenant room for a 63-character label of its own within 253 characters", () => {
    const region = { cloud: "aws", region: "eu-west-1" } as const;
    assert.deepEqual(tenantHostProblems(["acme"], region, "apps.example.com"), []);
    // "a" x 40 . aws-eu-west-1 . <domain>: 40 + 1 + 13 + 1 + d + 64 > 253 once d > 134.
    const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(14)}`; // 136 characters
    const problems = tenantHostProblems(["a".repeat(40)], region, domain);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, "cloudtier:ingress.domain");
  });
});

describe("the platform's settings (cloudtier:ingress, cloudtier:egress, cloudtier:backups)", () => {
  it("default to a private domain and CA, no allowlist and no backup endpoint", () => {
    const config = parsePlatformConfig({});
    assert.deepEqual(config.egress.allowlist, { cidrs: [], fqdns: [] });
    assert.deepEqual(config.backups, {});
    const plan = ingressPlan(config.ingress, "aws");
    assert.equal(plan.domain, "cloudtier.internal");
    assert.deepEqual(plan.issuer, { kind: "private-ca" });
    assert.equal(plan.dns, undefined);
  });

  it("with a domain: ACME at Let's Encrypt and external-dns in the zone on the clouds, the private CA on existing clusters", () => {
    const { ingress } = parsePlatformConfig({
      ingress: {
        domain: "apps.example.com",
        acme: { email: "ops@example.com" },
        dns: { zone: "example.com" },
      },
    });
    const aws = ingressPlan(ingress, "aws");
    assert.deepEqual(aws.issuer, {
      kind: "acme",
      server: "https://acme-v02.api.letsencrypt.org/directory",
      email: "ops@example.com",
    });
    assert.deepEqual(aws.dns, { cloud: "aws", zone: "example.com" });
    const existing = ingressPlan(ingress, "kubeconfig");
    assert.deepEqual(existing.issuer, { kind: "private-ca" });
    assert.equal(existing.dns, undefined);
    // DigitalOcean: no external-dns provider.
    assert.equal(ingressPlan(ingress, "digitalocean").dns, undefined);
  });

  it("refuses what cannot work, naming each field", () => {
    assert.deepEqual(
      problemsOf(() => ingressPlan(parsePlatformConfig({ ingress: { issuer: "acme" } }).ingress, "aws")).map(
        (p) => p.field,
      ),
      ["cloudtier:ingress.issuer"],
    );
    const domain = parsePlatformConfig({ ingress: { domain: "apps.example.com" } }).ingress;
    assert.deepEqual(
      problemsOf(() => ingressPlan(domain, "gcp")).map((p) => p.field),
      ["cloudtier:ingress.dns.gcpManagedZone"],
    );
    assert.deepEqual(
      problemsOf(() => ingressPlan(domain, "azure")).map((p) => p.field),
      ["cloudtier:ingress.dns.azureResourceGroup"],
    );
    assert.deepEqual(
      problemsOf(() =>
        ingressPlan(
          parsePlatformConfig({ ingress: { domain: "apps.example.com", dns: { zone: "example.org" } } })
            .ingress,
          "aws",
        ),
      ).map((p) => p.field),
      ["cloudtier:ingress.dns.zone"],
    );
  });

  it("keeps the allowlist to public ranges no wider than a /8, each a network address", () => {
    const fields = problemsOf(() =>
      parsePlatformConfig({
        egress: {
          allowlist: {
            cidrs: [
              "203.0.113.0/24",
              "10.1.0.0/16",
              "0.0.0.0/0",
              "198.51.100.7/24",
              "nonsense",
              "100.64.0.0/10",
            ],
          },
        },
      }),
    );
    assert.deepEqual(
      fields.map((p) => p.field),
      [1, 2, 3, 4, 5].map((i) => `cloudtier:egress.allowlist.cidrs[${i}]`),
    );
    assert.match(fields[0].rule, /10\.0\.0\.0\/8/);
    assert.match(fields[1].rule, /wider/);
    assert.match(fields[2].rule, /network address/);
  });

  it("takes a backup endpoint and bucket together, or neither", () => {
    assert.deepEqual(
      parsePlatformConfig({ backups: { endpoint: "https://minio.example.com:9000", bucket: "backups" } })
        .backups,
      { endpoint: "https://minio.example.com:9000", bucket: "backups" },
    );
    assert.equal(problemsOf(() => parsePlatformConfig({ backups: { bucket: "backups" } })).length, 1);
    assert.deepEqual(
      problemsOf(() => parsePlatformConfig({ ingress: { domian: "x.example.com" } })).map((p) => p.field),
      ["cloudtier:ingress"],
    );
  });
});

describe("egress and Redis persistence as tier data", () => {
  it("community reaches nothing outside the cluster, developer and team their allowlist, cloud the internet", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(TIER_SPECS).map(([tier, spec]) => [tier, spec.egress.internet])),
      { community: "none", developer: "allowlist", team: "allowlist", cloud: "internet" },
    );
    assert.deepEqual(
      [TIER_SPECS.community, TIER_SPECS.developer, TIER_SPECS.team].map((t) => t.redisPersistence),
      ["none", "snapshot", "append-only"],
    );
  });
});
