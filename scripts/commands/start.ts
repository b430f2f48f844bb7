/**
 * `npm start`: the assistant on this machine. The Worker runs under wrangler with local KV and
 * R2 in `.wrangler/state`; services without credentials in `.dev.vars` are replaced by local
 * stand-ins; the chat page is printed. Ctrl-C stops everything.
 *
 * Environment: WORKER_PORT (8787), PLAYGROUND_PORT (8788), STAND_INS_PORT (8789),
 * PLAYGROUND_PERSIST_DIR (.wrangler/state), DEV_VARS_FILE (.dev.vars).
 *
 * It returns once everything is running (0), or at once when it cannot start (1).
 */
import { DEFAULT_WORKER_PORT, readDevVars, standInReasons } from "../../playground/local-config";
import { portTaken, startPlayground } from "../../playground/launch";
import type { Command } from "../cli";

const portSettings = { worker: "WORKER_PORT", page: "PLAYGROUND_PORT", standIns: "STAND_INS_PORT" } as const;

export const start: Command = async (_argv, env, io) => {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
  const ports = { worker: port("WORKER_PORT", DEFAULT_WORKER_PORT), page: port("PLAYGROUND_PORT", 8788), standIns: port("STAND_INS_PORT", 8789) };
  for (const [role, number] of Object.entries(ports) as Array<[keyof typeof ports, number]>) {
    if (number && (await portTaken(number))) {
      io.stderr(`Could not start: port ${number} (${portSettings[role]}) is taken. Is another \`npm start\` running? Set ${portSettings[role]} to another port.`);
      return 1;
    }
  }

  const devVarsFile = env.DEV_VARS_FILE ?? ".dev.vars";
  const devVars = readDevVars(devVarsFile);
  const persistDir = env.PLAYGROUND_PERSIST_DIR ?? ".wrangler/state";
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  try {
    playground = await startPlayground({ devVars, persistDir, ports });
  } catch (error) {
    io.stderr(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    io.stderr("Is another `npm start` running? WORKER_PORT, PLAYGROUND_PORT and STAND_INS_PORT choose other ports.");
    return 1;
  }

  const reasons = standInReasons(devVars);
  const describe = (service: keyof typeof reasons) =>
    playground.modes[service] === "real" ? `real service (from ${devVarsFile})` : `local stand-in (${reasons[service]} in ${devVarsFile})`;
  io.stdout(`
  Tata Oro assistant, running locally
    Worker:  ${playground.workerUrl}   (local KV and R2 in ${persistDir})
    OpenAI:  ${describe("openai")}
    Twilio:  ${describe("twilio")}

  Open the chat playground:  ${playground.pageUrl}
  Tata's console:            ${playground.pageUrl}/console (the playground plays Cloudflare Access)

  Ctrl-C stops everything.
`);
  return 0;
};
