/**
 * What an AKS cluster looks like for given cluster args: names, zones, node pools, network ranges and API
 * access. Pure (no Pulumi), so every decision here is tested without the mock runtime.
 */
import { createHash } from "node:crypto";
import { type InputProblem, throwIfProblems } from "../../domain/errors.js";
import { type DerivedName, type NameRuleKey, checkName, clusterNames } from "../../domain/naming.js";
import { regionKey, regionSpec } from "../../regions/index.js";
import { apiAllowedCidrProblems, dnsServiceIp } from "../../components/cluster/shared-rules.js";
import type { ClusterArgs } from "../../components/cluster/types.js";

/** AKS accepts at most this many authorized IP ranges for the API server. */
export const AKS_MAX_AUTHORIZED_IP_RANGES = 200;
/** AKS limits `dnsPrefix` to 54 characters (letters, digits and '-'). */
export const AKS_DNS_PREFIX_MAX = 54;
/** The taint AKS documents for dedicating a System pool to critical add-ons (CoreDNS, konnectivity, CSI). */
export const SYSTEM_POOL_TAINT = "CriticalAddonsOnly=true:NoSchedule";
/** Agent pool names; AKS allows at most 12 lowercase letters and digits, which `aksLayout` checks. */
export const AKS_POOL_NAMES = { system: "system", user: "user" } as const;
/** Name of the node subnet inside the cluster's VNet. */
export const NODE_SUBNET_NAME = "nodes";

