/**
 * A real Kubernetes control plane on loopback for the end-to-end suite: etcd, the API server (RBAC;
 * admission NamespaceLifecycle, LimitRanger, ServiceAccount, ResourceQuota, PodSecurity) and the
 * controller manager (namespaces finish terminating, default ServiceAccounts appear, quota usage is
 * recomputed), built from source by scripts/tools/build.sh. Certificates are generated per run with
 * openssl: a CA, the server's, an admin in `system:masters`, and the controller manager's. Tenant users act
 * through impersonation by the admin, which the API server authorizes exactly as their own requests.
 *
 * On its own, no kubelet and no scheduler run: Pods are admitted and stored, never started. Given an
 * address of its own (`PlaneOptions`), it serves a node (support/node.ts): the API server listens there and
 * publishes it as the `kubernetes` Service's endpoint, the controller manager gives the node its pod range,
 * and the Node authorizer admits the kubelet.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { tool } from "./tools.js";

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

/** Where the control plane serves a node from; without it, loopback only and no node. */
export interface PlaneOptions {
  /** An address of this host that the node's network reaches (never loopback). */
  readonly address: string;
  /** The range the controller manager allocates the node's pod range from. */
  readonly clusterCidr: string;
}

/** The Services' virtual range; the cluster DNS Service takes `DNS_SERVICE_IP`. */
export const SERVICE_CIDR = "10.0.0.0/24";
export const DNS_SERVICE_IP = "10.0.0.10";

/** Who a request acts as: the admin, or a user (and groups) the admin impersonates. */
export interface Identity {
  readonly user: string;
  readonly groups?: readonly string[];
}

