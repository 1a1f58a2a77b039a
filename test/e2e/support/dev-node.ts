// Starts the suite's node (and its control plane) and keeps it up, for working on the suite by hand:
//   node --import tsx test/e2e/support/dev-node.ts DIR
// prints the kubeconfig path and the node's address; Ctrl-C stops it and removes everything it made.
import { mkdirSync } from "node:fs";
import { ControlPlane } from "./control-plane.js";
import { Node } from "./node.js";

const dir = process.argv[2] ?? "/tmp/cloudtier-e2e-node";
mkdirSync(dir, { recursive: true });
const node = await Node.start(dir, (options) => ControlPlane.start(dir, "node", options));
console.log(`KUBECONFIG=${node.plane.kubeconfigPath} node=${node.network.nodeAddress}`);
const stop = () => void node.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => undefined, 1 << 30);
