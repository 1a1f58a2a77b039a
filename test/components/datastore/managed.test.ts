import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { datastoreRanges, environmentNetwork } from "../../../domain/network-plan.js";
import { TIER_SPECS } from "../../../domain/tiers.js";
import { MOCK_PASSWORD_MARKER } from "../../../planner/mocks/random.js";
import type { PlannedResource, RecordedPlan } from "../../../planner/types.js";
import { input, ofType, oneOfType, planCustomer } from "../../support/plan.js";

const CLOUD = TIER_SPECS.cloud;
const SLA = CLOUD.sla;
const REGIONS = {
  aws: "aws:eu-west-1",
  gcp: "gcp:europe-west1",
  azure: "azure:westeurope",
  scaleway: "scaleway:fr-par",
} as const;

let plans: Record<keyof typeof REGIONS, RecordedPlan>;
before(async () => {
  const planned = await planCustomer({
    tier: "cloud",
    regions: Object.values(REGIONS),
    redis: true,
    postgres: true,
  });
  plans = Object.fromEntries(planned.map((p) => [p.cloud, p])) as typeof plans;
});

/** Checks shared by every cloud: protected stores, one credentials Secret per store, no password shown. */
function commonChecks(cloud: keyof typeof REGIONS, storeTypes: readonly string[]) {
  it("protects the stores and delivers secret credentials to the customer namespace", () => {
    const plan = plans[cloud];
    for (const type of storeTypes) assert.equal(oneOfType(plan, type).protect, true, type);
    const secrets = ofType(plan, "kubernetes:core/v1:Secret");
    assert.deepEqual(secrets.map((s) => input(s, "metadata.name")).sort(), [
      "postgres-credentials",
      "redis-credentials",
    ]);
    for (const s of secrets) {
      assert.equal(input(s, "metadata.namespace"), "acme");
      assert.equal(input(s, "stringData"), "[secret]");
    }
    assert.ok(!JSON.stringify(plan).includes(MOCK_PASSWORD_MARKER), "no generated password in plain text");
    assert.ok(
      plan.resources.every((r) => !r.custom || r.provider === null || !r.provider.includes("::default")),
      "no default provider",
    );
  });
}

describe("aws: RDS for PostgreSQL and ElastiCache for Redis", () => {
  let db: PlannedResource;
  let cache: PlannedResource;
  before(() => {
    db = oneOfType(plans.aws, "aws:rds/instance:Instance");
    cache = oneOfType(plans.aws, "aws:elasticache/replicationGroup:ReplicationGroup");
  });
  it("keeps RDS private, encrypted, TLS-only, backed up, Multi-AZ, deletion-protected, with a final snapshot", () => {
    assert.equal(input(db, "identifier"), "acme-eu-west-1-pg");
    assert.equal(input(db, "publiclyAccessible"), false);
    assert.equal(input(db, "storageEncrypted"), true);
    assert.equal(input(db, "multiAz"), true);
    assert.equal(input(db, "backupRetentionPeriod"), SLA.backupRetentionDays);
    assert.equal(input(db, "deletionProtection"), true);
    assert.equal(input(db, "skipFinalSnapshot"), false);
    assert.equal(input(db, "finalSnapshotIdentifier"), "acme-eu-west-1-pg-final");
    assert.equal(input(db, "password"), "[secret]");
    const params = oneOfType(plans.aws, "aws:rds/parameterGroup:ParameterGroup");
    assert.deepEqual(
      input<{ name: string; value: string }[]>(params, "parameters").find((p) => p.name === "rds.force_ssl")
        ?.value,
      "1",
    );
  });
  it("keeps ElastiCache encrypted at rest and in transit (TLS required), HA over three zones, with snapshots", () => {
    assert.equal(input(cache, "atRestEncryptionEnabled"), true);
    assert.equal(input(cache, "transitEncryptionEnabled"), true);
    assert.equal(input(cache, "transitEncryptionMode"), "required");
    assert.equal(input(cache, "authToken"), "[secret]");
    assert.equal(input(cache, "multiAzEnabled"), true);
    assert.equal(input(cache, "automaticFailoverEnabled"), true);
    assert.equal(input(cache, "numCacheClusters"), SLA.replicas);
    assert.equal(input<string[]>(cache, "preferredCacheClusterAzs").length, SLA.replicas);
    assert.equal(input(cache, "snapshotRetentionLimit"), SLA.backupRetentionDays);
    assert.equal(input(cache, "finalSnapshotIdentifier"), "acme-eu-west-1-redis-final");
  });
  it("admits only the VPC's range, on the two store ports, and opens no egress", () => {
    const sg = oneOfType(plans.aws, "aws:ec2/securityGroup:SecurityGroup");
    const vpc = environmentNetwork({ cloud: "aws", region: "eu-west-1" }, SLA.zones).network;
    const ingress = input<{ cidrBlocks: string[]; fromPort: number; toPort: number }[]>(sg, "ingress");
    assert.deepEqual(
      ingress.map((r) => [r.fromPort, r.toPort, r.cidrBlocks]),
      [
        [5432, 5432, [vpc]],
        [6379, 6379, [vpc]],
      ],
    );
    assert.deepEqual(input(sg, "egress"), []);
    for (const ids of [
      input<string[]>(db, "vpcSecurityGroupIds"),
      input<string[]>(cache, "securityGroupIds"),
    ]) {
      assert.equal(ids.length, 1);
      assert.match(ids[0], /^sg-[0-9a-f]{17}$/);
    }
  });
  commonChecks("aws", ["aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup"]);
});

