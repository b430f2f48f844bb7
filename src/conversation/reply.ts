/**
 * The reply path (ADR 004), run from `ctx.waitUntil` after the webhook has recorded the message
 * and answered Twilio: commands, then media, then the model's answer composed from current
 * state, delivered through the Messages API with its status recorded.
 */
import type { Config } from "../config";
import { photoLinks } from "../media/model-photos";
import type { ModelAnswer, ModelClient } from "../openai/client";
import { replyPolicies, type RetryPolicy } from "../retry";
import { conversationIdFor } from "../summary/conversation-id";
import { waMeLink } from "../summary/handoff-link";
import { splitMessage, type MessagesClient } from "../twilio/messages-client";
import { mediaOf } from "../twilio/webhook-form";
import { commandOf, resetConfirmation, summaryLinkText } from "./commands";
import { composeModelInput } from "./compose";
import { detectLanguage, type Language } from "./language";
import {
  createReply,
  deleteClient,
  ensureConsultation,
  readConversation,
  updateReply,
  type ClientKey,
  type InboundRecord,
  type ReplyRecord,
  type Storage,
} from "./store";
import { clientWords, timelineOf } from "./timeline";

export interface ReplyContext {
  store: Storage;
  config: Config;
  model: ModelClient;
  messages: MessagesClient;
  /** Origin for links in replies: PUBLIC_BASE_URL, or the webhook request's own origin. */
  publicOrigin: string;
  /** Stores the message's media and transcribes voice notes (ADR 006); returns notes for the client, put before the answer. */
  ingestMedia?: (client: ClientKey, message: InboundRecord, language: Language) => Promise<string[]>;
  now?: () => Date;
}

/** What the client gets when the model cannot answer (ADR 004.7). */
export const modelFallback: Record<Language, string> = {
  en: "Sorry, I could not answer just now. Your message is saved: I will pick it up as soon as you write again.",
  es: "Perdona, no pude responder en este momento. Tu mensaje quedó guardado: lo retomo en cuanto vuelvas a escribir.",
};

const handoffClosing: Record<Language, (page: string, wa: string) => string> = {
  en: (page, wa) => `Your summary is ready: ${page}\n\nTap to send it to your stylist on WhatsApp: ${wa}`,
  es: (page, wa) => `Tu resumen está listo: ${page}\n\nToca para enviárselo a tu estilista por WhatsApp: ${wa}`,
};

export async function summaryPageUrl(ctx: ReplyContext, client: ClientKey, now: string): Promise<string> {
  const consultation = await ensureConsultation(ctx.store, client, now);
  return `${ctx.publicOrigin}/summary/${await conversationIdFor(ctx.config.linkSigningSecret, client, consultation)}`;
}

/** Answers one recorded inbound message. Never throws: every failure ends as a recorded status. */
export async function answerInbound(ctx: ReplyContext, client: ClientKey, sid: string): Promise<void> {
  try {
    await answer(ctx, client, sid);
  } catch (error) {
    console.error(JSON.stringify({ event: "reply_failed", client: redact(client), sid, error: String(error) }));
  }
}

async function answer(ctx: ReplyContext, client: ClientKey, sid: string): Promise<void> {
  const now = () => (ctx.now ?? (() => new Date()))().toISOString();
  const policies = replyPolicies();
  let state = await readConversation(ctx.store, client);
  const message = state.inbound.find((m) => m.sid === sid);
  if (!message) return; // reset in between, or unreadable: nothing to answer
  const body = message.params.Body ?? "";
  const command = commandOf(body);
  const history = clientWords(timelineOf(state));
  // A command word says little about the client's language ("reset" is typed in Spanish too):
  // their own words decide when there are any.
  const language = detectLanguage(command && history.length ? history : [...history, body]);
  if (command === "reset") {
    await deleteClient(ctx.store, client, sid);
    await deliver(ctx, client, newReply(sid, now(), "command", resetConfirmation[language]), policies.send);
    return;
  }
  if (command === "summary") {
    const link = await summaryPageUrl(ctx, client, now());
    await deliver(ctx, client, newReply(sid, now(), "command", summaryLinkText[language](link)), policies.send);
    return;
  }

  // The record only dates the consultation (links create it when missing). KV takes about one
  // write per second per key and a burst of first messages races for it: a refused write must
  // not cost the client their answer (ADR 004.4).
  const startsConsultation = !state.consultation;
  const hasMedia = mediaOf(message.params).length > 0;
  if (startsConsultation) {
    await ensureConsultation(ctx.store, client, now()).catch((error: unknown) =>
      console.error(JSON.stringify({ event: "consultation_write_failed", client: redact(client), sid, error: String(error) })),
    );
  }
  let attachmentNotes: string[] = [];
  if (ctx.ingestMedia && hasMedia) {
    attachmentNotes = await ctx.ingestMedia(client, message, language);
  }
  // Read again only when something was written since: media, or a consultation just started.
  if (hasMedia || startsConsultation) {
    state = await readConversation(ctx.store, client);
  }

  let answerText: string;
  let source: ReplyRecord["source"] = "model";
  let handoffSummary: string | undefined;
  try {
    const modelAnswer: ModelAnswer = await ctx.model.complete(
      composeModelInput(state, ctx.config, await photoLinks(state, { secret: ctx.config.linkSigningSecret, origin: ctx.publicOrigin, now: new Date(now()) })),
      policies.model,
    );
    answerText = modelAnswer.text;
    if (modelAnswer.handoffSummary) {
      handoffSummary = modelAnswer.handoffSummary;
      const page = await summaryPageUrl(ctx, client, now());
      const wa = waMeLink(ctx.config.stylist.whatsappNumber, handoffSummary, page);
      answerText = [answerText, handoffClosing[language](page, wa)].filter(Boolean).join("\n\n");
    }
  } catch (error) {
    console.error(JSON.stringify({ event: "model_failed", client: redact(client), sid, error: String(error) }));
    answerText = modelFallback[language];
    source = "fallback";
  }
  answerText = [...attachmentNotes, answerText].join("\n\n");
  await deliver(ctx, client, { ...newReply(sid, now(), source, answerText), ...(handoffSummary ? { handoffSummary } : {}) }, policies.send);
}

function newReply(inReplyTo: string, createdAt: string, source: ReplyRecord["source"], text: string): ReplyRecord {
  return { v: 1, inReplyTo, createdAt, source, text, status: "pending", parts: [] };
}

/** Records the reply as pending (once per inbound message), sends its parts in order, records the outcome. */
async function deliver(ctx: ReplyContext, client: ClientKey, reply: ReplyRecord, policy: RetryPolicy): Promise<void> {
  const created = await createReply(ctx.store, client, reply);
  if (!created) return; // already answered: exactly once
  const parts = splitMessage(reply.text);
  const record: ReplyRecord = { ...reply, parts: [] };
  for (const part of parts) {
    try {
      const sent = await ctx.messages.send({ to: client, from: ctx.config.twilio.whatsappNumber, body: part }, policy);
      record.parts.push({ status: "sent", twilioSid: sent.sid });
    } catch (error) {
      record.parts.push({ status: "failed", error: error instanceof Error ? error.message : String(error) });
      record.status = "failed";
      record.error = error instanceof Error ? error.message : String(error);
      break; // later parts would arrive out of context
    }
  }
  if (record.status !== "failed") record.status = "sent";
  await updateReply(ctx.store, client, record);
}

/** Logs carry the last four digits only. */
export function redact(client: string): string {
  return `whatsapp:+…${client.slice(-4)}`;
}
