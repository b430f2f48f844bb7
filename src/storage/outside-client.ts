/**
 * The records kept outside every client's prefix (ADR 003), so that a reset, "delete my data"
 * and the retention of the client's data leave them: the seen-SID markers (ADR 017.5), the
 * consent events (ADR 020.2) and the model calls (ADR 018.4). Each says what it records in its
 * key alone.
 */
import { createOnly, deleteObjects, listAll, putRecord, type Storage } from "./bucket";
import { clientOfConsentKey, consentEventOf, keys, type ClientKey, type ConsentEvent } from "./keys";
import { SCHEMA_VERSION, type AnswerClaim } from "./records";

/** Whether a message SID was ever recorded, even before a reset deleted its record. */
export async function wasSeen(store: Storage, sid: string): Promise<boolean> {
  return (await store.r2.head(keys.seenSid(sid))) !== null;
}

export async function markSeen(store: Storage, sid: string): Promise<void> {
  await store.r2.put(keys.seenSid(sid), "");
}

export interface Consent {
  optedOut: boolean;
  /** When the opt-out in force began. */
  since?: string;
  /** Every event, oldest first. */
  events: ConsentEvent[];
}

/** Records an opt-out or a resume once (ADR 020.2): never a flag rewritten in place. */
export async function recordConsent(store: Storage, client: ClientKey, event: ConsentEvent): Promise<"recorded" | "duplicate"> {
  const created = await putRecord(store, keys.consent(client, event), { v: SCHEMA_VERSION, ...event }, createOnly);
  return created ? "recorded" : "duplicate";
}

/** The client's consent, from the keys of their events alone (a damaged body cannot undo an opt-out). */
export async function readConsent(store: Storage, client: ClientKey): Promise<Consent> {
  const events: ConsentEvent[] = [];
  for (const object of await listAll(store, { prefix: keys.consents(client) })) {
    const event = consentEventOf(object.key);
    if (event) events.push(event);
  }
  events.sort((a, b) => a.at.localeCompare(b.at) || a.sid.localeCompare(b.sid));
  const latest = events.at(-1);
  return latest?.choice === "opted-out" ? { optedOut: true, since: latest.at, events } : { optedOut: false, events };
}

/** Every client whose opt-out is in force, from one listing of every consent event per 1000 (the console's list, ADR 028.3). */
export async function readOptedOutClients(store: Storage): Promise<Set<ClientKey>> {
  const latest = new Map<ClientKey, ConsentEvent>();
  for (const object of await listAll(store, { prefix: keys.allConsents() })) {
    const event = consentEventOf(object.key);
    const client = clientOfConsentKey(object.key);
    if (!event || !client) continue;
    const before = latest.get(client);
    if (!before || before.at < event.at || (before.at === event.at && before.sid < event.sid)) latest.set(client, event);
  }
  return new Set([...latest].filter(([, event]) => event.choice === "opted-out").map(([client]) => client));
}

/**
 * Records a model call before it is made (ADR 018.4), once: content-free, keyed by the answer's
 * claim. A key that already holds an object (a retry, or something this Worker did not write) is
 * kept as it is, and counts as it is.
 */
export async function recordModelCall(store: Storage, client: ClientKey, claim: Pick<AnswerClaim, "seq" | "claimedAt">): Promise<void> {
  await store.r2.put(keys.modelCall(client, claim.seq, claim.claimedAt), "", createOnly);
}

/** Deletes every model-call record of the client ("delete my data", `npm run forget`); how many there were. */
export async function deleteModelCalls(store: Storage, client: ClientKey): Promise<number> {
  const objects = (await listAll(store, { prefix: keys.modelCalls(client) })).map((o) => o.key);
  await deleteObjects(store, objects);
  return objects.length;
}
