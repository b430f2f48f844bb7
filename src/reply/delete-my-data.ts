/**
 * "Delete my data" (ADR 020.7, ADR 032): everything of the client here, then Twilio's copies of their
 * messages and media. The command's own record and its answer's stay until its confirmation is
 * out (the fence of its job needs them), then go too; only content-free markers remain.
 *
 * What it covers (ADR 032.6): the moment its first pass starts. Every message recorded before
 * then, and every answer claimed before then (the command's confirmation included), is deleted
 * here and at Twilio; a message recorded after it is kept and answered, as a new consultation.
 */
import { twilioCopiesOf, withLedger, type TwilioCopies } from "../conversation/twilio-copies";
import { deleteClient, deleteKept, readConversation } from "../storage/conversation";
import type { ClientKey, LedgerEntry } from "../storage/keys";
import type { Storage } from "../storage/bucket";
import { forgetTwilioCopies, markDeletionPending, readTwilioCopies } from "../storage/twilio-ledger";
import { answersInFlight } from "../storage/conversation-page";
import { deleteConsoleRecords } from "../storage/console-records";
import { deleteModelCalls } from "../storage/outside-client";
import type { AnswerClaim } from "../storage/records";
import type { DeletionClient } from "../twilio/deletion-client";
import { logEvent } from "../utils/log";
import type { RetryPolicy } from "../utils/retry";
import type { ReplyJob } from "./reply-job";
import { awaitSendsInFlight } from "./sends-in-flight";

/** Twilio keeps refusing a message for about a minute after it was sent or received (20009): retried, within this share of the job. */
const TWILIO_DELETION_MS = 15_000;

/**
 * Before the confirmation: ours first (everything but the command's own record and answer), then
 * Twilio's copies. What Twilio would not delete is logged by SID. True when Twilio confirmed the
 * deletion of every copy (ADR 029.9).
 */
export async function deleteClientData(job: ReplyJob, claim: AnswerClaim): Promise<boolean> {
  await awaitSendsInFlight(job, await answersInFlight(job.store, job.client));
  const upTo = job.deps.clock.now();
  // First: should this job end here, the Cron Trigger still deletes Twilio's copies (ADR 032.4).
  await markDeletionPending(job.store, job.client, upTo);
  // Every SID the conversation still shows, not only the latest page's (records from before the ledger).
  const fromConversation = twilioCopiesOf(await readConversation(job.store, job.client), job.deps.config.twilio.accountSid, [job.message.sid]);
  await deleteClient(job.store, job.client, { keepSid: job.message.sid, keepAnswer: claim.seq });
  await deleteModelCalls(job.store, job.client);
  // The stylist's console records of the client too: its list entry holds their name (ADR 028).
  await deleteConsoleRecords(job.store, job.client);
  if (!job.deps.deletions) return false;
  const now = job.deps.clock.now();
  const deadline = Math.min(now + TWILIO_DELETION_MS, job.deadline - 5_000);
  // Read after our deletion: a message recorded while it ran is in the ledger by now (ADR 032.6).
  const left = await deleteRecordedCopies(job.store, job.deps.deletions, job.client, fromConversation, await readTwilioCopies(job.store, job.client, upTo), {
    attempts: 4,
    baseDelayMs: 1000,
    deadline,
    clock: job.deps.clock,
  });
  if (left.media.length || left.messages.length) {
    logEvent("twilio_copies_not_deleted", { messages: left.messages, media: left.media }, "warn");
    return false;
  }
  return true;
}

/**
 * Once the confirmation is out: the command's own record and its answer's go too, and only they
 * (the client may already be writing again, ADR 032.6). The seen-SID marker (ADR 017) keeps a
 * retry of this webhook a duplicate.
 */
export async function deleteWhatIsLeft(job: ReplyJob, claim: AnswerClaim): Promise<void> {
  await deleteKept(job.store, job.client, { keepSid: job.message.sid, keepAnswer: claim.seq });
  // Again: a model call of a burst that raced the deletion is recorded before it is made (ADR 018.4).
  await deleteModelCalls(job.store, job.client);
}

/**
 * Deletes `copies` and the ledger's `entries` at Twilio, and removes each entry whose copy Twilio
 * confirmed gone (ADR 032.2); returns what Twilio would not delete.
 */
export async function deleteRecordedCopies(
  store: Storage,
  deletions: DeletionClient,
  client: ClientKey,
  copies: TwilioCopies,
  entries: readonly LedgerEntry[],
  policy: RetryPolicy,
): Promise<TwilioCopies> {
  const left = await deleteTwilioCopies(deletions, withLedger(copies, entries), policy);
  const refused = new Set([...left.messages, ...left.media.map((m) => m.mediaSid)]);
  await forgetTwilioCopies(store, entries.filter((entry) => !refused.has(entry.mediaSid ?? entry.messageSid)));
  return left;
}

/** Deletes every copy (media first, then messages), a few at a time; returns what Twilio would not delete. */
export async function deleteTwilioCopies(deletions: DeletionClient, copies: TwilioCopies, policy: RetryPolicy): Promise<TwilioCopies> {
  const left: TwilioCopies = { media: [], messages: [] };
  await inBatches(copies.media, async (media) => {
    await deletions.deleteMedia(media.messageSid, media.mediaSid, policy).catch(() => left.media.push(media));
  });
  await inBatches(copies.messages, async (sid) => {
    await deletions.deleteMessage(sid, policy).catch(() => left.messages.push(sid));
  });
  return left;
}

const CONCURRENT_DELETIONS = 6;

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENT_DELETIONS) await Promise.all(items.slice(i, i + CONCURRENT_DELETIONS).map(run));
}
