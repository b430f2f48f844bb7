/**
 * The storage schema (ADR 003): the only module that builds a KV or R2 key.
 *
 * R2 `MEDIA_BUCKET`, everything under the client's prefix `whatsapp:+{E164}/`:
 *   messages/{MessageSid}.json   inbound message: the webhook's raw parameters, created once (If-None-Match: *)
 *   ingested/{MessageSid}.json   what became of that message's attachments, once its media were fetched
 *   answers/{seq}/claim.json     an answer claimed for a burst of messages: which messages it covers (ADR 016)
 *   answers/{seq}/reply.json     what became of it: the text sent, superseded by a later answer, or silence
 *   answers/{seq}/sending-{i}.json, sent-{i}.json   part i about to go out, and what Twilio said
 *   receipts/{TwilioSid}-{status}.json              a delivery receipt (status callback) of a part we sent
 *   media/{receivedAtMs}-{MessageSid}-{index}.{ext}   a photo, voice note or file of that message
 *   transcripts/{MessageSid}-{index}.json             a voice note's transcript
 *   observations/{MessageSid}-{index}.json            what the vision model saw in a photo, once (ADR 019)
 *   quarantine/{isoTime}-{name}  malformed data the Worker had to replace, kept for an operator
 *   (a JSON record that fits in 2 KiB is also in its object's custom metadata `record`, same put)
 * R2, outside every client's prefix (so that reset, "delete my data" and retention leave it):
 *   consent/whatsapp:+{E164}/{receivedAtMs}-{MessageSid}.{opted-out|resumed}   an opt-out or a resume (ADR 020.2), created once;
 *                                the key alone says what and when, the body repeats it for a reader
 *   seen/{MessageSid}            empty: that a message SID was recorded once (ADR 017.5), kept across reset
 *   model-calls/whatsapp:+{E164}/{claimedAtMs}-{seq}   empty: a model call for answer seq, claimed then (ADR 018.4),
 *                                kept across reset; "delete my data", forget and a lifecycle rule of its own remove it
 * KV `CHAT_HISTORY` (every entry expires RETENTION_DAYS after it is written, ADR 020.4):
 *   whatsapp:+{E164}/consultation   the consultation record: its random id and start (revoked by reset)
 *
 * Reads never write, and a value that cannot be read is reported, never repaired in place.
 */

import { retentionDaysOf } from "../config/settings";
import { base64url } from "../utils/encoding";

export const SCHEMA_VERSION = 1;

/** `whatsapp:+{E164}`: the client's identity and the prefix of everything stored for them. */
export type ClientKey = `whatsapp:+${string}`;

export interface InboundRecord {
  v: 1;
  sid: string;
  receivedAt: string;
  /** Every parameter Twilio posted, unchanged: all views of the message are derived from these. */
  params: Record<string, string>;
}

/** An answer's number in the client's chain of answers (ADR 016.2): 1, 2, ... in claim order. */
export type AnswerSeq = number;

/** Claims the answer to a burst of messages, created once: the chain link (ADR 016.2). */
export interface AnswerClaim {
  v: 1;
  seq: AnswerSeq;
  /** The MessageSids this answer covers, oldest first. */
  covers: string[];
  claimedAt: string;
  /** Claimed because the burst reached the hard cap (ADR 016.4): a later message does not supersede it. */
  final?: true;
  /** A command's answer (reset, summary): covers only the command's own message. */
  command?: string;
}

/** What became of a claimed answer, created once: sent, superseded by a later claim, or left silent by a gate. */
export type AnswerReply =
  | {
      v: 1;
      seq: AnswerSeq;
      outcome: "send";
      decidedAt: string;
      /** Who wrote the text: the model, the kind fallback when the model could not answer, a command, or a gate. */
      source: "model" | "fallback" | "command" | "gate";
      text: string;
      /** How many WhatsApp messages the text goes out as. */
      parts: number;
      /** The plain-text hand-off summary, when the model concluded the consultation with this reply. */
      handoffSummary?: string;
    }
  | { v: 1; seq: AnswerSeq; outcome: "superseded"; decidedAt: string; by: AnswerSeq }
  | { v: 1; seq: AnswerSeq; outcome: "silent"; decidedAt: string; reason: string };

/** One WhatsApp message of an answer, as Twilio's Messages API took it (or refused it). */
export interface PartOutcome {
  v: 1;
  seq: AnswerSeq;
  index: number;
  status: "sent" | "failed";
  twilioSid?: string;
  error?: string;
  at: string;
}

/** A part's delivery receipt from Twilio's status callback. */
export interface Receipt {
  v: 1;
  twilioSid: string;
  status: string;
  errorCode?: string;
  at: string;
}

/** What became of one message's attachments (ADR 006), recorded once after its media were fetched. */
export interface IngestedRecord {
  v: 1;
  sid: string;
  attachments: Array<{ index: number; contentType: string | null; result: string }>;
}

