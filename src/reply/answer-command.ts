/**
 * Commands keep their immediate answers (ADR 004.9, ADR 016.3): no settling window, no model.
 * A reset waits (bounded) for any part already on its way to the client, then deletes the
 * consultation and confirms: nothing from before it is sent after its confirmation (ADR 016.8).
 * A command reads only the latest messages and answers (ADR 022.7): its language, the sends still
 * in flight and the chain's next number are all there, however long the conversation.
 */
import {
  deleteDataAskedConfirmation,
  deleteDataConfirmation,
  optOutConfirmation,
  resetConfirmation,
  resumeConfirmation,
  summaryLinkText,
  type Command,
} from "../conversation/commands";
import { clientLanguage } from "../conversation/timeline";
import { decideAnswer, deleteClient } from "../storage/conversation";
import type { ConsentChoice } from "../storage/keys";
import { readConsent, recordConsent } from "../storage/outside-client";
import type { AnswerClaim } from "../storage/records";
import { answersInFlight, readLatestMessages, type LatestMessages } from "../storage/conversation-page";
import type { Language } from "../utils/language";
import { deleteClientData, deleteWhatIsLeft } from "./delete-my-data";
import { deliver } from "./deliver";
import { isoAt, type ReplyJob } from "./reply-job";
import { claimOwnAnswer } from "./own-answer";
import { awaitSendsInFlight } from "./sends-in-flight";
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
  // Consent (ADR 020): confirmed once; while opted out, only START is answered. Recorded first, so
  // that an answer being sent stops after its part in flight, which the confirmation waits for (ADR 029.8).
  "opt-out": async (job, language) => {
    const already = await recordChoice(job, "opted-out");
    await awaitSendsInFlight(job, await answersInFlight(job.store, job.client));
    return already ? null : optOutConfirmation[language];
  },
  resume: async (job, language) => {
    await recordChoice(job, "resumed");
    return resumeConfirmation[language];
  },
  "delete-data": async (job, language, claim) => {
    const optedOut = (await readConsent(job.store, job.client)).optedOut;
    const twilioDeletedAll = await deleteClientData(job, claim);
    if (optedOut) return null;
    // Worded by the outcome (ADR 029.9): Twilio's copies are said to be gone only once Twilio said so.
    return (twilioDeletedAll ? deleteDataConfirmation : deleteDataAskedConfirmation)[language];
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

export async function answerCommand(job: ReplyJob, command: Command): Promise<void> {
  const latest = await readLatestMessages(job.store, job.client);
  const state = latest.state;
  // A command word says little about the client's language ("reset" is typed in Spanish too):
  // their own words decide when there are any.
  const language = clientLanguage(state, job.message.params.Body ?? "");
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
  if (command === "delete-data") await deleteWhatIsLeft(job, claim);
}
