/**
 * The suite node's network: a network namespace of its own that holds the node (containerd and its pods,
 * the kubelet, kube-proxy, the NetworkPolicy agent), joined to this host by one veth pair, and a second
 * namespace holding the stand-in "internet": two hosts with documentation addresses (RFC 5737).
 *
 * Nothing in it can route off this machine: the node's namespace has no default route and no interface but
 * its pods' bridge, the link to this host and the link to the stand-ins; a fence chain drops any packet
 * forwarded or sent out of another interface, and toward this host anything but connections to the API
 * server's port and answers to this host's own connections. The one address translation is to the node's
 * own address on the link to this host, so this host can answer pods that call the API server; nothing is
 * masqueraded anywhere else.
 *
 * Addresses, all from TEST-NET-2 (198.51.100.0/24, RFC 5737), which this machine must not otherwise use
 * (checked: a machine's own network may well be on a documentation range; this one's is on TEST-NET-1):
 * each run takes a slot `k` of its upper half, this host 198.51.100.(128+4k+1) and the node
 * 198.51.100.(128+4k+2); the link to the stand-ins is 198.51.100.0/30, inside the node's namespace only.
 * Slots are files under /run/cloudtier-e2e naming the process that holds them; a slot whose process is gone
 * is cleaned (its namespaces, mounts, cgroups and processes) by the next run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The stand-in hosts: one inside the platform's egress allowlist (203.0.113.0/24), one outside it. */
export const STAND_INS = { allowlisted: "203.0.113.10", outside: "198.51.100.10" } as const;
/** The range pods take their addresses from (the controller manager's cluster range). */
export const CLUSTER_CIDR = "10.244.0.0/16";
/** The node's pod range: the first /24 of the cluster range, which the controller manager gives the one node. */
export const NODE_POD_CIDR = "10.244.0.0/24";
/** The bridge the pods of the node hang on. */
export const POD_BRIDGE = "cni0";

const SLOTS_DIR = "/run/cloudtier-e2e";
/** The range this suite takes its links' addresses from; nothing else on this machine may use it. */
const LINK_RANGE = "198.51.100.0/24";
const SLOTS = 32; // 128 + 4 * 31 + 2 = 254.
const STAND_IN_LINK = { node: "198.51.100.1", standIns: "198.51.100.2" } as const;

export interface SlotRecord {
  readonly pid: number;
  /** The run's directory: mounts below it are the run's. */
  readonly dir: string;
}

