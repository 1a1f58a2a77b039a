/**
 * DigitalOcean's part of a cluster's services: none of its own. DOKS's node pool scales itself (its
 * autoscaler is set with the cluster, within the pool's minimum and maximum), and external-dns no longer
 * ships a DigitalOcean provider (removed in 0.21): tenants' names need one wildcard record of the
 * cluster's suffix pointed at the ingress load balancer, made by hand (README, "Ingress").
 */
import type { CloudServicesModule } from "../../components/platform/services.js";

export const digitalOceanServices: CloudServicesModule = { create: () => ({}) };
