/**
 * A real one-node cluster for the end-to-end suite, around a control plane given an address of its own
 * (support/control-plane.ts): in the node's network namespace (support/network.ts), containerd with runc
 * and the bridge CNI plugins (Debian's packages), the kubelet, kube-proxy (iptables) and kube-router's
 * NetworkPolicy firewall alone; on this host, the scheduler and cert-manager's controller, which only talk
 * to the API server; as pods, CoreDNS (kube-system, `k8s-app: kube-dns`, as clusters run it, so the
 * tenants' DNS policy selects it as it would in a cloud) and, installed by the platform's own Helm release,
 * Traefik. Images are made here from static binaries (support/images.ts) and imported into containerd.
 *
 * cert-manager runs on this host rather than as a pod: it only calls the API server, and its pod would add
 * nothing the suite checks. Traefik runs as a pod: tenants' NetworkPolicies admit it by its namespace, which
 * only a pod has.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseAllDocuments } from "yaml";
import { type ControlPlane, DNS_SERVICE_IP, exited, freePort } from "./control-plane.js";
import { binaryImage, buildImage, busyboxImage } from "./images.js";
import { collectionPath } from "./objects.js";
import { CLUSTER_CIDR, NODE_POD_CIDR, NodeNetwork, POD_BRIDGE, STAND_INS, sh } from "./network.js";
import { tool } from "./tools.js";

export const NODE_NAME = "cloudtier-e2e-node";
/** The images pods of the suite name, with `imagePullPolicy: Never`. */
export const IMAGES = {
  busybox: "cloudtier.local/busybox:e2e",
  coredns: "cloudtier.local/coredns:e2e",
  traefik: "cloudtier.local/traefik:e2e",
} as const;
/** The ports the stand-in hosts listen on: plain HTTP on each (443 too, as a port, without TLS). */
export const STAND_IN_PORTS = [80, 443] as const;

/** A Kubernetes object as the suite sends it. */
type Manifest = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

export class Node {
  private readonly processes: ChildProcess[] = [];
  private loadBalancers?: NodeJS.Timeout;
  private readonly containerdSocket: string;

  private constructor(
    readonly dir: string,
    readonly plane: ControlPlane,
    readonly network: NodeNetwork,
  ) {
    this.containerdSocket = join(dir, "containerd", "containerd.sock");
  }

  /**
   * Makes the node's network, then starts the control plane (at the network's host address) and the node,
   * resolving once the node is Ready and cluster DNS answers. `startPlane` starts the control plane at the
   * address it is given.
   */
  static async start(
    dir: string,
    startPlane: (options: { address: string; clusterCidr: string }) => Promise<ControlPlane>,
  ): Promise<Node> {
    mkdirSync(dir, { recursive: true });
    const network = NodeNetwork.create(dir);
    try {
      const plane = await startPlane({ address: network.hostAddress, clusterCidr: CLUSTER_CIDR });
      network.openApiServer(Number(new URL(plane.server).port));
      const node = new Node(dir, plane, network);
      await node.boot();
      return node;
    } catch (error) {
      network.destroy();
      throw error;
    }
  }

