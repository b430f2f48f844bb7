/**
 * The ledger of Twilio's copies at work (ADR 032): its entries written as copies come to be, and
 * the Cron Trigger's retries of the deletions Twilio refused (20009 in a message's first minute,
 * 429, 5xx). A retry removes each entry Twilio confirmed gone, and the client's pending marker
 * once none of the copies it covers is left; after GIVE_UP_MS of refusals the operator is told.
 */
import type { Storage } from "../storage/bucket";
import type { ClientKey, TwilioCopy } from "../storage/keys";
import { clearPendingDeletions, readPendingDeletions, readTwilioCopies, recordTwilioCopies } from "../storage/twilio-ledger";
import type { DeletionClient } from "../twilio/deletion-client";
import { logEvent } from "../utils/log";
import { redact } from "../utils/redact";
import { defaultRetryPolicy } from "../utils/retry";
import { deleteRecordedCopies } from "./delete-my-data";
import { isOvertakenByReset } from "./fenced-storage";

/** Past this much time since a deletion was asked for, what Twilio still refuses is left to the operator. */
export const GIVE_UP_MS = 24 * 60 * 60 * 1000;
/** DELETE requests one run makes at most: under the 50 subrequests a Worker on the Free plan may make. */
export const DELETIONS_PER_RUN = 40;

/**
 * Records copies in the ledger; a failure is logged (with SIDs, never the client's number) and
 * costs the client nothing: the conversation still names the copy until it is reset or expires.
 */
export async function recordCopiesOrLog(store: Storage, client: ClientKey, at: number, copies: readonly TwilioCopy[]): Promise<void> {
  try {
    await recordTwilioCopies(store, client, at, copies);
  } catch (error) {
    if (isOvertakenByReset(error)) throw error;
    logEvent("twilio_copies_not_recorded", { client: redact(client), sids: copies.map((c) => c.mediaSid ?? c.messageSid), error: String(error) }, "warn");
  }
}

/** One run of the Cron Trigger (ADR 032.4): every client's pending deletion, within DELETIONS_PER_RUN requests. */
export async function retryPendingDeletions(store: Storage, deletions: DeletionClient, now: number): Promise<void> {
  let budget = DELETIONS_PER_RUN;
  for (const [client, moments] of await readPendingDeletions(store)) {
    if (budget <= 0) return;
    const upTo = Math.max(...moments);
    const tried = (await readTwilioCopies(store, client, upTo)).slice(0, budget);
    budget -= tried.length;
    // One attempt each: the next run is the retry.
    const left = await deleteRecordedCopies(store, deletions, client, NONE, tried, { ...defaultRetryPolicy(), attempts: 1 });
    if ((await readTwilioCopies(store, client, upTo)).length === 0) {
      await clearPendingDeletions(store, client, moments);
    } else if (now - Math.min(...moments) >= GIVE_UP_MS) {
      // The entries stay: a later "delete my data" or `npm run forget` asks Twilio again.
      logEvent("twilio_copies_still_refused", { client: redact(client), since: new Date(Math.min(...moments)).toISOString(), messages: left.messages, media: left.media }, "warn");
      await clearPendingDeletions(store, client, moments);
    }
  }
}

const NONE = { messages: [], media: [] };
