/**
 * Before composing, the answer waits (bounded) until the media of every message it covers were
 * fetched and recorded (ADR 016.5), then reads what became of them.
 */
import { readConversation, type AnswerClaim, type ConversationState } from "../storage/store";
import { mediaOf } from "../twilio/webhook-form";
import type { ReplyJob } from "./reply-job";

/** `claimedFrom`: the state the claim was made from, read again only while media are missing. */
export async function awaitMedia(job: ReplyJob, claim: AnswerClaim, claimedFrom: ConversationState): Promise<ConversationState> {
  const { clock } = job.deps;
  const until = Math.min(clock.now() + job.timing.mediaWaitMs, job.deadline);
  let state = claimedFrom;
  for (;;) {
    const ingested = new Set(state.ingested.map((r) => r.sid));
    const pending = state.inbound.filter((m) => claim.covers.includes(m.sid) && mediaOf(m.params).length > 0 && !ingested.has(m.sid));
    if (pending.length === 0 || !job.deps.ingestMedia || clock.now() >= until) return state;
    await clock.sleep(job.timing.pollMs);
    state = await readConversation(job.store, job.client);
  }
}