/** Runs a command, failing with its stderr. */
export function sh(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`${command} ${args.join(" ")} failed: ${stderr.trim() || String(error)}`);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export class NodeNetwork {
  /** The node's network namespace, as `ip netns` names it. */
  readonly netns: string;
  /** The stand-in hosts' network namespace. */
  readonly standInNetns: string;
  /** This host's end of the link: the API server listens here. */
  readonly hostAddress: string;
  /** The node's address: the kubelet and NodePorts listen here. */
  readonly nodeAddress: string;
  /** The interface names inside the node's namespace. */
  readonly hostLink = "uplink0";
  readonly standInLink = "standins0";
  /** The cgroup under which the node's pods run. */
  readonly cgroupRoot: string;

  private constructor(
    readonly slot: number,
    readonly dir: string,
  ) {
    this.netns = `cloudtier-e2e-${slot}`;
    this.standInNetns = `cloudtier-e2e-${slot}-internet`;
    this.hostAddress = `198.51.100.${128 + 4 * slot + 1}`;
    this.nodeAddress = `198.51.100.${128 + 4 * slot + 2}`;
    this.cgroupRoot = `/cloudtier-e2e-${slot}`;
  }

  /** `nsenter` arguments that run a command in the node's network namespace (and no other namespace). */
  inNode(command: string, args: readonly string[]): [string, string[]] {
    return ["nsenter", [`--net=/run/netns/${this.netns}`, "--", command, ...args]];
  }

  inStandIns(command: string, args: readonly string[]): [string, string[]] {
    return ["nsenter", [`--net=/run/netns/${this.standInNetns}`, "--", command, ...args]];
  }

  /** Takes a free slot (cleaning those whose process is gone) and builds the network in it. */
  static create(dir: string): NodeNetwork {
    mkdirSync(SLOTS_DIR, { recursive: true });
    sweepStaleSlots();
    // This machine's own addresses and routes (the suite's links aside) must stay clear of the range.
    const prefix = LINK_RANGE.split(".").slice(0, 3).join(".") + ".";
    const clash = [
      ...sh("ip", ["-o", "-4", "addr", "show"]).split("\n"),
      ...sh("ip", ["-4", "route", "show", "table", "all"]).split("\n"),
    ].filter((line) => line.includes(prefix) && !/ct-e2e-\d+/.test(line));
    if (clash.length > 0) {
      throw new Error(
        `this machine already uses ${LINK_RANGE}, which the test node's links need:\n${clash.join("\n")}`,
      );
    }
    for (let slot = 0; slot < SLOTS; slot++) {
      try {
        writeFileSync(join(SLOTS_DIR, `slot-${slot}.json`), JSON.stringify({ pid: process.pid, dir }), {
          flag: "wx",
        });
      } catch {
        continue;
      }
      const network = new NodeNetwork(slot, dir);
      try {
        network.build();
      } catch (error) {
        network.destroy();
        throw error;
      }
      return network;
    }
    throw new Error(`no free node slot in ${SLOTS_DIR}: ${SLOTS} test nodes are running`);
  }

  private build(): void {
    const ip = (...args: string[]) => sh("ip", args);
    const node = (command: string, ...args: string[]) => sh(...this.inNode(command, args));
    const standIns = (command: string, ...args: string[]) => sh(...this.inStandIns(command, args));
    const hostEnd = `ct-e2e-${this.slot}`;
    ip("netns", "add", this.netns);
    ip("netns", "add", this.standInNetns);
    ip("link", "add", hostEnd, "type", "veth", "peer", "name", this.hostLink, "netns", this.netns);
    ip("addr", "add", `${this.hostAddress}/30`, "dev", hostEnd);
    ip("link", "set", hostEnd, "up");
    node("ip", "link", "set", "lo", "up");
    node("ip", "addr", "add", `${this.nodeAddress}/30`, "dev", this.hostLink);
    node("ip", "link", "set", this.hostLink, "up");

    // The stand-in internet: one link, two documentation addresses, a route back to the pods only.
    node(
      "ip",
      "link",
      "add",
      this.standInLink,
      "type",
      "veth",
      "peer",
      "name",
      "eth0",
      "netns",
      this.standInNetns,
    );
    node("ip", "addr", "add", `${STAND_IN_LINK.node}/30`, "dev", this.standInLink);
    node("ip", "link", "set", this.standInLink, "up");
    standIns("ip", "link", "set", "lo", "up");
    standIns("ip", "addr", "add", `${STAND_IN_LINK.standIns}/30`, "dev", "eth0");
    for (const address of Object.values(STAND_INS)) {
      standIns("ip", "addr", "add", `${address}/32`, "dev", "eth0");
      node("ip", "route", "add", `${address}/32`, "via", STAND_IN_LINK.standIns);
    }
    standIns("ip", "link", "set", "eth0", "up");
    standIns("ip", "route", "add", CLUSTER_CIDR, "via", STAND_IN_LINK.node);

    // Routing between the pods' bridge and the links; bridged traffic through iptables (NetworkPolicies
    // between pods on the one bridge, Services).
    node("sysctl", "-qw", "net.ipv4.ip_forward=1");
    node("sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1");

    // The fence, ahead of anything kube-proxy or the NetworkPolicy agent add (they use the filter and nat
    // tables; this is mangle).
    const fence = (...args: string[]) => node("iptables", "-w", "-t", "mangle", ...args);
    fence("-N", "CLOUDTIER-FENCE");
    fence("-A", "CLOUDTIER-FENCE", "-o", "lo", "-j", "RETURN");
    fence("-A", "CLOUDTIER-FENCE", "-o", POD_BRIDGE, "-j", "RETURN");
    fence("-A", "CLOUDTIER-FENCE", "-o", this.standInLink, "-j", "RETURN");
    // Toward this host: answers to its own connections (the API server calling the kubelet, requests to
    // NodePorts); new connections only to the API server's port (`openApiServer`).
    fence(
      "-A",
      "CLOUDTIER-FENCE",
      "-o",
      this.hostLink,
      "-d",
      this.hostAddress,
      "-m",
      "conntrack",
      "--ctstate",
      "ESTABLISHED,RELATED",
      "-j",
      "RETURN",
    );
    fence("-A", "CLOUDTIER-FENCE", "-j", "DROP");
    fence("-A", "FORWARD", "-j", "CLOUDTIER-FENCE");
    fence("-A", "OUTPUT", "-j", "CLOUDTIER-FENCE");
    // Pods calling the API server (the `kubernetes` Service) leave with the node's address on the link,
    // so this host can answer them without a route to the pods.
    node(
      "iptables",
      "-w",
      "-t",
      "nat",
      "-A",
      "POSTROUTING",
      "-o",
      this.hostLink,
      "-d",
      this.hostAddress,
      "-s",
      CLUSTER_CIDR,
      "-j",
      "SNAT",
      "--to-source",
      this.nodeAddress,
    );
  }

  /** Lets the node and its pods open connections to the API server's port on this host. */
  openApiServer(port: number): void {
    sh(
      ...this.inNode("iptables", [
        "-w",
        "-t",
        "mangle",
        "-I",
        "CLOUDTIER-FENCE",
        "1",
        "-o",
        this.hostLink,
        "-d",
        this.hostAddress,
        "-p",
        "tcp",
        "--dport",
        String(port),
        "-j",
        "RETURN",
      ]),
    );
  }

  /** Removes everything the run made and gives the slot back. */
  destroy(): void {
    cleanSlot(this.slot, { pid: process.pid, dir: this.dir });
  }
}

