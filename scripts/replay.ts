/** `npm run replay`: scripts/commands/replay.ts. */
import { runCli } from "./cli";
import { replay } from "./commands/replay";

await runCli(replay);
