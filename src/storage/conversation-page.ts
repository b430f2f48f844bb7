/**
 * One page of a client's conversation, for the summary page (ADR 022.4): the latest messages
 * before a cursor, with what is stored for them (transcripts, observations, media) and the
 * answers claimed while they were the latest, found by one listing of the client's objects and
 * read alone; the rest of the conversation is listed, never read. So the work of a page stays
 * the same however long the conversation grows.
 *
 * Messages are in the order their records were written (R2's `uploaded`: a message record is
 * created once and never rewritten, ADR 003), then by SID; an answer belongs to the page during
 * whose messages it was claimed. A page's cursor is the position of the oldest message it shows:
 * `{uploaded ms, 13 digits}-{MessageSid}`.
 */
import { listClientObjects, type Storage } from "./bucket";
import { readConsultation } from "./consultation";
import { readObjectsInto } from "./conversation";
import { entryOf, type ClientKey } from "./keys";
import { emptyConversation, type AnswerReply, type Consultation, type ConversationState, type MediaObjectInfo } from "./records";

/** Client messages a page shows (with their answers, about twice as many turns). */
export const PAGE_MESSAGES = 25;
/** Media a page links at most; more than Twilio's 10 a message only in damaged or foreign state. */
export const PAGE_MEDIA = 100;
/** What belongs to no message (orphans) and what this Worker never wrote (strays), shown on the latest page. */
export const PAGE_LOOSE_ENTRIES = 50;

export interface PageCursor {
  ms: number;
  sid: string;
}

const cursorPattern = /^(\d{13})-([A-Za-z0-9]{1,64})$/;

export function parsePageCursor(text: string): PageCursor | null {
  const match = cursorPattern.exec(text);
  return match ? { ms: Number(match[1]), sid: match[2]! } : null;
}

export const pageCursorText = (cursor: PageCursor) => `${String(cursor.ms).padStart(13, "0")}-${cursor.sid}`;

export interface ConversationPage {
  /** This page: its messages and what is stored for them, its answers; on the latest page also what belongs to no message. */
  state: ConversationState;
  /** The latest page's messages, their records and answers (the same object as `state` on the latest page): the header's source. */
  recent: ConversationState;
  /** The latest answer sent with a hand-off summary, wherever it is in the conversation. */
  handoff: Extract<AnswerReply, { outcome: "send" }> | null;
  /** Every media object of the client, described from the listing alone. */
  media: MediaObjectInfo[];
  /** The cursor of the page before this one, when there are earlier messages. */
  earlier?: PageCursor;
  /** Entries of this page left out by its limits (media, loose entries). */
  notShown: number;
}

interface Listed {
  object: R2Object;
  ms: number;
}

/** The client's objects from one listing, sorted out by their keys alone (ADR 003): no read. */
interface Listing {
  /** Message records, oldest first by when they were written, then by SID. */
  messages: Array<Listed & { sid: string }>;
  /** Transcripts, observations, ingestion records and media, by the SID of their message. */
  ofMessage: Map<string, Listed[]>;
  /** Each answer's objects, by its number, and when it was claimed (its claim's upload, else its first object's). */
  answers: Map<number, { objects: R2Object[]; claimMs?: number; firstMs: number; reply?: R2Object }>;
  receipts: Map<string, R2Object[]>;
  /** What belongs to no stored message, and what this Worker never wrote. */
  loose: Listed[];
  media: MediaObjectInfo[];
}

const newestLast = (a: Listed, b: Listed) => a.ms - b.ms || a.object.key.localeCompare(b.object.key);
const positionOf = (message: { ms: number; sid: string }): PageCursor => ({ ms: message.ms, sid: message.sid });
const isBefore = (a: PageCursor, b: PageCursor) => a.ms < b.ms || (a.ms === b.ms && a.sid < b.sid);
const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);

