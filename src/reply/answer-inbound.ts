/**
 * The reply path (ADR 004), run from `deps.waitUntil` after the webhook has recorded the message
 * and answered Twilio: commands, then media, then the model's answer composed from current
 * state, delivered through the Messages API with its status recorded.
 */
import type { Config } from "../config/settings";
import type { ModelClient } from "../openai/client";
import { replyPolicies, type RetryPolicy } from "../utils/retry";
import { conversationIdFor } from "../summary/conversation-id";
import { waMeLink } from "../summary/handoff-link";
import { splitMessage, type MessagesClient } from "../twilio/messages-client";
import { mediaOf } from "../twilio/webhook-form";
import { commandOf, resetConfirmation, summaryLinkText } from "../conversation/commands";
import { consultantRequest } from "../conversation/compose";
import { consultantAnswerOf } from "../conversation/consultant-prompt";
import { detectLanguage, type Language } from "../utils/language";
import { logEvent } from "../utils/log";
import { redact } from "../utils/redact";
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
} from "../storage/store";
import { clientWords, timelineOf } from "../conversation/timeline";

export interface ReplyDeps {
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

export async function summaryPageUrl(deps: ReplyDeps, client: ClientKey, now: string): Promise<string> {
  const consultation = await ensureConsultation(deps.store, client, now);
  return `${deps.publicOrigin}/summary/${await conversationIdFor(deps.config.linkSigningSecret, client, consultation)}`;
}

/** Answers one recorded inbound message. Never throws: every failure ends as a recorded status. */
export async function answerInbound(deps: ReplyDeps, client: ClientKey, sid: string): Promise<void> {
  try {
    await answer(deps, client, sid);
  } catch (error) {
    logEvent("reply_failed", { client: redact(client), sid, error: String(error) });
  }
}

async function answer(deps: ReplyDeps, client: ClientKey, sid: string): Promise<void> {
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const policies = replyPolicies();
  let state = await readConversation(deps.store, client);
  const message = state.inbound.find((m) => m.sid === sid);
  if (!message) return; // reset in between, or unreadable: nothing to answer
  const body = message.params.Body ?? "";
  const command = commandOf(body);
  const history = clientWords(timelineOf(state));
  // A command word says little about the client's language ("reset" is typed in Spanish too):
  // their own words decide when there are any.
  const language = detectLanguage(command && history.length ? history : [...history, body]);
  if (command === "reset") {
    await deleteClient(deps.store, client, sid);
    await deliver(deps, client, newReply(sid, now(), "command", resetConfirmation[language]), policies.send);
    return;
  }
  if (command === "summary") {
    const link = await summaryPageUrl(deps, client, now());
    await deliver(deps, client, newReply(sid, now(), "command", summaryLinkText[language](link)), policies.send);
    return;
  }

  // The record only dates the consultation (links create it when missing). KV takes about one
  // write per second per key and a burst of first messages races for it: a refused write must
  // not cost the client their answer (ADR 004.4).
  const startsConsultation = !state.consultation;
  const hasMedia = mediaOf(message.params).length > 0;
  if (startsConsultation) {
    await ensureConsultation(deps.store, client, now()).catch((error: unknown) =>
      logEvent("consultation_write_failed", { client: redact(client), sid, error: String(error) }),
    );
  }
  let attachmentNotes: string[] = [];
  if (deps.ingestMedia && hasMedia) {
    attachmentNotes = await deps.ingestMedia(client, message, language);
  }
  // Read again only when something was written since: media, or a consultation just started.
  if (hasMedia || startsConsultation) {
    state = await readConversation(deps.store, client);
  }

  let answerText: string;
  let source: ReplyRecord["source"] = "model";
  let handoffSummary: string | undefined;
  try {
    const request = await consultantRequest(state, deps.config, deps.publicOrigin, new Date(now()));
    const modelAnswer = consultantAnswerOf(await deps.model.complete(request.messages, request.tools, policies.model, { maxCompletionTokens: request.maxCompletionTokens }));
    answerText = modelAnswer.text;
    if (modelAnswer.handoffSummary) {
      handoffSummary = modelAnswer.handoffSummary;
      const page = await summaryPageUrl(deps, client, now());
      const wa = waMeLink(deps.config.stylist.whatsappNumber, handoffSummary, page);
      answerText = [answerText, handoffClosing[language](page, wa)].filter(Boolean).join("\n\n");
    }
  } catch (error) {
    logEvent("model_failed", { client: redact(client), sid, error: String(error) });
    answerText = modelFallback[language];
    source = "fallback";
  }
  answerText = [...attachmentNotes, answerText].join("\n\n");
  await deliver(deps, client, { ...newReply(sid, now(), source, answerText), ...(handoffSummary ? { handoffSummary } : {}) }, policies.send);
}

function newReply(inReplyTo: string, createdAt: string, source: ReplyRecord["source"], text: string): ReplyRecord {
  return { v: 1, inReplyTo, createdAt, source, text, status: "pending", parts: [] };
}

/** Records the reply as pending (once per inbound message), sends its parts in order, records the outcome. */
async function deliver(deps: ReplyDeps, client: ClientKey, reply: ReplyRecord, policy: RetryPolicy): Promise<void> {
  const created = await createReply(deps.store, client, reply);
  if (!created) return; // already answered: exactly once
  const parts = splitMessage(reply.text);
  const record: ReplyRecord = { ...reply, parts: [] };
  for (const part of parts) {
    try {
      const sent = await deps.messages.send({ to: client, from: deps.config.twilio.whatsappNumber, body: part }, policy);
      record.parts.push({ status: "sent", twilioSid: sent.sid });
    } catch (error) {
      record.parts.push({ status: "failed", error: error instanceof Error ? error.message : String(error) });
      record.status = "failed";
      record.error = error instanceof Error ? error.message : String(error);
      break; // later parts would arrive out of context
    }
  }
  if (record.status !== "failed") record.status = "sent";
  await updateReply(deps.store, client, record);
}
