/**
 * An answer of the job's own message alone (a command's, or the silent one while opted out),
 * claimed with the chain's next number (ADR 016.2); null when the message already has an answer.
 */
import { nextSeq } from "../conversation/answers";
import { claimAnswer, readAnswers } from "../storage/conversation";
import type { AnswerClaim, ConversationState } from "../storage/records";
import { isoAt, type ReplyJob } from "./reply-job";

/** Enough for every job racing for the same number, and then some. */
const MAX_ATTEMPTS = 25;

export async function claimOwnAnswer(job: ReplyJob, command: string, state: ConversationState): Promise<AnswerClaim | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (state.answers.some((a) => a.claim?.covers.includes(job.message.sid))) return null;
    const claim: AnswerClaim = { v: 1, seq: nextSeq(state), covers: [job.message.sid], claimedAt: isoAt(job), command };
    if (await claimAnswer(job.store, job.client, claim)) return claim;
    state = { ...state, answers: await readAnswers(job.store, job.client) };
  }
  return null;
}
