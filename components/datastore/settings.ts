/**
 * What a tier's SLA makes of a data store: replicas, HA, backup retention and windows, size. Pure (no
 * Pulumi), so every per-tier decision is tested without the mock runtime, and every cloud reads the same.
 */
import type { SizeClass } from "../../regions/types.js";
import { type SlaSpec, TIER_SPECS, type TierName } from "../../domain/tiers.js";

/**
 * The type-token prefix of the data store components (`Postgres`, `Redis`, `PrivateAccess`): everything
 * under one of them belongs with a customer's data.
 */
export const DATASTORE_TYPE_PREFIX = "cloudtier:datastore:";

export const DATASTORE_KINDS = ["postgres", "redis"] as const;
export type DatastoreKind = (typeof DATASTORE_KINDS)[number];

/** The kinds a tenant asked for, in a fixed order. */
export function requestedKinds(tenant: {
  readonly redis: boolean;
  readonly postgres: boolean;
}): DatastoreKind[] {
  return DATASTORE_KINDS.filter((kind) => tenant[kind]);
}

/** PostgreSQL major version on every cloud that offers it (Scaleway's newest GA engine is named below). */
export const POSTGRES_MAJOR = 17;
/** Database and role created for the customer's application. */
export const POSTGRES_DATABASE = "app";
export const POSTGRES_USER = "app";
export const REDIS_USER = "default";

export interface DatastoreSettings {
  readonly kind: DatastoreKind;
  readonly tier: TierName;
  readonly sizeClass: SizeClass;
  /** Volume size (in-cluster) or allocated storage (managed), GiB. */
  readonly storageGiB: number;
  /** Instances of an in-cluster store; nodes of a managed Redis replication group. */
  readonly replicas: number;
  /** A managed store runs with a standby in another zone and fails over by itself. */
  readonly ha: boolean;
  readonly backupRetentionDays: number;
  /** Daily backup window, UTC. */
  readonly backupWindow: TimeWindow;
  /** Weekly maintenance window, UTC, on Sundays, clear of the backup window. */
  readonly maintenanceWindow: TimeWindow;
}

/** A window of whole minutes within one UTC day. */
export interface TimeWindow {
  readonly startHour: number;
  readonly startMinute: number;
  readonly durationMinutes: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function parseHHMM(text: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`not a UTC time HH:MM: ${text}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** `HH:MM` of a window's start or end. */
export function windowStart(w: TimeWindow): string {
  return `${pad(w.startHour)}:${pad(w.startMinute)}`;
}
export function windowEnd(w: TimeWindow): string {
  const end = (w.startHour * 60 + w.startMinute + w.durationMinutes) % (24 * 60);
  return `${pad(Math.floor(end / 60))}:${pad(end % 60)}`;
}

/** Hours between the start of the backup window and the start of the maintenance window. */
export const MAINTENANCE_AFTER_BACKUP_HOURS = 2;

/** One hour: ElastiCache's minimum snapshot window, and long enough for RDS and Cloud SQL. */
const WINDOW_MINUTES = 60;

export function datastoreSettings(kind: DatastoreKind, tier: TierName): DatastoreSettings {
  const spec = TIER_SPECS[tier];
  const sla: SlaSpec = spec.sla;
  const backup = parseHHMM(sla.backupWindowUtc);
  return {
    kind,
    tier,
    sizeClass: spec.datastoreSize,
    storageGiB: spec.datastoreStorageGiB,
    // A standby in another zone needs at least two copies; the SLA's replica count sets the rest.
    replicas: sla.datastoreHa ? Math.max(2, sla.replicas) : sla.replicas,
    ha: sla.datastoreHa,
    backupRetentionDays: sla.backupRetentionDays,
    backupWindow: { startHour: backup.hour, startMinute: backup.minute, durationMinutes: WINDOW_MINUTES },
    maintenanceWindow: {
      startHour: (backup.hour + MAINTENANCE_AFTER_BACKUP_HOURS) % 24,
      startMinute: backup.minute,
      durationMinutes: WINDOW_MINUTES,
    },
  };
}

/** `hh:mm-hh:mm`, as RDS backup and ElastiCache snapshot windows take it. */
export function dailyWindow(w: TimeWindow): string {
  return `${windowStart(w)}-${windowEnd(w)}`;
}

/** `sun:hh:mm-sun:hh:mm`, as RDS and ElastiCache maintenance windows take it. */
export function sundayWindow(w: TimeWindow): string {
  return `sun:${windowStart(w)}-sun:${windowEnd(w)}`;
}

/** Kubernetes name of the store's objects in the tenant namespace, and of its credentials Secret. */
export function objectName(kind: DatastoreKind): string {
  return kind;
}
export function credentialsSecretName(kind: DatastoreKind): string {
  return `${kind}-credentials`;
}

/** The label that marks a data store's pods and objects; the ingress controller never reaches them. */
export const DATASTORE_LABEL = "cloudtier.io/datastore";

/** Identifier of the final snapshot a managed store leaves when it is deleted (offboarding). */
export function finalSnapshotName(physicalName: string): string {
  return `${physicalName}-final`;
}