function sortOut(client: ClientKey, objects: readonly R2Object[]): Listing {
  const listing: Listing = { messages: [], ofMessage: new Map(), answers: new Map(), receipts: new Map(), loose: [], media: [] };
  const attached: Array<[string, Listed]> = [];
  for (const object of objects) {
    const listed = { object, ms: object.uploaded.getTime() };
    const entry = entryOf(client, object.key);
    switch (entry.kind) {
      case "message":
        listing.messages.push({ ...listed, sid: entry.sid });
        break;
      case "media":
        listing.media.push({ key: object.key, size: object.size, contentType: object.httpMetadata?.contentType, uploaded: object.uploaded.toISOString() });
        if (entry.sid) attached.push([entry.sid, listed]);
        else listing.loose.push(listed);
        break;
      case "of-message":
        attached.push([entry.sid, listed]);
        break;
      case "answer": {
        const answer = listing.answers.get(entry.seq) ?? { objects: [], firstMs: listed.ms };
        answer.objects.push(object);
        answer.firstMs = Math.min(answer.firstMs, listed.ms);
        if (entry.name === "claim") answer.claimMs = listed.ms;
        if (entry.name === "reply") answer.reply = object;
        listing.answers.set(entry.seq, answer);
        break;
      }
      case "receipt":
        push(listing.receipts, entry.twilioSid, object);
        break;
      case "stray":
        listing.loose.push(listed);
        break;
    }
  }
  listing.messages.sort((a, b) => a.ms - b.ms || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0));
  const messageSids = new Set(listing.messages.map((m) => m.sid));
  for (const [sid, listed] of attached) {
    if (messageSids.has(sid)) push(listing.ofMessage, sid, listed);
    else listing.loose.push(listed);
  }
  return listing;
}

interface Window {
  messages: Listing["messages"];
  /** Answers claimed from `fromMs` (inclusive) to `toMs` (exclusive) belong to the window. */
  fromMs: number;
  toMs: number;
}

/** The window of messages before `cursor` (or the latest), and the time span its answers were claimed in. */
function windowOf(listing: Listing, cursor?: PageCursor): { window: Window; hasEarlier: boolean } {
  const candidates = cursor ? listing.messages.filter((m) => isBefore(positionOf(m), cursor)) : listing.messages;
  const messages = candidates.slice(-PAGE_MESSAGES);
  const hasEarlier = candidates.length > messages.length;
  const next = cursor ? listing.messages[candidates.length] : undefined;
  return {
    window: { messages, fromMs: hasEarlier ? messages[0]!.ms : -Infinity, toMs: next ? next.ms : Infinity },
    hasEarlier,
  };
}

/** Reads a window: its messages, their records (media too when asked, newest PAGE_MEDIA), its answers, then their receipts. */
async function readWindow(store: Storage, state: ConversationState, listing: Listing, window: Window, withMedia: boolean, extra: R2Object[] = []) {
  const client = state.client;
  const attached = window.messages.flatMap((m) => listing.ofMessage.get(m.sid) ?? []);
  const isMedia = (l: Listed) => entryOf(client, l.object.key).kind === "media";
  const media = withMedia ? attached.filter(isMedia).sort(newestLast) : [];
  const claimedIn = (a: { claimMs?: number; firstMs: number }) => (a.claimMs ?? a.firstMs) >= window.fromMs && (a.claimMs ?? a.firstMs) < window.toMs;
  const answers = [...listing.answers.values()].filter(claimedIn).flatMap((a) => a.objects);
  await readObjectsInto(store, state, [
    ...window.messages.map((m) => m.object),
    ...attached.filter((l) => !isMedia(l)).map((l) => l.object),
    ...media.slice(-PAGE_MEDIA).map((l) => l.object),
    ...answers,
    ...extra,
  ]);
  const partSids = state.answers.flatMap((a) => a.parts.flatMap((p) => (p.twilioSid ? [p.twilioSid] : [])));
  const receipts = partSids.flatMap((sid) => listing.receipts.get(sid) ?? []);
  if (receipts.length) await readObjectsInto(store, state, receipts);
  return Math.max(0, media.length - PAGE_MEDIA);
}

