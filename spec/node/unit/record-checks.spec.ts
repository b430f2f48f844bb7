/**
 * ADR 003.3 in node: the checks of src/storage/records.ts that every stored value passes when it is
 * read back. Each fault is named in the words the summary page shows the stylist under "What could
 * not be read"; a value that passes is handed on as it was stored. The same checks on the real
 * bindings, as a conversation is read: spec/page-records.spec.ts.
 */
import { describe, expect, it } from "vitest";
import {
  asAnswerReply,
  asClaim,
  asConsultation,
  asIngested,
  asInbound,
  asObservation,
  asPartOutcome,
  asReceipt,
  byArrival,
  checkVersion,
  emptyAnswer,
  emptyConversation,
  isObject,
  parseJson,
} from "../../../src/storage/records";
import type { ClientKey } from "../../../src/storage/keys";

const AT = "2026-12-01T10:00:00.000Z";
const SID = `SM${"0".repeat(31)}1`;
const TWILIO = `SM${"0".repeat(31)}9`;
const fault = (reason: string) => ({ ok: false, reason });
const ok = <T>(value: T) => ({ ok: true, value });

const inbound = (fields: Record<string, unknown> = {}) => ({ v: 1, sid: SID, receivedAt: AT, params: { Body: "Hola", NumMedia: "0" }, ...fields });
const claim = (fields: Record<string, unknown> = {}) => ({ v: 1, seq: 3, covers: [SID], claimedAt: AT, ...fields });
const reply = (fields: Record<string, unknown> = {}) => ({ v: 1, seq: 3, outcome: "send", decidedAt: AT, source: "model", text: "Hola", parts: 1, ...fields });
const part = (fields: Record<string, unknown> = {}) => ({ v: 1, seq: 3, index: 1, status: "sent", twilioSid: TWILIO, at: AT, ...fields });
const receipt = (fields: Record<string, unknown> = {}) => ({ v: 1, twilioSid: TWILIO, status: "delivered", at: AT, ...fields });
const observation = (fields: Record<string, unknown> = {}) => ({ v: 1, sid: SID, index: 2, model: "gpt-x", observedAt: AT, observation: { curl_pattern: "3B" }, ...fields });
const consultation = (fields: Record<string, unknown> = {}) => ({ v: 1, id: "a".repeat(22), startedAt: AT, ...fields });

describe("a stored value's text and version", () => {
  it("ADR-003.3 an empty value and one that is not JSON are named apart; JSON is parsed as it is", () => {
    expect([parseJson(""), parseJson("{"), parseJson("undefined"), parseJson('{"v":1}'), parseJson("0"), parseJson('""')]).toEqual([
      fault("empty"),
      fault("not valid JSON"),
      fault("not valid JSON"),
      ok({ v: 1 }),
      ok(0),
      ok(""),
    ]);
  });

  it("ADR-003.3 only a plain object is an object: not null, an array, a text or a number", () => {
    expect([{}, { v: 1 }, null, [], [1], "x", 1, undefined].map(isObject)).toEqual([true, true, false, false, false, false, false, false]);
  });

  it("ADR-003.3 version 1 is read; a higher number is a newer schema, named with its version; anything else is unknown", () => {
    expect([{ v: 1 }, { v: 2 }, { v: 1.5 }, { v: 0 }, { v: -1 }, { v: "1" }, { v: "2" }, { v: null }, {}].map(checkVersion)).toEqual([
      null,
      "written by a newer schema (v2)",
      "written by a newer schema (v1.5)",
      "unknown schema version",
      "unknown schema version",
      "unknown schema version",
      "unknown schema version",
      "unknown schema version",
      "unknown schema version",
    ]);
  });
});

