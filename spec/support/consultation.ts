/**
 * Consultations written straight into KV and R2 through the storage module, as the webhook and
 * the reply path would have left them: text, photos, a voice note with its transcript, and the
 * model's conclusion with a hand-off summary.
 */
import { env } from "cloudflare:workers";
import handoff from "../../fixtures/openai/chat-completion-handoff.json";
import { loadConfig } from "../../src/config/settings";
import { storageOf } from "../../src/storage/bucket";
import { ensureConsultation } from "../../src/storage/consultation";
import { claimAnswer, decideAnswer, recordInbound, recordPartOutcome } from "../../src/storage/conversation";
import { mediaKey, type ClientKey } from "../../src/storage/keys";
import { putMedia, saveObservation, saveTranscript } from "../../src/storage/media";
import { conversationIdFor } from "../../src/summary/conversation-id";

export const CLIENT = "whatsapp:+5215512345678" as ClientKey;
export const store = () => storageOf(env);
export const secret = () => loadConfig(env).linkSigningSecret;

export const HANDOFF_SUMMARY: string = JSON.parse(handoff.choices[0]!.message.tool_calls[0]!.function.arguments).summary;

/** A 1x1 PNG: real image bytes for the photo objects. */
export const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

export interface ClientMessage {
  sid: string;
  at: string;
  body: string;
  profileName?: string;
  /** Attachments: stored with their bytes and type unless `stored: false`. */
  media?: Array<{ contentType: string; bytes?: Uint8Array; stored?: boolean; storedContentType?: string | null; transcript?: string; observation?: Record<string, string> }>;
  reply?: { at: string; text: string; handoffSummary?: string; status?: "sent" | "failed" | "pending" };
}

let counter = 0;
export const sid = (prefix = "SM") => `${prefix}${String(++counter).padStart(32, "0")}`;

/** Writes the messages (and their media, transcripts and replies); returns the live conversation id. */
export async function writeConsultation(messages: ClientMessage[], client: ClientKey = CLIENT, startedAt = messages[0]?.at ?? "2026-11-20T10:00:00.000Z") {
  const storage = store();
  const consultation = await ensureConsultation(storage, client, startedAt);
  for (const message of messages) {
    const params: Record<string, string> = {
      MessageSid: message.sid,
      From: client,
      To: "whatsapp:+14155238886",
      Body: message.body,
      ProfileName: message.profileName ?? "Mariana",
      NumMedia: String(message.media?.length ?? 0),
    };
    message.media?.forEach((m, index) => {
      params[`MediaUrl${index}`] = `https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/${message.sid}/Media/ME${index}`;
      params[`MediaContentType${index}`] = m.contentType;
    });
    await recordInbound(storage, client, { v: 1, sid: message.sid, receivedAt: message.at, params });
    for (const [index, m] of (message.media ?? []).entries()) {
      if (m.stored === false) continue;
      const key = mediaKey(client, message.at, message.sid, index, m.contentType.split("/")[1] ?? "bin");
      const bytes = m.bytes ?? PNG;
      if (m.storedContentType === null) await env.MEDIA_BUCKET.put(key, bytes);
      else await putMedia(storage, key, bytes.slice().buffer, m.storedContentType ?? m.contentType);
      if (m.transcript !== undefined) await saveTranscript(storage, client, message.sid, index, m.transcript);
      if (m.observation) await saveObservation(storage, client, { v: 1, sid: message.sid, index, model: "gpt-4o-mini", observedAt: message.at, observation: m.observation });
    }
    if (message.reply) {
      await writeAnswer(storage, client, { covers: [message.sid], ...message.reply });
    }
  }
  return { id: await conversationIdFor(secret(), client, consultation), consultation };
}

let answerSeq = 0;

/** An answer as the reply path leaves it: claimed, decided, and its one part sent (or failed, or still pending), or each of `parts` recorded. */
export async function writeAnswer(
  storage: ReturnType<typeof store>,
  client: ClientKey,
  answer: { covers: string[]; at: string; text: string; handoffSummary?: string; status?: "sent" | "failed" | "pending"; seq?: number; twilioSid?: string; parts?: Array<"sent" | "failed"> },
) {
  const seq = answer.seq ?? ++answerSeq;
  await claimAnswer(storage, client, { v: 1, seq, covers: answer.covers, claimedAt: answer.at });
  await decideAnswer(storage, client, {
    v: 1,
    seq,
    outcome: "send",
    decidedAt: answer.at,
    source: "model",
    text: answer.text,
    parts: answer.parts?.length ?? 1,
    ...(answer.handoffSummary ? { handoffSummary: answer.handoffSummary } : {}),
  });
  const status = answer.status ?? "sent";
  if (status === "pending") return seq;
  for (const [index, outcome] of (answer.parts ?? [status]).entries()) {
    await recordPartOutcome(storage, client, {
      v: 1,
      seq,
      index,
      status: outcome,
      ...(outcome === "sent" ? { twilioSid: index === 0 ? (answer.twilioSid ?? `SM${String(seq).padStart(32, "0")}`) : `SM${String(seq).padStart(30, "0")}${String(index).padStart(2, "0")}` } : { error: "Twilio 400 (21211): invalid To" }),
      at: answer.at,
    });
  }
  return seq;
}

/** The consultation of the page-content specs: every kind of turn, concluded with a summary. */
export const fullConsultation = (): ClientMessage[] => [
  {
    sid: sid(),
    at: "2026-11-20T10:00:00.000Z",
    body: "Hola, quiero una consulta para mis rizos",
    reply: { at: "2026-11-20T10:00:05.000Z", text: "¡Hola Mariana! ¿Me mandas fotos de tu cabello con luz natural?" },
  },
  {
    sid: sid("MM"),
    at: "2026-11-20T10:02:00.000Z",
    body: "Aquí van de frente y de lado",
    media: [{ contentType: "image/jpeg" }, { contentType: "image/png" }],
    reply: { at: "2026-11-20T10:02:06.000Z", text: "¡Qué lindos rizos! ¿Cómo es tu rutina de lavado?" },
  },
  {
    sid: sid("MM"),
    at: "2026-11-20T10:05:00.000Z",
    body: "",
    media: [{ contentType: "audio/ogg", bytes: new Uint8Array([79, 103, 103, 83]), transcript: "Me lavo el pelo dos veces por semana con champú sin sulfatos." }],
    reply: { at: "2026-11-20T10:05:07.000Z", text: "Perfecto. ¿Qué te gustaría lograr?" },
  },
  {
    sid: sid(),
    at: "2026-11-20T10:08:00.000Z",
    body: "Quiero rizos definidos y con volumen para diciembre",
    reply: { at: "2026-11-20T10:08:09.000Z", text: "¡Gracias! Ya tengo todo lo que Tata necesita.", handoffSummary: HANDOFF_SUMMARY },
  },
];

/** Every KV key and R2 object (under `prefix`) with its bytes and content type: what a read must leave untouched. */
export async function fullSnapshot(prefix?: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const kv = await env.CHAT_HISTORY.list({ prefix });
  for (const key of kv.keys) entries[`kv:${key.name}`] = (await env.CHAT_HISTORY.get(key.name)) ?? "";
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA_BUCKET.list({ prefix, cursor, include: ["httpMetadata"] });
    for (const object of page.objects) {
      const body = await env.MEDIA_BUCKET.get(object.key);
      const bytes = body ? new Uint8Array(await body.arrayBuffer()) : new Uint8Array();
      entries[`r2:${object.key}`] = `${object.httpMetadata?.contentType ?? "-"}|${object.etag}|${Array.from(bytes).join(",")}`;
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return entries;
}
