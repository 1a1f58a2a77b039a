/**
 * The kubeconfig path end to end, on the real tools: the Pulumi CLI 3.248 and its Node language host, the
 * Kubernetes provider, a Kubernetes API server with etcd and the controller manager (built from source by
 * scripts/tools/build.sh). It works only through the compiled CLI and Pulumi, as users do, and checks the
 * results in the API server. Run by `npm run test:e2e` (and `npm test`).
 *
 * What it cannot check: no kubelet and no network plugin run, so no Pod starts, no NetworkPolicy is
 * enforced and no operator reconciles its resources (see test/e2e/charts/README.md).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { ControlPlane, type Identity } from "./support/control-plane.js";
import { type PlannedObject, differences, kubernetesKind, objectPath } from "./support/objects.js";
import { killTree } from "./support/processes.js";
import { CLI, E2eProject, explain, finished } from "./support/project.js";

const CONTEXT = "e2e";
const REGION = `kubeconfig:${CONTEXT}`;
const STACK = `platform-kubeconfig-${CONTEXT}`;

const ann: Identity = { user: "ann@initech.example" }; // initech owner
const bob: Identity = { user: "bob@initech.example" }; // initech developer
const cid: Identity = { user: "cid@initech.example" }; // initech viewer

let plane: ControlPlane;
let project: E2eProject;
let scratch: string;

interface PlanJson {
  stacks: { stack: string; resources: (PlannedObject & { name: string; custom: boolean })[] }[];
  usage: { customer: string; resources: number; byStack: Record<string, number> }[];
}

async function planJson(): Promise<PlanJson> {
  const run = await project.cloudtier("plan", "--stack", STACK, "--json");
  assert.equal(run.code, 0, explain(run));
  return JSON.parse(run.stdout) as PlanJson;
}

async function namespaceGone(name: string): Promise<void> {
  await plane.waitFor(
    async () => (await plane.api("GET", `/api/v1/namespaces/${name}`)).status === 404,
    120_000,
    `namespace ${name} to be deleted`,
  );
}

/** A Pod that passes Pod Security `restricted`, without resources unless given. */
function restrictedPod(name: string, resources?: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "app",
          image: "registry.example.com/app:1.0",
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
          ...(resources ? { resources } : {}),
        },
      ],
    },
  };
}

