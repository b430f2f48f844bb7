/**
 * `npm start`: the assistant on this machine. The Worker runs under wrangler with local KV and
 * R2 in `.wrangler/state`; services without credentials in `.dev.vars` are replaced by local
 * stand-ins; the chat page is printed. Ctrl-C stops everything.
 *
 * Environment: WORKER_PORT (8787), PLAYGROUND_PORT (8788), STAND_INS_PORT (8789),
 * PLAYGROUND_PERSIST_DIR (.wrangler/state), DEV_VARS_FILE (.dev.vars).
 */
import { DEFAULT_WORKER_PORT, readDevVars } from "../playground/local-config";
import { startPlayground } from "../playground/launch";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const persistDir = process.env.PLAYGROUND_PERSIST_DIR ?? ".wrangler/state";
const playground = await startPlayground({
  devVars: readDevVars(process.env.DEV_VARS_FILE),
  persistDir,
  ports: { worker: port("WORKER_PORT", DEFAULT_WORKER_PORT), page: port("PLAYGROUND_PORT", 8788), standIns: port("STAND_INS_PORT", 8789) },
}).catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Is another `npm start` running? WORKER_PORT, PLAYGROUND_PORT and STAND_INS_PORT choose other ports.");
  process.exit(1);
});

const describe = { "stand-in": "local stand-in", real: "real service (from .dev.vars)" };
console.log(`
  Tata Oro assistant, running locally
    Worker:  ${playground.workerUrl}   (local KV and R2 in ${persistDir})
    OpenAI:  ${describe[playground.modes.openai]}
    Twilio:  ${describe[playground.modes.twilio]}

  Open the chat playground:  ${playground.pageUrl}

  Ctrl-C stops everything.
`);

// No signal handler of our own: wrangler's exit hook (signal-exit) already stops workerd on
// Ctrl-C or SIGTERM and ends the process, and with it the stand-ins and the page server.
