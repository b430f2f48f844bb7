/** `npm run deploy`: scripts/commands/deploy.ts. */
import { runCli } from "./cli";
import { deploy } from "./commands/deploy";

await runCli(deploy);