/** An answer as stored: its claim and whatever was recorded after it. */
export interface StoredAnswer {
  seq: AnswerSeq;
  claim: AnswerClaim | null;
  reply: AnswerReply | null;
  sending: number[];
  parts: PartOutcome[];
}

export interface Consultation {
  v: 1;
  /** Random, 128 bits, base64url: part of the conversation id, so a reset revokes old links. */
  id: string;
  startedAt: string;
}

export interface StoredProblem {
  key: string;
  reason: string;
}

export interface MediaObjectInfo {
  key: string;
  size: number;
  contentType: string | undefined;
  uploaded: string;
}

/**
 * What the vision model saw in one photo when it arrived (ADR-019.4): the model's own output,
 * an external fact like its answers, recorded once and never recomputed.
 */
export interface ObservationRecord {
  v: 1;
  sid: string;
  index: number;
  /** The model that looked, as configured then (OPENAI_MODEL). */
  model: string;
  observedAt: string;
  /** The model's structured answer, as it gave it: field name to text. */
  observation: Record<string, string>;
}

export interface ConversationState {
  client: ClientKey;
  consultation: Consultation | null;
  inbound: InboundRecord[];
  answers: StoredAnswer[];
  receipts: Receipt[];
  ingested: IngestedRecord[];
  media: MediaObjectInfo[];
  transcripts: Array<{ key: string; sid: string; index: number; text: string }>;
  observations: Array<ObservationRecord & { key: string }>;
  /** What exists but could not be read, with why: rendered plainly, never repaired by a read. */
  problems: StoredProblem[];
}

const E164 = /^whatsapp:\+[1-9]\d{6,14}$/;

export function clientKeyOf(from: string): ClientKey | null {
  return E164.test(from) ? (from as ClientKey) : null;
}

const keys = {
  inbound: (client: ClientKey, sid: string) => `${client}/messages/${sid}.json`,
  ingested: (client: ClientKey, sid: string) => `${client}/ingested/${sid}.json`,
  answer: (client: ClientKey, seq: AnswerSeq, name: string) => `${client}/answers/${String(seq).padStart(6, "0")}/${name}.json`,
  receipt: (client: ClientKey, twilioSid: string, status: string) => `${client}/receipts/${twilioSid}-${status}.json`,
  transcript: (client: ClientKey, sid: string, index: number) => `${client}/transcripts/${sid}-${index}.json`,
  observation: (client: ClientKey, sid: string, index: number) => `${client}/observations/${sid}-${index}.json`,
  quarantine: (client: ClientKey, name: string, at: string) => `${client}/quarantine/${at}-${name}`,
  consultation: (client: ClientKey) => `${client}/consultation`,
  consent: (client: ClientKey, event: ConsentEvent) => `consent/${client}/${msOf(event.at)}-${event.sid}.${event.choice}`,
  /** Content-free and under no client's prefix, so neither reset nor a deletion of the client's data removes it. */
  seenSid: (sid: string) => `seen/${sid}`,
  modelCalls: (client: ClientKey) => `${MODEL_CALLS_PREFIX}${client}/`,
  modelCall: (client: ClientKey, seq: AnswerSeq, claimedAt: string) =>
    `${MODEL_CALLS_PREFIX}${client}/${msOf(claimedAt)}-${String(seq).padStart(6, "0")}`,
};

const msOf = (iso: string) => String(Date.parse(iso)).padStart(13, "0");

export function mediaKey(client: ClientKey, receivedAt: string, sid: string, index: number, extension: string): string {
  return `${client}/media/${msOf(receivedAt)}-${sid}-${index}.${extension}`;
}

export function isMediaKeyOf(client: ClientKey, key: string): boolean {
  return key.startsWith(`${client}/media/`);
}

const createOnly = { onlyIf: { etagDoesNotMatch: "*" } } as const;

export interface Storage {
  kv: KVNamespace;
  r2: R2Bucket;
  /** Every KV write expires this long after it is made (ADR 020.4: retention without a scheduler). */
  kvExpirationTtl: number;
}

export function storageOf(env: { CHAT_HISTORY: KVNamespace; MEDIA_BUCKET: R2Bucket; RETENTION_DAYS?: string }): Storage {
  return { kv: env.CHAT_HISTORY, r2: env.MEDIA_BUCKET, kvExpirationTtl: retentionDaysOf(env.RETENTION_DAYS) * 86_400 };
}

/**
 * R2 custom metadata holds at most 2 KiB; a record whose JSON fits is also written there, in the
 * same put, so that one listing returns it and reading a conversation needs no read per message
 * (ADR 003.6). The object's body stays the record of truth.
 */
const INLINE_RECORD_BYTES = 2000;
const encoder = new TextEncoder();

