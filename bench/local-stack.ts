/**
 * The system under benchmark: the real Worker in workerd (scripts/local-worker.ts) wired to
 * the node stand-ins for OpenAI and Twilio (scripts/stand-ins.ts). Nothing leaves 127.0.0.1.
 */
import type { LocalWorker } from "../scripts/local-worker";
import { startStandIns, type StandIns, type StandInsOptions } from "../scripts/stand-ins";
import { computeTwilioSignature } from "../src/twilio/signature";

export const AUTH_TOKEN = "bench-auth-token";
export const LINK_SIGNING_SECRET = "bench-link-signing-secret-0123456789";
export const PUBLIC_BASE_URL = "https://wa.bench.example";
export const ACCOUNT_SID = "AC00000000000000000000000000000000";
export const ASSISTANT_NUMBER = "whatsapp:+14155238886";

/** The Worker's config in every benchmark, pointed at the given provider origins. */
export function benchVars(openaiBaseUrl: string, twilioBaseUrl: string) {
  return {
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: openaiBaseUrl,
    TWILIO_API_BASE_URL: twilioBaseUrl,
    TWILIO_MESSAGING_BASE_URL: twilioBaseUrl,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_NUMBER: ASSISTANT_NUMBER,
    PUBLIC_BASE_URL,
    LINK_SIGNING_SECRET,
    STYLIST_WHATSAPP_NUMBER: "+15550001111",
  };
}

export interface LocalStack {
  worker: LocalWorker;
  standIns: StandIns;
  stop(): Promise<void>;
}

export async function startLocalStack(options: { chat?: StandInsOptions["chat"]; persist?: string | false } = {}): Promise<LocalStack> {
  const standIns = await startStandIns({ chat: options.chat });
  // Loaded on first use: the Worker's JS CPU is measured in processes that never load wrangler (lean-process.ts).
  const { startLocalWorker } = await import("../scripts/local-worker");
  const worker = await startLocalWorker({
    persist: options.persist ?? false,
    vars: benchVars(standIns.openaiBaseUrl, standIns.twilioBaseUrl),
  });
  return {
    worker,
    standIns,
    async stop() {
      await worker.stop();
      await standIns.stop();
    },
  };
}

let sequence = 0;

/** A fresh, valid MessageSid (34 characters, like Twilio's). */
export function nextMessageSid(prefix = "SM"): string {
  sequence += 1;
  return `${prefix}${String(process.pid).padStart(8, "0")}${String(sequence).padStart(24, "0")}`;
}

/** A text message from `from`, as Twilio posts it. */
export function textParams(from: string, body: string, sid = nextMessageSid()): Record<string, string> {
  return {
    SmsMessageSid: sid,
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    To: ASSISTANT_NUMBER,
    WaId: from.replace(/\D/g, ""),
    ProfileName: "Bench Client",
    Body: body,
    NumMedia: "0",
    NumSegments: "1",
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
}

/** A webhook request to `workerUrl`, signed over PUBLIC_BASE_URL as Twilio would sign it. */
export async function signedWebhookRequest(workerUrl: string, params: Record<string, string>): Promise<Request> {
  const signature = await computeTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/whatsapp/incoming`, Object.entries(params));
  return new Request(`${workerUrl}/whatsapp/incoming`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}

export async function postWebhook(workerUrl: string, params: Record<string, string>): Promise<Response> {
  return fetch(await signedWebhookRequest(workerUrl, params));
}
