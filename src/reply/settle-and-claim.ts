/**
 * One answer per burst (ADR 016.1, 016.2, 016.4, 016.9). After a short settling window, a job answers only if its
 * message is the newest one still waiting (a newer message's job covers it otherwise), or if the
 * burst's oldest waiting message has reached the hard cap. It then claims the next number of the
 * client's chain of answers with a create-only record, covering every waiting message and the
 * messages of an answer still being written, which it supersedes (that answer is then discarded).
 */
import { nextSeq, standingAnswers, unansweredMessages } from "../conversation/answers";
import { claimAnswer, decideAnswer, readConversation } from "../storage/conversation";
import { byArrival, type AnswerClaim, type ConversationState } from "../storage/records";
import { isoAt, type ReplyJob } from "./reply-job";

/** Enough for every job of a burst racing for the same number, and then some. */
const MAX_ATTEMPTS = 25;
/** Clocks of different Worker instances may disagree a little. */
const FUTURE_TOLERANCE_MS = 5_000;

/** The claimed answer and the state it was claimed from (null: another job answers this message). */
export async function settleAndClaim(job: ReplyJob): Promise<{ claim: AnswerClaim; state: ConversationState } | null> {
  const { clock } = job.deps;
  await clock.sleep(job.timing.settleMs);
  for (let attempt = 0; attempt < MAX_ATTEMPTS && clock.now() < job.deadline; attempt++) {
    const state = await readConversation(job.store, job.client);
    const waiting = unansweredMessages(state);
    if (!waiting.some((m) => m.sid === job.message.sid)) return null; // covered, or gone with a reset
    const now = clock.now();
    const capReached = now - Date.parse(waiting[0]!.receivedAt) >= job.timing.capMs;
    // A newer message's job answers for this one. A record dated in the future has no job coming.
    const newer = waiting.some((m) => byArrival(m, job.message) > 0 && Date.parse(m.receivedAt) <= now + FUTURE_TOLERANCE_MS);
    if (newer && !capReached) return null;

    const seq = nextSeq(state);
    const supersedable = standingAnswers(state).filter((a) => !a.reply && !a.claim!.final && !a.claim!.command && !a.claim!.stylist);
    const covered = new Map([...waiting, ...state.inbound.filter((m) => supersedable.some((a) => a.claim!.covers.includes(m.sid)))].map((m) => [m.sid, m]));
    const claim: AnswerClaim = {
      v: 1,
      seq,
      covers: [...covered.values()].sort(byArrival).map((m) => m.sid),
      claimedAt: isoAt(job),
      ...(capReached ? { final: true as const } : {}),
    };
    if (!(await claimAnswer(job.store, job.client, claim))) continue; // another job took this number: look again
    // The answers still being written are discarded; one that was decided first keeps its messages.
    for (const answer of supersedable) {
      await decideAnswer(job.store, job.client, { v: 1, seq: answer.seq, outcome: "superseded", decidedAt: isoAt(job), by: seq });
    }
    return { claim, state };
  }
  return null;
}