async function putRecord(
  store: Storage,
  key: string,
  record: object,
  options: R2PutOptions = {},
  tags: Record<string, string> = {},
): Promise<R2Object | null> {
  const json = JSON.stringify(record);
  const customMetadata = encoder.encode(json).byteLength <= INLINE_RECORD_BYTES ? { ...tags, record: json } : tags;
  return store.r2.put(key, json, {
    ...options,
    httpMetadata: { contentType: "application/json" },
    ...(Object.keys(customMetadata).length ? { customMetadata } : {}),
  });
}

/**
 * Records an inbound message exactly once, ever. R2's conditional create is atomic, so two
 * copies of one MessageSid arriving at the same moment get "recorded" once and "duplicate" once.
 * A SID once recorded stays marked after a reset deleted its record (ADR 017.5), so a webhook
 * replayed later is a duplicate too. The marker is written after the record, and again by any
 * duplicate, so a failure between the two writes can neither lose the message nor leave it unmarked.
 * `command`: the command the message is (null: none), tagged on the record so that the fence reads
 * only commands (ADR 025.2); a record without the tag, as before it existed, is read to find out.
 */
export async function recordInbound(
  store: Storage,
  client: ClientKey,
  record: InboundRecord,
  command?: string | null,
): Promise<"recorded" | "duplicate"> {
  if (await store.r2.head(keys.seenSid(record.sid))) return "duplicate";
  const tags: Record<string, string> = command === undefined ? {} : { command: command ?? "" };
  const created = await putRecord(store, keys.inbound(client, record.sid), record, createOnly, tags);
  await store.r2.put(keys.seenSid(record.sid), "");
  return created ? "recorded" : "duplicate";
}

/** Records what became of a message's attachments, once. */
export async function recordIngested(store: Storage, client: ClientKey, record: IngestedRecord): Promise<boolean> {
  return (await putRecord(store, keys.ingested(client, record.sid), record, createOnly)) !== null;
}

/** Claims answer `claim.seq`; false when another job claimed that number first (ADR 016.2). */
export async function claimAnswer(store: Storage, client: ClientKey, claim: AnswerClaim): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, claim.seq, "claim"), claim, createOnly)) !== null;
}

/** Decides what became of answer `reply.seq`, once: false when it was already decided (sent or superseded). */
export async function decideAnswer(store: Storage, client: ClientKey, reply: AnswerReply): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, reply.seq, "reply"), reply, createOnly)) !== null;
}

/** Marks part `index` of answer `seq` as about to be sent (a reset waits for it: ADR 016.8). */
export async function markSending(store: Storage, client: ClientKey, seq: AnswerSeq, index: number, at: string): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, seq, `sending-${index}`), { v: SCHEMA_VERSION, seq, index, at }, createOnly)) !== null;
}

export async function recordPartOutcome(store: Storage, client: ClientKey, outcome: PartOutcome): Promise<boolean> {
  return (await putRecord(store, keys.answer(client, outcome.seq, `sent-${outcome.index}`), outcome, createOnly)) !== null;
}

/** Records a delivery receipt once per (message, status): Twilio's repeats change nothing. */
export async function recordReceipt(store: Storage, client: ClientKey, receipt: Receipt): Promise<boolean> {
  return (await putRecord(store, keys.receipt(client, receipt.twilioSid, receipt.status), receipt, createOnly)) !== null;
}

/** Deletes the given objects of the client (keys outside its prefix are refused). */
export async function deleteClientObjects(store: Storage, client: ClientKey, objectKeys: readonly string[]): Promise<void> {
  const mine = objectKeys.filter((key) => key.startsWith(`${client}/`));
  for (let i = 0; i < mine.length; i += 1000) await store.r2.delete(mine.slice(i, i + 1000));
}

export async function saveTranscript(store: Storage, client: ClientKey, sid: string, index: number, text: string) {
  await putRecord(store, keys.transcript(client, sid, index), { v: SCHEMA_VERSION, sid, index, text });
}

export async function hasTranscript(store: Storage, client: ClientKey, sid: string, index: number): Promise<boolean> {
  return (await store.r2.head(keys.transcript(client, sid, index))) !== null;
}

/** Records a photo's observation once: false when one is already recorded (it is kept as it is). */
export async function saveObservation(store: Storage, client: ClientKey, record: ObservationRecord): Promise<boolean> {
  return (await putRecord(store, keys.observation(client, record.sid, record.index), record, createOnly)) !== null;
}

/** Stores a media file once: false when the key already holds one (a retry), which is kept as it is. */
export async function putMedia(store: Storage, key: string, body: Uint8Array | ArrayBuffer, contentType: string): Promise<boolean> {
  return (await store.r2.put(key, body, { ...createOnly, httpMetadata: { contentType } })) !== null;
}

/** A stored media file's metadata (size, content type), or null when there is none. */
export async function headMedia(store: Storage, key: string): Promise<R2Object | null> {
  return store.r2.head(key);
}

export async function getMedia(store: Storage, key: string): Promise<R2ObjectBody | null> {
  return store.r2.get(key);
}

