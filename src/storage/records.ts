/**
 * The records of the storage schema (ADR 003) and their checks: what each stored JSON value
 * holds, and whether a value read back is one. A value that fails its check is reported as a
 * problem by whoever read it, never repaired in place.
 */
import type { ClientKey } from "./keys";

export const SCHEMA_VERSION = 1;

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
  /** The stylist's own message from the console (ADR 028.5), by her Access email: it covers no message. */
  stylist?: string;
}

/** What became of a claimed answer, created once: sent, superseded by a later claim, or left silent by a gate. */
export type AnswerReply =
  | {
      v: 1;
      seq: AnswerSeq;
      outcome: "send";
      decidedAt: string;
      /** Who wrote the text: the model, the kind fallback when the model could not answer, a command, a gate, or the stylist herself. */
      source: "model" | "fallback" | "command" | "gate" | "stylist";
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

export function emptyAnswer(seq: number): StoredAnswer {
  return { seq, claim: null, reply: null, sending: [], parts: [] };
}

export function emptyConversation(client: ClientKey, consultation: Consultation | null, problems: StoredProblem[] = []): ConversationState {
  return { client, consultation, inbound: [], answers: [], receipts: [], ingested: [], media: [], transcripts: [], observations: [], problems: [...problems] };
}

/** Messages in the order they arrived: by the time the webhook recorded them, then by SID. */
export function byArrival(a: Pick<InboundRecord, "receivedAt" | "sid">, b: Pick<InboundRecord, "receivedAt" | "sid">): number {
  return a.receivedAt.localeCompare(b.receivedAt) || a.sid.localeCompare(b.sid);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseJson(text: string): Parsed<unknown> {
  if (text.length === 0) return { ok: false, reason: "empty" };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: "not valid JSON" };
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function checkVersion(value: Record<string, unknown>): string | null {
  if (value.v === SCHEMA_VERSION) return null;
  if (typeof value.v === "number" && value.v > SCHEMA_VERSION) return `written by a newer schema (v${value.v})`;
  return "unknown schema version";
}

const isIsoTime = (value: unknown): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value));

export function asInbound(value: unknown, sid: string): Parsed<InboundRecord> {
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

const sources: readonly string[] = ["model", "fallback", "command", "gate", "stylist"];
const isSid = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9]{2,64}$/.test(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

export function asClaim(value: Record<string, unknown>, seq: number): Parsed<AnswerClaim> {
  if (value.seq !== seq) return { ok: false, reason: "seq does not match its key" };
  if (value.stylist !== undefined && (typeof value.stylist !== "string" || value.stylist === "")) return { ok: false, reason: "stylist is not an email" };
  const coversNothing = value.stylist !== undefined && Array.isArray(value.covers) && value.covers.length === 0;
  if (!Array.isArray(value.covers) || (value.covers.length === 0 && !coversNothing) || !value.covers.every(isSid)) return { ok: false, reason: "covers is not a list of MessageSids" };
  if (!isIsoTime(value.claimedAt)) return { ok: false, reason: "claimedAt is not a time" };
  if (value.command !== undefined && typeof value.command !== "string") return { ok: false, reason: "command is not a string" };
  return { ok: true, value: value as unknown as AnswerClaim };
}

export function asAnswerReply(value: Record<string, unknown>, seq: number): Parsed<AnswerReply> {
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

export function asPartOutcome(value: Record<string, unknown>, seq: number, index: number): Parsed<PartOutcome> {
  if (value.seq !== seq || value.index !== index) return { ok: false, reason: "seq or index does not match its key" };
  if (value.status !== "sent" && value.status !== "failed") return { ok: false, reason: "unknown status" };
  if (value.twilioSid !== undefined && !isSid(value.twilioSid)) return { ok: false, reason: "twilioSid is not a SID" };
  if (!isIsoTime(value.at)) return { ok: false, reason: "at is not a time" };
  return { ok: true, value: value as unknown as PartOutcome };
}

export function asReceipt(value: Record<string, unknown>, twilioSid: string, status: string): Parsed<Receipt> {
  if (value.twilioSid !== twilioSid || value.status !== status) return { ok: false, reason: "receipt does not match its key" };
  if (value.errorCode !== undefined && typeof value.errorCode !== "string") return { ok: false, reason: "errorCode is not a string" };
  if (!isIsoTime(value.at)) return { ok: false, reason: "at is not a time" };
  return { ok: true, value: value as unknown as Receipt };
}

export function asIngested(value: Record<string, unknown>, sid: string): Parsed<IngestedRecord> {
  if (value.sid !== sid) return { ok: false, reason: "sid does not match its key" };
  const valid = (a: unknown) =>
    isObject(a) && isCount(a.index) && typeof a.result === "string" && (a.contentType === null || typeof a.contentType === "string");
  if (!Array.isArray(value.attachments) || !value.attachments.every(valid)) return { ok: false, reason: "attachments are not outcomes" };
  return { ok: true, value: value as unknown as IngestedRecord };
}

export function asObservation(value: unknown, sid: string, index: number): Parsed<ObservationRecord> {
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

export function asConsultation(value: unknown): Parsed<Consultation> {
  if (!isObject(value)) return { ok: false, reason: "not an object" };
  const version = checkVersion(value);
  if (version) return { ok: false, reason: version };
  if (typeof value.id !== "string" || !/^[A-Za-z0-9_-]{22,}$/.test(value.id)) return { ok: false, reason: "id is missing" };
  if (!isIsoTime(value.startedAt)) return { ok: false, reason: "startedAt is not a time" };
  return { ok: true, value: value as unknown as Consultation };
}

