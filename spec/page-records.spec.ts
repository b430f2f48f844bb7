/**
 * ADR 003.3: a stored value of the wrong shape is reported with its key and the reason, and left as
 * it is. Each malformed record kind, written to the real R2 and KV bindings as the Worker writes a
 * record (its body and its inline copy) and read as a conversation is read
 * (src/storage/conversation.ts over the checks of src/storage/records.ts), names its own fault in
 * words an operator can act on.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putRecord, storageOf } from "../src/storage/bucket";
import { readConversation } from "../src/storage/conversation";
import { keys, type ClientKey } from "../src/storage/keys";
import { asConsultation, asInbound, asObservation } from "../src/storage/records";

const CLIENT = "whatsapp:+34600000001" as ClientKey;
const START = Date.parse("2026-12-01T10:00:00.000Z");
/** The 34-character SID `prefix` + digits of n. */
const sidOf = (n: number, prefix = "SM") => `${prefix}${String(n).padStart(32, "0")}`;

const AT = new Date(START).toISOString();
const SID = sidOf(1);
const TWILIO = sidOf(9);

/** A record under `key` and the reason its check gives. */
type Case = [key: string, record: Record<string, unknown>, reason: string];

const claimOf = (seq: number, fields: Record<string, unknown>) => ({ v: 1, seq, covers: [SID], claimedAt: AT, ...fields });
const replyOf = (seq: number, fields: Record<string, unknown>) => ({ v: 1, seq, outcome: "send", decidedAt: AT, source: "model", text: "Hola", parts: 1, ...fields });
const partOf = (seq: number, fields: Record<string, unknown>) => ({ v: 1, seq, index: 0, status: "sent", twilioSid: TWILIO, at: AT, ...fields });
const observationOf = (fields: Record<string, unknown>) => ({ v: 1, sid: SID, index: 0, model: "gpt-x", observedAt: AT, observation: { curl_pattern: "3B" }, ...fields });

const cases: Case[] = [
  [keys.answer(CLIENT, 1, "claim"), claimOf(2, {}), "seq does not match its key"],
  [keys.answer(CLIENT, 2, "claim"), claimOf(2, { stylist: "" }), "stylist is not an email"],
  [keys.answer(CLIENT, 3, "claim"), claimOf(3, { claimedAt: "soon" }), "claimedAt is not a time"],
  [keys.answer(CLIENT, 4, "claim"), claimOf(4, { command: 5 }), "command is not a string"],
  [keys.answer(CLIENT, 5, "reply"), replyOf(6, {}), "seq does not match its key"],
  [keys.answer(CLIENT, 6, "reply"), replyOf(6, { outcome: "superseded", by: -1 }), "by is not an answer"],
  [keys.answer(CLIENT, 7, "reply"), replyOf(7, { outcome: "silent", reason: 5 }), "reason is not a string"],
  [keys.answer(CLIENT, 8, "reply"), replyOf(8, { outcome: "maybe" }), "unknown outcome"],
  [keys.answer(CLIENT, 9, "reply"), replyOf(9, { text: null }), "text is not a string"],
  [keys.answer(CLIENT, 10, "reply"), replyOf(10, { source: "robot" }), "unknown source"],
  [keys.answer(CLIENT, 11, "reply"), replyOf(11, { parts: 1.5 }), "parts is not a count"],
  [keys.answer(CLIENT, 12, "reply"), replyOf(12, { handoffSummary: 7 }), "handoffSummary is not a string"],
  [keys.answer(CLIENT, 13, "sent-0"), partOf(13, { index: 1 }), "seq or index does not match its key"],
  [keys.answer(CLIENT, 14, "sent-0"), partOf(14, { status: "queued" }), "unknown status"],
  [keys.answer(CLIENT, 15, "sent-0"), partOf(15, { twilioSid: "SM/x" }), "twilioSid is not a SID"],
  [keys.answer(CLIENT, 16, "sent-0"), partOf(16, { at: "later" }), "at is not a time"],
  [keys.receipt(CLIENT, TWILIO, "delivered"), { v: 1, twilioSid: TWILIO, status: "read", at: AT }, "receipt does not match its key"],
  [keys.receipt(CLIENT, TWILIO, "failed"), { v: 1, twilioSid: TWILIO, status: "failed", errorCode: 63016, at: AT }, "errorCode is not a string"],
  [keys.receipt(CLIENT, TWILIO, "read"), { v: 1, twilioSid: TWILIO, status: "read", at: "then" }, "at is not a time"],
  [keys.ingested(CLIENT, SID), { v: 1, sid: sidOf(2), attachments: [] }, "sid does not match its key"],
  [keys.ingested(CLIENT, sidOf(3)), { v: 1, sid: sidOf(3), attachments: [{ index: 0, result: "stored" }] }, "attachments are not outcomes"],
  [keys.transcript(CLIENT, SID, 0), { v: 1, sid: SID, index: 0, text: 5 }, "not a transcript"],
  [`${CLIENT}/transcripts/${SID}.json`, { v: 1, sid: SID, text: "Hola" }, "not a transcript"],
  [keys.observation(CLIENT, SID, 1), observationOf({}), "sid or index does not match its key"],
  [keys.observation(CLIENT, SID, 0), observationOf({ model: null }), "model is not a string"],
  [keys.observation(CLIENT, sidOf(4), 0), observationOf({ sid: sidOf(4), observation: { curl_pattern: 3 } }), "observation is not a map of strings"],
];

