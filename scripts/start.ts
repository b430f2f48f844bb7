/**
 * `npm start`: the assistant on this machine. The Worker runs under wrangler with local KV and
 * R2 in `.wrangler/state`; services without credentials in `.dev.vars` are replaced by local
 * stand-ins; the chat page is printed. Ctrl-C stops everything.
 *
 * Environment: WORKER_PORT (8787), PLAYGROUND_PORT (8788), STAND_INS_PORT (8789),
 * PLAYGROUND_PERSIST_DIR (.wrangler/state), DEV_VARS_FILE (.dev.vars).
 */
import { DEFAULT_WORKER_PORT, readDevVars, standInReasons } from "../playground/local-config";
import { portTaken, startPlayground } from "../playground/launch";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = { worker: port("WORKER_PORT", DEFAULT_WORKER_PORT), page: port("PLAYGROUND_PORT", 8788), standIns: port("STAND_INS_PORT", 8789) };
const portSettings = { worker: "WORKER_PORT", page: "PLAYGROUND_PORT", standIns: "STAND_INS_PORT" } as const;

for (const [role, number] of Object.entries(ports) as Array<[keyof typeof ports, number]>) {
  if (number && (await portTaken(number))) {
    console.error(`Could not start: port ${number} (${portSettings[role]}) is taken. Is another \`npm start\` running? Set ${portSettings[role]} to another port.`);
    process.exit(1);
  }
}

const devVarsFile = process.env.DEV_VARS_FILE ?? ".dev.vars";
const devVars = readDevVars(devVarsFile);
const persistDir = process.env.PLAYGROUND_PERSIST_DIR ?? ".wrangler/state";
const playground = await startPlayground({ devVars, persistDir, ports }).catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Is another `npm start` running? WORKER_PORT, PLAYGROUND_PORT and STAND_INS_PORT choose other ports.");
  process.exit(1);
});

const reasons = standInReasons(devVars);
const describe = (service: keyof typeof reasons) =>
  playground.modes[service] === "real" ? `real service (from ${devVarsFile})` : `local stand-in (${reasons[service]} in ${devVarsFile})`;
console.log(`
  Tata Oro assistant, running locally
    Worker:  ${playground.workerUrl}   (local KV and R2 in ${persistDir})
    OpenAI:  ${describe("openai")}
    Twilio:  ${describe("twilio")}

  Open the chat playground:  ${playground.pageUrl}
  Tata's console:            ${playground.pageUrl}/console (the playground plays Cloudflare Access)

  Ctrl-C stops everything.
`);

// No signal handler of our own: wrangler's exit hook (signal-exit) already stops workerd on
// Ctrl-C or SIGTERM and ends the process, and with it the stand-ins and the page server.