describe("a message record", () => {
  it("ADR-003.3 is read as stored when its SID, time and parameters are right; each fault is named", () => {
    const valid = inbound();
    expect(asInbound(valid, SID)).toEqual(ok(valid));
    expect([
      asInbound("text", SID),
      asInbound(inbound({ v: 2 }), SID),
      asInbound(inbound({ v: "1" }), SID),
      asInbound(inbound(), `SM${"0".repeat(31)}2`),
      asInbound(inbound({ receivedAt: "soon" }), SID),
      asInbound(inbound({ receivedAt: 0 }), SID),
      asInbound(inbound({ params: "Body=Hola" }), SID),
      asInbound(inbound({ params: ["Hola"] }), SID),
      asInbound(inbound({ params: { Body: "Hola", NumMedia: 0 } }), SID),
    ]).toEqual([
      fault("not an object"),
      fault("written by a newer schema (v2)"),
      fault("unknown schema version"),
      fault("sid does not match its key"),
      fault("receivedAt is not a time"),
      fault("receivedAt is not a time"),
      fault("params are not a map of strings"),
      fault("params are not a map of strings"),
      fault("params are not a map of strings"),
    ]);
    expect(asInbound(inbound({ params: {} }), SID)).toEqual(ok(inbound({ params: {} })));
  });

  it("ADR-003.3 messages are in the order they arrived, then by SID", () => {
    const a = { receivedAt: "2026-12-01T10:00:00.000Z", sid: "SMb" };
    const b = { receivedAt: "2026-12-01T10:00:00.001Z", sid: "SMa" };
    const c = { receivedAt: "2026-12-01T10:00:00.001Z", sid: "SMc" };
    expect([c, b, a].sort(byArrival)).toEqual([a, b, c]);
    expect([byArrival(a, a), Math.sign(byArrival(a, b)), Math.sign(byArrival(c, b))]).toEqual([0, -1, 1]);
  });
});

