/**
 * The reply path (ADR 004, ADR 016), run from `waitUntil` after the webhook recorded a message
 * and answered Twilio. One job per recorded message, in named steps:
 *
 *   commands            reset, summary and the consent commands are answered at once, by code
 *   silence             nothing more for a client who opted out (ADR 020.6)
 *   typing              "typing…" on the first message of a burst
 *   media               the message's photos and voice notes, fetched and recorded as it arrives
 *   settle and claim    the newest message of a burst (or one past the hard cap) claims its answer
 *   await media         the burst's media, recorded
 *   compose             gates, then the model's answer composed from stored state
 *   deliver             sent in the order of the chain, unless superseded meanwhile
 *
 * Every write and send is fenced by the consultation the message belongs to (ADR 016.8).
 */
import { commandOf } from "../conversation/commands";
import { ensureConsultation } from "../storage/consultation";
import { decideAnswer } from "../storage/conversation";
import type { ClientKey } from "../storage/keys";
import type { Consultation, InboundRecord } from "../storage/records";
import { replyPolicies } from "../utils/retry";
import { redact } from "../utils/redact";
import { answerCommand } from "./answer-command";
import { awaitMedia } from "./await-media";
import { composeAnswer } from "./compose-answer";
import { isOptedOut, keepSilent, OPTED_OUT } from "./opt-out-gate";
import { deliver } from "./deliver";
import { fencedStorage, isOvertakenByReset } from "./fenced-storage";
import { ingestMedia } from "./ingest-media";
import { isPaused, PAUSED } from "./pause";
import { burstTiming, isoAt, type ReplyDeps, type ReplyJob } from "./reply-job";
import { settleAndClaim } from "./settle-and-claim";
import { showTyping } from "./show-typing";
import { logEvent } from "../utils/log";

export type { ReplyDeps } from "./reply-job";
export { modelFallback } from "./compose-answer";

/** `waitUntil` work must end within 30 s of the response: the job stops starting new work before that. */
const JOB_BUDGET_MS = 28_000;

/**
 * Answers one inbound message, as the webhook has just recorded it (or leaves it to the job of a
 * newer one). Never throws. Not read back: a reset since is found by the fence at the job's first write.
 */
export async function answerInbound(deps: ReplyDeps, client: ClientKey, message: InboundRecord): Promise<void> {
  const sid = message.sid;
  try {
    const started = deps.clock.now();

    const job: ReplyJob = {
      deps,
      client,
      message,
      store: fencedStorage(deps.store, client, message),
      timing: deps.timing ?? burstTiming,
      policies: replyPolicies(deps.clock),
      deadline: started + JOB_BUDGET_MS,
    };
    await runJob(job);
  } catch (error) {
    if (isOvertakenByReset(error)) {
      logEvent("overtaken_by_reset", { client: redact(client), sid }, "warn");
      return;
    }
    logEvent("reply_failed", { client: redact(client), sid, error: String(error) });
  }
}

async function runJob(job: ReplyJob): Promise<void> {
  const command = commandOf(job.message.params.Body ?? "");
  if (command) return answerCommand(job, command);
  if (await isOptedOut(job)) return keepSilent(job);
  await showTyping(job);
  await ingestMedia(job);
  const claimed = await settleAndClaim(job);
  if (!claimed) return;
  const { claim } = claimed;
  let state = await awaitMedia(job, claim, claimed.state);
  if (!state.consultation) state = { ...state, consultation: await startConsultation(job) };
  const answer = await composeAnswer(job, claim, state);
  if (answer.kind === "silent") {
    await decideAnswer(job.store, job.client, { v: 1, seq: claim.seq, outcome: "silent", decidedAt: isoAt(job), reason: answer.reason });
    return;
  }
  // The model took its time: a client who opted out meanwhile gets nothing (ADR 020.6).
  if (await isOptedOut(job)) {
    await decideAnswer(job.store, job.client, { v: 1, seq: claim.seq, outcome: "silent", decidedAt: isoAt(job), reason: OPTED_OUT });
    return;
  }
  // Nor does one whose stylist paused the assistant meanwhile, and no part of the answer once she did (ADR 028.4).
  const paused = async () => ((await isPaused(job.store, job.client)) ? PAUSED : null);
  if (await paused()) {
    await decideAnswer(job.store, job.client, { v: 1, seq: claim.seq, outcome: "silent", decidedAt: isoAt(job), reason: PAUSED });
    return;
  }
  await deliver(job, claim, answer, { inOrder: true, halt: paused });
}

/**
 * The record only dates the consultation (links create it when missing). KV takes about one
 * write per second per key: a refused write must not cost the client their answer.
 */
async function startConsultation(job: ReplyJob): Promise<Consultation | null> {
  return ensureConsultation(job.store, job.client, isoAt(job)).catch((error: unknown) => {
    if (isOvertakenByReset(error)) throw error;
    logEvent("consultation_write_failed", { client: redact(job.client), sid: job.message.sid, error: String(error) });
    return null;
  });
}
