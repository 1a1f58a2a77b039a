/**
 * `cloudtier restore`: from a tenant's live CloudNativePG Cluster (as `kubectl get -o yaml` prints it), the
 * Cluster that recovers it from its backups, beside it in the same namespace; bad input exits 2.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { runMain, tempDir } from "../support/cli.js";

/** A live Cluster as the API server returns it: the planned object plus what the server and operator add. */
const LIVE = {
  apiVersion: "postgresql.cnpg.io/v1",
  kind: "Cluster",
  metadata: {
    name: "postgres",
    namespace: "acme",
    uid: "5a4b3c2d-0000-4000-8000-000000000000",
    resourceVersion: "123456",
    labels: { "cloudtier.io/customer": "acme", "cloudtier.io/datastore": "postgres" },
  },
  spec: {
    instances: 2,
    storage: { size: "20Gi" },
    enableSuperuserAccess: false,
    bootstrap: { initdb: { database: "app", owner: "app", secret: { name: "postgres-credentials" } } },
    backup: {
      barmanObjectStore: {
        destinationPath: "s3://ctp-eu-west-1-backups-1234/acme/",
        s3Credentials: { inheritFromIAMRole: true },
        wal: { compression: "gzip", maxParallel: 2 },
      },
      retentionPolicy: "14d",
    },
  },
  status: { phase: "Cluster in healthy state", readyInstances: 2 },
};

function liveFile(object: unknown, name = "live.yaml"): string {
  const file = join(tempDir(), name);
  writeFileSync(file, stringify(object));
  return file;
}

describe("cloudtier restore", () => {
  it("prints a Cluster that recovers the live one from its object store, to a moment if asked", async () => {
    const run = await runMain(["restore", "--from", liveFile(LIVE), "--to-time", "2026-11-30T08:00:00Z"]);
    assert.equal(run.code, 0, run.stderr);
    const recovered = parse(run.stdout) as Record<string, unknown>;
    assert.deepEqual(recovered["metadata"], {
      name: "postgres-restore",
      namespace: "acme",
      labels: { "cloudtier.io/customer": "acme", "cloudtier.io/datastore": "postgres" },
    });
    assert.equal(recovered["status"], undefined);
    const spec = recovered["spec"] as Record<string, unknown>;
    assert.equal(spec["instances"], 2);
    assert.deepEqual(spec["bootstrap"], {
      recovery: { source: "postgres", recoveryTarget: { targetTime: "2026-11-30T08:00:00Z" } },
    });
    // The backups are read from the original's store and name...
    assert.deepEqual(spec["externalClusters"], [
      {
        name: "postgres",
        barmanObjectStore: {
          destinationPath: "s3://ctp-eu-west-1-backups-1234/acme/",
          s3Credentials: { inheritFromIAMRole: true },
          wal: { compression: "gzip", maxParallel: 2 },
          serverName: "postgres",
        },
      },
    ]);
    // ...and the new Cluster archives to the same prefix under its own name (barman's default).
    assert.deepEqual(spec["backup"], LIVE.spec.backup);
  });

  it("recovers to the end of the archived WAL without --to-time", async () => {
    const run = await runMain(["restore", "--from", liveFile(LIVE, "live.json")]);
    assert.equal(run.code, 0, run.stderr);
    const spec = (parse(run.stdout) as { spec: { bootstrap: unknown } }).spec;
    assert.deepEqual(spec.bootstrap, { recovery: { source: "postgres" } });
  });

  it("refuses bad input with exit 2, naming the option", async () => {
    const noBackups = { ...LIVE, spec: { ...LIVE.spec, backup: undefined } };
    const cases: [string[], RegExp][] = [
      [["--from", liveFile(LIVE), "--to-time", "yesterday"], /--to-time/],
      [["--from", join(tempDir(), "missing.yaml")], /--from.*cannot be read/s],
      [["--from", liveFile({ apiVersion: "v1", kind: "ConfigMap" })], /CloudNativePG Cluster/],
      [["--from", liveFile(noBackups)], /no backups/],
    ];
    for (const [args, message] of cases) {
      const run = await runMain(["restore", ...args]);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, "");
    }
  });
});
