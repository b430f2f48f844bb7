/**
 * An in-memory stand-in for one client's R2 objects and KV consultation record, for node unit specs
 * of the storage readers: each object has the upload time given (R2's `uploaded`), its record inline
 * as R2 custom metadata (ADR 003.6), and no body. `list` honours the prefix and returns the objects
 * in the order given, one page: R2's order is by key, and a reader must not depend on it.
 */
import type { Storage } from "../../../src/storage/bucket";
import { keys, type ClientKey } from "../../../src/storage/keys";

export const CLIENT = "whatsapp:+34600000001" as ClientKey;
export const START = Date.parse("2026-12-01T10:00:00.000Z");

export interface Stored {
  key: string;
  /** When R2 recorded the upload (epoch ms). */
  ms: number;
  /** The record, inlined as the object's custom metadata; absent for media and foreign objects. */
  record?: unknown;
  contentType?: string;
}

export function bucket(stored: readonly Stored[], consultation: string | null = null): Storage {
  const objects = stored.map((s) => ({
    key: s.key,
    size: s.record === undefined ? 10 : JSON.stringify(s.record).length,
    uploaded: new Date(s.ms),
    httpMetadata: s.contentType ? { contentType: s.contentType } : {},
    customMetadata: s.record === undefined ? {} : { record: JSON.stringify(s.record) },
  }));
  const r2 = {
    list: async (options: { prefix?: string } = {}) => ({ objects: objects.filter((o) => o.key.startsWith(options.prefix ?? "")), truncated: false }),
    get: async () => null,
  };
  const kv = { get: async (key: string) => (key === keys.consultation(CLIENT) ? consultation : null) };
  return { r2, kv, kvExpirationTtl: 60 } as unknown as Storage;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The 34-character SID `prefix` + digits of n. */
export const sidOf = (n: number, prefix = "SM") => `${prefix}${String(n).padStart(32, "0")}`;

/** A client message recorded at `ms`. */
export const message = (sid: string, ms: number, body = `message ${sid.slice(-4)}`): Stored => ({
  key: keys.inbound(CLIENT, sid),
  ms,
  record: { v: 1, sid, receivedAt: iso(ms), params: { MessageSid: sid, Body: body } },
});

/** Answer `seq`'s claim (covering `covers`) written at `ms`. */
export const claim = (seq: number, covers: string[], ms: number): Stored => ({
  key: keys.answer(CLIENT, seq, "claim"),
  ms,
  record: { v: 1, seq, covers, claimedAt: iso(ms) },
});

/** Answer `seq`'s reply, sent as one part, decided at `ms`. */
export const reply = (seq: number, ms: number, text = `answer ${seq}`): Stored => ({
  key: keys.answer(CLIENT, seq, "reply"),
  ms,
  record: { v: 1, seq, outcome: "send", decidedAt: iso(ms), source: "model", text, parts: 1 },
});

/** Part 0 of answer `seq`, taken by Twilio as `twilioSid` at `ms`. */
export const sent = (seq: number, twilioSid: string, ms: number): Stored => ({
  key: keys.answer(CLIENT, seq, "sent-0"),
  ms,
  record: { v: 1, seq, index: 0, status: "sent", twilioSid, at: iso(ms) },
});

/** A delivery receipt of `twilioSid` at `ms`. */
export const receipt = (twilioSid: string, status: string, ms: number): Stored => ({
  key: keys.receipt(CLIENT, twilioSid, status),
  ms,
  record: { v: 1, twilioSid, status, at: iso(ms) },
});
