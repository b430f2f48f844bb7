/**
 * The storage schema (ADR 003): every KV and R2 key, built and parsed here and nowhere else.
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
 *   model-calls/whatsapp:+{E164}/{atMs}-{MessageSid}-{index}   empty: a photo look or a transcription of that attachment (ADR 029.4)
 *   model-calls/deployment/{atMs}-{uuid}   empty: any OpenAI call of any client, for the deployment's daily cap (ADR 029.6)
 *   twilio-copies/whatsapp:+{E164}/{atMs}-{MessageSid}             empty: Twilio keeps a copy of that message (ADR 032.1):
 *                                one the client sent (at: when it arrived) or a part we sent (at: when its answer was claimed)
 *   twilio-copies/whatsapp:+{E164}/{atMs}-{MessageSid}-{MediaSid}  empty: Twilio keeps that media file of the client's message
 *                                (both removed only once Twilio answered 204 or 404 for that SID, ADR 032.2)
 *   twilio-copies-pending/whatsapp:+{E164}/{atMs}   empty: the client's copies recorded up to then are to be deleted at
 *                                Twilio; the Cron Trigger retries what Twilio refused (ADR 032.4)
 * KV `CHAT_HISTORY` (every entry expires RETENTION_DAYS after it is written, ADR 020.4):
 *   whatsapp:+{E164}/consultation   the consultation record: its random id and start (revoked by reset)
 */
import { mediaSidSource, messageSidSource, WHATSAPP_ADDRESS } from "../utils/twilio-identifiers";

/** `whatsapp:+{E164}`: the client's identity and the prefix of everything stored for them. */
export type ClientKey = `whatsapp:+${string}`;

export function clientKeyOf(from: string): ClientKey | null {
  return WHATSAPP_ADDRESS.test(from) ? (from as ClientKey) : null;
}

export type ConsentChoice = "opted-out" | "resumed";

export interface ConsentEvent {
  /** The message that asked for it (STOP, START, ...). */
  sid: string;
  /** When that message arrived: events are ordered by it. */
  at: string;
  choice: ConsentChoice;
}

/** Where the model-call records live (ADR 018.4): outside every client's prefix, with a lifecycle rule of their own (ADR 020.4). */
export const MODEL_CALLS_PREFIX = "model-calls/";

/** A model call, as its record's key says: the answer it was made for, and when that answer was claimed (epoch ms). */
interface ModelCallRecord {
  seq: number;
  claimedAt: number;
}

const msOf = (iso: string) => String(Date.parse(iso)).padStart(13, "0");
const seqOf = (seq: number) => String(seq).padStart(6, "0");

/** An OpenAI call of the client (ADR 029.4), as its record's key says: when, and an id that tells two calls of one millisecond apart. */
export interface ClientCall {
  at: number;
  /** `{at}-{seq}` for an answer (as the gate names an answer's claim), `{at}-{MessageSid}-{index}` for a photo look or a transcription. */
  id: string;
}

const ms13 = (ms: number) => String(Math.max(0, ms)).padStart(13, "0");
const DEPLOYMENT_CALLS = `${MODEL_CALLS_PREFIX}deployment/`;

/** A copy Twilio keeps (ADR 032.1): a message, or one media file of a message. */
export interface TwilioCopy {
  messageSid: string;
  mediaSid?: string;
}

/** A ledger entry, as its key says: which copy, recorded for the moment `at` (epoch ms). */
export interface LedgerEntry extends TwilioCopy {
  key: string;
  at: number;
}

const TWILIO_COPIES = "twilio-copies/";
const PENDING_DELETIONS = "twilio-copies-pending/";

