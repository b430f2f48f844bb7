/** `npm start`: scripts/commands/start.ts. */
import { runCli } from "./cli";
import { start } from "./commands/start";

await runCli(start);
// A start that failed halfway may have left a stand-in or the page listening: they end with the process.
if (process.exitCode) process.exit();

// No signal handler of our own: wrangler's exit hook (signal-exit) already stops workerd on
// Ctrl-C or SIGTERM and ends the process, and with it the stand-ins and the page server.
