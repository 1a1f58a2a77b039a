/**
 * Currency conversion of list prices the catalog holds in USD. A cloud that lists its prices in another
 * currency keeps its list prices in that currency in its file and converts them here, at one dated rate,
 * so the rate is a fact of its own: changing it changes every converted price, and the estimate says which
 * rate it used.
 */
import type { ExchangeRate } from "./types.js";

/**
 * US dollars per euro. The euro foreign exchange reference rate the European Central Bank publishes for
 * each working day; this is the rate taken for the last working day before the catalog's price date.
 */
export const EUR_USD = {
  currency: "EUR",
  usdPerUnit: 1.16,
  source: "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/",
  date: "2026-10-30",
} as const satisfies ExchangeRate;

/** A euro list price in USD at `EUR_USD`, to a hundredth of a cent (the precision of hourly list prices). */
export function eurToUsd(eur: number): number {
  return Math.round(eur * EUR_USD.usdPerUnit * 10_000) / 10_000;
}