/** Every R2 object a listing holds, page after page, following `truncated`/`cursor` (never the count). */
async function listAll(store: Storage, options: R2ListOptions): Promise<R2Object[]> {
  // After the first page the cursor carries where the listing stands: a `startAfter` would move it.
  const { startAfter: _first, ...next } = options;
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.r2.list(cursor ? { ...next, cursor } : options);
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** Every R2 object under the client's prefix (or one folder of it), with its metadata. */
export async function listClientObjects(store: Storage, client: ClientKey, folder = ""): Promise<R2Object[]> {
  return listAll(store, { prefix: `${client}/${folder}`, include: ["httpMetadata", "customMetadata"] });
}

/** The keys alone under the client's prefix: what a deletion needs. */
async function listClientKeys(store: Storage, client: ClientKey): Promise<string[]> {
  return (await listAll(store, { prefix: `${client}/` })).map((o) => o.key);
}

async function listClientKvKeys(store: Storage, client: ClientKey): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.kv.list({ prefix: `${client}/`, cursor });
    names.push(...page.keys.map((k) => k.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return names;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseJson(text: string): Parsed<unknown> {
  if (text.length === 0) return { ok: false, reason: "empty" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: "not valid JSON" };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkVersion(value: Record<string, unknown>): string | null {
  if (value.v === SCHEMA_VERSION) return null;
  if (typeof value.v === "number" && value.v > SCHEMA_VERSION) return `written by a newer schema (v${value.v})`;
  return "unknown schema version";
}

const isIsoTime = (value: unknown): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value));

function asInbound(value: unknown, sid: string): Parsed<InboundRecord> {
  if (!isObject(value)) return { ok: false, reason: "not an object" };
  const version = checkVersion(value);
  if (version) return { ok: false, reason: version };
  if (value.sid !== sid) return { ok: false, reason: "sid does not match its key" };
  if (!isIsoTime(value.receivedAt)) return { ok: false, reason: "receivedAt is not a time" };
  if (!isObject(value.params) || !Object.values(value.params).every((v) => typeof v === "string")) {
    return { ok: false, reason: "params are not a map of strings" };
  }
  return { ok: true, value: value as unknown as InboundRecord };
}

const sources: readonly string[] = ["model", "fallback", "command", "gate"];
const isSid = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9]{2,64}$/.test(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

function asClaim(value: Record<string, unknown>, seq: number): Parsed<AnswerClaim> {
  if (value.seq !== seq) return { ok: false, reason: "seq does not match its key" };
  if (!Array.isArray(value.covers) || value.covers.length === 0 || !value.covers.every(isSid)) return { ok: false, reason: "covers is not a list of MessageSids" };
  if (!isIsoTime(value.claimedAt)) return { ok: false, reason: "claimedAt is not a time" };
  if (value.command !== undefined && typeof value.command !== "string") return { ok: false, reason: "command is not a string" };
  return { ok: true, value: value as unknown as AnswerClaim };
}

function asAnswerReply(value: Record<string, unknown>, seq: number): Parsed<AnswerReply> {
  if (value.seq !== seq) return { ok: false, reason: "seq does not match its key" };
  if (!isIsoTime(value.decidedAt)) return { ok: false, reason: "decidedAt is not a time" };
  if (value.outcome === "superseded") return isCount(value.by) ? { ok: true, value: value as unknown as AnswerReply } : { ok: false, reason: "by is not an answer" };
  if (value.outcome === "silent") return typeof value.reason === "string" ? { ok: true, value: value as unknown as AnswerReply } : { ok: false, reason: "reason is not a string" };
  if (value.outcome !== "send") return { ok: false, reason: "unknown outcome" };
  if (typeof value.text !== "string") return { ok: false, reason: "text is not a string" };
  if (!sources.includes(value.source as string)) return { ok: false, reason: "unknown source" };
  if (!isCount(value.parts)) return { ok: false, reason: "parts is not a count" };
  if (value.handoffSummary !== undefined && typeof value.handoffSummary !== "string") return { ok: false, reason: "handoffSummary is not a string" };
  return { ok: true, value: value as unknown as AnswerReply };
}

function asPartOutcome(value: Record<string, unknown>, seq: number, index: number): Parsed<PartOutcome> {
  if (value.seq !== seq || value.index !== index) return { ok: false, reason: "seq or index does not match its key" };
  if (value.status !== "sent" && value.status !== "failed") return { ok: false, reason: "unknown status" };
  if (value.twilioSid !== undefined && !isSid(value.twilioSid)) return { ok: false, reason: "twilioSid is not a SID" };
  if (!isIsoTime(value.at)) return { ok: false, reason: "at is not a time" };
  return { ok: true, value: value as unknown as PartOutcome };
}

function asReceipt(value: Record<string, unknown>, twilioSid: string, status: string): Parsed<Receipt> {
  if (value.twilioSid !== twilioSid || value.status !== status) return { ok: false, reason: "receipt does not match its key" };
  if (value.errorCode !== undefined && typeof value.errorCode !== "string") return { ok: false, reason: "errorCode is not a string" };
  if (!isIsoTime(value.at)) return { ok: false, reason: "at is not a time" };
  return { ok: true, value: value as unknown as Receipt };
}

function asIngested(value: Record<string, unknown>, sid: string): Parsed<IngestedRecord> {
  if (value.sid !== sid) return { ok: false, reason: "sid does not match its key" };
  const valid = (a: unknown) =>
    isObject(a) && isCount(a.index) && typeof a.result === "string" && (a.contentType === null || typeof a.contentType === "string");
  if (!Array.isArray(value.attachments) || !value.attachments.every(valid)) return { ok: false, reason: "attachments are not outcomes" };
  return { ok: true, value: value as unknown as IngestedRecord };
}

function asObservation(value: unknown, sid: string, index: number): Parsed<ObservationRecord> {
  if (!isObject(value)) return { ok: false, reason: "not an object" };
  const version = checkVersion(value);
  if (version) return { ok: false, reason: version };
  if (value.sid !== sid || value.index !== index) return { ok: false, reason: "sid or index does not match its key" };
  if (typeof value.model !== "string") return { ok: false, reason: "model is not a string" };
  if (!isIsoTime(value.observedAt)) return { ok: false, reason: "observedAt is not a time" };
  if (!isObject(value.observation) || !Object.values(value.observation).every((v) => typeof v === "string")) {
    return { ok: false, reason: "observation is not a map of strings" };
  }
  return { ok: true, value: value as unknown as ObservationRecord };
}

function asConsultation(value: unknown): Parsed<Consultation> {
  if (!isObject(value)) return { ok: false, reason: "not an object" };
  const version = checkVersion(value);
  if (version) return { ok: false, reason: version };
  if (typeof value.id !== "string" || !/^[A-Za-z0-9_-]{22,}$/.test(value.id)) return { ok: false, reason: "id is missing" };
  if (!isIsoTime(value.startedAt)) return { ok: false, reason: "startedAt is not a time" };
  return { ok: true, value: value as unknown as Consultation };
}

export async function readConsultation(
  store: Storage,
  client: ClientKey,
): Promise<{ consultation: Consultation | null; problem?: StoredProblem; raw?: string }> {
  const key = keys.consultation(client);
  const raw = await store.kv.get(key);
  if (raw === null) return { consultation: null };
  const parsed = parseJson(raw);
  const checked = parsed.ok ? asConsultation(parsed.value) : parsed;
  return checked.ok ? { consultation: checked.value } : { consultation: null, problem: { key, reason: checked.reason }, raw };
}

/**
 * The client's current consultation, started now when there is none. A malformed record is
 * first copied to `quarantine/` (ADR 010: debuggable), then replaced.
 */
export async function ensureConsultation(store: Storage, client: ClientKey, now: string): Promise<Consultation> {
  const current = await readConsultation(store, client);
  if (current.consultation) return current.consultation;
  if (current.raw !== undefined) {
    await store.r2.put(keys.quarantine(client, "consultation", now), current.raw);
  }
  const id = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const consultation: Consultation = { v: SCHEMA_VERSION, id, startedAt: now };
  await store.kv.put(keys.consultation(client), JSON.stringify(consultation), { expirationTtl: store.kvExpirationTtl });
  return consultation;
}

/** A record, parsed: from the listing's metadata when it is there and parses, else from the body (null: deleted since the listing). */
async function readRecord(store: Storage, object: R2Object): Promise<Parsed<unknown> | null> {
  const inline = object.customMetadata?.record;
  const parsed = inline === undefined ? null : parseJson(inline);
  if (parsed?.ok) return parsed;
  const body = await store.r2.get(object.key);
  return body ? parseJson(await body.text()) : null;
}

const recordPattern =
  /^whatsapp:\+\d+\/(?:(messages|transcripts|ingested|observations)\/([A-Za-z0-9]+?)(?:-(\d+))?\.json|answers\/(\d{6})\/(claim|reply|sending-(\d+)|sent-(\d+))\.json|receipts\/([A-Za-z0-9]+)-([a-z]+)\.json)$/;

type Folder = "messages" | "transcripts" | "ingested" | "observations" | "answers" | "receipts";

function emptyAnswer(seq: number): StoredAnswer {
  return { seq, claim: null, reply: null, sending: [], parts: [] };
}

/** What a key under the client's prefix holds, from the key alone (ADR 003): no read. */
export type StoredEntry =
  | { kind: "message"; sid: string }
  /** A record of one message: transcripts, ingested, observations. */
  | { kind: "of-message"; sid: string }
  /** Media, with the SID of its message when the key is one this Worker writes. */
  | { kind: "media"; sid?: string }
  | { kind: "answer"; seq: AnswerSeq; name: string }
  | { kind: "receipt"; twilioSid: string }
  | { kind: "quarantine" }
  | { kind: "stray" };

const mediaNamePattern = /^\d{13}-([A-Za-z0-9]+)-\d+\.[a-z0-9]+$/;
const ofMessageNamePattern = /^([A-Za-z0-9]+?)(?:-\d+)?\.json$/;
const answerNamePattern = /^(\d{6})\/(claim|reply|sending-\d+|sent-\d+)\.json$/;
const receiptNamePattern = /^([A-Za-z0-9]+)-[a-z]+\.json$/;

/** Sorts keys by their folder first, then matches only the rest: a listing of thousands of keys is sorted out often. */
export function entryOf(client: ClientKey, key: string): StoredEntry {
  const start = client.length + 1;
  const slash = key.startsWith(client) && key.charCodeAt(client.length) === 47 ? key.indexOf("/", start) : -1;
  if (slash === -1) return { kind: "stray" };
  const name = key.slice(slash + 1);
  switch (key.slice(start, slash)) {
    case "media": {
      const sid = mediaNamePattern.exec(name)?.[1];
      return sid ? { kind: "media", sid } : { kind: "media" };
    }
    case "messages":
    case "transcripts":
    case "ingested":
    case "observations": {
      const sid = ofMessageNamePattern.exec(name)?.[1];
      if (!sid) return { kind: "stray" };
      return key.charCodeAt(start) === 109 /* m */ ? { kind: "message", sid } : { kind: "of-message", sid };
    }
    case "answers": {
      const match = answerNamePattern.exec(name);
      return match ? { kind: "answer", seq: Number(match[1]), name: match[2]! } : { kind: "stray" };
    }
    case "receipts": {
      const twilioSid = receiptNamePattern.exec(name)?.[1];
      return twilioSid ? { kind: "receipt", twilioSid } : { kind: "stray" };
    }
    case "quarantine":
      return { kind: "quarantine" };
    default:
      return { kind: "stray" };
  }
}

export function emptyConversation(client: ClientKey, consultation: Consultation | null, problems: StoredProblem[] = []): ConversationState {
  return { client, consultation, inbound: [], answers: [], receipts: [], ingested: [], media: [], transcripts: [], observations: [], problems: [...problems] };
}

/** Reads everything stored for a client, live. Unreadable entries are listed in `problems`. */
export async function readConversation(store: Storage, client: ClientKey): Promise<ConversationState> {
  const [objects, consultation] = await Promise.all([listClientObjects(store, client), readConsultation(store, client)]);
  return readObjectsInto(store, emptyConversation(client, consultation.consultation, consultation.problem ? [consultation.problem] : []), objects);
}

/** Only the client's chain of answers (one listing of `answers/`): what a job waits on while an earlier answer is sent. */
export async function readAnswers(store: Storage, client: ClientKey): Promise<StoredAnswer[]> {
  return (await readFolders(store, client, ["answers/"])).answers;
}

/** Only the given folders of the client (`messages/`, `answers/`, ...), read like `readConversation` reads everything; no consultation. */
export async function readFolders(store: Storage, client: ClientKey, folders: readonly string[]): Promise<ConversationState> {
  const objects = (await Promise.all(folders.map((folder) => listClientObjects(store, client, folder)))).flat();
  return readObjectsInto(store, emptyConversation(client, null, []), objects);
}

/**
 * Reads the given listed objects of a client into `state` (records parsed and checked, media
 * described from the listing, what cannot be read added to `problems`), then puts its lists in
 * order. `readConversation` gives it every object; a summary page only its own (ADR 022.5).
 */
export async function readObjectsInto(store: Storage, state: ConversationState, objects: readonly R2Object[]): Promise<ConversationState> {
  const client = state.client;
  const answers = new Map<number, StoredAnswer>(state.answers.map((a) => [a.seq, a]));
  const answerOf = (seq: number) => answers.get(seq) ?? answers.set(seq, emptyAnswer(seq)).get(seq)!;
  await Promise.all(
    objects.map(async (object) => {
      if (isMediaKeyOf(client, object.key)) {
        state.media.push({
          key: object.key,
          size: object.size,
          contentType: object.httpMetadata?.contentType,
          uploaded: object.uploaded.toISOString(),
        });
        return;
      }
      const match = recordPattern.exec(object.key);
      if (!match) {
        if (!object.key.startsWith(`${client}/quarantine/`)) state.problems.push({ key: object.key, reason: "not written by this Worker" });
        return;
      }
      const [, messageFolder, sid = "", index, seqText, answerName, sendingIndex, sentIndex, receiptSid = "", receiptStatus = ""] = match;
      const folder: Folder = (messageFolder as Folder | undefined) ?? (seqText ? "answers" : "receipts");
      // The chain's numbers come from the keys: a claim that cannot be read still holds its number.
      if (seqText) answerOf(Number(seqText));
      const parsed = await readRecord(store, object);
      if (parsed === null) return; // deleted since the listing
      const problem = (reason: string) => state.problems.push({ key: object.key, reason });
      if (!parsed.ok) return problem(parsed.reason);
      if (!isObject(parsed.value)) return problem("not an object");
      const version = checkVersion(parsed.value);
      if (version) return problem(version);
      const value = parsed.value;
      if (folder === "messages") {
        const record = asInbound(value, sid);
        return record.ok ? void state.inbound.push(record.value) : problem(record.reason);
      }
      if (folder === "transcripts") {
        if (typeof value.text !== "string" || index === undefined) return problem("not a transcript");
        return void state.transcripts.push({ key: object.key, sid, index: Number(index), text: value.text });
      }
      if (folder === "observations") {
        const record = index === undefined ? ({ ok: false, reason: "no photo index" } as const) : asObservation(value, sid, Number(index));
        return record.ok ? void state.observations.push({ ...record.value, key: object.key }) : problem(record.reason);
      }
      if (folder === "ingested") {
        const record = asIngested(value, sid);
        return record.ok ? void state.ingested.push(record.value) : problem(record.reason);
      }
      if (folder === "receipts") {
        const record = asReceipt(value, receiptSid, receiptStatus);
        return record.ok ? void state.receipts.push(record.value) : problem(record.reason);
      }
      const seq = Number(seqText);
      const answer = answerOf(seq);
      if (answerName === "claim") {
        const record = asClaim(value, seq);
        return record.ok ? void (answer.claim = record.value) : problem(record.reason);
      }
      if (answerName === "reply") {
        const record = asAnswerReply(value, seq);
        return record.ok ? void (answer.reply = record.value) : problem(record.reason);
      }
      if (sendingIndex !== undefined) return void answer.sending.push(Number(sendingIndex));
      const record = asPartOutcome(value, seq, Number(sentIndex));
      return record.ok ? void answer.parts.push(record.value) : problem(record.reason);
    }),
  );
  state.inbound.sort(byArrival);
  state.answers = [...answers.values()].sort((a, b) => a.seq - b.seq);
  for (const answer of state.answers) {
    answer.sending.sort((a, b) => a - b);
    answer.parts.sort((a, b) => a.index - b.index);
  }
  state.receipts.sort((a, b) => a.at.localeCompare(b.at) || a.twilioSid.localeCompare(b.twilioSid));
  state.ingested.sort((a, b) => a.sid.localeCompare(b.sid));
  state.media.sort((a, b) => a.key.localeCompare(b.key));
  state.transcripts.sort((a, b) => a.key.localeCompare(b.key));
  state.observations.sort((a, b) => a.key.localeCompare(b.key));
  state.problems.sort((a, b) => a.key.localeCompare(b.key));
  return state;
}

/** Messages in the order they arrived: by the time the webhook recorded them, then by SID. */
export function byArrival(a: Pick<InboundRecord, "receivedAt" | "sid">, b: Pick<InboundRecord, "receivedAt" | "sid">): number {
  return a.receivedAt.localeCompare(b.receivedAt) || a.sid.localeCompare(b.sid);
}

/**
 * The client's commands stored since `sid`'s record (less `toleranceMs`), in arrival order, and
 * whether `sid`'s own record still exists. One listing of `messages/`; of the records stored since,
 * only those tagged as commands (or untagged, from before the tag) are parsed, from their inline
 * copies (ADR 003.6: a command's record always has one). So the consultation fence (ADR 016.8),
 * which asks this on every write of a job, stays cheap however long the consultation is and
 * however many messages a burst holds (ADR 025.2). Upload times are R2's own, comparable whatever
 * the Worker's clock says.
 */
export async function readCommandsSince(
  store: Storage,
  client: ClientKey,
  sid: string,
  toleranceMs: number,
): Promise<{ exists: boolean; records: InboundRecord[] }> {
  const objects = await listAll(store, { prefix: `${client}/messages/`, include: ["customMetadata"] });
  const own = objects.find((o) => o.key === keys.inbound(client, sid));
  if (!own) return { exists: false, records: [] };
  const since = own.uploaded.getTime() - toleranceMs;
  const records: InboundRecord[] = [];
  for (const object of objects) {
    if (object.uploaded.getTime() < since || object.customMetadata?.command === "") continue;
    const objectSid = /\/messages\/([A-Za-z0-9]+)\.json$/.exec(object.key)?.[1];
    const text = objectSid ? (object.customMetadata?.record ?? null) : null;
    const parsed = text === null ? null : parseJson(text);
    if (!objectSid || !parsed?.ok || !isObject(parsed.value) || checkVersion(parsed.value)) continue;
    const record = asInbound(parsed.value, objectSid);
    if (record.ok) records.push(record.value);
  }
  return { exists: true, records: records.sort(byArrival) };
}

export type ConsentChoice = "opted-out" | "resumed";

export interface ConsentEvent {
  /** The message that asked for it (STOP, START, ...). */
  sid: string;
  /** When that message arrived: events are ordered by it. */
  at: string;
  choice: ConsentChoice;
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

const consentKeyPattern = /^consent\/whatsapp:\+\d+\/(\d{13})-([A-Za-z0-9]+)\.(opted-out|resumed)$/;

/** The client's consent, from the keys of their events alone (a damaged body cannot undo an opt-out). */
export async function readConsent(store: Storage, client: ClientKey): Promise<Consent> {
  const events: ConsentEvent[] = [];
  for (const object of await listAll(store, { prefix: `consent/${client}/` })) {
    const match = consentKeyPattern.exec(object.key);
    if (match) events.push({ at: new Date(Number(match[1])).toISOString(), sid: match[2]!, choice: match[3] as ConsentChoice });
  }
  events.sort((a, b) => a.at.localeCompare(b.at) || a.sid.localeCompare(b.sid));
  const latest = events.at(-1);
  return latest?.choice === "opted-out" ? { optedOut: true, since: latest.at, events } : { optedOut: false, events };
}

/** Where the model-call records live (ADR 018.4): outside every client's prefix, with a lifecycle rule of their own (ADR 020.4). */
export const MODEL_CALLS_PREFIX = "model-calls/";

/** A model call, as its record's key says: the answer it was made for, and when that answer was claimed (epoch ms). */
export interface ModelCallRecord {
  seq: AnswerSeq;
  claimedAt: number;
}

const modelCallKeyPattern = /^model-calls\/whatsapp:\+\d+\/(\d{13})-(\d{6})$/;

/**
 * Records a model call before it is made (ADR 018.4), once: content-free, keyed by the answer's
 * claim. A key that already holds an object (a retry, or something this Worker did not write) is
 * kept as it is, and counts as it is.
 */
export async function recordModelCall(store: Storage, client: ClientKey, claim: Pick<AnswerClaim, "seq" | "claimedAt">): Promise<void> {
  await store.r2.put(keys.modelCall(client, claim.seq, claim.claimedAt), "", createOnly);
}

/**
 * The client's model calls whose answers were claimed at or after `since` (epoch ms), from the
 * keys of one listing that starts there: no read. Keys this Worker does not write are left out.
 */
export async function readModelCalls(store: Storage, client: ClientKey, since: number): Promise<ModelCallRecord[]> {
  const prefix = keys.modelCalls(client);
  // "~" sorts after "-": the listing starts after every key of the millisecond before `since`.
  const startAfter = `${prefix}${String(Math.max(0, since - 1)).padStart(13, "0")}~`;
  const calls: ModelCallRecord[] = [];
  for (const object of await listAll(store, { prefix, startAfter })) {
    const match = modelCallKeyPattern.exec(object.key);
    if (match && Number(match[1]) >= since) calls.push({ claimedAt: Number(match[1]), seq: Number(match[2]) });
  }
  return calls;
}

/** Deletes every model-call record of the client ("delete my data", `npm run forget`); how many there were. */
export async function deleteModelCalls(store: Storage, client: ClientKey): Promise<number> {
  const objects = (await listAll(store, { prefix: keys.modelCalls(client) })).map((o) => o.key);
  for (let i = 0; i < objects.length; i += 1000) await store.r2.delete(objects.slice(i, i + 1000));
  return objects.length;
}

export interface ClientDeletion {
  /** The record of the message that asked for it, kept so a retry of that MessageSid is still recognised as a duplicate. */
  keepSid?: string;
  /** The command's own answer, claimed before the deletion so that its number follows every earlier one (ADR 016.8). */
  keepAnswer?: AnswerSeq;
  /**
   * The keys to delete, from a listing the caller already made after the command was recorded
   * (ADR 025.3); absent, the client's objects are listed now.
   */
  listed?: readonly string[];
}

/** Reset and "delete my data": deletes every KV entry and R2 object of the client but what `deletion` keeps. */
export async function deleteClient(store: Storage, client: ClientKey, deletion: ClientDeletion = {}): Promise<number> {
  const keep = deletion.keepSid ? keys.inbound(client, deletion.keepSid) : undefined;
  const keepPrefix = deletion.keepAnswer === undefined ? undefined : keys.answer(client, deletion.keepAnswer, "").slice(0, -".json".length);
  const objects = (deletion.listed ?? (await listClientKeys(store, client))).filter(
    (key) => key.startsWith(`${client}/`) && key !== keep && !(keepPrefix && key.startsWith(keepPrefix)),
  );
  for (let i = 0; i < objects.length; i += 1000) await store.r2.delete(objects.slice(i, i + 1000));
  const kvKeys = await listClientKvKeys(store, client);
  await Promise.all(kvKeys.map((key) => store.kv.delete(key)));
  return objects.length + kvKeys.length;
}
