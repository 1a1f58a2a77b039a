/**
 * Tenants' workloads on the suite's node, as a tenant's own users create them: a small web server and its
 * Service, and probes, pods that try connections and DNS names and print what happened. Every check is a
 * real connection from a pod in the tenant's namespace, so what the NetworkPolicies, kube-proxy and
 * CoreDNS do is what the result says.
 */
import assert from "node:assert/strict";
import type { ControlPlane, Identity } from "./control-plane.js";
import { IMAGES, type Node } from "./node.js";
import { collectionPath } from "./objects.js";

/** The security context Pod Security `restricted` requires, and an unprivileged user. */
export const RESTRICTED = {
  pod: {
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    seccompProfile: { type: "RuntimeDefault" },
  },
  container: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
} as const;

export interface PodOptions {
  /** Mounts the pod's own annotations at /gate (a downward API volume the kubelet keeps current). */
  readonly annotationsVolume?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  readonly command: readonly string[];
  readonly resources?: Record<string, unknown>;
  readonly restartPolicy?: "Always" | "Never";
  readonly ports?: readonly number[];
}

/** A pod of the busybox image that passes Pod Security `restricted`. */
export function busyboxPod(name: string, options: PodOptions): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, labels: { ...(options.labels ?? {}) } },
    spec: {
      restartPolicy: options.restartPolicy ?? "Always",
      securityContext: RESTRICTED.pod,
      // Killed at once when deleted: busybox as PID 1 ignores SIGTERM.
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      containers: [
        {
          name: "main",
          image: IMAGES.busybox,
          imagePullPolicy: "Never",
          command: options.command,
          securityContext: RESTRICTED.container,
          ...(options.ports ? { ports: options.ports.map((containerPort) => ({ containerPort })) } : {}),
          ...(options.resources ? { resources: options.resources } : {}),
          ...(options.annotationsVolume ? { volumeMounts: [{ name: "gate", mountPath: "/gate" }] } : {}),
        },
      ],
      ...(options.annotationsVolume
        ? {
            volumes: [
              {
                name: "gate",
                downwardAPI: {
                  items: [{ path: "annotations", fieldRef: { fieldPath: "metadata.annotations" } }],
                },
              },
            ],
          }
        : {}),
    },
  };
}

/** A web server answering every path with `text` on `port`. */
export function webPod(name: string, text: string, port: number, labels?: Record<string, string>) {
  return busyboxPod(name, {
    labels: { app: name, ...(labels ?? {}) },
    ports: [port],
    command: [
      "sh",
      "-c",
      `mkdir -p /tmp/www && echo '${text}' > /tmp/www/index.html && exec httpd -f -p ${port} -h /tmp/www`,
    ],
  });
}

export function service(name: string, selector: Record<string, string>, port: number, targetPort: number) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name },
    spec: { selector, ports: [{ name: "tcp", port, targetPort, protocol: "TCP" }] },
  };
}

/** Creates an object in a namespace as `as`; fails the test unless it was created. */
export async function create(
  plane: ControlPlane,
  namespace: string,
  object: Record<string, unknown>,
  as?: Identity,
): Promise<Record<string, unknown>> {
  const kind = object["kind"] as string;
  const path = await collectionPath(plane, object["apiVersion"] as string, kind, namespace || undefined);
  const res = await plane.api("POST", path, object, as);
  assert.equal(res.status, 201, `creating ${kind} in ${namespace}: ${res.text}`);
  return res.body;
}

interface PodStatus {
  phase?: string;
  podIP?: string;
  reason?: string;
  conditions?: { type: string; status: string }[];
}

export async function podStatus(plane: ControlPlane, namespace: string, name: string): Promise<PodStatus> {
  const res = await plane.api("GET", `/api/v1/namespaces/${namespace}/pods/${name}`);
  return res.body["status"] ?? {};
}