export async function readConversationPage(store: Storage, client: ClientKey, cursor?: PageCursor): Promise<ConversationPage> {
  const [objects, consultation] = await Promise.all([listClientObjects(store, client), readConsultation(store, client)]);
  const listing = sortOut(client, objects);
  const { window, hasEarlier } = windowOf(listing, cursor);
  const state = emptyConversation(client, consultation.consultation, consultation.problem ? [consultation.problem] : []);
  let notShown = 0;
  let extra: R2Object[] = [];
  if (!cursor) {
    const newestLoose = listing.loose.sort(newestLast).slice(-PAGE_LOOSE_ENTRIES);
    notShown += listing.loose.length - newestLoose.length;
    extra = newestLoose.map((l) => l.object);
  }
  notShown += await readWindow(store, state, listing, window, true, extra);
  const recent = cursor ? await readLatestOf(store, client, listing, consultation.consultation) : state;
  const oldestShown = window.messages[0];
  return {
    state,
    recent,
    handoff: await latestHandoff(store, client, listing),
    media: listing.media,
    ...(oldestShown && hasEarlier ? { earlier: positionOf(oldestShown) } : {}),
    notShown,
  };
}

async function readLatestOf(store: Storage, client: ClientKey, listing: Listing, consultation: Consultation | null): Promise<ConversationState> {
  const state = emptyConversation(client, consultation);
  await readWindow(store, state, listing, windowOf(listing).window, false);
  return state;
}

/** What a command reads (ADR 022.7), from one listing of the client's objects. */
export interface LatestMessages {
  /** The latest PAGE_MESSAGES messages with their records and the answers claimed since; no consultation record. */
  state: ConversationState;
  /** Every key the listing held: what a reset deletes, with no second listing (ADR 025.3). */
  keys: string[];
  /** The answers with a part on its way to Twilio when the listing was made (see `answersInFlight`). */
  inFlight: number[];
}

/**
 * The latest messages of the client, the rest not read (ADR 022.7): what a command's answer needs
 * to speak the client's language (ADR 005.4) and to take the next number of the chain (ADR 016.2),
 * however long the conversation; and, from the same listing, what a reset waits for and deletes.
 */
export async function readLatestMessages(store: Storage, client: ClientKey): Promise<LatestMessages> {
  const objects = await listClientObjects(store, client);
  const state = await readLatestOf(store, client, sortOut(client, objects), null);
  return { state, keys: objects.map((o) => o.key), inFlight: inFlightOf(client, objects) };
}

/**
 * The newest answer sent with a hand-off summary. Only replies whose inline record mentions one,
 * or that are too long to be inlined, are read, newest first, until one is found.
 */
async function latestHandoff(store: Storage, client: ClientKey, listing: Listing): Promise<ConversationPage["handoff"]> {
  const candidates = [...listing.answers.entries()]
    .filter(([, answer]) => answer.reply && (answer.reply.customMetadata?.record ?? '"handoffSummary"').includes('"handoffSummary"'))
    .sort(([a], [b]) => b - a);
  for (const [, answer] of candidates) {
    const read = await readObjectsInto(store, emptyConversation(client, null), [answer.reply!]);
    const reply = read.answers[0]?.reply;
    if (reply?.outcome === "send" && reply.handoffSummary && reply.source !== "command") return reply;
  }
  return null;
}

/**
 * The numbers of the answers that have a part marked as about to be sent and no outcome for it
 * yet (ADR 016): on their way to Twilio. From the keys of one listing of `answers/`, no read, so a
 * reset waiting for them (ADR 016.8) costs the same however long the conversation (ADR 022.7).
 */
export async function answersInFlight(store: Storage, client: ClientKey): Promise<number[]> {
  return inFlightOf(client, await listClientObjects(store, client, "answers/"));
}

function inFlightOf(client: ClientKey, objects: readonly R2Object[]): number[] {
  const sending = new Set<string>();
  const sent = new Set<string>();
  for (const object of objects) {
    if (!object.key.includes("/sen")) continue; // neither sending-{i} nor sent-{i}: most keys, passed over without a match
    const entry = entryOf(client, object.key);
    if (entry.kind === "answer" && entry.part !== undefined) (entry.name === "sending" ? sending : sent).add(`${entry.seq}-${entry.part}`);
  }
  return [...new Set([...sending].filter((part) => !sent.has(part)).map((part) => Number(part.split("-")[0])))];
}
