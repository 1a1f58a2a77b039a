/**
 * Namespaces EKS and its add-ons create in a cluster, which no customer's namespace may take: the
 * CloudWatch agent and Container Insights (`amazon-cloudwatch`), GuardDuty runtime monitoring
 * (`amazon-guardduty`), Fargate logging (`aws-observability`), Network Flow Monitor
 * (`amazon-network-flow-monitor`), and whatever further add-ons AWS names `amazon-*` or `aws-*`. From the
 * EKS user guide and the EKS add-ons' documentation, as of November 2026.
 */
import type { ReservedNamespaces } from "../../regions/types.js";

export const RESERVED_NAMESPACES = {
  names: ["amazon-cloudwatch", "amazon-guardduty", "aws-observability", "amazon-network-flow-monitor"],
  prefixes: ["amazon-", "aws-"],
} as const satisfies ReservedNamespaces;