/** Waits for a pod to be Ready and returns its address. */
export async function podReady(plane: ControlPlane, namespace: string, name: string): Promise<string> {
  let ip = "";
  await plane.waitFor(
    async () => {
      const status = await podStatus(plane, namespace, name);
      ip = status.podIP ?? "";
      return Boolean(status.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
    },
    120_000,
    `pod ${namespace}/${name} to be ready`,
  );
  return ip;
}

/** One check a probe makes: a URL fetched over HTTP, or a DNS name looked up. */
export type Check =
  { readonly name: string; readonly url: string } | { readonly name: string; readonly lookup: string };

let probes = 0;

/** The annotation that lets a probe start. */
const START = "cloudtier.io/e2e-start";

/**
 * Runs checks from a new pod in `namespace`, created as `as`, all at once (an unanswered connection takes
 * its whole timeout), and returns each check's outcome: `true` when it connected and was answered (or the
 * name resolved). The pod ends by itself; its log is the result.
 *
 * The checks start only once the NetworkPolicy agent has programmed the pod's rules: kube-router filters a
 * new pod's traffic from its first sync after the pod has an address, not before (a window every agent
 * has in some form, and not what these checks are about). The pod waits for an annotation, which the test
 * sets when the node's firewall holds the pod's address, and which the kubelet then shows the pod.
 */
export async function probe(
  node: Node,
  namespace: string,
  /** The tenant's user; the admin when absent. */
  as: Identity | undefined,
  checks: readonly Check[],
  labels?: Record<string, string>,
): Promise<Record<string, boolean>> {
  const plane = node.plane;
  const name = `probe-${++probes}`;
  const gate = `until grep -q '${START}' /gate/annotations 2>/dev/null; do sleep 0.2; done`;
  const lines = checks.map((check) => {
    const attempt =
      "url" in check
        ? `timeout 4 wget -q -O /dev/null '${check.url}'`
        : `nslookup '${check.lookup}' >/dev/null 2>&1`;
    // busybox 1.35's own `wget -T` crashes (Debian's static build): `timeout` bounds each attempt instead.
    return `( if ${attempt}; then echo 'RESULT ${check.name} ok'; else echo 'RESULT ${check.name} fail'; fi ) &`;
  });
  await create(
    plane,
    namespace,
    busyboxPod(name, {
      labels,
      restartPolicy: "Never",
      annotationsVolume: true,
      command: ["sh", "-c", [gate, ...lines, "wait"].join("\n")],
    }),
    as,
  );
  let ip = "";
  await plane.waitFor(
    async () => Boolean((ip = (await podStatus(plane, namespace, name)).podIP ?? "")),
    120_000,
    `probe ${namespace}/${name} to have an address`,
  );
  await plane.waitFor(
    () => Promise.resolve(node.firewallHolds(ip)),
    60_000,
    `the NetworkPolicy agent to program ${namespace}/${name} (${ip})`,
  );
  const started = await plane.api(
    "PATCH",
    `/api/v1/namespaces/${namespace}/pods/${name}`,
    { metadata: { annotations: { [START]: "now" } } },
    undefined,
    "application/merge-patch+json",
  );
  assert.equal(started.status, 200, started.text);
  await plane.waitFor(
    async () => ["Succeeded", "Failed"].includes((await podStatus(plane, namespace, name)).phase ?? ""),
    120_000,
    `probe ${namespace}/${name} to finish`,
  );
  const log = await plane.api("GET", `/api/v1/namespaces/${namespace}/pods/${name}/log`);
  const outcome: Record<string, boolean> = {};
  for (const match of log.text.matchAll(/^RESULT (\S+) (ok|fail)$/gm))
    outcome[match[1] ?? ""] = match[2] === "ok";
  for (const check of checks) {
    assert.ok(
      check.name in outcome,
      `probe ${namespace}/${name} printed no result for ${check.name}:\n${log.text}`,
    );
  }
  return outcome;
}

/** Asserts each check's outcome, naming every one that differs. */
export function expectOutcomes(
  who: string,
  got: Record<string, boolean>,
  want: Record<string, boolean>,
): void {
  const wrong = Object.entries(want)
    .filter(([name, expected]) => got[name] !== expected)
    .map(
      ([name, expected]) =>
        `${name}: expected ${expected ? "reachable" : "blocked"}, was ${got[name] ? "reachable" : "blocked"}`,
    );
  assert.deepEqual(wrong, [], `${who}:\n${wrong.join("\n")}`);
}
