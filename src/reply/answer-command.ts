/**
 * Commands keep their immediate answers (ADR 004.9, ADR 016.3): no settling window, no model.
 * A reset waits (bounded) for any part already on its way to the client, then deletes the
 * consultation and confirms: nothing from before it is sent after its confirmation (ADR 016.8).
 * A command reads only the latest messages and answers (ADR 022.7): its language, the sends still
 * in flight and the chain's next number are all there, however long the conversation.
 */
import {
  deleteDataConfirmation,
  optOutConfirmation,
  resetConfirmation,
  resumeConfirmation,
  summaryLinkText,
  type Command,
} from "../conversation/commands";
import { clientWords, timelineOf } from "../conversation/timeline";
import { deleteTwilioCopies, twilioCopiesOf } from "../conversation/twilio-copies";
import {
  decideAnswer,
  deleteClient,
  deleteModelCalls,
  readConsent,
  readConversation,
  recordConsent,
  type AnswerClaim,
  type ConsentChoice,
} from "../storage/store";
import { answersInFlight, readLatestMessages, type LatestMessages } from "../storage/conversation-page";
import { detectLanguage, type Language } from "../utils/language";
import { deliver } from "./deliver";
import { isoAt, type ReplyJob } from "./reply-job";
import { claimOwnAnswer } from "./own-answer";
import { summaryPageUrl } from "./summary-link";
import { logEvent } from "../utils/log";

/**
 * Does what a command asks and returns the words that confirm it (null: nothing is sent). `claim` is
 * the command's own answer; `latest`, what the command read before claiming it.
 */
type CommandHandler = (job: ReplyJob, language: Language, claim: AnswerClaim, latest: LatestMessages) => Promise<string | null>;

const builtIn: Partial<Record<Command, CommandHandler>> = {
  // The listing the command read was made after the reset was recorded: every job it fences sees the
  // reset after each later write and removes that write itself, so the listing is what is left to
  // delete, unless a send in flight had to be waited for (ADR 025.3).
  reset: async (job, language, claim, latest) => {
    const waited = await awaitSendsInFlight(job, latest.inFlight);
    await deleteClient(job.store, job.client, { keepSid: job.message.sid, keepAnswer: claim.seq, ...(waited ? {} : { listed: latest.keys }) });
    return resetConfirmation[language];
  },
  summary: async (job, language) => summaryLinkText[language](await summaryPageUrl(job, isoAt(job))),
  // Consent (ADR 020): confirmed once; while opted out, only START is answered.
  "opt-out": async (job, language) => ((await recordChoice(job, "opted-out")) ? null : optOutConfirmation[language]),
  resume: async (job, language) => {
    await recordChoice(job, "resumed");
    return resumeConfirmation[language];
  },
  "delete-data": async (job, language, claim) => {
    const optedOut = (await readConsent(job.store, job.client)).optedOut;
    await deleteClientData(job, claim);
    return optedOut ? null : deleteDataConfirmation[language];
  },
};

/** Commands that still do their work while the client is opted out (the others are not carried out). */
const whileOptedOut: ReadonlySet<Command> = new Set(["opt-out", "resume", "delete-data"]);

/** Records the client's choice (ADR 020.2); true when they had already opted out before this message. */
async function recordChoice(job: ReplyJob, choice: ConsentChoice): Promise<boolean> {
  const before = await readConsent(job.store, job.client);
  await recordConsent(job.store, job.client, { sid: job.message.sid, at: job.message.receivedAt, choice });
  return before.optedOut;
}

/** Twilio keeps refusing a message for about a minute after it was sent or received (20009): retried, within this share of the job. */
const TWILIO_DELETION_MS = 15_000;

/**
 * "Delete my data" (ADR 020.7): ours first (everything but the command's own record, which the
 * fence of this job needs until its confirmation is out), then Twilio's copies. What Twilio
 * would not delete is logged by SID.
 */
async function deleteClientData(job: ReplyJob, claim: AnswerClaim): Promise<void> {
  await awaitSendsInFlight(job, await answersInFlight(job.store, job.client));
  // Every SID the client ever had, not only the latest page's.
  const copies = twilioCopiesOf(await readConversation(job.store, job.client), job.deps.config.twilio.accountSid, [job.message.sid]);
  await deleteClient(job.store, job.client, { keepSid: job.message.sid, keepAnswer: claim.seq });
  await deleteModelCalls(job.store, job.client);
  if (!job.deps.deletions) return;
  const now = job.deps.clock.now();
  const deadline = Math.min(now + TWILIO_DELETION_MS, job.deadline - 5_000);
  const left = await deleteTwilioCopies(job.deps.deletions, copies, { attempts: 4, baseDelayMs: 1000, deadline });
  if (left.media.length || left.messages.length) {
    logEvent("twilio_copies_not_deleted", { messages: left.messages, media: left.media }, "warn");
  }
}

export async function answerCommand(job: ReplyJob, command: Command): Promise<void> {
  const latest = await readLatestMessages(job.store, job.client);
  const state = latest.state;
  const history = clientWords(timelineOf(state));
  // A command word says little about the client's language ("reset" is typed in Spanish too):
  // their own words decide when there are any.
  const language = detectLanguage(history.length ? history : [job.message.params.Body ?? ""]);
  if (!whileOptedOut.has(command) && (await readConsent(job.store, job.client)).optedOut) return; // silence (ADR 020.6)
  const handler = builtIn[command];
  if (!handler) {
    logEvent("command_not_handled", { command, sid: job.message.sid }, "warn");
    return;
  }
  // Claimed first: a reset's answer takes the number after every earlier one, and is kept by it.
  const claim = await claimOwnAnswer(job, command, state);
  if (!claim) return;
  const text = await handler(job, language, claim, latest);
  if (text !== null) await deliver(job, claim, { kind: "send", source: "command", text }, { inOrder: false });
  else await decideAnswer(job.store, job.client, { v: 1, seq: claim.seq, outcome: "silent", decidedAt: isoAt(job), reason: `command ${command}` });
  // Its confirmation is out: the command's own record and its answer's go too. The seen-SID
  // marker (ADR 017) keeps a retry of this webhook a duplicate.
  if (command === "delete-data") {
    await deleteClient(job.store, job.client);
    // Again: a model call of a burst that raced the deletion is recorded before it is made (ADR 018.4).
    await deleteModelCalls(job.store, job.client);
  }
}

/**
 * Waits (bounded) while answers have parts marked as about to be sent without an outcome yet: they
 * are on their way to Twilio. `inFlight`: those found by the caller's last look. True when it waited.
 */
async function awaitSendsInFlight(job: ReplyJob, inFlight: readonly number[]): Promise<boolean> {
  const { clock } = job.deps;
  const until = Math.min(clock.now() + job.timing.orderWaitMs, job.deadline);
  let waited = false;
  while (inFlight.length > 0 && clock.now() < until) {
    waited = true;
    await clock.sleep(job.timing.pollMs);
    inFlight = await answersInFlight(job.store, job.client);
  }
  return waited;
}
