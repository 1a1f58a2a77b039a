// What `pulumi up` runs (Pulumi.yaml `main`). The program is TypeScript (ESM, `.js` import suffixes), so
// the entry registers tsx's loader itself rather than relying on the language host's runtime options
// (`nodeargs`), which older language hosts do not pass on. The default export is the program.
import { register } from "tsx/esm/api";

register();
const { default: program } = await import("./index.ts");

export default program;
