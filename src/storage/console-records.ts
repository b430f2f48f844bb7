/**
 * What the stylist's console stores (ADR 028), in R2 outside every client's prefix, under `console/`
 * (so that a client's reset neither lifts a pause nor forgets a sent key; "delete my data" removes
 * it all, and a lifecycle rule of its own ends it after RETENTION_DAYS):
 *   console/clients/whatsapp:+{E164}              the list's index entry: empty; custom metadata `at` (the latest
 *                                                 message's arrival) and `name` (its profile name). Rewritten on
 *                                                 each message: a pointer derived from messages/, never a record of truth
 *   console/pauses/whatsapp:+{E164}/{atMs}-{id}.{paused|resumed}   a pause or a resume, created once; the key
 *                                                 alone says what and when, the body who (the stylist's email)
 *   console/keys/whatsapp:+{E164}/{key}           empty, created once: a stylist's send with this idempotency key was made
 */
import { listAll, listClientObjects, type Storage } from "./bucket";
import { readObjectsInto } from "./conversation";
import { entryOf, type ClientKey } from "./keys";
import { emptyConversation, type ConversationState } from "./records";

const CLIENTS = "console/clients/";
const PAUSES = "console/pauses/";
const KEYS = "console/keys/";

export const CONSOLE_PREFIX = "console/";

const createOnly = { onlyIf: { etagDoesNotMatch: "*" } } as const;

/** A profile name is cut here, so that the index entry's metadata stays far below R2's 2 KiB. */
const NAME_MAX_CHARS = 200;

export interface ClientActivity {
  client: ClientKey;
  /** When the client's latest message arrived (ISO). */
  at: string;
  name: string;
}

/** Points the list's index entry at the client's latest message (a message older than the entry's changes nothing). */
export async function recordActivity(store: Storage, activity: ClientActivity): Promise<void> {
  const key = `${CLIENTS}${activity.client}`;
  const current = await store.r2.head(key);
  const at = current?.customMetadata?.at;
  if (at && !Number.isNaN(Date.parse(at)) && Date.parse(at) > Date.parse(activity.at)) return;
  await store.r2.put(key, "", { customMetadata: { at: activity.at, name: activity.name.slice(0, NAME_MAX_CHARS) } });
}

const CLIENT_KEY = /^console\/clients\/(whatsapp:\+[1-9]\d{6,14})$/;

/** Every client in the index, from one listing per 1000; entries that are not the index's own are left out. */
export async function readActivities(store: Storage): Promise<ClientActivity[]> {
  const activities: ClientActivity[] = [];
  for (const object of await listAll(store, { prefix: CLIENTS, include: ["customMetadata"] })) {
    const client = CLIENT_KEY.exec(object.key)?.[1] as ClientKey | undefined;
    const at = object.customMetadata?.at;
    if (!client || !at || Number.isNaN(Date.parse(at))) continue;
    activities.push({ client, at: new Date(Date.parse(at)).toISOString(), name: object.customMetadata?.name ?? "" });
  }
  return activities;
}

export type PauseChoice = "paused" | "resumed";

export interface PauseEvent {
  at: string;
  id: string;
  choice: PauseChoice;
}

export interface PauseState {
  paused: boolean;
  /** When the pause in force began. */
  since?: string;
}

/** Records a pause or a resume once: never a flag rewritten in place. */
export async function recordPause(store: Storage, client: ClientKey, event: PauseEvent & { by: string }): Promise<void> {
  const key = `${PAUSES}${client}/${String(Date.parse(event.at)).padStart(13, "0")}-${event.id}.${event.choice}`;
  await store.r2.put(key, JSON.stringify({ v: 1, ...event }), { ...createOnly, httpMetadata: { contentType: "application/json" } });
}

const PAUSE_KEY = /^console\/pauses\/(whatsapp:\+[1-9]\d{6,14})\/(\d{13})-([A-Za-z0-9_-]+)\.(paused|resumed)$/;

function pauseStateOf(events: PauseEvent[]): PauseState {
  const latest = events.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)).at(-1);
  return latest?.choice === "paused" ? { paused: true, since: latest.at } : { paused: false };
}

function pauseEventsOf(objects: readonly R2Object[]): Map<ClientKey, PauseEvent[]> {
  const events = new Map<ClientKey, PauseEvent[]>();
  for (const object of objects) {
    const match = PAUSE_KEY.exec(object.key);
    if (!match) continue;
    const client = match[1] as ClientKey;
    events.set(client, [...(events.get(client) ?? []), { at: new Date(Number(match[2])).toISOString(), id: match[3]!, choice: match[4] as PauseChoice }]);
  }
  return events;
}

/** The client's pause, from the keys of their events alone. */
export async function readPause(store: Storage, client: ClientKey): Promise<PauseState> {
  return pauseStateOf(pauseEventsOf(await listAll(store, { prefix: `${PAUSES}${client}/` })).get(client) ?? []);
}

/** Every paused client (one listing per 1000 events): the console's list. */
export async function readPausedClients(store: Storage): Promise<Set<ClientKey>> {
  const paused = new Set<ClientKey>();
  for (const [client, events] of pauseEventsOf(await listAll(store, { prefix: PAUSES }))) if (pauseStateOf(events).paused) paused.add(client);
  return paused;
}

/** An idempotency key as the console accepts one: what a form or a client library sends. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

/** Takes the idempotency key for one send, once: false when a send with it was already made (or begun). */
export async function takeSendKey(store: Storage, client: ClientKey, key: string): Promise<boolean> {
  if (!IDEMPOTENCY_KEY.test(key)) throw new Error("not an idempotency key");
  return (await store.r2.put(`${KEYS}${client}/${key}`, "", createOnly)) !== null;
}

/** The client's answers and receipts (what a row of the list shows), from one listing of the client's objects. */
export async function readAnswersAndReceipts(store: Storage, client: ClientKey): Promise<ConversationState> {
  const objects = (await listClientObjects(store, client)).filter((o) => {
    const kind = entryOf(client, o.key).kind;
    return kind === "answer" || kind === "receipt";
  });
  return readObjectsInto(store, emptyConversation(client, null), objects);
}

/** Deletes everything the console stored of the client ("delete my data", `npm run forget`); how many objects. */
export async function deleteConsoleRecords(store: Storage, client: ClientKey): Promise<number> {
  const [index, ...listed] = await Promise.all([
    store.r2.head(`${CLIENTS}${client}`),
    ...[`${PAUSES}${client}/`, `${KEYS}${client}/`].map((prefix) => listAll(store, { prefix })),
  ]);
  const objects = [...(index ? [index.key] : []), ...listed.flat().map((o) => o.key)];
  for (let i = 0; i < objects.length; i += 1000) await store.r2.delete(objects.slice(i, i + 1000));
  return objects.length;
}
