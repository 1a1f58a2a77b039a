import { readFileSync } from "node:fs";
import { Command } from "commander";
import { InputError, type InputProblem } from "../../domain/errors.js";
import { log } from "../logger.js";

/** An RFC 3339 time with its offset, as CloudNativePG's `recoveryTarget.targetTime` reads it. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function problem(field: string, rule: string, received: unknown, fix: string): InputProblem {
  return { field, rule, received, fix };
}

export function restoreCommand(): Command {
  return new Command("restore")
    .description(
      "Print a CloudNativePG Cluster that recovers a tenant's in-cluster Postgres from its backups (base " +
        "backup and WAL), made from the live Cluster; offline: apply it with kubectl.",
    )
    .requiredOption(
      "--from <file>",
      "the live Cluster as JSON or YAML (`kubectl get clusters.postgresql.cnpg.io postgres -n <tenant> -o yaml`); - reads standard input",
    )
    .option("--to-time <time>", "recover to this moment, RFC 3339 (default: the end of the archived WAL)")
    .addHelpText(
      "after",
      [
        "",
        "The recovered Cluster, <name>-restore, runs beside the original in the tenant's namespace (its backup",
        "identity admits that name) and archives to the same store under its own name; point the tenant's",
        "applications at <name>-restore-rw once it is ready.",
        "",
        "Examples:",
        "  kubectl get clusters.postgresql.cnpg.io postgres -n acme -o yaml > live.yaml",
        "  cloudtier restore --from live.yaml --to-time 2026-11-30T08:00:00Z | kubectl apply -f -",
      ].join("\n"),
    )
    .action(async (opts: { from: string; toTime?: string }) => {
      const problems: InputProblem[] = [];
      if (opts.toTime !== undefined && !RFC3339.test(opts.toTime)) {
        problems.push(
          problem(
            "--to-time",
            "must be an RFC 3339 time with an offset",
            opts.toTime,
            "e.g. 2026-11-30T08:00:00Z.",
          ),
        );
      }
      let text = "";
      try {
        text = readFileSync(opts.from === "-" ? 0 : opts.from, "utf8");
      } catch (err) {
        problems.push(
          problem(
            "--from",
            `cannot be read (${(err as NodeJS.ErrnoException).code ?? "error"})`,
            opts.from,
            "Name a file holding the live Cluster, or - for standard input.",
          ),
        );
      }
      if (problems.length > 0) throw new InputError(problems);
      const { parse } = await import("yaml");
      let live: unknown;
      try {
        live = parse(text);
      } catch {
        live = undefined;
      }
      const object = live as { apiVersion?: unknown; kind?: unknown } | undefined;
      if (
        !object ||
        typeof object !== "object" ||
        object.apiVersion !== "postgresql.cnpg.io/v1" ||
        object.kind !== "Cluster"
      ) {
        throw InputError.single(
          problem(
            "--from",
            "must hold one CloudNativePG Cluster (postgresql.cnpg.io/v1)",
            opts.from,
            "Save it with kubectl get ... -o yaml.",
          ),
        );
      }
      const { recoveryCluster } = await import("../../components/datastore/backups.js");
      let recovered: Record<string, unknown>;
      try {
        recovered = recoveryCluster(object, {
          ...(opts.toTime ? { targetTime: opts.toTime } : {}),
        });
      } catch (err) {
        throw InputError.single(
          problem(
            "--from",
            (err as Error).message,
            opts.from,
            "Backups are configured for clusters on the clouds and, on existing clusters, with cloudtier:backups.",
          ),
        );
      }
      const { stringify } = await import("yaml");
      log.out(stringify(recovered).trimEnd());
    });
}
