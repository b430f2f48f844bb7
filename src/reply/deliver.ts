/**
 * Delivering an answer (ADR 004.5, 004.8, ADR 016.7, 016.8, 016.9, 016.10): the decision to send is a
 * create-only record, so an answer superseded meanwhile is discarded instead; answers go out in
 * the order of the chain (an earlier answer still being sent is waited for, bounded); each part is
 * marked as about to go out before it is sent, carries the status callback, and its outcome is
 * recorded once. A failed part stops the later ones (they would arrive out of context).
 */
import { answerStatus, standingAnswers } from "../conversation/answers";
import { decideAnswer, markSending, readAnswers, recordPartOutcome } from "../storage/conversation";
import { readConsent } from "../storage/outside-client";
import type { AnswerClaim } from "../storage/records";
import { splitMessage } from "../twilio/messages-client";
import { redact } from "../utils/redact";
import { isOvertakenByReset } from "./fenced-storage";
import { isoAt, type ReplyJob } from "./reply-job";
import { logEvent } from "../utils/log";

/** Why the parts of an answer after an opt-out were not sent. */
export const WITHHELD = "withheld: the client opted out";

/** The answer to send: its words and who wrote them. */
export type AnswerToSend = { kind: "send"; source: "model" | "fallback" | "command" | "gate"; text: string; handoffSummary?: string };

/** Sends the answer unless it was superseded; false when it was (the generation is discarded). */
export async function deliver(job: ReplyJob, claim: AnswerClaim, answer: AnswerToSend, options: { inOrder: boolean }): Promise<boolean> {
  const parts = splitMessage(answer.text);
  const decided = await decideAnswer(job.store, job.client, {
    v: 1,
    seq: claim.seq,
    outcome: "send",
    decidedAt: isoAt(job),
    source: answer.source,
    text: answer.text,
    parts: parts.length,
    ...(answer.handoffSummary ? { handoffSummary: answer.handoffSummary } : {}),
  });
  if (!decided) {
    logEvent("answer_superseded", { client: redact(job.client), seq: claim.seq }, "warn");
    return false;
  }
  if (options.inOrder) await awaitEarlierAnswers(job, claim.seq);
  const { deps } = job;
  const sids: string[] = [];
  for (const [index, body] of parts.entries()) {
    // The mark is a fenced write: checked once it landed, before the part goes out (ADR 016.8).
    await markSending(job.store, job.client, claim.seq, index, isoAt(job));
    // A client who opted out while earlier parts went out gets no more of them (ADR 029.8): looked at
    // once the mark is down, so an opt-out recorded before it is seen here, and one after it waits for
    // this part. A command's own confirmation is the client's.
    if (answer.source !== "command" && (await readConsent(job.store, job.client)).optedOut) {
      await recordPartOutcome(job.store, job.client, { v: 1, seq: claim.seq, index, status: "failed", error: WITHHELD, at: isoAt(job) });
      break;
    }
    try {
      const sent = await deps.messages.send(
        { to: job.client, from: deps.config.twilio.whatsappNumber, body, statusCallback: `${deps.publicOrigin}/whatsapp/status` },
        job.policies.send,
      );
      await recordPartOutcome(job.store, job.client, { v: 1, seq: claim.seq, index, status: "sent", twilioSid: sent.sid, at: isoAt(job) });
      sids.push(sent.sid);
    } catch (error) {
      if (isOvertakenByReset(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      await recordPartOutcome(job.store, job.client, { v: 1, seq: claim.seq, index, status: "failed", error: message, at: isoAt(job) });
      break;
    }
  }
  // The one line a success leaves (ADR 030.4): what went out, never its words.
  if (sids.length) logEvent("answer_sent", { client: redact(job.client), seq: claim.seq, source: answer.source, parts: sids.length, of: parts.length, twilioSids: sids }, "log");
  return true;
}

/** Waits until no earlier answer of the chain is still pending (bounded): answers never overtake each other. */
async function awaitEarlierAnswers(job: ReplyJob, seq: number): Promise<void> {
  const { clock } = job.deps;
  const until = Math.min(clock.now() + job.timing.orderWaitMs, job.deadline);
  for (;;) {
    const answers = await readAnswers(job.store, job.client);
    const earlier = standingAnswers({ answers }).filter((a) => a.seq < seq && answerStatus(a) === "pending");
    if (earlier.length === 0) return;
    if (clock.now() >= until) {
      logEvent("earlier_answer_still_pending", { client: redact(job.client), seq, earlier: earlier.map((a) => a.seq) }, "warn");
      return;
    }
    await clock.sleep(job.timing.pollMs);
  }
}
