/**
 * Starts the real Worker locally (wrangler's programmatic API: workerd, local KV and R2) with
 * config overrides, for the browser tests, the inbound pact verification, benchmarks and the
 * playground. Nothing leaves 127.0.0.1.
 */
import { unstable_startWorker } from "wrangler";
import { SETTING_FORMS, type SettingName } from "../src/config/setting-forms";

const SECRETS = new Set(Object.entries(SETTING_FORMS).filter(([, form]) => form.secret).map(([name]) => name as SettingName as string));

export interface LocalWorker {
  url: string;
  stop(): Promise<void>;
}

export interface LocalWorkerOptions {
  /** Vars and secrets for this run (they override wrangler.toml's [vars]). */
  vars: Record<string, string>;
  /** Where local KV and R2 live between runs; false keeps them in memory. */
  persist?: string | false;
  port?: number;
}

export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  process.env.WRANGLER_SEND_METRICS ??= "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    // Secrets as secrets: wrangler then knows they are given, and says nothing of "missing required secrets".
    bindings: Object.fromEntries(Object.entries(options.vars).map(([name, value]) => [name, { type: SECRETS.has(name) ? "secret_text" : "plain_text", value }])),
    dev: {
      server: { hostname: "127.0.0.1", port: options.port ?? 0 },
      inspector: false,
      persist: options.persist ?? false,
      logLevel: "warn",
    },
  } as Parameters<typeof unstable_startWorker>[0]);
  await worker.ready;
  const url = (await worker.url).origin;
  return { url, stop: () => worker.dispose() };
}
