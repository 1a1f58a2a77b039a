// Entry point of the `cloudtier` command.
import { toleratePipeClose } from "./logger.js";
import { main } from "./main.js";

toleratePipeClose();

process.exitCode = await main(process.argv.slice(2));