describe("gcp: Cloud SQL and Memorystore over private service access", () => {
  it("reserves the documented range and peers it with service networking", () => {
    const range = oneOfType(plans.gcp, "gcp:compute/globalAddress:GlobalAddress");
    const expected = datastoreRanges({ cloud: "gcp", region: "europe-west1" }).privateServiceAccess;
    assert.equal(`${input<string>(range, "address")}/${input<number>(range, "prefixLength")}`, expected);
    assert.equal(input(range, "purpose"), "VPC_PEERING");
    const peering = oneOfType(plans.gcp, "gcp:servicenetworking/connection:Connection");
    assert.equal(input(peering, "service"), "servicenetworking.googleapis.com");
  });
  it("keeps Cloud SQL private, TLS-only, regional, backed up, deletion-protected, with a final backup", () => {
    const db = oneOfType(plans.gcp, "gcp:sql/databaseInstance:DatabaseInstance");
    assert.equal(input(db, "settings.ipConfiguration.ipv4Enabled"), false);
    assert.ok(input(db, "settings.ipConfiguration.privateNetwork"));
    assert.equal(input(db, "settings.ipConfiguration.sslMode"), "ENCRYPTED_ONLY");
    assert.equal(input(db, "settings.availabilityType"), "REGIONAL");
    assert.equal(input(db, "settings.backupConfiguration.enabled"), true);
    assert.equal(
      input(db, "settings.backupConfiguration.backupRetentionSettings.retainedBackups"),
      SLA.backupRetentionDays,
    );
    assert.equal(input(db, "deletionProtection"), true);
    assert.equal(input(db, "settings.deletionProtectionEnabled"), true);
    assert.equal(input(db, "settings.finalBackupConfig.enabled"), true);
    assert.equal(input(oneOfType(plans.gcp, "gcp:sql/user:User"), "password"), "[secret]");
  });
  it("keeps Memorystore private, authenticated, TLS, highly available, persisted and deletion-protected", () => {
    const redis = oneOfType(plans.gcp, "gcp:redis/instance:Instance");
    assert.equal(input(redis, "connectMode"), "PRIVATE_SERVICE_ACCESS");
    assert.equal(input(redis, "authEnabled"), true);
    assert.equal(input(redis, "transitEncryptionMode"), "SERVER_AUTHENTICATION");
    assert.equal(input(redis, "tier"), "STANDARD_HA");
    assert.equal(input(redis, "replicaCount"), SLA.replicas - 1);
    assert.equal(input(redis, "persistenceConfig.persistenceMode"), "RDB");
    assert.equal(input(redis, "deletionProtection"), true);
  });
  commonChecks("gcp", ["gcp:sql/databaseInstance:DatabaseInstance", "gcp:redis/instance:Instance"]);
});