/** Azure built-in role definitions (their ids are the same in every tenant). */
export const AZURE_BUILTIN_ROLES = {
  /** Lets the cluster identity join the node subnet and manage internal load balancers in it. */
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** Full access inside the cluster through Azure RBAC, with no local accounts involved. */
  aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  /** Encrypt and decrypt with a Key Vault key: what the API server's KMS plugin does with its etcd keys. */
  keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

/**
 * Control-plane log categories sent to Log Analytics: the full audit log (`kube-audit`, which unlike
 * `kube-audit-admin` also records reads, so every read of a Secret is on record), Entra ID sign-ins
 * (`guard`) and the API server's own log.
 */
export const AKS_LOG_CATEGORIES = ["kube-audit", "guard", "kube-apiserver"] as const;
/** Days the control-plane logs are kept in the workspace. */
export const AKS_LOG_RETENTION_DAYS = 90;
/** Days a deleted Key Vault (and its keys) can still be recovered; purge protection forbids purging earlier. */
export const KEY_VAULT_SOFT_DELETE_DAYS = 90;
/** Key Vault names: 3-24 letters, digits and single hyphens, unique across all of Azure. */
export const KEY_VAULT_NAME_MAX = 24;

/**
 * The cluster's Key Vault name: a readable prefix of the base name and a hash of the subscription and the
 * base. Vault names are global, so the subscription keeps two installations that onboard the same
 * customer id in the same region apart.
 */
export function keyVaultName(base: string, subscriptionId: string): string {
  const hash = createHash("sha256").update(`${subscriptionId}/${base}`).digest("hex").slice(0, 8);
  const prefix = base
    .replace(/[^a-zA-Z0-9-]/g, "")
    .replace(/-+/g, "-")
    .slice(0, KEY_VAULT_NAME_MAX - hash.length - 1)
    .replace(/-+$/, "");
  return `${prefix}-${hash}`;
}

/** The Azure CLI's public client id: a `getClientConfig` with it means a person signed in with `az login`. */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * The principal type of the identity running the deployment, which a role assignment must state exactly
 * (Azure rejects a mismatch). A person signs in through the Azure CLI; CI and automation run as a service
 * principal, a managed identity or a federated (OIDC) identity, all of which are service principals.
 */
export function deployerPrincipalType(clientId: string): "User" | "ServicePrincipal" {
  return clientId === AZURE_CLI_CLIENT_ID ? "User" : "ServicePrincipal";
}

export interface AksPoolLayout {
  /** Agent pool name: at most 12 lowercase letters and digits (checked). */
  readonly name: string;
  readonly mode: "System" | "User";
  readonly vmSize: string;
  /** Availability zones the pool spreads over; the autoscaler balances nodes across them. */
  readonly zones: readonly string[];
  /** Bounds of the pool as a whole (AKS counts nodes per pool, not per zone). */
  readonly minCount: number;
  readonly maxCount: number;
  readonly nodeTaints: readonly string[];
}

export interface AksLayout {
  /** Azure location, from the catalog, e.g. `westeurope`. */
  readonly location: string;
  /** Minor version from the catalog; the `patch` upgrade channel keeps it patched. */
  readonly kubernetesVersion: string;
  readonly names: {
    readonly resourceGroup: string;
    readonly cluster: string;
    readonly nodeResourceGroup: string;
    readonly virtualNetwork: string;
    readonly nodeSubnet: string;
    readonly identity: string;
    readonly dnsPrefix: string;
    readonly logWorkspace: string;
    /** The Key Vault key that encrypts the etcd encryption key (KMS v2). */
    readonly secretsKey: string;
  };
  /** Address space of the VNet: the plan's network range. */
  readonly vnetCidr: string;
  /** The node subnet: the plan's first private subnet (AKS subnets are regional, zones share it). */
  readonly nodeSubnetCidr: string;
  /** Overlay pod range and the service range with its DNS address, from the plan. */
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  readonly systemPool: AksPoolLayout;
  readonly userPool: AksPoolLayout;
  /** `Standard` carries the financially backed uptime SLA; `Free` has none. */
  readonly skuTier: "Standard" | "Free";
  /** True when the API server has no public endpoint at all. */
  readonly privateCluster: boolean;
  /** Ranges allowed to reach the public endpoint; empty for a private cluster. */
  readonly authorizedIpRanges: readonly string[];
}

const BASE_FIELD = "cluster.baseName";

/** `dnsPrefix` only shapes the API server's FQDN (AKS appends a hash), so it may be a truncated base. */
export function aksDnsPrefix(base: string): string {
  return base.slice(0, AKS_DNS_PREFIX_MAX).replace(/[^a-zA-Z0-9]+$/, "");
}

function nameOf(names: readonly DerivedName[], rule: NameRuleKey): string {
  const found = names.find((n) => n.rule === rule);
  if (!found) throw new Error(`clusterNames() gives no ${rule} name for azure`);
  return found.name;
}

/** Lays the cluster out; throws an InputError for bad API CIDRs or names Azure would reject. */
export function aksLayout(args: ClusterArgs): AksLayout {
  const spec = regionSpec(args.region);
  const base = args.baseName;
  const cidrs = [...(args.apiAllowedCidrs ?? [])];
  const problems: InputProblem[] = apiAllowedCidrProblems(cidrs, {
    cloud: "AKS",
    maxEntries: AKS_MAX_AUTHORIZED_IP_RANGES,
  });

  // The same names `domain/naming.ts` checks when a customer is onboarded, so the two never drift apart.
  const derived = clusterNames(base, "azure");
  const poolNames = Object.values(AKS_POOL_NAMES).map((name): DerivedName => ({ rule: "aksNodePool", name }));
  for (const name of [...derived, ...poolNames]) {
    const problem = checkName(name, BASE_FIELD);
    if (problem) problems.push(problem);
  }
  throwIfProblems(problems);

  if (spec.zones.length < args.sla.zones) {
    throw new Error(
      `${regionKey(args.region)} has ${spec.zones.length} zones in the catalog; the SLA needs ${args.sla.zones}`,
    );
  }
  const nodeSubnetCidr = args.network.privateSubnets[0];
  if (!nodeSubnetCidr)
    throw new Error(`the network plan for ${regionKey(args.region)} has no private subnet`);
  const zones = spec.zones.slice(0, args.sla.zones);

  return {
    location: spec.id,
    kubernetesVersion: spec.kubernetesVersion,
    names: {
      resourceGroup: nameOf(derived, "azureResourceGroup"),
      cluster: nameOf(derived, "aksCluster"),
      nodeResourceGroup: nameOf(derived, "aksNodeResourceGroup"),
      virtualNetwork: `${base}-vnet`,
      nodeSubnet: NODE_SUBNET_NAME,
      identity: `${base}-aks`,
      dnsPrefix: aksDnsPrefix(base),
      logWorkspace: `${base}-log`,
      secretsKey: "etcd-secrets",
    },
    vnetCidr: args.network.network,
    nodeSubnetCidr,
    podCidr: args.network.pods,
    serviceCidr: args.network.services,
    dnsServiceIp: dnsServiceIp(args.network.services),
    // System add-ons are small but must survive a zone loss: one medium node per zone, room to double.
    systemPool: {
      name: AKS_POOL_NAMES.system,
      mode: "System",
      vmSize: spec.machines.medium.instanceType,
      zones,
      minCount: zones.length,
      maxCount: zones.length * 2,
      nodeTaints: [SYSTEM_POOL_TAINT],
    },
    userPool: {
      name: AKS_POOL_NAMES.user,
      mode: "User",
      vmSize: spec.machines[args.nodePool.sizeClass].instanceType,
      zones,
      minCount: args.nodePool.minNodesPerZone * zones.length,
      maxCount: args.nodePool.maxNodesPerZone * zones.length,
      nodeTaints: [],
    },
    skuTier: args.sla.controlPlaneSla ? "Standard" : "Free",
    privateCluster: cidrs.length === 0,
    authorizedIpRanges: cidrs,
  };
}
