import type { CloudSpec, RegionSpec } from "../../regions/types.js";
import { DOKS_KUBERNETES_SUPPORT, DOKS_DEFAULT_VERSION } from "./kubernetes-versions.js";
import { RESERVED_NAMESPACES } from "./namespaces.js";

const source =
  "https://www.digitalocean.com/pricing/kubernetes, /pricing/droplets, /pricing/managed-databases, /pricing/load-balancers, /pricing/volumes; https://docs.digitalocean.com/products/kubernetes/details/pricing/, /products/droplets/details/pricing/";
const date = "2026-11-01";

/**
 * DigitalOcean's list prices are monthly with an hourly rate that stops at 672 hours; the estimate's
 * 730-hour month over the hourly rate reads about 8.6 % (730/672) above the monthly cap.
 */
const prices = {
  // The DOKS control plane is free; the high-availability control plane (99.95% SLA) is $40 a month.
  clusterHourlyUSD: 0,
  clusterSlaHourlyUSD: 0.05952,
  // A VPC NAT gateway, $40 a month (DOKS nodes egress through their own public addresses: none is created).
  natGatewayHourlyUSD: 0.05952,
  // A load balancer node, $12 a month.
  loadBalancerHourlyUSD: 0.01786,
  storageGiBMonthUSD: 0.1,
  // A Managed Database node's size includes its storage (the facts bill no storage line); cloudtier adds
  // none, so no separate database storage rate is in the catalog.
  databaseStorageGiBMonthUSD: null,
  // DOKS creates no NAT gateway: nodes send traffic out through their own public addresses, so there is
  // no per-GiB processing fee. Outbound transfer beyond the Droplets' pooled allowance ($0.01/GiB) is
  // internet egress, which the estimate leaves out on every cloud.
  natDataProcessingGiBUSD: 0,
  // A Droplet's public IPv4 address comes with it, in its price; cloudtier reserves no other address.
  publicIpv4HourlyUSD: 0,
  // Managed PostgreSQL and Valkey nodes (primary or standby), $30, $60 and $120 a month.
  postgresHourlyUSD: { small: 0.04464, medium: 0.08929, large: 0.17857 },
  redisHourlyUSD: { small: 0.04464, medium: 0.08929, large: 0.17857 },
  source,
  date,
} as const;

/** General Purpose Droplets (dedicated vCPUs) for the nodes: $63, $126 and $252 a month. */
const machines = {
  small: { instanceType: "g-2vcpu-8gb", vcpu: 2, memoryGiB: 8, hourlyUSD: 0.09375 },
  medium: { instanceType: "g-4vcpu-16gb", vcpu: 4, memoryGiB: 16, hourlyUSD: 0.1875 },
  large: { instanceType: "g-8vcpu-32gb", vcpu: 8, memoryGiB: 32, hourlyUSD: 0.375 },
} as const;

/**
 * A DigitalOcean region is one datacenter: it has no availability zones, so its one "zone" is the region
 * itself, and a cluster or database there spans one zone whatever the tier's SLA asks (see README).
 */
const region = (id: string, networkSlot: number, displayName: string, geo: RegionSpec["geo"]) =>
  ({
    id,
    networkSlot,
    displayName,
    geo,
    zones: [id],
    kubernetesVersion: DOKS_DEFAULT_VERSION,
    machines,
    prices,
  }) as const satisfies RegionSpec;

export const digitalocean = {
  cloud: "digitalocean",
  displayName: "DigitalOcean",
  reservedNamespaces: RESERVED_NAMESPACES,
  kubernetesSupport: DOKS_KUBERNETES_SUPPORT,
  datastoreClasses: {
    postgres: { small: "db-s-1vcpu-2gb", medium: "db-s-2vcpu-4gb", large: "db-s-4vcpu-8gb" },
    redis: { small: "db-s-1vcpu-2gb", medium: "db-s-2vcpu-4gb", large: "db-s-4vcpu-8gb" },
  },
  regions: {
    nyc3: region("nyc3", 56, "New York 3", "na"),
    sfo3: region("sfo3", 57, "San Francisco 3", "na"),
    ams3: region("ams3", 58, "Amsterdam 3", "eu"),
    fra1: region("fra1", 59, "Frankfurt 1", "eu"),
    sgp1: region("sgp1", 60, "Singapore 1", "apac"),
  },
} as const satisfies CloudSpec;
