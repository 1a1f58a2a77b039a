/**
 * Reading a namespace of an existing cluster through a kubeconfig: against a local HTTPS server that
 * plays the API server (its own CA, a bearer token), and the kubeconfig shapes it must understand.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { contextAccess, namespaceState } from "../../deploy/cluster-namespaces.js";
import { checkClusterNamespaces } from "../../cli/cluster-check.js";
import { CliError } from "../../cli/exit.js";
import { parseCustomer } from "../../domain/customer.js";
import { runMain, snapshot, tempDir, tempProject } from "../support/cli.js";
import { InputError } from "../../domain/errors.js";

// Removed when this test process exits.
const dir = tempDir("cloudtier-cluster-ns-");
const TOKEN = "s3cret-token";

/** A self-signed certificate for 127.0.0.1, made with openssl; undefined where openssl is missing. */
function certificate(): { cert: string; key: string } | undefined {
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) return undefined;
  return {
    cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    key: readFileSync(join(dir, "key.pem"), "utf8"),
  };
}

const NAMESPACES: Record<string, Record<string, string>> = {
  acme: { "cloudtier.io/customer": "acme" },
  legacy: { team: "payments" },
  beta: { "cloudtier.io/customer": "gamma" },
};

function kubeconfig(server: string, ca: string, user: Record<string, unknown>, name = "kubeconfig"): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "dev",
      clusters: [
        {
          name: "dev",
          cluster: { server, "certificate-authority-data": Buffer.from(ca).toString("base64") },
        },
      ],
      users: [{ name: "dev", user }],
      contexts: [
        { name: "dev", context: { cluster: "dev", user: "dev" } },
        { name: "gke_proj_zone_prod", context: { cluster: "dev", user: "dev" } },
      ],
    }),
  );
  return path;
}

describe("a namespace of an existing cluster", () => {
  const tls = certificate();
  let server: Server | undefined;
  let url = "";
  const seen: string[] = [];
  before(async () => {
    if (!tls) return;
    server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end();
        return;
      }
      const name = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(req.url ?? "")?.[1] ?? "";
      const labels = NAMESPACES[name];
      if (!labels) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"kind":"Status","code":404}');
        return;
      }
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ kind: "Namespace", metadata: { name, labels } }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server?.close());

  it("is absent, cloudtier's for the customer, or someone else's, read with the context's token and CA", async (t) => {
    if (!tls) return t.skip("openssl is not installed");
    const env = { KUBECONFIG: kubeconfig(url, tls.cert, { token: TOKEN }) };
    assert.deepEqual(await namespaceState(undefined, "fresh", env), { kind: "absent", context: "dev" });
    assert.deepEqual(await namespaceState("dev", "acme", env), { kind: "ours", context: "dev" });
    assert.deepEqual(await namespaceState("dev", "legacy", env), { kind: "foreign", context: "dev" });
    assert.deepEqual(await namespaceState("gke_proj_zone_prod", "beta", env), {
      kind: "foreign",
      context: "gke_proj_zone_prod",
      customer: "gamma",
    });
    assert.ok(seen.includes(`GET /api/v1/namespaces/fresh Bearer ${TOKEN}`), seen.join("\n"));
  });

  it("is not checkable when the cluster refuses the credentials, cannot be reached, or needs a plugin", async (t) => {
    if (!tls) return t.skip("openssl is not installed");
    const refused = { KUBECONFIG: kubeconfig(url, tls.cert, { token: "wrong" }, "refused") };
    const state = await namespaceState("dev", "acme", refused);
    assert.equal(state.kind, "unchecked");
    assert.match((state as { reason: string }).reason, /answered 401/);
    const down = { KUBECONFIG: kubeconfig("https://127.0.0.1:1", tls.cert, { token: TOKEN }, "down") };
    assert.match(
      ((await namespaceState("dev", "acme", down)) as { reason: string }).reason,
      /could not be reached/,
    );
    const exec = {
      KUBECONFIG: kubeconfig(url, tls.cert, { exec: { command: "aws", args: ["eks", "get-token"] } }, "exec"),
    };
    assert.match(((await namespaceState("dev", "acme", exec)) as { reason: string }).reason, /exec plugin/);
    // The CA is the cluster's own: another CA's certificate is not trusted.
    const otherCa = { KUBECONFIG: kubeconfig(url, certificate()!.cert, { token: TOKEN }, "other-ca") };
    assert.equal((await namespaceState("dev", "acme", otherCa)).kind, "unchecked");
  });

  it("onboard refuses a foreign namespace before writing anything (exit 2); --no-cluster-check skips the read", async (t) => {
    if (!tls) return t.skip("openssl is not installed");
    const env = { KUBECONFIG: kubeconfig(url, tls.cert, { token: TOKEN }, "cli") };
    const project = tempProject();
    const before = snapshot(project);
    const refused = await runMain(
      ["-C", project, "onboard", "legacy", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
      env,
    );
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /^refused: onboarding legacy; nothing was written\n/);
    assert.match(refused.stderr, /namespace legacy already exists and is not cloudtier's/);
    assert.match(refused.stderr, /context dev/);
    assert.deepEqual(snapshot(project), before);
    const ours = await runMain(
      ["-C", project, "onboard", "acme", "--tier", "team", "--regions", "kubeconfig:local", "--no-plan"],
      env,
    );
    assert.equal(ours.code, 0, ours.stderr);
    const skipped = await runMain(
      [
        "-C",
        project,
        "onboard",
        "legacy",
        "--tier",
        "team",
        "--regions",
        "kubeconfig:local",
        "--no-plan",
        "--no-cluster-check",
      ],
      env,
    );
    assert.equal(skipped.code, 0, skipped.stderr);
  });

  it("has no context to check on a machine whose kubeconfig lacks it", async () => {
    const none = { KUBECONFIG: join(dir, "missing") };
    assert.equal((await namespaceState(undefined, "acme", none)).kind, "no-context");
    const path = kubeconfig("https://127.0.0.1:1", "ca", { token: TOKEN }, "other-contexts");
    assert.deepEqual(contextAccess("staging", { KUBECONFIG: path }), {
      name: "staging",
      absent: `no context staging in ${path}`,
    });
  });
});

