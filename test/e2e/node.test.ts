/**
 * Tenants on a real node: what cloudtier promises each tenant, proven by pods and packets. A one-node
 * cluster (support/node.ts: containerd and runc, the kubelet, kube-proxy, kube-router's NetworkPolicy
 * firewall, CoreDNS, Traefik, cert-manager) runs in a network namespace of its own, with two stand-in
 * internet hosts (documentation addresses) in another; no packet leaves this machine. Customers are
 * onboarded and deployed through the compiled CLI and the real Pulumi engine; then each tenant's own pods
 * (created as the tenant's users) try to reach what they should and should not.
 *
 * The in-cluster data stores' operators do not run here (their modules are not served): their pods are
 * stood in for by web servers on the stores' ports, created as the operators' identities with the labels
 * the operators give them, so the stores' NetworkPolicies and the admission policy act on them as they would.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { request } from "node:https";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseAllDocuments } from "yaml";
import { POSTGRES_PORT, REDIS_PORT } from "../../components/datastore/in-cluster-spec.js";
import { DATASTORE_LABEL } from "../../components/datastore/settings.js";
import { DATASTORE_OPERATOR_USERS, OPERATOR_NAMESPACES } from "../../components/platform/charts.js";
import { RESERVED_LABELS_POLICY } from "../../components/platform/reserved-labels-spec.js";
import { PRIVATE_CA, certManagerValues } from "../../components/platform/ingress-spec.js";
import { ControlPlane, type Identity } from "./support/control-plane.js";
import { STAND_INS } from "./support/network.js";
import { Node } from "./support/node.js";
import { E2eProject, explain, nodeCharts } from "./support/project.js";
import {
  busyboxPod,
  create,
  expectOutcomes,
  podReady,
  podStatus,
  probe,
  service,
  webPod,
} from "./support/workloads.js";

const CONTEXT = "node";
const REGION = `kubeconfig:${CONTEXT}`;
const DOMAIN_SUFFIX = `kubeconfig-${CONTEXT}.cloudtier.internal`;
const STACK = `platform-kubeconfig-${CONTEXT}`;

const gil: Identity = { user: "gil@globex.example" }; // globex owner (community)
const ann: Identity = { user: "ann@initech.example" }; // initech owner (team)
const bob: Identity = { user: "bob@initech.example" }; // initech developer
const hal: Identity = { user: "hal@hooli.example" }; // hooli owner (developer)

/**
 * The data-store operators, as the API server knows them, with the rights their charts grant (every pod
 * in every namespace): they create the stores' pods.
 */
const [postgresOperator, redisOperator] = DATASTORE_OPERATOR_USERS.map((user): Identity => ({
  user,
  groups: ["system:masters"],
}));
/** The stand-ins of hooli's store pods and Services: name, label value, port. */
const STORES = [
  { kind: "postgres", pod: "postgres-1", service: "postgres-rw", port: POSTGRES_PORT, as: postgresOperator },
  { kind: "redis", pod: "redis-0", service: "redis", port: REDIS_PORT, as: redisOperator },
] as const;

let node: Node;
let plane: ControlPlane;
let project: E2eProject;
let scratch: string;
/** Each tenant's web pod address. */
const webIps: Record<string, string> = {};

const svc = (name: string, namespace: string, port = 80) =>
  `http://${name}.${namespace}.svc.cluster.local:${port}/`;
const standIn = (address: string, port: number) => `http://${address}:${port}/`;