export const keys = {
  /** The client's prefix, or one folder of it (`messages/`, `answers/`, ...). */
  client: (client: ClientKey, folder = "") => `${client}/${folder}`,
  inbound: (client: ClientKey, sid: string) => `${client}/messages/${sid}.json`,
  ingested: (client: ClientKey, sid: string) => `${client}/ingested/${sid}.json`,
  /** Every object of answer `seq` starts with this. */
  answerFolder: (client: ClientKey, seq: number) => `${client}/answers/${seqOf(seq)}/`,
  answer: (client: ClientKey, seq: number, name: "claim" | "reply" | `sending-${number}` | `sent-${number}`) =>
    `${client}/answers/${seqOf(seq)}/${name}.json`,
  receipt: (client: ClientKey, twilioSid: string, status: string) => `${client}/receipts/${twilioSid}-${status}.json`,
  media: (client: ClientKey, receivedAt: string, sid: string, index: number, extension: string) =>
    `${client}/media/${msOf(receivedAt)}-${sid}-${index}.${extension}`,
  transcript: (client: ClientKey, sid: string, index: number) => `${client}/transcripts/${sid}-${index}.json`,
  observation: (client: ClientKey, sid: string, index: number) => `${client}/observations/${sid}-${index}.json`,
  quarantine: (client: ClientKey, name: string, at: string) => `${client}/quarantine/${at}-${name}`,
  consultation: (client: ClientKey) => `${client}/consultation`,
  consents: (client: ClientKey) => `consent/${client}/`,
  /** Every client's consent events (the console's list, ADR 028.3). */
  allConsents: () => "consent/",
  consent: (client: ClientKey, event: ConsentEvent) => `consent/${client}/${msOf(event.at)}-${event.sid}.${event.choice}`,
  /** Content-free and under no client's prefix, so neither reset nor a deletion of the client's data removes it. */
  seenSid: (sid: string) => `seen/${sid}`,
  modelCalls: (client: ClientKey) => `${MODEL_CALLS_PREFIX}${client}/`,
  modelCall: (client: ClientKey, seq: number, claimedAt: string) => `${MODEL_CALLS_PREFIX}${client}/${msOf(claimedAt)}-${seqOf(seq)}`,
  // "~" sorts after "-": a listing that starts after this passes every key of the millisecond before `since`.
  modelCallsBefore: (client: ClientKey, since: number) => `${MODEL_CALLS_PREFIX}${client}/${String(Math.max(0, since - 1)).padStart(13, "0")}~`,
  mediaCall: (client: ClientKey, at: number, sid: string, index: number) => `${MODEL_CALLS_PREFIX}${client}/${ms13(at)}-${sid}-${index}`,
  deploymentCalls: () => DEPLOYMENT_CALLS,
  deploymentCall: (at: number, id: string) => `${DEPLOYMENT_CALLS}${ms13(at)}-${id}`,
  deploymentCallsBefore: (since: number) => `${DEPLOYMENT_CALLS}${ms13(since - 1)}~`,
  twilioCopies: (client: ClientKey) => `${TWILIO_COPIES}${client}/`,
  twilioCopy: (client: ClientKey, at: number, copy: TwilioCopy) =>
    `${TWILIO_COPIES}${client}/${ms13(at)}-${copy.messageSid}${copy.mediaSid === undefined ? "" : `-${copy.mediaSid}`}`,
  /** Every client's pending deletions (the Cron Trigger's one listing, ADR 032.4). */
  allPendingDeletions: () => PENDING_DELETIONS,
  pendingDeletion: (client: ClientKey, at: number) => `${PENDING_DELETIONS}${client}/${ms13(at)}`,
};

export const mediaKey = keys.media;

export function isMediaKeyOf(client: ClientKey, key: string): boolean {
  return key.startsWith(`${client}/media/`);
}

/** A key as a reader of the client's data names it: without the client's prefix. */
export const nameUnderClient = (client: ClientKey, key: string) => (key.startsWith(keys.client(client)) ? key.slice(client.length + 1) : key);

/** The last part of a key: a stored file's own name. */
export const fileNameOf = (key: string) => key.slice(key.lastIndexOf("/") + 1);

const mediaIndexPattern = /-(\d+)\.[a-z0-9]+$/;
const mediaReceivedPattern = /\/media\/(\d{13})-/;

/** Which attachment of message `sid` a media key holds (`…-{sid}-{index}.{ext}`; 0 when it names none), or null: another message's. */
export function mediaIndexOf(key: string, sid: string): number | null {
  return key.includes(`-${sid}-`) ? Number(mediaIndexPattern.exec(key)?.[1] ?? 0) : null;
}

/** When the message of a media key arrived (epoch ms), as the key says, or null when it does not. */
export function mediaReceivedMsOf(key: string): number | null {
  const ms = mediaReceivedPattern.exec(key)?.[1];
  return ms ? Number(ms) : null;
}

/** What a key under the client's prefix holds, from the key alone: no read. */
export type StoredEntry =
  /** A message record, or a record of one message (`index`: of which attachment, where the key names one). */
  | { kind: "message" | "of-message"; folder: "messages" | "transcripts" | "ingested" | "observations"; sid: string; index?: number }
  /** Media, with the SID of its message when the key is one this Worker writes. */
  | { kind: "media"; sid?: string }
  /** An answer's object: its claim, its reply, or part `part` about to be sent or sent. */
  | { kind: "answer"; seq: number; name: "claim" | "reply" | "sending" | "sent"; part?: number }
  | { kind: "receipt"; twilioSid: string; status: string }
  | { kind: "quarantine" }
  | { kind: "stray" };

const mediaNamePattern = /^\d{13}-([A-Za-z0-9]+)-\d+\.[a-z0-9]+$/;
const ofMessageNamePattern = /^([A-Za-z0-9]+?)(?:-(\d+))?\.json$/;
const answerNamePattern = /^(\d{6})\/(claim|reply|sending|sent)(?:-(\d+))?\.json$/;
const receiptNamePattern = /^([A-Za-z0-9]+)-([a-z]+)\.json$/;