describe("onboarding's cluster check", () => {
  const customer = (id: string, regions: string[]) =>
    parseCustomer({ id, tier: "team", regions, members: [] });
  const verdict = "onboarding acme; nothing was written";

  it("refuses a namespace that exists and is not the customer's, naming the namespace and the context (exit 2)", async () => {
    const asked: (string | undefined)[] = [];
    await assert.rejects(
      checkClusterNamespaces(
        [customer("legacy", ["kubeconfig:local", "kubeconfig:staging", "aws:eu-west-1"])],
        {
          batch: false,
          verdict,
          read: (context) => {
            asked.push(context);
            return Promise.resolve(
              context === "staging"
                ? { kind: "foreign", context: "staging" }
                : { kind: "absent", context: context ?? "dev" },
            );
          },
        },
      ),
      (err: unknown) =>
        err instanceof InputError &&
        err.verdict === verdict &&
        err.problems.length === 1 &&
        err.problems[0].field === "--regions[1]" &&
        /context staging/.test(err.problems[0].rule) &&
        /namespace legacy/.test(err.problems[0].rule),
    );
    // Only existing clusters are read: the current context, then staging.
    assert.deepEqual(asked, [undefined, "staging"]);
  });

  it("stops with exit 1 when a cluster cannot be asked, naming --no-cluster-check", async () => {
    await assert.rejects(
      checkClusterNamespaces([customer("acme", ["kubeconfig:local"])], {
        batch: true,
        verdict,
        read: () => Promise.resolve({ kind: "unchecked", context: "dev", reason: "no answer within 10 s" }),
      }),
      (err: unknown) =>
        err instanceof CliError &&
        err.exitCode === 1 &&
        /nothing was written/.test(err.message) &&
        /--no-cluster-check/.test(err.message) &&
        /no answer within 10 s/.test(err.message),
    );
  });

  it("lets an absent namespace, cloudtier's own, or a context this machine lacks through", async () => {
    for (const kind of ["absent", "ours"] as const) {
      await checkClusterNamespaces([customer("acme", ["kubeconfig:local"])], {
        batch: false,
        verdict,
        read: () => Promise.resolve({ kind, context: "dev" }),
      });
    }
    await checkClusterNamespaces([customer("acme", ["kubeconfig:local"])], {
      batch: false,
      verdict,
      read: () =>
        Promise.resolve({ kind: "no-context", context: "dev", where: "no context dev in ~/.kube/config" }),
    });
  });
});