  private launch(name: string, command: string, args: readonly string[]): ChildProcess {
    const log = createWriteStream(join(this.dir, `${name}.log`));
    const child = spawn(command, args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.push(child);
    return child;
  }

  private inNode(name: string, binary: string, args: readonly string[]): ChildProcess {
    return this.launch(name, ...this.network.inNode(binary, args));
  }

  private async boot(): Promise<void> {
    this.startStandIns();
    await this.startContainerd();
    this.importImages();
    this.writeCniConfig();
    await this.startKubelet();
    this.startKubeProxy();
    this.startNetworkPolicyAgent();
    await this.startScheduler();
    await this.startDns();
    await this.startCertManager();
    this.startLoadBalancerStandIn();
  }

  /**
   * The cluster's load-balancer controller, as bare-metal clusters have one (k3s's ServiceLB, MetalLB): each
   * LoadBalancer Service is published at the node's address, where kube-proxy serves its ports.
   */
  private startLoadBalancerStandIn(): void {
    let busy = false;
    this.loadBalancers = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        const res = await this.plane.api("GET", "/api/v1/services");
        const items = (res.body["items"] ?? []) as {
          metadata: { name: string; namespace: string };
          spec: { type?: string };
          status?: { loadBalancer?: { ingress?: unknown[] } };
        }[];
        for (const service of items) {
          if (
            service.spec.type !== "LoadBalancer" ||
            (service.status?.loadBalancer?.ingress?.length ?? 0) > 0
          )
            continue;
          const { namespace, name } = service.metadata;
          await this.plane.api(
            "PATCH",
            `/api/v1/namespaces/${namespace}/services/${name}/status`,
            { status: { loadBalancer: { ingress: [{ ip: this.network.nodeAddress, ipMode: "VIP" }] } } },
            undefined,
            "application/merge-patch+json",
          );
        }
      })()
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, 1000);
  }

  /** The stand-in internet: each documentation address serves its own name over HTTP. */
  private startStandIns(): void {
    for (const [name, address] of Object.entries(STAND_INS)) {
      const root = join(this.dir, `stand-in-${name}`);
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, "index.html"), `stand-in ${address}\n`);
      for (const port of STAND_IN_PORTS) {
        this.launch(
          `stand-in-${name}-${port}`,
          ...this.network.inStandIns("busybox", ["httpd", "-f", "-p", `${address}:${port}`, "-h", root]),
        );
      }
    }
  }

  private async startContainerd(): Promise<void> {
    const base = join(this.dir, "containerd");
    mkdirSync(base, { recursive: true });
    const config = join(base, "config.toml");
    writeFileSync(
      config,
      [
        "version = 2",
        `root = "${base}/root"`,
        `state = "${base}/state"`,
        "[grpc]",
        `  address = "${this.containerdSocket}"`,
        '[plugins."io.containerd.internal.v1.opt"]',
        `  path = "${base}/opt"`,
        '[plugins."io.containerd.grpc.v1.cri"]',
        `  sandbox_image = "${IMAGES.busybox}"`,
        // Root here lacks CAP_SYS_RESOURCE: the sandbox's oom_score_adj of -998 would fail every pod.
        "  restrict_oom_score_adj = true",
        // Pods' network namespaces under the state directory, not /run/netns, so a run cleans its own.
        "  netns_mounts_under_state_dir = true",
        "  disable_apparmor = true",
        '  [plugins."io.containerd.grpc.v1.cri".containerd]',
        '    snapshotter = "overlayfs"',
        '  [plugins."io.containerd.grpc.v1.cri".cni]',
        '    bin_dir = "/usr/lib/cni"',
        `    conf_dir = "${join(this.dir, "cni")}"`,
        "",
      ].join("\n"),
    );
    this.inNode("containerd", "containerd", ["--config", config]);
    await this.waitFor(
      () => {
        try {
          sh("ctr", ["--address", this.containerdSocket, "version"]);
          return Promise.resolve(true);
        } catch {
          return Promise.resolve(false);
        }
      },
      60_000,
      "containerd",
    );
  }

  private importImages(): void {
    const images = join(this.dir, "images");
    mkdirSync(images, { recursive: true });
    const archives = [
      buildImage(images, busyboxImage(IMAGES.busybox)),
      buildImage(images, binaryImage(IMAGES.coredns, tool("coredns"), "coredns")),
      buildImage(images, binaryImage(IMAGES.traefik, tool("traefik"), "traefik")),
    ];
    for (const archive of archives) {
      sh("ctr", ["--address", this.containerdSocket, "-n", "k8s.io", "images", "import", archive]);
    }
  }

  private writeCniConfig(): void {
    mkdirSync(join(this.dir, "cni"), { recursive: true });
    writeFileSync(
      join(this.dir, "cni", "10-cloudtier-e2e.conflist"),
      JSON.stringify({
        cniVersion: "0.4.0",
        name: "cloudtier-e2e",
        plugins: [
          {
            type: "bridge",
            bridge: POD_BRIDGE,
            isGateway: true,
            // Never masqueraded: pods keep their addresses, and there is nowhere else to go.
            ipMasq: false,
            hairpinMode: true,
            ipam: {
              type: "host-local",
              ranges: [[{ subnet: NODE_POD_CIDR }]],
              routes: [{ dst: "0.0.0.0/0" }],
              dataDir: join(this.dir, "cni-ipam"),
            },
          },
          { type: "portmap", capabilities: { portMappings: true } },
        ],
      }),
    );
  }

  private async startKubelet(): Promise<void> {
    const root = join(this.dir, "kubelet");
    mkdirSync(join(root, "pod-logs"), { recursive: true });
    // Cgroups of the run's own (cgroup v1: every hierarchy), so two runs never share one.
    for (const hierarchy of [
      "cpu",
      "cpuacct",
      "cpuset",
      "memory",
      "devices",
      "freezer",
      "blkio",
      "pids",
      "systemd",
    ]) {
      const cgroup = join("/sys/fs/cgroup", hierarchy, this.network.cgroupRoot);
      mkdirSync(cgroup, { recursive: true });
      if (hierarchy === "cpuset") {
        for (const file of ["cpuset.cpus", "cpuset.mems"]) {
          writeFileSync(join(cgroup, file), readFileSync(join("/sys/fs/cgroup/cpuset", file)));
        }
      }
    }
    // Pods whose DNS is the node's ("Default") get no server: nothing resolves outside the cluster.
    writeFileSync(join(root, "resolv.conf"), "");
    const config = join(root, "config.yaml");
    writeFileSync(
      config,
      JSON.stringify({
        apiVersion: "kubelet.config.k8s.io/v1beta1",
        kind: "KubeletConfiguration",
        // This machine mounts cgroup v1, which the kubelet refuses unless told.
        failCgroupV1: false,
        cgroupDriver: "cgroupfs",
        cgroupRoot: this.network.cgroupRoot,
        containerRuntimeEndpoint: `unix://${this.containerdSocket}`,
        address: this.network.nodeAddress,
        readOnlyPort: 0,
        healthzBindAddress: "127.0.0.1",
        authentication: {
          anonymous: { enabled: false },
          webhook: { enabled: false },
          x509: { clientCAFile: this.plane.caFile },
        },
        // Only the API server (with the run's admin certificate) reaches the kubelet.
        authorization: { mode: "AlwaysAllow" },
        clusterDNS: [DNS_SERVICE_IP],
        clusterDomain: "cluster.local",
        resolvConf: join(root, "resolv.conf"),
        podLogsDir: join(root, "pod-logs"),
        failSwapOn: false,
        // A machine whose disk is mostly used still runs the suite; image GC never removes the imported
        // images (no registry could give them back).
        evictionHard: { "memory.available": "100Mi", "nodefs.available": "1%", "imagefs.available": "1%" },
        imageGCHighThresholdPercent: 100,
        imageGCLowThresholdPercent: 99,
        // Evictions for ephemeral storage are checked this often.
        evictionPressureTransitionPeriod: "10s",
        serializeImagePulls: false,
        syncFrequency: "10s",
      }),
    );
    const kubeconfig = this.plane.clientKubeconfig("kubelet", `/O=system:nodes/CN=system:node:${NODE_NAME}`);
    this.inNode("kubelet", tool("kubelet"), [
      `--config=${config}`,
      `--kubeconfig=${kubeconfig}`,
      `--root-dir=${root}`,
      `--cert-dir=${join(root, "pki")}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${this.network.nodeAddress}`,
    ]);
    await this.waitFor(
      async () => {
        const res = await this.plane.api("GET", `/api/v1/nodes/${NODE_NAME}`);
        const conditions = ((res.body["status"] as { conditions?: { type: string; status: string }[] })
          ?.conditions ?? []) as { type: string; status: string }[];
        return conditions.some((c) => c.type === "Ready" && c.status === "True");
      },
      180_000,
      `the node to be Ready (see ${join(this.dir, "kubelet.log")})`,
    );
  }

  private startKubeProxy(): void {
    const config = join(this.dir, "kube-proxy.yaml");
    writeFileSync(
      config,
      JSON.stringify({
        apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
        kind: "KubeProxyConfiguration",
        clientConnection: {
          kubeconfig: this.plane.clientKubeconfig("kube-proxy", "/CN=system:kube-proxy"),
        },
        mode: "iptables",
        clusterCIDR: CLUSTER_CIDR,
        hostnameOverride: NODE_NAME,
        bindAddress: this.network.nodeAddress,
        healthzBindAddress: "127.0.0.1:10256",
        metricsBindAddress: "127.0.0.1:10249",
        // The node's namespace keeps the host's conntrack table size: never written from here.
        conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" },
        nodePortAddresses: [`${this.network.nodeAddress}/32`],
      }),
    );
    this.inNode("kube-proxy", tool("kube-proxy"), [`--config=${config}`]);
  }

  /** kube-router's firewall (NetworkPolicies, iptables and ipset) and nothing else of it. */
  private startNetworkPolicyAgent(): void {
    this.inNode("kube-router", tool("kube-router"), [
      `--kubeconfig=${this.plane.kubeconfigPath}`,
      `--hostname-override=${NODE_NAME}`,
      "--run-firewall=true",
      "--run-router=false",
      "--run-service-proxy=false",
      "--enable-cni=false",
      // Its pod egress SNAT belongs to the router; off all the same: nothing here is masqueraded.
      "--enable-pod-egress=false",
      "--service-cluster-ip-range=10.0.0.0/24",
      "--health-port=0",
      "--metrics-port=0",
    ]);
  }

  private async startScheduler(): Promise<void> {
    const kubeconfig = this.plane.clientKubeconfig("kube-scheduler", "/CN=system:kube-scheduler");
    this.launch("kube-scheduler", tool("kube-scheduler"), [
      `--kubeconfig=${kubeconfig}`,
      `--authentication-kubeconfig=${kubeconfig}`,
      `--authorization-kubeconfig=${kubeconfig}`,
      "--leader-elect=false",
      "--bind-address=127.0.0.1",
      `--secure-port=${await freePort()}`,
    ]);
  }

  /** Creates objects as the admin; an object that exists already is left as it is. */
  async apply(objects: readonly Manifest[]): Promise<void> {
    for (const object of objects) {
      const path = await collectionPath(
        this.plane,
        object["apiVersion"] as string,
        object.kind,
        object.metadata.namespace,
      );
      const res = await this.plane.api("POST", path, object);
      if (res.status !== 201 && res.status !== 409) {
        throw new Error(`creating ${object.kind} ${object.metadata.name}: ${res.status} ${res.text}`);
      }
    }
  }

  private async startDns(): Promise<void> {
    const labels = { "k8s-app": "kube-dns" };
    const meta = (name: string) => ({ name, namespace: "kube-system", labels });
    await this.apply([
      { apiVersion: "v1", kind: "ServiceAccount", metadata: meta("coredns") },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "cloudtier-e2e:coredns" },
        rules: [
          {
            apiGroups: [""],
            resources: ["services", "pods", "namespaces", "endpoints"],
            verbs: ["list", "watch"],
          },
          { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "cloudtier-e2e:coredns" },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: "cloudtier-e2e:coredns",
        },
        subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }],
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: meta("coredns"),
        // The cluster's names only: with no `forward`, no query ever leaves the cluster.
        data: {
          Corefile: [
            ".:53 {",
            "    errors",
            "    ready :8181",
            "    kubernetes cluster.local in-addr.arpa ip6.arpa {",
            "        pods insecure",
            "        ttl 5",
            "    }",
            "    cache 5",
            "}",
            "",
          ].join("\n"),
        },
      },
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: meta("coredns"),
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: "coredns",
              dnsPolicy: "Default",
              containers: [
                {
                  name: "coredns",
                  image: IMAGES.coredns,
                  imagePullPolicy: "Never",
                  args: ["-conf", "/etc/coredns/Corefile"],
                  ports: [
                    { name: "dns", containerPort: 53, protocol: "UDP" },
                    { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
                  ],
                  readinessProbe: { httpGet: { path: "/ready", port: 8181 }, periodSeconds: 2 },
                  volumeMounts: [{ name: "config", mountPath: "/etc/coredns" }],
                },
              ],
              volumes: [{ name: "config", configMap: { name: "coredns" } }],
            },
          },
        },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: meta("kube-dns"),
        spec: {
          selector: labels,
          clusterIP: DNS_SERVICE_IP,
          ports: [
            { name: "dns", port: 53, protocol: "UDP" },
            { name: "dns-tcp", port: 53, protocol: "TCP" },
          ],
        },
      },
    ]);
    await this.waitFor(
      async () => {
        const res = await this.plane.api("GET", "/apis/apps/v1/namespaces/kube-system/deployments/coredns");
        return ((res.body["status"] as { readyReplicas?: number })?.readyReplicas ?? 0) >= 1;
      },
      180_000,
      "CoreDNS to be ready",
    );
  }

  /**
   * cert-manager's resource definitions (from its release, built with the tools) and its controller, with
   * the flags the platform's chart values give it.
   */
  private async startCertManager(): Promise<void> {
    const crds = parseAllDocuments(readFileSync(tool("cert-manager-crds.yaml"), "utf8"))
      .map((doc) => doc.toJS() as Manifest | null)
      .filter((crd): crd is Manifest => crd !== null && crd.kind === "CustomResourceDefinition")
      .map((crd) => {
        // The release's files carry Helm templates in their labels.
        const metadata = { ...crd.metadata } as Record<string, unknown>;
        delete metadata["labels"];
        return { ...crd, metadata } as Manifest;
      });
    await this.apply(crds);
    await this.waitFor(
      async () => {
        for (const crd of crds) {
          const res = await this.plane.api(
            "GET",
            `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
          );
          const conditions = (res.body["status"] as { conditions?: { type: string; status: string }[] })
            ?.conditions;
          if (!conditions?.some((c) => c.type === "Established" && c.status === "True")) return false;
        }
        return true;
      },
      60_000,
      "cert-manager's resource definitions to be established",
    );
  }

  /** Starts cert-manager's controller with the given flags (the platform's chart values as flags). */
  async runCertManager(flags: readonly string[]): Promise<void> {
    this.launch("cert-manager", tool("cert-manager-controller"), [
      `--kubeconfig=${this.plane.kubeconfigPath}`,
      "--leader-elect=false",
      `--metrics-listen-address=127.0.0.1:${await freePort()}`,
      ...flags,
    ]);
  }

  /** Whether the NetworkPolicy agent has programmed the firewall for a pod's address. */
  firewallHolds(podIp: string): boolean {
    const rules = sh(...this.network.inNode("iptables", ["-w", "-S", "KUBE-ROUTER-FORWARD"]));
    return rules.includes(`-s ${podIp}/32 `);
  }

  async waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const child of this.processes) {
        if (exited(child)) {
          throw new Error(
            `${String(child.spawnargs.slice(0, 4).join(" "))} exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}`,
          );
        }
      }
      if (await check()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(500);
    }
  }

  /** Stops the node's processes and removes its network, cgroups and mounts; then the control plane. */
  async stop(): Promise<void> {
    clearInterval(this.loadBalancers);
    for (const child of [...this.processes].reverse()) {
      if (!exited(child)) child.kill("SIGTERM");
    }
    await delay(1000);
    for (const child of this.processes) {
      if (!exited(child)) child.kill("SIGKILL");
    }
    this.network.destroy();
    await this.plane.stop();
  }
}
