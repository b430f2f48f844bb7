/**
 * Commands keep their immediate answers (ADR 004.9, ADR 016.3): no settling window, no model.
 * A reset waits (bounded) for any part already on its way to the client, then deletes the
 * consultation and confirms: nothing from before it is sent after its confirmation (ADR 016.8).
 * A command reads only the latest messages and answers (ADR 022.7): its language, the sends still
 * in flight and the chain's next number are all there, however long the conversation.
 */
import { resetConfirmation, summaryLinkText, type Command } from "../conversation/commands";
import { nextSeq } from "../conversation/answers";
import { clientWords, timelineOf } from "../conversation/timeline";
import { claimAnswer, deleteClient, type AnswerClaim, type ConversationState } from "../storage/store";
import { readLatestMessages } from "../storage/conversation-page";
import { detectLanguage, type Language } from "../utils/language";
import { deliver } from "./deliver";
import { isoAt, type ReplyJob } from "./reply-job";
import { summaryPageUrl } from "./summary-link";
import { logEvent } from "../utils/log";

const MAX_ATTEMPTS = 25;

/** Does what a command asks and returns the words that confirm it (null: nothing is sent). */
export type CommandHandler = (job: ReplyJob, language: Language) => Promise<string | null>;

const builtIn: Partial<Record<Command, CommandHandler>> = {
  reset: async (job, language) => {
    await awaitSendsInFlight(job, await readLatestMessages(job.store, job.client));
    await deleteClient(job.deps.store, job.client, job.message.sid);
    return resetConfirmation[language];
  },
  summary: async (job, language) => summaryLinkText[language](await summaryPageUrl(job, isoAt(job))),
};

export async function answerCommand(job: ReplyJob, command: Command): Promise<void> {
  const state = await readLatestMessages(job.store, job.client);
  const history = clientWords(timelineOf(state));
  // A command word says little about the client's language ("reset" is typed in Spanish too):
  // their own words decide when there are any.
  const language = detectLanguage(history.length ? history : [job.message.params.Body ?? ""]);
  const handler = job.deps.commands?.[command] ?? builtIn[command];
  if (!handler) {
    logEvent("command_not_handled", { command, sid: job.message.sid }, "warn");
    return;
  }
  const text = await handler(job, language);
  if (text === null) return;
  const claim = await claimOwnAnswer(job, command, await readLatestMessages(job.store, job.client));
  if (claim) await deliver(job, claim, { kind: "send", source: "command", text }, { inOrder: false });
}

async function claimOwnAnswer(job: ReplyJob, command: Command, state: ConversationState): Promise<AnswerClaim | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (state.answers.some((a) => a.claim?.covers.includes(job.message.sid))) return null;
    const claim: AnswerClaim = { v: 1, seq: nextSeq(state), covers: [job.message.sid], claimedAt: isoAt(job), command };
    if (await claimAnswer(job.store, job.client, claim)) return claim;
    state = await readLatestMessages(job.store, job.client);
  }
  return null;
}

/** Parts marked as about to be sent, without an outcome yet: they are on their way to Twilio. */
async function awaitSendsInFlight(job: ReplyJob, state: ConversationState): Promise<void> {
  const { clock } = job.deps;
  const until = Math.min(clock.now() + job.timing.orderWaitMs, job.deadline);
  for (;;) {
    const inFlight = state.answers.filter((a) => a.sending.some((i) => !a.parts.some((p) => p.index === i)));
    if (inFlight.length === 0 || clock.now() >= until) return;
    await clock.sleep(job.timing.pollMs);
    state = await readLatestMessages(job.store, job.client);
  }
}