describe("a malformed record is reported with its key and why", () => {
  it("ADR-003.3 each record kind's fault is named: claims, replies, parts, receipts, ingestion records, transcripts, observations and the consultation", async () => {
    const store = storageOf(env);
    await Promise.all(cases.map(([key, record]) => putRecord(store, key, record)));
    await env.CHAT_HISTORY.put(keys.consultation(CLIENT), JSON.stringify({ v: 1, id: "a".repeat(22), startedAt: "yesterday" }));
    const state = await readConversation(store, CLIENT);
    const expected = [...cases.map(([key, , reason]) => ({ key, reason })), { key: keys.consultation(CLIENT), reason: "startedAt is not a time" }];
    expect(state.problems).toEqual(expected.sort((a, b) => a.key.localeCompare(b.key)));
    expect([state.answers.map((a) => [a.claim, a.reply, a.parts]), state.receipts, state.ingested, state.transcripts, state.observations, state.consultation]).toEqual([
      Array.from({ length: 16 }, () => [null, null, []]),
      [],
      [],
      [],
      [],
      null,
    ]);
  });

  it("ADR-003.3 a claim that is not JSON, or of a newer schema, is reported and still holds its number in the chain of answers", async () => {
    await env.MEDIA_BUCKET.put(keys.answer(CLIENT, 4, "claim"), "{");
    await env.MEDIA_BUCKET.put(keys.answer(CLIENT, 6, "claim"), JSON.stringify(claimOf(6, { v: 2 })));
    const state = await readConversation(storageOf(env), CLIENT);
    expect([state.answers, state.problems]).toEqual([
      [4, 6].map((seq) => ({ seq, claim: null, reply: null, sending: [], parts: [] })),
      [
        { key: keys.answer(CLIENT, 4, "claim"), reason: "not valid JSON" },
        { key: keys.answer(CLIENT, 6, "claim"), reason: "written by a newer schema (v2)" },
      ],
    ]);
  });

  it("ADR-003.3 a stored record whose JSON is no object (a list, a text, a number) is reported as not an object, and left as it is", async () => {
    const stored: Array<[string, string]> = [
      [keys.answer(CLIENT, 1, "claim"), "[1]"],
      [keys.inbound(CLIENT, SID), '"Hola"'],
      [keys.receipt(CLIENT, TWILIO, "read"), "7"],
    ];
    for (const [key, body] of stored) await env.MEDIA_BUCKET.put(key, body);
    const state = await readConversation(storageOf(env), CLIENT);
    expect(state.problems).toEqual(stored.map(([key]) => ({ key, reason: "not an object" })).sort((a, b) => a.key.localeCompare(b.key)));
    expect(await Promise.all(stored.map(async ([key]) => (await env.MEDIA_BUCKET.get(key))!.text()))).toEqual(stored.map(([, body]) => body));
  });

  it("ADR-003.3 a message record, an observation or a consultation record that is not an object is reported as such, whoever asks", () => {
    expect([asInbound(null, SID), asInbound([], SID), asObservation("text", SID, 0), asObservation(7, SID, 0), asConsultation(null), asConsultation([])]).toEqual(
      Array.from({ length: 6 }, () => ({ ok: false, reason: "not an object" })),
    );
  });
});