describe("an answer's claim", () => {
  it("ADR-003.3 covers at least one MessageSid, or none when the stylist wrote it; each fault is named", () => {
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [claim(), ok(claim())],
      [claim({ final: true, command: "reset" }), ok(claim({ final: true, command: "reset" }))],
      [claim({ stylist: "ana@example.com", covers: [] }), ok(claim({ stylist: "ana@example.com", covers: [] }))],
      [claim({ stylist: "ana@example.com" }), ok(claim({ stylist: "ana@example.com" }))],
      [claim({ seq: 4 }), fault("seq does not match its key")],
      [claim({ seq: "3" }), fault("seq does not match its key")],
      [claim({ stylist: "" }), fault("stylist is not an email")],
      [claim({ stylist: 5, covers: [] }), fault("stylist is not an email")],
      [claim({ covers: [] }), fault("covers is not a list of MessageSids")],
      [claim({ covers: SID }), fault("covers is not a list of MessageSids")],
      [claim({ stylist: "ana@example.com", covers: {} }), fault("covers is not a list of MessageSids")],
      [claim({ covers: [SID, "SM/1"] }), fault("covers is not a list of MessageSids")],
      [claim({ covers: [SID, 7] }), fault("covers is not a list of MessageSids")],
      [claim({ claimedAt: "soon" }), fault("claimedAt is not a time")],
      [claim({ command: 5 }), fault("command is not a string")],
    ];
    expect(cases.map(([value]) => asClaim(value, 3))).toEqual(cases.map(([, parsed]) => parsed));
  });

  it("ADR-003.3 a MessageSid is 2 to 64 letters and digits", () => {
    const withCover = (sid: string) => asClaim(claim({ covers: [sid] }), 3).ok;
    expect(["SM", "S".repeat(64), "sm0aZ9", "S", "S".repeat(65), "SM-1", "SM 1", " SM1", "SM1\n", ""].map(withCover)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("what became of an answer", () => {
  it("ADR-003.3 a sent answer, a superseded one or a silent one is read as stored; each fault is named", () => {
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [reply(), ok(reply())],
      [reply({ parts: 0, source: "stylist", handoffSummary: "Rizos 3B" }), ok(reply({ parts: 0, source: "stylist", handoffSummary: "Rizos 3B" }))],
      ...["fallback", "command", "gate"].map((source): [Record<string, unknown>, unknown] => [reply({ source }), ok(reply({ source }))]),
      [reply({ outcome: "superseded", by: 4 }), ok(reply({ outcome: "superseded", by: 4 }))],
      [reply({ outcome: "superseded", by: 0 }), ok(reply({ outcome: "superseded", by: 0 }))],
      [reply({ outcome: "silent", reason: "paused" }), ok(reply({ outcome: "silent", reason: "paused" }))],
      [reply({ seq: 2 }), fault("seq does not match its key")],
      [reply({ decidedAt: "later" }), fault("decidedAt is not a time")],
      [reply({ decidedAt: 0 }), fault("decidedAt is not a time")],
      [reply({ outcome: "superseded", by: -1 }), fault("by is not an answer")],
      [reply({ outcome: "superseded", by: 1.5 }), fault("by is not an answer")],
      [reply({ outcome: "superseded", by: "4" }), fault("by is not an answer")],
      [reply({ outcome: "silent", reason: 5 }), fault("reason is not a string")],
      [reply({ outcome: "sent" }), fault("unknown outcome")],
      [reply({ outcome: undefined }), fault("unknown outcome")],
      [reply({ text: 5 }), fault("text is not a string")],
      [reply({ source: "robot" }), fault("unknown source")],
      [reply({ source: undefined }), fault("unknown source")],
      [reply({ parts: -1 }), fault("parts is not a count")],
      [reply({ parts: "1" }), fault("parts is not a count")],
      [reply({ handoffSummary: 7 }), fault("handoffSummary is not a string")],
    ];
    expect(cases.map(([value]) => asAnswerReply(value, 3))).toEqual(cases.map(([, parsed]) => parsed));
  });
});

describe("a part sent to Twilio and its receipt", () => {
  it("ADR-003.3 a part's outcome is read as stored when its number, index, status, SID and time are right; each fault is named", () => {
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [part(), ok(part())],
      [part({ status: "failed", twilioSid: undefined, error: "21610" }), ok(part({ status: "failed", twilioSid: undefined, error: "21610" }))],
      [part({ seq: 4 }), fault("seq or index does not match its key")],
      [part({ index: 0 }), fault("seq or index does not match its key")],
      [part({ status: "queued" }), fault("unknown status")],
      [part({ twilioSid: "SM/1" }), fault("twilioSid is not a SID")],
      [part({ twilioSid: null }), fault("twilioSid is not a SID")],
      [part({ at: "then" }), fault("at is not a time")],
    ];
    expect(cases.map(([value]) => asPartOutcome(value, 3, 1))).toEqual(cases.map(([, parsed]) => parsed));
  });

  it("ADR-003.3 a receipt is read as stored when its SID and status are its key's; each fault is named", () => {
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [receipt(), ok(receipt())],
      [receipt({ status: "undelivered", errorCode: "63016" }), fault("receipt does not match its key")],
      [receipt({ twilioSid: `SM${"0".repeat(31)}8` }), fault("receipt does not match its key")],
      [receipt({ errorCode: 63016 }), fault("errorCode is not a string")],
      [receipt({ at: "then" }), fault("at is not a time")],
    ];
    expect(cases.map(([value]) => asReceipt(value, TWILIO, "delivered"))).toEqual(cases.map(([, parsed]) => parsed));
    expect(asReceipt(receipt({ status: "undelivered", errorCode: "63016" }), TWILIO, "undelivered")).toEqual(ok(receipt({ status: "undelivered", errorCode: "63016" })));
  });
});

describe("what became of a message's attachments", () => {
  it("ADR-003.3 is read as stored when each attachment has its index, result and content type (or none); each fault is named", () => {
    const attachment = (fields: Record<string, unknown> = {}) => ({ index: 0, contentType: "image/jpeg", result: "stored", ...fields });
    const ingested = (...attachments: unknown[]) => ({ v: 1, sid: SID, attachments });
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [ingested(), ok(ingested())],
      [ingested(attachment(), attachment({ index: 1, contentType: null, result: "too large" })), ok(ingested(attachment(), attachment({ index: 1, contentType: null, result: "too large" })))],
      [{ ...ingested(), sid: `SM${"0".repeat(31)}2` }, fault("sid does not match its key")],
      [{ v: 1, sid: SID, attachments: "none" }, fault("attachments are not outcomes")],
      [ingested(attachment(), null), fault("attachments are not outcomes")],
      [ingested(attachment({ index: -1 })), fault("attachments are not outcomes")],
      [ingested(attachment({ result: 1 })), fault("attachments are not outcomes")],
      [ingested(attachment({ contentType: undefined })), fault("attachments are not outcomes")],
      [ingested(attachment({ contentType: 1 })), fault("attachments are not outcomes")],
    ];
    expect(cases.map(([value]) => asIngested(value, SID))).toEqual(cases.map(([, parsed]) => parsed));
  });
});