/** A TCP port free on loopback now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** An EC key and a certificate signed by the run's CA. */
function issue(dir: string, name: string, subject: string, extensions: string): void {
  openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
  openssl(dir, "req", "-new", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(
    dir,
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  );
}

function makeCertificates(dir: string, address: string): void {
  openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
  openssl(
    dir,
    "req",
    "-x509",
    "-new",
    "-key",
    "ca.key",
    "-subj",
    "/CN=cloudtier-e2e-ca",
    "-days",
    "2",
    "-out",
    "ca.crt",
  );
  issue(
    dir,
    "server",
    "/CN=kube-apiserver",
    `subjectAltName=IP:${address},IP:10.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n`,
  );
  issue(dir, "admin", "/O=system:masters/CN=cloudtier-e2e-admin", "extendedKeyUsage=clientAuth\n");
  issue(dir, "controller-manager", "/CN=system:kube-controller-manager", "extendedKeyUsage=clientAuth\n");
  // The service-account token signing key pair.
  openssl(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "sa.key");
  openssl(dir, "pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub");
}

/** A kubeconfig whose one context authenticates with a client certificate. */
function kubeconfig(dir: string, server: string, context: string, cert: string): string {
  const b64 = (file: string) => readFileSync(join(dir, file)).toString("base64");
  return [
    "apiVersion: v1",
    "kind: Config",
    `current-context: ${JSON.stringify(context)}`,
    "clusters:",
    `- name: ${JSON.stringify(context)}`,
    "  cluster:",
    `    server: ${server}`,
    `    certificate-authority-data: ${b64("ca.crt")}`,
    "contexts:",
    `- name: ${JSON.stringify(context)}`,
    "  context:",
    `    cluster: ${JSON.stringify(context)}`,
    `    user: ${JSON.stringify(context)}`,
    "users:",
    `- name: ${JSON.stringify(context)}`,
    "  user:",
    `    client-certificate-data: ${b64(`${cert}.crt`)}`,
    `    client-key-data: ${b64(`${cert}.key`)}`,
    "",
  ].join("\n");
}

/** Whether a child process has ended, by an exit or a signal. */
export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export class ControlPlane {
  private readonly processes: ChildProcess[] = [];
  private ca = "";
  private cert = "";
  private key = "";
  /** The API server's URL. */
  server = "";
  /** A kubeconfig file with one context, named as given to `start`, for the admin. */
  kubeconfigPath = "";

  private constructor(
    private readonly dir: string,
    readonly context: string,
    readonly options?: PlaneOptions,
  ) {}

  /** Starts etcd, the API server and the controller manager under `dir`; resolves once all are ready. */
  static async start(dir: string, context: string, options?: PlaneOptions): Promise<ControlPlane> {
    const plane = new ControlPlane(dir, context, options);
    await plane.boot();
    return plane;
  }

  private launch(name: string, binary: string, args: string[]): ChildProcess {
    const log = createWriteStream(join(this.dir, `${name}.log`));
    const child = spawn(tool(binary), args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.push(child);
    return child;
  }

  private async boot(): Promise<void> {
    mkdirSync(join(this.dir, "etcd"), { recursive: true });
    const address = this.options?.address ?? "127.0.0.1";
    makeCertificates(this.dir, address);
    this.ca = readFileSync(join(this.dir, "ca.crt"), "utf8");
    this.cert = readFileSync(join(this.dir, "admin.crt"), "utf8");
    this.key = readFileSync(join(this.dir, "admin.key"), "utf8");

    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    this.launch("etcd", "etcd", [
      "--data-dir",
      join(this.dir, "etcd"),
      "--listen-client-urls",
      etcdUrl,
      "--advertise-client-urls",
      etcdUrl,
      "--listen-peer-urls",
      `http://127.0.0.1:${etcdPeer}`,
      "--initial-advertise-peer-urls",
      `http://127.0.0.1:${etcdPeer}`,
      "--initial-cluster",
      `default=http://127.0.0.1:${etcdPeer}`,
      // A test cluster: durability is not the point, speed is.
      "--unsafe-no-fsync",
    ]);

    this.server = `https://${address}:${apiPort}`;
    this.launch("kube-apiserver", "kube-apiserver", [
      `--etcd-servers=${etcdUrl}`,
      `--secure-port=${apiPort}`,
      `--bind-address=${address}`,
      `--advertise-address=${address}`,
      `--cert-dir=${this.dir}`,
      `--tls-cert-file=${join(this.dir, "server.crt")}`,
      `--tls-private-key-file=${join(this.dir, "server.key")}`,
      `--client-ca-file=${join(this.dir, "ca.crt")}`,
      `--service-account-key-file=${join(this.dir, "sa.pub")}`,
      `--service-account-signing-key-file=${join(this.dir, "sa.key")}`,
      "--service-account-issuer=https://kubernetes.default.svc",
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      "--authorization-mode=Node,RBAC",
      "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,ResourceQuota,PodSecurity",
      "--allow-privileged=true",
      "--profiling=false",
      ...(this.options
        ? [
            // `kubectl exec` and logs: the kubelet trusts the run's CA.
            `--kubelet-client-certificate=${join(this.dir, "admin.crt")}`,
            `--kubelet-client-key=${join(this.dir, "admin.key")}`,
            // The node's name resolves nowhere: its address is what the kubelet reports.
            "--kubelet-preferred-address-types=InternalIP",
          ]
        : // The API server cannot publish a loopback address as the `kubernetes` Service endpoint; nothing
          // here needs it without a node.
          ["--endpoint-reconciler-type=none"]),
    ]);
    await this.waitReady("/readyz", 120_000);

    const cmKubeconfig = join(this.dir, "controller-manager.kubeconfig");
    writeFileSync(cmKubeconfig, kubeconfig(this.dir, this.server, "cm", "controller-manager"));
    this.launch("kube-controller-manager", "kube-controller-manager", [
      `--kubeconfig=${cmKubeconfig}`,
      `--authentication-kubeconfig=${cmKubeconfig}`,
      `--authorization-kubeconfig=${cmKubeconfig}`,
      "--leader-elect=false",
      `--service-account-private-key-file=${join(this.dir, "sa.key")}`,
      `--root-ca-file=${join(this.dir, "ca.crt")}`,
      "--use-service-account-credentials=true",
      "--bind-address=127.0.0.1",
      `--secure-port=${await freePort()}`,
      "--controllers=*",
      // Quota usage recomputed promptly after objects change.
      "--resource-quota-sync-period=5s",
      ...(this.options
        ? [
            "--allocate-node-cidrs=true",
            `--cluster-cidr=${this.options.clusterCidr}`,
            "--node-cidr-mask-size=24",
          ]
        : []),
    ]);
    this.kubeconfigPath = join(this.dir, "kubeconfig");
    writeFileSync(this.kubeconfigPath, kubeconfig(this.dir, this.server, this.context, "admin"));
    // The controller manager is up once it has given the default namespace its ServiceAccount.
    await this.waitFor(
      async () =>
        (await this.api("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200,
      120_000,
      "the controller manager to create the default ServiceAccount",
    );
  }

  /**
   * A kubeconfig for a client certificate the run's CA signs: `subject` as openssl writes it
   * (`/O=system:nodes/CN=system:node:n1`). For the node's own components.
   */
  clientKubeconfig(name: string, subject: string): string {
    issue(this.dir, name, subject, "extendedKeyUsage=clientAuth\n");
    const path = join(this.dir, `${name}.kubeconfig`);
    writeFileSync(path, kubeconfig(this.dir, this.server, name, name));
    return path;
  }

  /** The run's CA certificate file, which every client and the kubelet trust. */
  get caFile(): string {
    return join(this.dir, "ca.crt");
  }

  private async waitReady(path: string, timeoutMs: number): Promise<void> {
    await this.waitFor(
      async () => {
        try {
          return (await this.api("GET", path)).status === 200;
        } catch {
          return false;
        }
      },
      timeoutMs,
      `the API server at ${this.server}${path} (see ${join(this.dir, "kube-apiserver.log")})`,
    );
  }

  async waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const child of this.processes) {
        if (exited(child))
          throw new Error(
            `${child.spawnfile} exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}`,
          );
      }
      if (await check()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(250);
    }
  }

  /** One request to the API server as the admin, or as an impersonated user. */
  api(
    method: string,
    path: string,
    body?: unknown,
    as?: Identity,
    contentType = "application/json",
  ): Promise<ApiResponse> {
    const headers: Record<string, string | string[]> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = contentType;
    if (as) {
      headers["impersonate-user"] = as.user;
      headers["impersonate-group"] = [...(as.groups ?? []), "system:authenticated"];
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolveResponse, reject) => {
      const req = request(
        `${this.server}${path}`,
        { method, ca: this.ca, cert: this.cert, key: this.key, headers, timeout: 30_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            let parsed: Record<string, unknown> = {};
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              // Not JSON (`/readyz` answers "ok").
            }
            resolveResponse({ status: res.statusCode ?? 0, body: parsed, text });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Stops every process (the data directory is the caller's to remove). */
  async stop(): Promise<void> {
    for (const child of [...this.processes].reverse()) {
      if (!exited(child)) child.kill("SIGTERM");
    }
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((done) => {
            if (exited(child)) return done();
            const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
            child.once("exit", () => {
              clearTimeout(timer);
              done();
            });
          }),
      ),
    );
  }
}