/** HTTPS (or HTTP) to the node's load-balancer address, with the given host name; the CA checks the certificate. */
function fetchVia(
  address: string,
  host: string,
  options: { tls: boolean; ca?: string },
): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const done = (res: import("node:http").IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    };
    const common = { host: address, path: "/", headers: { host }, timeout: 10_000 };
    const req = options.tls
      ? request({ ...common, port: 443, servername: host, ca: options.ca }, done)
      : httpRequest({ ...common, port: 80 }, done);
    req.on("timeout", () => req.destroy(new Error(`request to ${host} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

describe("tenants on a real node, proven by traffic", { timeout: 45 * 60_000 }, () => {
  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), "cloudtier-e2e-node-"));
    node = await Node.start(scratch, (options) => ControlPlane.start(scratch, CONTEXT, options));
    plane = node.plane;
    project = new E2eProject(plane.kubeconfigPath, nodeCharts());
    // cert-manager's controller, with the flags its chart takes from the platform's values.
    const shim = certManagerValues({}).ingressShim as Record<string, string>;
    await node.runCertManager([
      `--cluster-resource-namespace=${OPERATOR_NAMESPACES.certManager}`,
      `--default-issuer-name=${shim["defaultIssuerName"]}`,
      `--default-issuer-kind=${shim["defaultIssuerKind"]}`,
      `--default-issuer-group=${shim["defaultIssuerGroup"]}`,
    ]);
  });

  after(async () => {
    await node?.stop();
    rmSync(scratch, { recursive: true, force: true });
    project?.remove();
  });

  it("onboards a Community, a Team and a Developer customer and deploys them onto the node", async () => {
    const onboard = async (...args: string[]) => {
      const run = await project.cloudtier("onboard", ...args);
      assert.equal(run.code, 0, explain(run));
    };
    await onboard(
      "globex",
      "--tier",
      "community",
      "--regions",
      REGION,
      "--member",
      `${gil.user}:owner`,
      "--quota",
      "pods=6",
    );
    await onboard(
      "initech",
      "--tier",
      "team",
      "--regions",
      REGION,
      "--member",
      `${ann.user}:owner`,
      "--member",
      `${bob.user}:developer`,
      "--member",
      "cid@initech.example:viewer",
    );
    await onboard(
      "hooli",
      "--tier",
      "developer",
      "--regions",
      REGION,
      "--member",
      `${hal.user}:owner`,
      "--redis",
      "--postgres",
    );
    const up = await project.cloudtier("up", "--all");
    assert.equal(up.code, 0, explain(up));

    // Each tenant's users run a web server behind a Service, in their own namespace.
    for (const [tenant, owner] of [
      ["globex", gil],
      ["initech", bob],
      ["hooli", hal],
    ] as const) {
      await create(plane, tenant, webPod("web", `tenant ${tenant}`, 8080), owner);
      await create(plane, tenant, service("web", { app: "web" }, 80, 8080), owner);
    }
    for (const tenant of ["globex", "initech", "hooli"])
      webIps[tenant] = await podReady(plane, tenant, "web");

    // hooli's in-cluster stores, as their operators would run them: pods with the stores' label, created
    // by the operators' identities, behind the stores' Services.
    for (const store of STORES) {
      await create(
        plane,
        "hooli",
        webPod(store.pod, `hooli ${store.kind}`, store.port, { [DATASTORE_LABEL]: store.kind }),
        store.as,
      );
      await create(
        plane,
        "hooli",
        service(store.service, { app: store.pod }, store.port, store.port),
        store.as,
      );
    }
    for (const store of STORES) await podReady(plane, "hooli", store.pod);
  });

  it("keeps each tenant's pods and Services to itself, and lets DNS alone through to kube-system", async () => {
    const dns = await podReady(
      plane,
      "kube-system",
      (await firstPod("kube-system", "k8s-app=kube-dns")) ?? "",
    );
    for (const [tenant, user, others] of [
      ["globex", gil, ["initech", "hooli"]],
      ["initech", bob, ["globex", "hooli"]],
      ["hooli", hal, ["globex", "initech"]],
    ] as const) {
      const checks = [
        { name: "own-service-by-name", url: svc("web", tenant) },
        { name: "own-pod-by-address", url: `http://${webIps[tenant]}:8080/` },
        ...STORES.map((store) => ({
          name: tenant === "hooli" ? `own-${store.kind}` : `hooli-${store.kind}`,
          url: svc(store.service, "hooli", store.port),
        })),
        ...others.flatMap((other) => [
          { name: `${other}-service`, url: svc("web", other) },
          { name: `${other}-pod`, url: `http://${webIps[other]}:8080/` },
          { name: `${other}-name-resolves`, lookup: `web.${other}.svc.cluster.local` },
        ]),
        // CoreDNS serves DNS to every namespace; its other ports (readiness) are not for tenants.
        { name: "kube-system-dns-ready-port", url: `http://${dns}:8181/ready` },
        { name: "kube-dns-resolves", lookup: "kubernetes.default.svc.cluster.local" },
      ];
      const want: Record<string, boolean> = {
        "own-service-by-name": true,
        "own-pod-by-address": true,
        "kube-system-dns-ready-port": false,
        "kube-dns-resolves": true,
      };
      for (const store of STORES) {
        want[tenant === "hooli" ? `own-${store.kind}` : `hooli-${store.kind}`] = tenant === "hooli";
      }
      for (const other of others) {
        want[`${other}-service`] = false;
        want[`${other}-pod`] = false;
        want[`${other}-name-resolves`] = true;
      }
      expectOutcomes(tenant, await probe(node, tenant, user, checks), want);
    }
  });

  async function firstPod(namespace: string, selector: string): Promise<string | undefined> {
    const res = await plane.api(
      "GET",
      `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`,
    );
    return ((res.body["items"] ?? []) as { metadata: { name: string } }[])[0]?.metadata.name;
  }

  it("lets each tier reach the internet as far as its tier allows: none, the allowlist, or all", async () => {
    const checks = [
      { name: "allowlisted-80", url: standIn(STAND_INS.allowlisted, 80) },
      { name: "allowlisted-443", url: standIn(STAND_INS.allowlisted, 443) },
      { name: "outside-80", url: standIn(STAND_INS.outside, 80) },
      { name: "outside-443", url: standIn(STAND_INS.outside, 443) },
    ];
    const only = (allowlisted: boolean, outside: boolean) => ({
      "allowlisted-80": allowlisted,
      "allowlisted-443": allowlisted,
      "outside-80": outside,
      "outside-443": outside,
    });
    expectOutcomes("globex (community)", await probe(node, "globex", gil, checks), only(false, false));
    expectOutcomes("initech (team)", await probe(node, "initech", bob, checks), only(true, false));
    expectOutcomes("hooli (developer)", await probe(node, "hooli", hal, checks), only(true, false));

    // The Cloud tier's namespace policies, as its environment's stack plans them, on a namespace here.
    const dir = mkdtempSync(join(tmpdir(), "cloudtier-e2e-manifests-"));
    try {
      const plan = await project.cloudtier(
        "plan",
        "--customer",
        "umbrella",
        "--tier",
        "cloud",
        "--regions",
        "aws:eu-west-1",
        "--member",
        "una@umbrella.example:owner",
        "--manifests",
        dir,
      );
      assert.equal(plan.code, 0, explain(plan));
      const file = readdirSync(dir).find((f) => f.startsWith("umbrella-"));
      assert.ok(file, `no manifests for umbrella in ${readdirSync(dir).join(", ")}`);
      const policies = parseAllDocuments(readFileSync(join(dir, file), "utf8"))
        .map(
          (d) =>
            d.toJS() as { kind?: string; metadata?: { name: string; namespace?: string }; spec?: unknown },
        )
        .filter((o) => o?.kind === "NetworkPolicy" && o.metadata?.namespace === "umbrella");
      assert.ok(policies.length > 0, "the Cloud tier's plan has NetworkPolicies in the customer's namespace");
      await create(plane, "", { apiVersion: "v1", kind: "Namespace", metadata: { name: "umbrella" } });
      for (const policy of policies) {
        await create(plane, "umbrella", {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: policy.metadata?.name },
          spec: policy.spec,
        });
      }
      expectOutcomes("umbrella (cloud)", await probe(node, "umbrella", undefined, checks), only(true, true));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives a tenant nothing for labelling its pods as a data store's: refused at admission", async () => {
    // The operator's pod carries the label and gets what the store needs (the object store, the API).
    expectOutcomes(
      "hooli's Postgres pod, as its operator runs it",
      await probe(
        node,
        "hooli",
        postgresOperator,
        [{ name: "outside-443", url: standIn(STAND_INS.outside, 443) }],
        {
          [DATASTORE_LABEL]: "postgres",
        },
      ),
      { "outside-443": true },
    );
    // The tenant's own users cannot give a pod that label, directly, through a workload's template, or by
    // relabelling a running pod.
    const labelled = busyboxPod("escape", {
      command: ["sleep", "3600"],
      labels: { [DATASTORE_LABEL]: "postgres" },
    });
    const refusedByPolicy = (
      who: string,
      res: { status: number; body: Record<string, unknown>; text: string },
    ) => {
      assert.ok([403, 422].includes(res.status), `${who}: ${res.status} ${res.text}`);
      assert.match(String(res.body["message"]), new RegExp(RESERVED_LABELS_POLICY), `${who}: ${res.text}`);
    };
    for (const [namespace, user] of [
      ["hooli", hal],
      ["initech", bob],
    ] as const) {
      refusedByPolicy(
        `a pod in ${namespace}`,
        await plane.api("POST", `/api/v1/namespaces/${namespace}/pods`, labelled, user),
      );
      refusedByPolicy(
        `a Deployment in ${namespace}`,
        await plane.api(
          "POST",
          `/apis/apps/v1/namespaces/${namespace}/deployments`,
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "escape" },
            spec: {
              selector: { matchLabels: { app: "escape" } },
              template: {
                ...labelled,
                metadata: { labels: { app: "escape", [DATASTORE_LABEL]: "postgres" } },
              },
            },
          },
          user,
        ),
      );
      refusedByPolicy(
        `relabelling a pod in ${namespace}`,
        await plane.api(
          "PATCH",
          `/api/v1/namespaces/${namespace}/pods/web`,
          { metadata: { labels: { [DATASTORE_LABEL]: "postgres" } } },
          user,
          "application/merge-patch+json",
        ),
      );
    }
    // Without the label, the tenant's pods stay within the tier: no port 443 outside the allowlist.
    expectOutcomes(
      "hooli's own pod",
      await probe(node, "hooli", hal, [{ name: "outside-443", url: standIn(STAND_INS.outside, 443) }]),
      { "outside-443": false },
    );
  });

  it("serves a tenant's host through Traefik over TLS from the platform's CA, and routes no other", async () => {
    const host = `web.initech.${DOMAIN_SUFFIX}`;
    await create(
      plane,
      "initech",
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "web", annotations: { "cert-manager.io/cluster-issuer": "cloudtier" } },
        spec: {
          tls: [{ hosts: [host], secretName: "web-tls" }],
          rules: [
            {
              host,
              http: {
                paths: [
                  {
                    path: "/",
                    pathType: "Prefix",
                    backend: { service: { name: "web", port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      },
      ann,
    );
    // cert-manager issues the certificate from the platform's private CA.
    await plane.waitFor(
      async () => (await plane.api("GET", "/api/v1/namespaces/initech/secrets/web-tls")).status === 200,
      120_000,
      "cert-manager to issue initech's certificate",
    );
    const caSecret = await plane.api(
      "GET",
      `/api/v1/namespaces/${OPERATOR_NAMESPACES.certManager}/secrets/${PRIVATE_CA.certificate}`,
    );
    const ca = Buffer.from(
      (caSecret.body["data"] as Record<string, string>)["ca.crt"] ?? "",
      "base64",
    ).toString();
    assert.match(ca, /BEGIN CERTIFICATE/);
    const address = node.network.nodeAddress;
    let answer: { status: number; body: string } = { status: 0, body: "" };
    await plane.waitFor(
      async () => {
        answer = await fetchVia(address, host, { tls: true, ca }).catch(() => ({ status: 0, body: "" }));
        return answer.status === 200;
      },
      120_000,
      `Traefik to serve ${host} with the issued certificate`,
    );
    assert.equal(answer.body.trim(), "tenant initech");
    // Plain HTTP only redirects to HTTPS.
    const plain = await fetchVia(address, host, { tls: false });
    assert.ok([301, 308].includes(plain.status), `plain HTTP answered ${plain.status}`);
    assert.equal(plain.location, `https://${host}/`);
    // A host no Ingress claims (another tenant's) is not routed anywhere.
    const other = await fetchVia(address, `web.hooli.${DOMAIN_SUFFIX}`, { tls: false });
    assert.ok(
      other.status === 404 || [301, 308].includes(other.status),
      `another host answered ${other.status}`,
    );
    if (other.status !== 404) {
      const otherTls = await fetchVia(address, `web.hooli.${DOMAIN_SUFFIX}`, { tls: true, ca }).catch(
        (e: Error) => ({
          status: -1,
          body: e.message,
        }),
      );
      assert.ok(
        otherTls.status === 404 || otherTls.status === -1,
        `another tenant's host answered ${otherTls.status}`,
      );
    }
  });

  it("runs restricted pods with the LimitRange's defaults, refuses privileged ones, and stops at the pod quota", async () => {
    const privileged = busyboxPod("privileged", { command: ["sleep", "3600"] });
    ((privileged["spec"] as { containers: Record<string, unknown>[] }).containers[0] ?? {})[
      "securityContext"
    ] = {
      privileged: true,
    };
    const refused = await plane.api("POST", "/api/v1/namespaces/globex/pods", privileged, gil);
    assert.equal(refused.status, 403, refused.text);
    assert.match(String(refused.body["message"]), /violates PodSecurity "restricted/);

    // No resources given: the LimitRange's defaults are set, and the pod runs.
    await create(plane, "globex", busyboxPod("defaults", { command: ["sleep", "3600"] }), gil);
    await podReady(plane, "globex", "defaults");
    const pod = await plane.api("GET", "/api/v1/namespaces/globex/pods/defaults");
    const resources = (
      pod.body["spec"] as { containers: { resources: { limits?: Record<string, string> } }[] }
    ).containers[0]?.resources;
    assert.ok(resources?.limits?.["cpu"] && resources.limits["memory"], JSON.stringify(resources));

    // globex's quota is 6 pods: web, defaults and four more run; the seventh is refused.
    for (let i = 0; i < 4; i++) {
      await create(plane, "globex", busyboxPod(`filler-${i}`, { command: ["sleep", "3600"] }), gil);
    }
    for (let i = 0; i < 4; i++) await podReady(plane, "globex", `filler-${i}`);
    const over = await plane.api(
      "POST",
      "/api/v1/namespaces/globex/pods",
      busyboxPod("one-too-many", { command: ["sleep", "3600"] }),
      gil,
    );
    assert.equal(over.status, 403, over.text);
    assert.match(String(over.body["message"]), /exceeded quota/);
    for (const name of ["defaults", "filler-0", "filler-1", "filler-2", "filler-3"]) {
      await plane.api("DELETE", `/api/v1/namespaces/globex/pods/${name}`, undefined, gil);
    }
  });

  it("evicts a pod that writes past its ephemeral-storage limit", async () => {
    await create(
      plane,
      "initech",
      busyboxPod("disk-hog", {
        restartPolicy: "Never",
        resources: { limits: { "ephemeral-storage": "20Mi" }, requests: { "ephemeral-storage": "10Mi" } },
        command: ["sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=64 && sleep 3600"],
      }),
      bob,
    );
    let status: { phase?: string; reason?: string } = {};
    await plane.waitFor(
      async () => {
        status = await podStatus(plane, "initech", "disk-hog");
        return status.phase === "Failed";
      },
      180_000,
      "the kubelet to evict initech/disk-hog",
    );
    assert.equal(status.reason, "Evicted", JSON.stringify(status));
  });

  it("refuses to onboard a customer over a namespace that is not cloudtier's, writing nothing", async () => {
    // Something already runs in `legacy`, put there by someone else.
    await create(plane, "", { apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy" } });
    await create(plane, "legacy", webPod("app", "legacy", 8080));
    const before = project.stackFile(STACK);
    const run = await project.cloudtier(
      "onboard",
      "legacy",
      "--tier",
      "team",
      "--regions",
      REGION,
      "--member",
      "lee@legacy.example:owner",
    );
    assert.equal(run.code, 2, explain(run));
    assert.match(run.stderr + run.stdout, /^refused: /m);
    assert.match(run.stderr + run.stdout, /namespace legacy/);
    assert.match(run.stderr + run.stdout, new RegExp(`context ${CONTEXT}`));
    assert.equal(project.stackFile(STACK), before);
    // Namespaces a cloud or its add-ons make are never a customer's, whether or not they exist here.
    const reserved = await project.cloudtier("onboard", "gmp-system", "--tier", "team", "--regions", REGION);
    assert.equal(reserved.code, 2, explain(reserved));
    assert.equal(project.stackFile(STACK), before);
    // What ran there still runs, untouched.
    await podReady(plane, "legacy", "app");
    const ns = await plane.api("GET", "/api/v1/namespaces/legacy");
    assert.deepEqual(Object.keys((ns.body["metadata"] as { labels?: object }).labels ?? {}), [
      "kubernetes.io/metadata.name",
    ]);
  });

  it("removes a tenant's pods and its Service names when it is offboarded", async () => {
    const off = await project.cloudtier("offboard", "globex", "--yes");
    assert.equal(off.code, 0, explain(off));
    await plane.waitFor(
      async () => (await plane.api("GET", "/api/v1/namespaces/globex")).status === 404,
      180_000,
      "globex's namespace to be deleted",
    );
    expectOutcomes(
      "initech after globex left",
      await probe(node, "initech", bob, [
        { name: "globex-name-resolves", lookup: "web.globex.svc.cluster.local" },
        { name: "globex-pod", url: `http://${webIps["globex"]}:8080/` },
        { name: "own-service-by-name", url: svc("web", "initech") },
      ]),
      { "globex-name-resolves": false, "globex-pod": false, "own-service-by-name": true },
    );
  });
});