/** Process ids whose network namespace is the given one. */
function processesIn(netnsPath: string): number[] {
  let target: string;
  try {
    target = `net:[${statSync(netnsPath).ino}]`;
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${name}/ns/net`) === target) found.push(Number(name));
    } catch {
      // Gone.
    }
  }
  return found;
}

/** Every process in a cgroup subtree (cgroup v1, the pids hierarchy holds them all). */
function processesUnder(cgroup: string): number[] {
  const root = join("/sys/fs/cgroup/pids", cgroup);
  const found: number[] = [];
  const walk = (dir: string) => {
    try {
      for (const line of readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n")) {
        if (line) found.push(Number(line));
      }
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
      }
    } catch {
      // Gone.
    }
  };
  walk(root);
  return found;
}

/** Removes a cgroup subtree from every hierarchy, deepest first. */
function removeCgroups(cgroup: string): void {
  for (const hierarchy of readdirSync("/sys/fs/cgroup")) {
    const root = join("/sys/fs/cgroup", hierarchy, cgroup);
    const dirs: string[] = [];
    const walk = (dir: string) => {
      try {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          if (entry.isDirectory()) walk(join(dir, entry.name));
        }
        dirs.push(dir);
      } catch {
        // Absent in this hierarchy.
      }
    };
    walk(root);
    for (const dir of dirs) {
      try {
        rmSync(dir, { recursive: false });
      } catch {
        try {
          execFileSync("rmdir", [dir], { stdio: "ignore" });
        } catch {
          // Still busy: left for the next sweep.
        }
      }
    }
  }
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
}

/** Unmounts everything mounted below `dir`, deepest first. */
export function unmountBelow(dir: string): void {
  const points = readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((point) => point === dir || point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of points) {
    try {
      execFileSync("umount", ["-l", point], { stdio: "ignore" });
    } catch {
      // Already gone.
    }
  }
}

function cleanSlot(slot: number, record: SlotRecord): void {
  const netns = `cloudtier-e2e-${slot}`;
  const standIns = `${netns}-internet`;
  const cgroup = `/cloudtier-e2e-${slot}`;
  // The pods' processes, then everything in the two namespaces (containerd, its shims, the node agents,
  // the stand-in servers), until none is left.
  for (let round = 0; round < 10; round++) {
    const pids = [
      ...processesUnder(cgroup),
      ...processesIn(`/run/netns/${netns}`),
      ...processesIn(`/run/netns/${standIns}`),
    ];
    if (pids.length === 0) break;
    killAll(pids);
    execFileSync("sleep", ["0.2"]);
  }
  unmountBelow(record.dir);
  removeCgroups(cgroup);
  for (const name of [netns, standIns]) {
    try {
      execFileSync("ip", ["netns", "delete", name], { stdio: "ignore" });
    } catch {
      // Not there.
    }
  }
  rmSync(join(SLOTS_DIR, `slot-${slot}.json`), { force: true });
}

/** Cleans the slots of runs whose process is gone (a killed test run). */
export function sweepStaleSlots(): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(SLOTS_DIR);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = /^slot-(\d+)\.json$/.exec(entry);
    if (!match) continue;
    let record: SlotRecord | undefined;
    try {
      record = JSON.parse(readFileSync(join(SLOTS_DIR, entry), "utf8")) as SlotRecord;
    } catch {
      // A slot file cut short by a kill: its run is gone.
    }
    if (record && alive(record.pid)) continue;
    cleanSlot(Number(match[1]), record ?? { pid: 0, dir: "/nonexistent" });
  }
}