/** Sorts keys by their folder first, then matches only the rest: a listing of thousands of keys is sorted out often. */
export function entryOf(client: ClientKey, key: string): StoredEntry {
  const start = client.length + 1;
  const slash = key.startsWith(client) && key.charCodeAt(client.length) === 47 ? key.indexOf("/", start) : -1;
  if (slash === -1) return { kind: "stray" };
  const name = key.slice(slash + 1);
  const folder = key.slice(start, slash);
  switch (folder) {
    case "media": {
      const sid = mediaNamePattern.exec(name)?.[1];
      return sid ? { kind: "media", sid } : { kind: "media" };
    }
    case "messages":
    case "transcripts":
    case "ingested":
    case "observations": {
      const match = ofMessageNamePattern.exec(name);
      if (!match) return { kind: "stray" };
      const kind = folder === "messages" ? "message" : "of-message";
      return { kind, folder, sid: match[1]!, ...(match[2] === undefined ? {} : { index: Number(match[2]) }) };
    }
    case "answers": {
      const match = answerNamePattern.exec(name);
      const [, seq, part, index] = match ?? [];
      // claim and reply stand alone; sending and sent carry the part's index.
      if (!match || (index === undefined) !== (part === "claim" || part === "reply")) return { kind: "stray" };
      const entry = { kind: "answer" as const, seq: Number(seq), name: part as "claim" | "reply" | "sending" | "sent" };
      return index === undefined ? entry : { ...entry, part: Number(index) };
    }
    case "receipts": {
      const match = receiptNamePattern.exec(name);
      return match ? { kind: "receipt", twilioSid: match[1]!, status: match[2]! } : { kind: "stray" };
    }
    case "quarantine":
      return { kind: "quarantine" };
    default:
      return { kind: "stray" };
  }
}

/** The SID of the message whose record `key` is (`messages/{MessageSid}.json`), else undefined. */
export function messageSidOfKey(client: ClientKey, key: string): string | undefined {
  const entry = entryOf(client, key);
  return entry.kind === "message" && entry.index === undefined ? entry.sid : undefined;
}

const consentKeyPattern = /^consent\/whatsapp:\+\d+\/(\d{13})-([A-Za-z0-9]+)\.(opted-out|resumed)$/;

/** The consent event a key of `consents(client)` records, or null when this Worker did not write it. */
export function consentEventOf(key: string): ConsentEvent | null {
  const match = consentKeyPattern.exec(key);
  return match ? { at: new Date(Number(match[1])).toISOString(), sid: match[2]!, choice: match[3] as ConsentChoice } : null;
}

/** The client whose consent event a key of `allConsents()` is, or null when this Worker did not write it. */
export function clientOfConsentKey(key: string): ClientKey | null {
  return consentKeyPattern.test(key) ? clientKeyOf(key.slice("consent/".length, key.lastIndexOf("/"))) : null;
}

const modelCallKeyPattern = /^model-calls\/whatsapp:\+\d+\/(\d{13})-(\d{6})$/;

/** The model call a key of `modelCalls(client)` records, or null when this Worker did not write it. */
function modelCallOf(key: string): ModelCallRecord | null {
  const match = modelCallKeyPattern.exec(key);
  return match ? { claimedAt: Number(match[1]), seq: Number(match[2]) } : null;
}

const mediaCallKeyPattern = /^model-calls\/whatsapp:\+\d+\/((\d{13})-[A-Za-z]{2}[0-9a-fA-F]{32}-\d{1,2})$/;

/** Any OpenAI call a key of `modelCalls(client)` records (an answer, a photo look, a transcription), or null when this Worker did not write it. */
export function clientCallOf(key: string): ClientCall | null {
  const answer = modelCallOf(key);
  if (answer) return { at: answer.claimedAt, id: `${answer.claimedAt}-${answer.seq}` };
  const media = mediaCallKeyPattern.exec(key);
  return media ? { at: Number(media[2]), id: media[1]! } : null;
}

const deploymentCallKeyPattern = /^model-calls\/deployment\/(\d{13})-[0-9a-f-]{36}$/;

/** When the call a key of `deploymentCalls()` records was made (epoch ms), or null when this Worker did not write it. */
export function deploymentCallAt(key: string): number | null {
  const match = deploymentCallKeyPattern.exec(key);
  return match ? Number(match[1]) : null;
}

const ledgerKeyPattern = new RegExp(`^twilio-copies/whatsapp:\\+\\d+/(\\d{13})-(${messageSidSource(true)})(?:-(${mediaSidSource(true)}))?$`);

/** The copy a key of `twilioCopies(client)` records, or null when this Worker did not write it (such a key is left alone). */
export function ledgerEntryOf(key: string): LedgerEntry | null {
  const match = ledgerKeyPattern.exec(key);
  if (!match) return null;
  return { key, at: Number(match[1]), messageSid: match[2]!, ...(match[3] === undefined ? {} : { mediaSid: match[3] }) };
}

const pendingKeyPattern = /^twilio-copies-pending\/(whatsapp:\+\d+)\/(\d{13})$/;

/** The client and moment a key of `allPendingDeletions()` names, or null when this Worker did not write it. */
export function pendingDeletionOf(key: string): { client: ClientKey; at: number } | null {
  const match = pendingKeyPattern.exec(key);
  const client = match ? clientKeyOf(match[1]!) : null;
  return client ? { client, at: Number(match![2]) } : null;
}
