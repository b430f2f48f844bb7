/**
 * The Worker's own JavaScript CPU per request, what Cloudflare bills against the 10 ms limit:
 * the real Hono app (src/index.ts) run in node's V8 with in-memory KV and R2 and canned provider
 * answers, so neither the local storage emulator nor HTTP parsing is counted. Measured with
 * process.cpuUsage over many warm calls.
 */
import { chatCompletion } from "../scripts/stand-ins";
import app from "../src/index";
import { storageOf, type Storage } from "../src/conversation/store";
import { ACCOUNT_SID, ASSISTANT_NUMBER, AUTH_TOKEN, LINK_SIGNING_SECRET, PUBLIC_BASE_URL } from "./local-stack";
import { memoryKV, memoryR2 } from "./memory-storage";

const OPENAI = "https://openai.bench.invalid/v1";
const TWILIO = "https://twilio.bench.invalid";

export interface InMemoryWorker {
  store: Storage;
  /** Calls the Worker like the runtime does; resolves once its waitUntil work has finished too. */
  call(request: Request): Promise<Response>;
}

export function inMemoryWorker(): InMemoryWorker {
  const env = {
    CHAT_HISTORY: memoryKV(),
    MEDIA_BUCKET: memoryR2(),
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: OPENAI,
    OPENAI_MODEL: "gpt-4o-mini",
    TWILIO_API_BASE_URL: TWILIO,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_NUMBER: ASSISTANT_NUMBER,
    PUBLIC_BASE_URL,
    LINK_SIGNING_SECRET,
    STYLIST_WHATSAPP_NUMBER: "+15550001111",
    STYLIST_NAME: "Tata Oro",
  };
  return {
    store: storageOf(env),
    async call(request) {
      const pending: Promise<unknown>[] = [];
      const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {}, props: {} };
      const response = await app.fetch(request, env as never, ctx as never);
      // Not read: passing a body on to the client is the runtime's I/O, not the Worker's CPU.
      await response.body?.cancel();
      await Promise.all(pending);
      return response;
    },
  };
}

let twilioSequence = 0;

/** The providers' answers, given in-process: the model answers at once, every message is accepted. */
async function cannedProviders(input: RequestInfo | URL): Promise<Response> {
  const url = String(input instanceof Request ? input.url : input);
  if (url.startsWith(`${OPENAI}/chat/completions`)) return Response.json(chatCompletion("Thanks! How often do you wash your hair?"));
  if (url.startsWith(`${TWILIO}/`)) return Response.json({ sid: `SM${String(++twilioSequence).padStart(32, "0")}`, status: "queued" }, { status: 201 });
  throw new Error(`unexpected fetch in the in-memory benchmark: ${url}`);
}

/** CPU milliseconds per call of `work`, over `calls` calls after a warm-up, with the providers canned. */
export async function jsCpuPerCall(calls: number, work: (index: number) => Promise<unknown>): Promise<number> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = cannedProviders as typeof fetch;
  try {
    for (let i = 0; i < Math.max(10, calls / 5); i++) await work(calls + i);
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await work(i);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / calls;
  } finally {
    globalThis.fetch = realFetch;
  }
}
