/**
 * Prices from the region catalog: the only source of the cost estimate. List prices per hour are turned
 * into months of 730 hours; machine and data store classes are looked up by the names the resources use.
 */
import {
  CATALOG,
  type CloudName,
  type MachineSpec,
  type RegionSpec,
  SIZE_CLASSES,
  type SizeClass,
} from "../regions/index.js";

/** Hours in a month, as the clouds' own calculators count them. */
export const HOURS_PER_MONTH = 730;

/** A monthly amount in whole cents, so lines and totals add up exactly. */
export function monthlyCents(hourlyUSD: number, count = 1): number {
  return Math.round(hourlyUSD * HOURS_PER_MONTH * count * 100);
}

export function gibMonthCents(pricePerGiBMonth: number, gib: number): number {
  return Math.round(pricePerGiBMonth * gib * 100);
}

/** The catalog machine a region offers under this instance type (case-insensitive), if any. */
export function machineOf(region: RegionSpec, instanceType: unknown): MachineSpec | undefined {
  if (typeof instanceType !== "string") return undefined;
  const wanted = instanceType.toLowerCase();
  return Object.values(region.machines).find((m) => m.instanceType.toLowerCase() === wanted);
}

/** The size class of a managed data store class name on a cloud (`db.r7g.xlarge` -> large), if any. */
export function datastoreSizeOf(
  cloud: CloudName,
  kind: "postgres" | "redis",
  className: unknown,
): SizeClass | undefined {
  if (typeof className !== "string") return undefined;
  const classes = CATALOG[cloud].datastoreClasses[kind];
  const wanted = className.toLowerCase();
  return SIZE_CLASSES.find((size) => classes[size].toLowerCase() === wanted);
}
