/**
 * Before composing, the answer waits (bounded) until the media of every message it covers were
 * fetched and recorded (ADR 016.5), then reads what became of them. While it waits it looks only
 * at the records of what was ingested (ADR 025.1).
 */
import { readConversation, readFolders } from "../storage/conversation";
import type { AnswerClaim, ConversationState, IngestedRecord } from "../storage/records";
import { mediaOf } from "../twilio/webhook-form";
import type { ReplyJob } from "./reply-job";

/** `claimedFrom`: the state the claim was made from, read again, whole, only when media were missing from it. */
export async function awaitMedia(job: ReplyJob, claim: AnswerClaim, claimedFrom: ConversationState): Promise<ConversationState> {
  const { clock } = job.deps;
  const expected = claimedFrom.inbound.filter((m) => claim.covers.includes(m.sid) && mediaOf(m.params).length > 0).map((m) => m.sid);
  const missing = (ingested: readonly IngestedRecord[]) => expected.some((sid) => !ingested.some((r) => r.sid === sid));
  if (!missing(claimedFrom.ingested) || !job.deps.ingestMedia) return claimedFrom;
  const until = Math.min(clock.now() + job.timing.mediaWaitMs, job.deadline);
  while (clock.now() < until) {
    await clock.sleep(job.timing.pollMs);
    if (!missing((await readFolders(job.store, job.client, ["ingested/"])).ingested)) break;
  }
  return readConversation(job.store, job.client);
}
