// Starts a control plane and keeps it up, for working on the suite by hand:
//   node --import tsx test/e2e/support/dev-plane.ts DIR
// prints the kubeconfig path; Ctrl-C stops it.
import { mkdirSync } from "node:fs";
import { ControlPlane } from "./control-plane.js";

const dir = process.argv[2] ?? "/tmp/cloudtier-e2e-plane";
mkdirSync(dir, { recursive: true });
const plane = await ControlPlane.start(dir, "e2e");
console.log(`KUBECONFIG=${plane.kubeconfigPath}`);
process.on("SIGINT", () => void plane.stop().then(() => process.exit(0)));
process.on("SIGTERM", () => void plane.stop().then(() => process.exit(0)));
setInterval(() => undefined, 1 << 30);
