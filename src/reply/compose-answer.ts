/**
 * The words of a burst's answer: the gates first (they may answer by code or keep silent), then
 * the model's answer composed from stored state up to the burst's last message (ADR 004.3), the
 * hand-off links when the model concluded (ADR 009), the kind fallback when it could not answer
 * (ADR 004.7), and the notes about attachments that did not come through (ADR 006); all of it
 * in at most 3 WhatsApp messages (ADR 018.2).
 */
import { capToMessages, shortenedNotice } from "../conversation/answer-limits";
import { stateUpTo } from "../conversation/answers";
import { consultantRequest } from "../conversation/compose";
import { consultantAnswerOf } from "../conversation/consultant-prompt";
import { clientLanguage } from "../conversation/timeline";
import { attachmentNotes } from "../media/attachment-notes";
import { mediaKindOf, parseContentType } from "../media/content-type";
import type { AttachmentOutcome } from "../media/ingest";
import { recordModelCall } from "../storage/outside-client";
import type { AnswerClaim, ConversationState } from "../storage/records";
import { recordDeploymentCall } from "../storage/openai-calls";
import { waMeLink } from "../summary/handoff-link";
import type { Language } from "../utils/language";
import { redact } from "../utils/redact";
import { runGates } from "./gate-contract";
import { checkedTogether, isOvertakenByReset } from "./fenced-storage";
import { isoAt, type ReplyJob } from "./reply-job";
import { summaryPageUrl } from "./summary-link";
import { logEvent } from "../utils/log";

/** What the client gets when the model cannot answer (ADR 004.7). */
export const modelFallback: Record<Language, string> = {
  en: "Sorry, I could not answer just now. Your message is saved: I will pick it up as soon as you write again.",
  es: "Perdona, no pude responder en este momento. Tu mensaje quedó guardado: lo retomo en cuanto vuelvas a escribir.",
};

const handoffClosing: Record<Language, (page: string, wa: string) => string> = {
  en: (page, wa) => `Your summary is ready: ${page}\n\nTap to send it to your stylist on WhatsApp: ${wa}`,
  es: (page, wa) => `Tu resumen está listo: ${page}\n\nToca para enviárselo a tu estilista por WhatsApp: ${wa}`,
};

export type ComposedAnswer =
  | { kind: "send"; source: "model" | "fallback" | "gate"; text: string; handoffSummary?: string }
  | { kind: "silent"; reason: string };

export async function composeAnswer(job: ReplyJob, claim: AnswerClaim, state: ConversationState): Promise<ComposedAnswer> {
  const { deps, client } = job;
  const covered = state.inbound.filter((m) => claim.covers.includes(m.sid));
  const last = covered.at(-1) ?? job.message;
  const upTo = { ...stateUpTo(state, last), answers: state.answers.filter((a) => a.seq < claim.seq) };
  const language = clientLanguage(upTo);
  const verdict = await runGates(deps.gates, { client, state, messages: covered, language, now: deps.clock.now() });
  if (verdict.kind === "silent") return verdict;
  if (verdict.kind === "answer") return { kind: "send", source: "gate", text: verdict.text };

  const notes = attachmentNotes(outcomesOf(state, claim), language, deps.config.stylist.name);
  let text: string;
  let closing: string[] = [];
  let source: "model" | "fallback" = "model";
  let handoffSummary: string | undefined;
  try {
    // Recorded first, where a reset leaves it (ADR 018.4): a call whose record cannot be written is
    // not made. The write is fenced: no model call for a consultation that was reset meanwhile.
    await checkedTogether(job.store, async () => {
      await recordModelCall(job.store, client, claim);
      await recordDeploymentCall(job.store, deps.clock.now());
    });
    const request = await consultantRequest(upTo, deps.config, deps.publicOrigin, new Date(deps.clock.now()));
    const answer = consultantAnswerOf(await deps.model.complete(request.messages, request.tools, job.policies.model, { maxCompletionTokens: request.maxCompletionTokens }));
    text = answer.text;
    if (answer.handoffSummary) {
      handoffSummary = answer.handoffSummary;
      const page = await summaryPageUrl(job, isoAt(job), state.consultation);
      const wa = waMeLink(deps.config.stylist.whatsappNumber, handoffSummary, page);
      closing = [handoffClosing[language](page, wa)];
    }
  } catch (error) {
    if (isOvertakenByReset(error)) throw error;
    logEvent("model_failed", { client: redact(client), seq: claim.seq, error: String(error) });
    text = modelFallback[language];
    source = "fallback";
  }
  // At most 3 WhatsApp messages (ADR 018.2): the model's words give way, the notes and links never.
  const capped = capToMessages(text, { before: notes, after: closing, notice: shortenedNotice[language] });
  return { kind: "send", source, text: capped.text, ...(handoffSummary ? { handoffSummary } : {}) };
}

/** What became of the attachments of the messages an answer covers, in message order. */
function outcomesOf(state: ConversationState, claim: AnswerClaim): AttachmentOutcome[] {
  return claim.covers.flatMap((sid) =>
    (state.ingested.find((r) => r.sid === sid)?.attachments ?? []).map((a) => {
      const contentType = parseContentType(a.contentType);
      return { index: a.index, kind: mediaKindOf(contentType), contentType, result: a.result as AttachmentOutcome["result"] };
    }),
  );
}
