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
import type { Storage } from "../storage/bucket";
import type { ClientKey } from "../storage/keys";
import type { AnswerClaim } from "../storage/records";
import { recordCopiesOrLog } from "./twilio-ledger";
import { splitMessage, type MessagesClient, type OutgoingContent } from "../twilio/messages-client";
import type { RetryPolicy } from "../utils/retry";
import { redact } from "../utils/redact";
import { checkedTogether, isOvertakenByReset } from "./fenced-storage";
import { isoAt, type ReplyJob } from "./reply-job";
import { logEvent } from "../utils/log";

/** Why the parts of an answer after an opt-out were not sent. */
export const WITHHELD = "withheld: the client opted out";

/** The answer to send: its words and who wrote them. */
export type AnswerToSend = { kind: "send"; source: "model" | "fallback" | "command" | "gate"; text: string; handoffSummary?: string };

/** Sends the answer unless it was superseded (then the generation is discarded). `options.halt`: see `sendParts`. */
export async function deliver(
  job: ReplyJob,
  claim: AnswerClaim,
  answer: AnswerToSend,
  options: { inOrder: boolean; halt?: () => Promise<string | null> },
): Promise<void> {
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
    return;
  }
  if (options.inOrder) await awaitEarlierAnswers(job, claim.seq);
  const { deps } = job;
  const sender = { store: job.store, client: job.client, messages: deps.messages, from: deps.config.twilio.whatsappNumber, publicOrigin: deps.publicOrigin, policy: job.policies.send, at: () => isoAt(job) };
  // A command's own confirmation is the client's: no opt-out withholds it.
  const sids = await sendParts(sender, claim, parts.map((body) => ({ body })), answer.source === "command" ? options.halt : withheldAfterOptOut(job.store, job.client, options.halt));
  // The one line a success leaves (ADR 030.4): what went out, never its words.
  if (sids.length) logEvent("answer_sent", { client: redact(job.client), seq: claim.seq, source: answer.source, parts: sids.length, of: parts.length, twilioSids: sids }, "log");
}

/**
 * `halt`, then the client's consent (ADR 029.8): a client who opted out while earlier parts went out
 * gets no more of them.
 */
export function withheldAfterOptOut(store: Storage, client: ClientKey, halt?: () => Promise<string | null>): () => Promise<string | null> {
  return async () => (await halt?.()) ?? ((await readConsent(store, client)).optedOut ? WITHHELD : null);
}

export interface PartSender {
  store: Storage;
  client: ClientKey;
  messages: MessagesClient;
  /** The business number. */
  from: string;
  /** Origin of the status callback. */
  publicOrigin: string;
  policy: RetryPolicy;
  at: () => string;
}

/**
 * Sends the parts of decided answer `seq` in order: each marked as about to go out (a fenced write for a
 * reply job: checked once it landed, ADR 016.8), sent with the status callback, its outcome recorded
 * once; a failed part stops the later ones. `halt` is asked once each mark is down, so that what was
 * recorded before it is seen, and what comes after it waits for this part; a reason stops the answer
 * there (the part recorded as not sent, with it). Each SID Twilio returns goes into the ledger of its
 * copies (ADR 032.1), dated by the answer's claim. The Twilio SIDs of the parts sent, in order.
 */
export async function sendParts(
  sender: PartSender,
  claim: Pick<AnswerClaim, "seq" | "claimedAt">,
  parts: readonly OutgoingContent[],
  halt?: () => Promise<string | null>,
): Promise<string[]> {
  const { store, client } = sender;
  const seq = claim.seq;
  const sids: string[] = [];
  for (const [index, content] of parts.entries()) {
    await markSending(store, client, seq, index, sender.at());
    const halted = halt && (await halt());
    if (halted) {
      await recordPartOutcome(store, client, { v: 1, seq, index, status: "failed", error: halted, at: sender.at() });
      return sids;
    }
    try {
      const sent = await sender.messages.send({ to: client, from: sender.from, ...content, statusCallback: `${sender.publicOrigin}/whatsapp/status` }, sender.policy);
      await checkedTogether(store, async () => {
        await recordCopiesOrLog(store, client, Date.parse(claim.claimedAt), [{ messageSid: sent.sid }]);
        await recordPartOutcome(store, client, { v: 1, seq, index, status: "sent", twilioSid: sent.sid, at: sender.at() });
      });
      sids.push(sent.sid);
    } catch (error) {
      if (isOvertakenByReset(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      await recordPartOutcome(store, client, { v: 1, seq, index, status: "failed", error: message, at: sender.at() });
      return sids;
    }
  }
  return sids;
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