describe("a photo's observation", () => {
  it("ADR-003.3 is read as stored when it is the photo's and says what the model saw in texts; each fault is named", () => {
    const cases: Array<[unknown, unknown]> = [
      [observation(), ok(observation())],
      [observation({ observation: {} }), ok(observation({ observation: {} }))],
      [[observation()], fault("not an object")],
      [observation({ v: 3 }), fault("written by a newer schema (v3)")],
      [observation({ v: undefined }), fault("unknown schema version")],
      [observation({ sid: `SM${"0".repeat(31)}2` }), fault("sid or index does not match its key")],
      [observation({ index: 1 }), fault("sid or index does not match its key")],
      [observation({ model: 4 }), fault("model is not a string")],
      [observation({ observedAt: "today" }), fault("observedAt is not a time")],
      [observation({ observation: "3B" }), fault("observation is not a map of strings")],
      [observation({ observation: { curl_pattern: "3B", density: null } }), fault("observation is not a map of strings")],
    ];
    expect(cases.map(([value]) => asObservation(value, SID, 2))).toEqual(cases.map(([, parsed]) => parsed));
  });
});

describe("a consultation record", () => {
  it("ADR-003.3 is read as stored when its id is 22 or more base64url characters and its start a time; each fault is named", () => {
    const cases: Array<[unknown, unknown]> = [
      [consultation(), ok(consultation())],
      [consultation({ id: "aZ09_-".repeat(6) }), ok(consultation({ id: "aZ09_-".repeat(6) }))],
      [null, fault("not an object")],
      [consultation({ v: 2 }), fault("written by a newer schema (v2)")],
      [consultation({ v: 0 }), fault("unknown schema version")],
      [consultation({ id: undefined }), fault("id is missing")],
      [consultation({ id: 12345678901234567890123 }), fault("id is missing")],
      // Not texts, though the pattern would take them written out: a list of one id, and a number of 22 characters.
      [consultation({ id: ["a".repeat(22)] }), fault("id is missing")],
      [consultation({ id: -123456789012345678901 }), fault("id is missing")],
      [consultation({ id: "a".repeat(21) }), fault("id is missing")],
      [consultation({ id: `${"a".repeat(22)}=` }), fault("id is missing")],
      [consultation({ id: `=${"a".repeat(22)}` }), fault("id is missing")],
      [consultation({ startedAt: "then" }), fault("startedAt is not a time")],
    ];
    expect(cases.map(([value]) => asConsultation(value))).toEqual(cases.map(([, parsed]) => parsed));
  });
});

describe("an empty conversation", () => {
  it("ADR-003.3 holds nothing but the consultation and its problems, a copy of them; an answer nothing of which is read yet holds its number alone", () => {
    const client = "whatsapp:+34600000001" as ClientKey;
    const problems = [{ key: `${client}/consultation`, reason: "startedAt is not a time" }];
    const state = emptyConversation(client, null, problems);
    expect(state).toEqual({ client, consultation: null, inbound: [], answers: [], receipts: [], ingested: [], media: [], transcripts: [], observations: [], problems });
    state.problems.push({ key: "x", reason: "y" });
    expect(problems).toHaveLength(1);
    expect(emptyConversation(client, consultation() as never).problems).toEqual([]);
    expect(emptyAnswer(7)).toEqual({ seq: 7, claim: null, reply: null, sending: [], parts: [] });
  });
});
