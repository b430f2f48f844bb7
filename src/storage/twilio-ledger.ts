/**
 * The ledger of Twilio's copies (ADR 032): one empty object per message or media file Twilio
 * keeps of a client, outside the client's prefix, so that neither a reset nor the retention of
 * the client's data makes a copy unreachable. Removed only once Twilio said the copy is gone.
 * A deletion asked for and not finished leaves a pending marker, which the Cron Trigger works off.
 */
import { createOnly, deleteObjects, listAll, type Storage } from "./bucket";
import { keys, ledgerEntryOf, pendingDeletionOf, type ClientKey, type LedgerEntry, type TwilioCopy } from "./keys";
import { MEDIA_SID_ANY_CASE, MESSAGE_SID_ANY_CASE } from "../utils/twilio-identifiers";

const isCopy = (copy: TwilioCopy) => MESSAGE_SID_ANY_CASE.test(copy.messageSid) && (copy.mediaSid === undefined || MEDIA_SID_ANY_CASE.test(copy.mediaSid));

/** Records copies once each (a key that already holds an object is left as it is); SIDs of no known form are not recorded. */
export async function recordTwilioCopies(store: Storage, client: ClientKey, at: number, copies: readonly TwilioCopy[]): Promise<void> {
  await Promise.all(copies.filter(isCopy).map((copy) => store.r2.put(keys.twilioCopy(client, at, copy), "", createOnly)));
}

/** The client's recorded copies, oldest first; only those recorded for a moment up to `upTo` (epoch ms) when given. */
export async function readTwilioCopies(store: Storage, client: ClientKey, upTo = Infinity): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (const object of await listAll(store, { prefix: keys.twilioCopies(client) })) {
    const entry = ledgerEntryOf(object.key);
    if (entry && entry.at <= upTo) entries.push(entry);
  }
  return entries;
}

/** Removes the entries of copies Twilio confirmed gone (204 or 404); keys this Worker did not write are never passed here. */
export async function forgetTwilioCopies(store: Storage, entries: readonly LedgerEntry[]): Promise<void> {
  await deleteObjects(store, entries.map((entry) => entry.key));
}

/** Removes the entry of one copy that Twilio confirmed gone. */
export async function forgetTwilioCopy(store: Storage, client: ClientKey, at: number, copy: TwilioCopy): Promise<void> {
  await store.r2.delete(keys.twilioCopy(client, at, copy));
}

/** Asks for the deletion at Twilio of every copy of the client recorded up to `at` (ADR 032.4). */
export async function markDeletionPending(store: Storage, client: ClientKey, at: number): Promise<void> {
  await store.r2.put(keys.pendingDeletion(client, at), "", createOnly);
}

/** Every client with a deletion pending, and the moments of their markers, oldest first. */
export async function readPendingDeletions(store: Storage): Promise<Map<ClientKey, number[]>> {
  const pending = new Map<ClientKey, number[]>();
  for (const object of await listAll(store, { prefix: keys.allPendingDeletions() })) {
    const marker = pendingDeletionOf(object.key);
    if (marker) pending.set(marker.client, [...(pending.get(marker.client) ?? []), marker.at]);
  }
  return pending;
}

/** Removes the client's markers at the given moments: their deletions are done, or given up. */
export async function clearPendingDeletions(store: Storage, client: ClientKey, moments: readonly number[]): Promise<void> {
  await deleteObjects(store, moments.map((at) => keys.pendingDeletion(client, at)));
}
