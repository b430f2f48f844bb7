/** `npm run export`: scripts/commands/export.ts. */
import { runCli } from "./cli";
import { exportCommand } from "./commands/export";

await runCli(exportCommand);
