/** `npm run forget`: scripts/commands/forget.ts. */
import { runCli } from "./cli";
import { forget } from "./commands/forget";

await runCli(forget);