describe("azure: PostgreSQL Flexible Server and Azure Cache for Redis", () => {
  it("puts Postgres in a delegated subnet with a private DNS zone, no public access, zone-redundant HA", () => {
    const server = oneOfType(plans.azure, "azure-native:dbforpostgresql:Server");
    assert.equal(input(server, "network.publicNetworkAccess"), "Disabled");
    assert.ok(input(server, "network.delegatedSubnetResourceId"));
    assert.ok(input(server, "network.privateDnsZoneArmResourceId"));
    assert.equal(input(server, "highAvailability.mode"), "ZoneRedundant");
    assert.equal(input(server, "backup.backupRetentionDays"), SLA.backupRetentionDays);
    assert.equal(input(server, "administratorLoginPassword"), "[secret]");
    const subnet = ofType(plans.azure, "azure-native:network:Subnet").find((s) =>
      JSON.stringify(input(s, "delegations") ?? "").includes("Microsoft.DBforPostgreSQL/flexibleServers"),
    )!;
    assert.equal(
      input(subnet, "addressPrefix"),
      datastoreRanges({ cloud: "azure", region: "westeurope" }).postgresSubnet,
    );
    const tls = oneOfType(plans.azure, "azure-native:dbforpostgresql:Configuration");
    assert.equal(input(tls, "configurationName"), "require_secure_transport");
    assert.equal(input(tls, "value"), "on");
  });
  it("serves Redis over TLS 1.2 only, behind a private endpoint, zone-redundant with replicas", () => {
    const cache = oneOfType(plans.azure, "azure-native:redis:Redis");
    assert.equal(input(cache, "enableNonSslPort"), false);
    assert.equal(input(cache, "minimumTlsVersion"), "1.2");
    assert.equal(input(cache, "publicNetworkAccess"), "Disabled");
    assert.equal(input<string[]>(cache, "zones").length, SLA.zones);
    assert.equal(input(cache, "replicasPerPrimary"), SLA.replicas - 1);
    const pe = oneOfType(plans.azure, "azure-native:network:PrivateEndpoint");
    assert.deepEqual(input(pe, "privateLinkServiceConnections.0.groupIds"), ["redisCache"]);
  });
  it("locks the data stores' resource group against deletion", () => {
    const lock = oneOfType(plans.azure, "azure-native:authorization:ManagementLockAtResourceGroupLevel");
    assert.equal(input(lock, "level"), "CanNotDelete");
    const group = ofType(plans.azure, "azure-native:resources:ResourceGroup").find(
      (g) => input(g, "resourceGroupName") === "acme-westeurope-data-rg",
    )!;
    assert.equal(group.protect, true);
  });
  commonChecks("azure", ["azure-native:dbforpostgresql:Server", "azure-native:redis:Redis"]);
});

describe("scaleway: Managed Database for PostgreSQL and Managed Redis", () => {
  it("attaches Postgres to the private network only, encrypted, HA, backed up for the tier's retention", () => {
    const db = oneOfType(plans.scaleway, "scaleway:databases/instance:Instance");
    assert.ok(input(db, "privateNetwork.pnId"));
    assert.equal(input(db, "loadBalancer"), undefined, "no public endpoint");
    assert.equal(input(db, "encryptionAtRest"), true);
    assert.equal(input(db, "isHaCluster"), true);
    assert.equal(input(db, "disableBackup"), false);
    assert.equal(input(db, "backupScheduleRetention"), SLA.backupRetentionDays);
    assert.equal(input(db, "password"), "[secret]");
  });
  it("runs Redis with TLS on the private network, as a three-node cluster", () => {
    const redis = oneOfType(plans.scaleway, "scaleway:redis/cluster:Cluster");
    assert.equal(input(redis, "tlsEnabled"), true);
    assert.equal(input(redis, "publicNetwork"), undefined);
    assert.equal(input<unknown[]>(redis, "privateNetworks").length, 1);
    assert.equal(input(redis, "clusterSize"), 3);
    assert.equal(input(redis, "password"), "[secret]");
  });
  commonChecks("scaleway", ["scaleway:databases/instance:Instance", "scaleway:redis/cluster:Cluster"]);
});
