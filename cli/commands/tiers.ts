import { Command } from "commander";
import { TIERS, TIER_SPECS } from "../../domain/tiers.js";
import { log } from "../logger.js";

export function tiersCommand(): Command {
  return new Command("tiers")
    .description(
      "List the tiers: SLA, shape of the infrastructure, quotas, price per seat and per environment.",
    )
    .option("--json", "print JSON: {tiers: [{tier, shared, sla, quota, quotaMax, limitRange, ...}]}")
    .action(async (opts: { json?: boolean }) => {
      const rows = TIERS.map((tier) => ({ tier, ...TIER_SPECS[tier] }));
      if (opts.json) {
        log.out(JSON.stringify({ tiers: rows }, null, 2));
        return;
      }
      const { default: Table } = await import("cli-table3");
      const table = new Table({
        head: [
          "tier",
          "hosting",
          "SLA",
          "zones",
          "replicas",
          "HA data",
          "backups",
          "CPU req",
          "memory req",
          "ephemeral req",
          "pods",
          "$/seat/mo",
          "$/env/mo",
          "seats (min-max)",
        ],
        style: { head: [], border: [] },
      });
      for (const t of rows) {
        table.push([
          t.tier,
          t.shared ? "shared namespace" : "isolated cluster",
          `${t.sla.targetPercent}%`,
          t.sla.zones,
          t.sla.replicas,
          t.sla.datastoreHa ? "yes" : "no",
          `${t.sla.backupRetentionDays} d`,
          `${t.quota.requestsCpuMillis / 1000} CPU`,
          `${t.quota.requestsMemoryMiB / 1024} GiB`,
          `${t.quota.requestsEphemeralStorageGiB} GiB`,
          t.quota.pods,
          t.pricePerSeatMonthlyUSD,
          t.pricePerEnvironmentMonthlyUSD,
          `${t.minSeats}-${t.maxSeats}`,
        ]);
      }
      log.out(table.toString());
    });
}
