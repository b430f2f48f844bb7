/**
 * Starts the whole playground: the stand-ins when a service has no credentials, the real Worker
 * under wrangler with local KV and R2 persisted in `persistDir`, and the chat page's server.
 * `npm start` and the browser spec both come through here.
 */
import { createServer } from "node:net";
import { startLocalWorker } from "../scripts/local-worker";
import { startStandIns, type StandIns } from "../scripts/stand-ins";
import { localSecrets, recordWorkerUrl, serviceModes, workerVars, type DevVars, type ServiceModes } from "./local-config";
import { localAccess } from "./access";
import { offlineConsultant } from "./offline-consultant";
import { startPageServer } from "./page-server";

export interface PlaygroundOptions {
  devVars: DevVars;
  persistDir: string;
  /** 0 picks free ports. */
  ports: { worker: number; page: number; standIns: number };
}

export interface Playground {
  pageUrl: string;
  workerUrl: string;
  modes: ServiceModes;
  standIns?: StandIns;
  stop(): Promise<void>;
}

/** The Worker's own URL must be known before it starts: it is its PUBLIC_BASE_URL. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether something already listens on 127.0.0.1:port (wrangler would wait on it without a word). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(true) : reject(error)));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const modes = serviceModes(options.devVars);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const standIns =
      modes.openai === "stand-in" || modes.twilio === "stand-in"
        ? await startStandIns({ port: options.ports.standIns, ...(modes.openai === "stand-in" ? { chat: offlineConsultant } : {}) })
        : undefined;
    if (standIns) stops.push(standIns.stop);

    const port = options.ports.worker || (await freePort());
    // The page server plays Access for the console (ADR 028): its origin is the team's, known before the Worker starts.
    const pagePort = options.ports.page || (await freePort());
    const access = await localAccess(`http://127.0.0.1:${pagePort}`);
    const vars: Record<string, string> = {
      ...workerVars({ devVars: options.devVars, modes, workerUrl: `http://127.0.0.1:${port}`, secrets: localSecrets(options.persistDir), standIns }),
      CF_ACCESS_TEAM_DOMAIN: access.teamDomain,
      CF_ACCESS_AUD: access.aud,
    };
    if (standIns && modes.twilio === "stand-in") standIns.sendReceipts(vars.TWILIO_AUTH_TOKEN!);
    const worker = await startLocalWorker({ vars, persist: options.persistDir, port });
    stops.push(worker.stop);
    recordWorkerUrl(options.persistDir, worker.url);

    const page = await startPageServer({
      port: pagePort,
      modes,
      access,
      target: {
        workerUrl: worker.url,
        publicBaseUrl: vars.PUBLIC_BASE_URL!,
        authToken: vars.TWILIO_AUTH_TOKEN!,
        accountSid: vars.TWILIO_ACCOUNT_SID!,
        assistantNumber: vars.TWILIO_WHATSAPP_NUMBER!,
        ...(modes.twilio === "stand-in" ? { standIns } : {}),
      },
    });
    stops.push(page.stop);
    return { pageUrl: page.url, workerUrl: worker.url, modes, ...(standIns ? { standIns } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
