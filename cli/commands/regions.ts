import { Command, Option } from "commander";
import { CLOUDS, type CloudName, SIZE_CLASSES } from "../../regions/types.js";
import { log } from "../logger.js";

const hourly = (usd: number): string => `$${usd < 0.1 ? usd.toFixed(4) : usd.toFixed(3)}/h`;

/** A size class: its machine, and its list price per hour (none for an existing cluster's). */
function machineCell(m: { readonly instanceType: string; readonly hourlyUSD: number }): string {
  return m.hourlyUSD > 0 ? `${m.instanceType} ${hourly(m.hourlyUSD)}` : m.instanceType;
}

export function regionsCommand(): Command {
  return new Command("regions")
    .description(
      "List the regions of the catalog: zones, Kubernetes version and the end of its standard support, machine sizes and list prices.",
    )
    .addOption(new Option("--cloud <cloud>", "only this cloud").choices(CLOUDS))
    .option("--json", "print JSON: {regions: [{cloud, region, displayName, geo, zones, ...}]}")
    .addHelpText(
      "after",
      "\nExamples:\n  cloudtier regions\n  cloudtier regions --cloud gcp\n  cloudtier regions --json | jq '.regions | length'",
    )
    .action(async (opts: { cloud?: CloudName; json?: boolean }) => {
      // The catalog is most of what this command loads: not for `--help`.
      const { CATALOG } = await import("../../regions/index.js");
      const clouds = opts.cloud ? [opts.cloud] : CLOUDS;
      const rows = clouds.flatMap((cloud) =>
        Object.entries(CATALOG[cloud].regions).map(([region, spec]) => ({
          cloud,
          region,
          ...spec,
          kubernetesStandardSupportEnds: (
            CATALOG[cloud].kubernetesSupport.standardSupportEnds as Readonly<Record<string, string>>
          )[spec.kubernetesVersion],
        })),
      );
      if (opts.json) {
        log.out(JSON.stringify({ regions: rows }, null, 2));
        return;
      }
      const { default: Table } = await import("cli-table3");
      const table = new Table({
        head: [
          "region",
          "name",
          "geo",
          "zones",
          "k8s",
          "standard support to",
          ...SIZE_CLASSES.map((s) => `${s} (list price)`),
          "cluster",
          "prices as of",
        ],
        style: { head: [], border: [] },
      });
      for (const r of rows) {
        table.push([
          `${r.cloud}:${r.region}`,
          r.displayName,
          r.geo,
          r.zones.length,
          r.kubernetesVersion,
          r.kubernetesStandardSupportEnds ?? "-",
          ...SIZE_CLASSES.map((s) => machineCell(r.machines[s])),
          r.prices.clusterHourlyUSD > 0
            ? hourly(r.prices.clusterHourlyUSD)
            : r.cloud === "kubeconfig"
              ? "-"
              : "free",
          r.prices.date,
        ]);
      }
      log.out(table.toString());
      log.out(
        `${rows.length} region${rows.length === 1 ? "" : "s"}; list prices per hour, without discounts`,
      );
    });
}