describe(
  "the kubeconfig path on the real Pulumi engine and a real API server",
  { timeout: 40 * 60_000 },
  () => {
    before(async () => {
      scratch = mkdtempSync(join(tmpdir(), "cloudtier-e2e-plane-"));
      plane = await ControlPlane.start(scratch, CONTEXT);
      project = new E2eProject(plane.kubeconfigPath);
    });

    after(async () => {
      await plane?.stop();
      rmSync(scratch, { recursive: true, force: true });
      project?.remove();
    });

    it("onboards three shared-tier customers and deploys them with `cloudtier up --all`", async () => {
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
        "gil@globex.example:owner",
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
        `${cid.user}:viewer`,
        "--quota",
        "pods=30",
        "--quota",
        "services=12",
      );
      await onboard(
        "hooli",
        "--tier",
        "developer",
        "--regions",
        REGION,
        "--member",
        "hal@hooli.example:owner",
        "--redis",
        "--postgres",
      );
      const up = await project.cloudtier("up", "--all", "--json");
      assert.equal(up.code, 0, explain(up));
      const result = JSON.parse(up.stdout) as { ok: boolean; stacks: { stack: string; result: string }[] };
      assert.deepEqual(
        result.stacks.map((s) => [s.stack, s.result]),
        [[STACK, "succeeded"]],
      );
    });

    it("holds every object of the offline plan in the API server, field by field", async () => {
      const plan = await planJson();
      const objects = plan.stacks[0].resources.filter((r) => r.custom && kubernetesKind(r.type));
      assert.ok(objects.length >= 40, `${objects.length} Kubernetes objects planned`);
      const kinds = new Set<string>();
      for (const object of objects) {
        const { group, version, kind } = kubernetesKind(object.type)!;
        const inputs = object.inputs;
        const metadata = inputs["metadata"] as { name: string; namespace?: string };
        // A patch names an object someone else created (the default ServiceAccount); it is checked as that.
        const liveKind = kind.endsWith("Patch") ? kind.slice(0, -"Patch".length) : kind;
        const path = await objectPath(
          plane,
          group ? `${group}/${version}` : version,
          liveKind,
          metadata.name,
          metadata.namespace,
        );
        const live = await plane.api("GET", path);
        assert.equal(live.status, 200, `${object.urn}: ${path} answered ${live.status}`);
        const planned = { ...inputs };
        if (liveKind === "Secret") {
          // Secret values are masked in plans; the live Secret must hold some.
          assert.equal(planned["stringData"], "[secret]", object.urn);
          delete planned["stringData"];
          assert.ok(Object.keys(live.body["data"] ?? {}).length > 0, `${object.urn}: no data`);
        }
        assert.deepEqual(differences(planned, live.body), [], object.urn);
        kinds.add(liveKind);
      }
      for (const kind of [
        "Namespace",
        "ResourceQuota",
        "LimitRange",
        "NetworkPolicy",
        "Role",
        "RoleBinding",
      ]) {
        assert.ok(kinds.has(kind), `no ${kind} compared`);
      }
      // hooli's data stores, through the local charts' resource definitions.
      for (const kind of ["Cluster", "Redis", "Secret", "PrometheusRule", "ServiceAccount"]) {
        assert.ok(kinds.has(kind), `no ${kind} compared`);
      }
    });

    it("fences each tenant, as the API server itself decides for each user", async () => {
      const ns = "/api/v1/namespaces/initech";
      // A developer deploys in its own namespace...
      const deployment = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "web" } },
          template: { metadata: { labels: { app: "web" } }, spec: restrictedPod("web").spec },
        },
      };
      const created = await plane.api(
        "POST",
        "/apis/apps/v1/namespaces/initech/deployments",
        deployment,
        bob,
      );
      assert.equal(created.status, 201, created.text);
      // ...and cannot read another tenant's Secrets, nor loosen its own guard rails.
      assert.equal((await plane.api("GET", "/api/v1/namespaces/hooli/secrets", undefined, bob)).status, 403);
      const forbidden: [string, string, unknown][] = [
        ["PATCH", `${ns}/resourcequotas/tenant-quota`, { spec: { hard: { pods: "999" } } }],
        [
          "DELETE",
          "/apis/networking.k8s.io/v1/namespaces/initech/networkpolicies/default-deny-all",
          undefined,
        ],
        [
          "PATCH",
          "/apis/rbac.authorization.k8s.io/v1/namespaces/initech/rolebindings/tenant-owner",
          { subjects: [] },
        ],
        ["PATCH", `${ns}/limitranges/tenant-limits`, { spec: { limits: [] } }],
      ];
      for (const [method, path, body] of forbidden) {
        for (const who of [bob, ann]) {
          const r = await plane.api(method, path, body, who, "application/merge-patch+json");
          assert.equal(r.status, 403, `${who.user} ${method} ${path}: ${r.status} ${r.text}`);
        }
      }
      // A viewer reads and never writes.
      assert.equal((await plane.api("GET", `${ns}/pods`, undefined, cid)).status, 200);
      const write = await plane.api("POST", `${ns}/configmaps`, { metadata: { name: "x" }, data: {} }, cid);
      assert.equal(write.status, 403, write.text);
      // Pod Security `restricted` rejects a privileged Pod, whoever asks.
      const privileged = restrictedPod("root");
      (privileged["spec"] as { containers: Record<string, unknown>[] }).containers[0]["securityContext"] = {
        privileged: true,
      };
      const rejected = await plane.api("POST", `${ns}/pods`, privileged, ann);
      assert.equal(rejected.status, 403, rejected.text);
      assert.match(String(rejected.body["message"]), /violates PodSecurity "restricted:latest"/);
      // The quota allows no LoadBalancer on a shared tier.
      const lb = {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "public" },
        spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ port: 80 }] },
      };
      const refused = await plane.api("POST", `${ns}/services`, lb, ann);
      assert.equal(refused.status, 403, refused.text);
      assert.match(String(refused.body["message"]), /exceeded quota: tenant-quota.*services\.loadbalancers/);
      // A Pod without resources gets the LimitRange's defaults.
      const pod = await plane.api("POST", `${ns}/pods`, restrictedPod("defaults"), bob);
      assert.equal(pod.status, 201, pod.text);
      const limits = await plane.api("GET", `${ns}/limitranges/tenant-limits`);
      const container = (
        limits.body["spec"] as { limits: { type: string; default: unknown; defaultRequest: unknown }[] }
      ).limits.find((l) => l.type === "Container")!;
      const resources = (pod.body["spec"] as { containers: { resources: Record<string, unknown> }[] })
        .containers[0].resources;
      assert.deepEqual(resources["limits"], container.default);
      assert.deepEqual(resources["requests"], container.defaultRequest);
    });

    it("admits a tenant's Ingress for its own host names only, as the API server decides", async () => {
      // Host names of this cluster's tenants: <customer>.kubeconfig-e2e.cloudtier.internal and below.
      const ingress = (
        name: string,
        hosts: readonly string[],
        spec: Record<string, unknown> = {},
      ): Record<string, unknown> => ({
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name },
        spec: {
          ingressClassName: "cloudtier",
          tls: [{ hosts, secretName: `${name}-tls` }],
          rules: hosts.map((host) => ({
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
          })),
          ...spec,
        },
      });
      const initech = "/apis/networking.k8s.io/v1/namespaces/initech/ingresses";
      const own = await plane.api(
        "POST",
        initech,
        ingress("web", [
          "initech.kubeconfig-e2e.cloudtier.internal",
          "api.initech.kubeconfig-e2e.cloudtier.internal",
        ]),
        bob,
      );
      assert.equal(own.status, 201, own.text);
      const refused: [string, Record<string, unknown>][] = [
        ["another tenant's host", ingress("a", ["hooli.kubeconfig-e2e.cloudtier.internal"])],
        ["a name below it", ingress("b", ["www.hooli.kubeconfig-e2e.cloudtier.internal"])],
        ["a look-alike", ingress("c", ["xinitech.kubeconfig-e2e.cloudtier.internal"])],
        ["a name outside the platform", ingress("d", ["initech.example.com"])],
        [
          "another tenant's host in TLS only",
          ingress("e", ["initech.kubeconfig-e2e.cloudtier.internal"], {
            tls: [{ hosts: ["hooli.kubeconfig-e2e.cloudtier.internal"], secretName: "e-tls" }],
          }),
        ],
        [
          "a rule without a host",
          ingress("f", [], {
            rules: [
              {
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
          }),
        ],
        [
          "a default backend",
          ingress("g", ["initech.kubeconfig-e2e.cloudtier.internal"], {
            defaultBackend: { service: { name: "web", port: { number: 80 } } },
          }),
        ],
        [
          "another ingress class",
          ingress("h", ["initech.kubeconfig-e2e.cloudtier.internal"], { ingressClassName: "other" }),
        ],
      ];
      for (const [what, body] of refused) {
        for (const who of [bob, ann]) {
          const r = await plane.api("POST", initech, body, who);
          assert.equal(r.status, 403, `${what} (${who.user}): ${r.status} ${r.text}`);
          assert.match(String(r.body["message"]), /ValidatingAdmissionPolicy 'cloudtier-tenant-hosts'/, what);
        }
      }
      // Moving an admitted Ingress to another tenant's host is refused as well.
      const moved = await plane.api(
        "PATCH",
        `${initech}/web`,
        { spec: { rules: [{ host: "hooli.kubeconfig-e2e.cloudtier.internal" }] } },
        ann,
        "application/merge-patch+json",
      );
      assert.equal(moved.status, 403, moved.text);
      // The other tenant claims its own host.
      const hooli = await plane.api(
        "POST",
        "/apis/networking.k8s.io/v1/namespaces/hooli/ingresses",
        ingress("web", ["hooli.kubeconfig-e2e.cloudtier.internal"]),
        { user: "hal@hooli.example" },
      );
      assert.equal(hooli.status, 201, hooli.text);
      // Both were admitted with their hosts as asked.
      const live = await plane.api("GET", `${initech}/web`);
      assert.deepEqual(
        (live.body["spec"] as { rules: { host: string }[] }).rules.map((r) => r.host),
        ["initech.kubeconfig-e2e.cloudtier.internal", "api.initech.kubeconfig-e2e.cloudtier.internal"],
      );
    });

    it("holds each tenant's NetworkPolicies as its tier says: the allowlist, its store, the platform", async () => {
      const names = async (namespace: string) => {
        const list = await plane.api(
          "GET",
          `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
        );
        assert.equal(list.status, 200, list.text);
        return (list.body["items"] as { metadata: { name: string } }[]).map((p) => p.metadata.name).sort();
      };
      const fence = [
        "allow-dns-egress",
        "allow-ingress-controller",
        "allow-monitoring",
        "allow-same-namespace",
        "default-deny-all",
      ];
      // Community: nothing outside the cluster.
      assert.deepEqual(await names("globex"), fence);
      // Team: the platform's allowlist.
      assert.deepEqual(await names("initech"), [...fence, "allow-egress-allowlist"].sort());
      // Developer, with its stores: the allowlist, and the stores' own policies.
      assert.deepEqual(
        await names("hooli"),
        [
          ...fence,
          "allow-egress-allowlist",
          "postgres-egress-api",
          "postgres-ingress",
          "redis-ingress",
        ].sort(),
      );
      const allowlist = await plane.api(
        "GET",
        "/apis/networking.k8s.io/v1/namespaces/initech/networkpolicies/allow-egress-allowlist",
      );
      assert.deepEqual(allowlist.body["spec"], {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] }],
      });
      // The ingress controller reaches the tenant's pods, never its stores.
      const controller = await plane.api(
        "GET",
        "/apis/networking.k8s.io/v1/namespaces/hooli/networkpolicies/allow-ingress-controller",
      );
      assert.deepEqual(controller.body["spec"], {
        podSelector: { matchExpressions: [{ key: "cloudtier.io/datastore", operator: "DoesNotExist" }] },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cloudtier-ingress" } } },
            ],
          },
        ],
      });
      // Postgres backs up to the configured endpoint, under the tenant's prefix, daily, and may reach it.
      const cluster = await plane.api(
        "GET",
        "/apis/postgresql.cnpg.io/v1/namespaces/hooli/clusters/postgres",
      );
      assert.equal(cluster.status, 200, cluster.text);
      const backup = (
        cluster.body["spec"] as {
          backup: { barmanObjectStore: Record<string, unknown>; retentionPolicy: string };
        }
      ).backup;
      assert.equal(backup.barmanObjectStore["destinationPath"], "s3://cloudtier-backups/hooli/");
      assert.equal(backup.barmanObjectStore["endpointURL"], "https://s3.backups.example:9000");
      assert.equal(backup.retentionPolicy, "7d");
      const schedules = await plane.api(
        "GET",
        "/apis/postgresql.cnpg.io/v1/namespaces/hooli/scheduledbackups",
      );
      assert.deepEqual(
        (schedules.body["items"] as { spec: { cluster: { name: string } } }[]).map(
          (b) => b.spec.cluster.name,
        ),
        ["postgres"],
      );
      const egress = await plane.api(
        "GET",
        "/apis/networking.k8s.io/v1/namespaces/hooli/networkpolicies/postgres-egress-api",
      );
      const ports = (egress.body["spec"] as { egress: { ports: { port: number }[] }[] }).egress[0].ports.map(
        (p) => p.port,
      );
      assert.ok(ports.includes(9000), `the object store's port among ${ports.join(", ")}`);
    });

    it("drift finds nothing after up, names a quota edited in the cluster, and up restores it", async () => {
      const clean = await project.cloudtier("drift", "--all");
      assert.equal(clean.code, 0, explain(clean));
      const quota = "/api/v1/namespaces/initech/resourcequotas/tenant-quota";
      const before = await plane.api("GET", quota);
      const planned = (before.body["spec"] as { hard: Record<string, string> }).hard["pods"];
      assert.equal(planned, "30");
      const edit = await plane.api(
        "PATCH",
        quota,
        { spec: { hard: { pods: "999" } } },
        undefined,
        "application/merge-patch+json",
      );
      assert.equal(edit.status, 200, edit.text);
      const drift = await project.cloudtier("drift", "--all", "--json");
      assert.equal(drift.code, 1, explain(drift));
      const report = JSON.parse(drift.stdout) as { stacks: { result: string; message: string }[] };
      assert.equal(report.stacks[0].result, "drifted");
      assert.match(report.stacks[0].message, /ResourceQuota initech-quota: update/);
      // Pulumi's state still says 30: the update refreshes first to see the change, then puts 30 back.
      const up = await project.cloudtier("up", "--all", "--refresh");
      assert.equal(up.code, 0, explain(up));
      const restored = await plane.api("GET", quota);
      assert.equal(
        (restored.body["spec"] as { hard: Record<string, string> }).hard["pods"],
        "30",
        explain(up),
      );
      const again = await project.cloudtier("drift", "--all");
      assert.equal(again.code, 0, explain(again));
    });

    it("onboarding a fourth customer changes only that customer's objects", async () => {
      const onboard = await project.cloudtier(
        "onboard",
        "umbrella",
        "--tier",
        "community",
        "--regions",
        REGION,
      );
      assert.equal(onboard.code, 0, explain(onboard));
      const plan = await planJson();
      // Every resource of a tenant is named after it (children take their component's name as a prefix).
      const umbrella = plan.stacks[0].resources.filter(
        (r) => r.name === "umbrella" || r.name.startsWith("umbrella-"),
      );
      const up = await project.cloudtier("up", "--stack", STACK, "--json");
      assert.equal(up.code, 0, explain(up));
      const changes = (JSON.parse(up.stdout) as { stacks: { changes: Record<string, number> }[] }).stacks[0]
        .changes;
      // Only creations: one per resource of the new tenant (its component included).
      assert.deepEqual(
        Object.keys(changes).filter((op) => op !== "same"),
        ["create"],
      );
      assert.equal(changes["create"], umbrella.length);
      assert.equal((await plane.api("GET", "/api/v1/namespaces/umbrella")).status, 200);
    });

    it("offboard --yes removes that customer's namespace and nothing else", async () => {
      const off = await project.cloudtier("offboard", "umbrella", "--yes");
      assert.equal(off.code, 0, explain(off));
      await namespaceGone("umbrella");
      for (const name of ["globex", "initech", "hooli"]) {
        assert.equal((await plane.api("GET", `/api/v1/namespaces/${name}`)).status, 200, name);
      }
      assert.doesNotMatch(project.stackFile(STACK), /umbrella/);
    });

    it("offboard keeps a leaving tenant's data: its namespace and Postgres stay, out of the stack", async () => {
      const onboard = await project.cloudtier(
        "onboard",
        "wayne",
        "--tier",
        "developer",
        "--regions",
        REGION,
        "--postgres",
      );
      assert.equal(onboard.code, 0, explain(onboard));
      const up = await project.cloudtier("up", "--stack", STACK);
      assert.equal(up.code, 0, explain(up));
      const store = (await planJson()).stacks[0].resources.find(
        (r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster" && r.name.startsWith("wayne-"),
      );
      assert.ok(store, "wayne's plan has its CloudNativePG cluster");
      const metadata = store.inputs["metadata"] as { name: string; namespace: string };
      const storePath = await objectPath(plane, "postgresql.cnpg.io/v1", "Cluster", metadata.name, "wayne");
      assert.equal((await plane.api("GET", storePath)).status, 200);

      const off = await project.cloudtier("offboard", "wayne", "--yes");
      assert.equal(off.code, 0, explain(off));
      assert.doesNotMatch(project.stackFile(STACK), /wayne/);
      const state = await project.pulumi("stack", "export", "--stack", STACK);
      assert.equal(state.code, 0, explain(state));
      const urns = (
        JSON.parse(state.stdout) as { deployment: { resources: { urn: string }[] } }
      ).deployment.resources.map((r) => r.urn);
      assert.deepEqual(
        urns.filter((u) => /::wayne(-|$)/.test(u)),
        [],
        "the stack no longer manages anything of wayne's",
      );
      // The engine released them (retainOnDelete) instead of deleting them: the data is still there.
      assert.equal((await plane.api("GET", "/api/v1/namespaces/wayne")).status, 200);
      assert.equal((await plane.api("GET", storePath)).status, 200);
      // What an operator does once the customer's data has been handed over.
      assert.equal((await plane.api("DELETE", "/api/v1/namespaces/wayne")).status, 200);
      await namespaceGone("wayne");
    });

    it("runs by hand too: a plain `pulumi up` in the project finds nothing to change", async () => {
      const run = await project.pulumi("up", "--stack", STACK, "--yes", "--skip-preview");
      assert.equal(run.code, 0, explain(run));
      assert.match(run.stdout, /Resources:\s+\d+ unchanged/);
      assert.doesNotMatch(run.stdout, /[+~-] \d+ (to )?(create|update|delete)/);
    });

    it("a state file's metadata torn by a killed write: pulumi fails with EOF, cloudtier repairs it", async () => {
      // What a kill between the backend's truncating the sidecar and writing it leaves.
      const sidecar = join(
        project.dir,
        ".pulumi-state",
        ".pulumi",
        "stacks",
        "cloudtier",
        `${STACK}.json.attrs`,
      );
      assert.ok(readFileSync(sidecar, "utf8").length > 0, "the file backend keeps a metadata sidecar");
      writeFileSync(sidecar, "");
      const broken = await project.pulumi("stack", "ls");
      assert.notEqual(broken.code, 0, explain(broken));
      assert.match(broken.stderr + broken.stdout, /error: EOF/);
      const status = await project.cloudtier("status", "--stack", STACK);
      assert.equal(status.code, 0, explain(status));
      assert.match(status.stderr, /removed .+\.json\.attrs, an empty metadata file/);
      const byHand = await project.pulumi("preview", "--stack", STACK);
      assert.equal(byHand.code, 0, explain(byHand));
    });

    it("two ups of one stack at once: one runs, the other names the lock's holder", async () => {
      // A change to apply, so the first holds the lock for a while.
      const onboard = await project.cloudtier(
        "onboard",
        "vandelay",
        "--tier",
        "community",
        "--regions",
        REGION,
      );
      assert.equal(onboard.code, 0, explain(onboard));
      const [a, b] = await Promise.all([
        project.cloudtier("up", "--stack", STACK, "--json"),
        delay(300).then(() => project.cloudtier("up", "--stack", STACK, "--json")),
      ]);
      const results = [a, b].map((r) => ({
        run: r,
        json: JSON.parse(r.stdout || "{}") as {
          stacks?: { result: string; message: string; lock?: unknown }[];
        },
      }));
      const ok = results.filter((r) => r.run.code === 0);
      const locked = results.filter((r) => r.json.stacks?.[0]?.result === "locked");
      assert.equal(ok.length, 1, results.map((r) => explain(r.run)).join("\n"));
      assert.equal(locked.length, 1, results.map((r) => explain(r.run)).join("\n"));
      assert.equal(locked[0].run.code, 1);
      assert.match(locked[0].json.stacks![0].message, /locked by .+@.+/);
    });

    it("an up killed midway says what is pending and how to recover, and converges after recovery", async () => {
      // A batch of new tenants, so the update takes long enough to be killed in the middle of it.
      const batch = Array.from(
        { length: 8 },
        (_, i) => `  - { id: soylent-${i}, tier: team, regions: [${REGION}] }`,
      );
      writeFileSync(join(scratch, "batch.yaml"), `customers:\n${batch.join("\n")}\n`);
      const onboard = await project.cloudtier("onboard", "--file", join(scratch, "batch.yaml"));
      assert.equal(onboard.code, 0, explain(onboard));
      const child = project.spawn(process.execPath, [CLI, "-C", project.dir, "up", "--stack", STACK]);
      const done = finished(child);
      // Kill the whole run (the CLI, the engine, the language host and the provider) once it has begun to
      // create the new tenant's objects.
      await plane.waitFor(
        async () => (await plane.api("GET", "/api/v1/namespaces/soylent-0")).status === 200,
        120_000,
        "the killed up to start creating",
      );
      // The whole tree at once, as a CI job's timeout does: Pulumi starts its plugins in process groups of
      // their own, so killing the run's group would leave them running.
      assert.ok(
        killTree(child.pid!).length >= 4,
        "the CLI, pulumi, the language host, the program, the provider",
      );
      const killed = await done;
      assert.equal(killed.signal, "SIGKILL");
      const next = await project.cloudtier("up", "--stack", STACK, "--json");
      assert.equal(next.code, 1, explain(next));
      const report = JSON.parse(next.stdout) as {
        stacks: { result: string; message: string; lock?: { advice: string } }[];
      };
      if (report.stacks[0].result !== "locked") {
        const files = await project.run("bash", [
          "-c",
          "find .pulumi-state .pulumi-home/workspaces stacks -type f -printf '%s %p\\n'; PULUMI_BACKEND_URL=file://$PWD/.pulumi-state pulumi stack ls -v=5 --logtostderr 2>&1 | grep -i -B2 -A2 eof | head -40",
        ]);
        assert.fail(
          `${explain(next)}\n--- files\n${files.stdout}${files.stderr}\n--- killed\n${explain(killed)}`,
        );
      }
      assert.match(report.stacks[0].lock!.advice, /pulumi cancel/);
      // The recovery the advice gives: the holder is gone, so release the lock, refresh, and run again.
      const cancel = await project.pulumi("cancel", "--stack", STACK, "--yes");
      assert.equal(cancel.code, 0, explain(cancel));
      const refresh = await project.cloudtier("refresh", "--stack", STACK);
      assert.equal(refresh.code, 0, explain(refresh));
      const up = await project.cloudtier("up", "--stack", STACK);
      assert.equal(up.code, 0, explain(up));
      const drift = await project.cloudtier("drift", "--stack", STACK);
      assert.equal(drift.code, 0, explain(drift));
      for (let i = 0; i < 8; i++) {
        const quota = await plane.api("GET", `/api/v1/namespaces/soylent-${i}/resourcequotas/tenant-quota`);
        assert.equal(quota.status, 200, `soylent-${i}`);
      }
    });

    it("the real engine enforces the policy pack: a weakened stack is blocked, naming the rule", async () => {
      // A program that makes a tenant namespace at Pod Security `privileged`, run as a project of its own.
      const weak = new E2eProject(plane.kubeconfigPath);
      try {
        writeFileSync(
          join(weak.dir, "Pulumi.yaml"),
          "name: cloudtier\nmain: weakened.mjs\nstackConfigDir: stacks\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
        );
        weak.copyIn(join(import.meta.dirname, "fixtures", "weakened.mjs"), "weakened.mjs");
        writeFileSync(
          join(weak.dir, "stacks", `Pulumi.${STACK}.yaml`),
          `config:\n  cloudtier:stack:\n    kind: platform\n    region: ${REGION}\n`,
        );
        const up = await weak.cloudtier("up", "--stack", STACK, "--json");
        assert.equal(up.code, 1, explain(up));
        const message = (JSON.parse(up.stdout) as { stacks: { message: string }[] }).stacks[0].message;
        assert.match(message, /tenant-pod-security-restricted/, message);
        assert.equal(
          (await plane.api("GET", "/api/v1/namespaces/weakened")).status,
          404,
          "nothing was created",
        );
      } finally {
        weak.remove();
      }
    });

    it("destroy --yes leaves no cloudtier object behind", async () => {
      const off = await project.cloudtier("offboard", "hooli", "--yes", "--delete-data");
      assert.equal(off.code, 0, explain(off));
      const destroy = await project.cloudtier("destroy", "--all", "--yes");
      assert.equal(destroy.code, 0, explain(destroy));
      for (const name of [
        "globex",
        "initech",
        "hooli",
        "vandelay",
        ...Array.from({ length: 8 }, (_, i) => `soylent-${i}`),
      ]) {
        await namespaceGone(name);
      }
      const labelled = await plane.api(
        "GET",
        "/api/v1/namespaces?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcloudtier",
      );
      assert.deepEqual((labelled.body["items"] as unknown[]).length, 0);
      for (const path of [
        "/api/v1/configmaps",
        "/api/v1/secrets",
        "/apis/rbac.authorization.k8s.io/v1/roles",
      ]) {
        const left = await plane.api(
          "GET",
          `${path}?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcloudtier`,
        );
        assert.deepEqual((left.body["items"] as unknown[]).length, 0, path);
      }
    });
  },
);
