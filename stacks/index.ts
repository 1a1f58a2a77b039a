// Entry point for `pulumi up` (see Pulumi.yaml): the default export's result becomes the stack outputs.
import { program } from "./program.js";

export default program;
