/**
 * ADR 016.2, 016.3, 016.7 and 016.9, derived in node from records written by hand: which
 * messages each answer covers, which are still waiting, what became of each answer, and how far
 * its delivery got by Twilio's receipts (src/conversation/answers.ts).
 */
import { describe, expect, it } from "vitest";
import {
  answerCovering,
  answerDelivery,
  answerStatus,
  effectiveCovers,
  nextSeq,
  partDelivery,
  stateUpTo,
  standingAnswers,
  unansweredMessages,
} from "../../../src/conversation/answers";
import type { AnswerReply, InboundRecord, PartOutcome, Receipt, StoredAnswer } from "../../../src/storage/records";

const AT = "2026-12-01T10:00:00.000Z";
const message = (sid: string, body: string | undefined, receivedAt = AT): InboundRecord => ({
  v: 1,
  sid,
  receivedAt,
  params: { MessageSid: sid, From: "whatsapp:+5215512345678", ...(body === undefined ? {} : { Body: body }) },
});
const sent = (seq: number, parts: number): AnswerReply => ({ v: 1, seq, outcome: "send", decidedAt: AT, source: "model", text: "Hola", parts });
const part = (seq: number, index: number, status: "sent" | "failed", twilioSid?: string): PartOutcome => ({
  v: 1,
  seq,
  index,
  status,
  ...(twilioSid ? { twilioSid } : {}),
  at: AT,
});
const answer = (seq: number, covers: string[] | null, reply: AnswerReply | null = null, parts: PartOutcome[] = []): StoredAnswer => ({
  seq,
  claim: covers ? { v: 1, seq, covers, claimedAt: AT } : null,
  reply,
  sending: parts.map((p) => p.index),
  parts,
});
const receipt = (twilioSid: string, status: string, errorCode?: string): Receipt => ({ v: 1, twilioSid, status, ...(errorCode ? { errorCode } : {}), at: AT });

describe("what became of an answer", () => {
  it("ADR-016.2 pending until decided and every part is sent; sent, failed, superseded or silent as recorded", () => {
    expect(answerStatus(answer(1, ["SM1"]))).toBe("pending");
    expect(answerStatus(answer(1, ["SM1"], sent(1, 2), [part(1, 0, "sent", "SMa")]))).toBe("pending");
    expect(answerStatus(answer(1, ["SM1"], sent(1, 2), [part(1, 0, "sent", "SMa"), part(1, 1, "sent", "SMb")]))).toBe("sent");
    expect(answerStatus(answer(1, ["SM1"], sent(1, 2), [part(1, 0, "sent", "SMa"), part(1, 1, "failed")]))).toBe("failed");
    expect(answerStatus(answer(1, ["SM1"], sent(1, 3), [part(1, 0, "failed")]))).toBe("failed");
    expect(answerStatus(answer(1, ["SM1"], { v: 1, seq: 1, outcome: "superseded", decidedAt: AT, by: 2 }))).toBe("superseded");
    expect(answerStatus(answer(1, ["SM1"], { v: 1, seq: 1, outcome: "silent", decidedAt: AT, reason: "opted-out" }))).toBe("silent");
  });

  it("ADR-016.9 a superseded answer no longer stands, nor does a number with no claim; a pending one does", () => {
    const superseded = answer(1, ["SM1"], { v: 1, seq: 1, outcome: "superseded", decidedAt: AT, by: 2 });
    const pending = answer(2, ["SM1", "SM2"]);
    const unclaimed = answer(3, null, sent(3, 1));
    const done = answer(4, ["SM3"], sent(4, 1), [part(4, 0, "sent", "SMa")]);
    const state = { answers: [superseded, pending, unclaimed, done] };
    expect(standingAnswers(state)).toEqual([pending, done]);
    expect(answerCovering(state, "SM1")).toBe(pending);
    expect(answerCovering(state, "SM3")).toBe(done);
    expect(answerCovering(state, "SM9")).toBeUndefined();
  });
});

describe("which messages each answer covers", () => {
  it("ADR-016.2 a message claimed twice belongs to the earlier standing answer", () => {
    const first = answer(1, ["SM1", "SM2"], sent(1, 1), [part(1, 0, "sent", "SMa")]);
    const second = answer(2, ["SM2", "SM3"]);
    const superseded = answer(3, ["SM4"], { v: 1, seq: 3, outcome: "superseded", decidedAt: AT, by: 4 });
    const covers = effectiveCovers({ answers: [first, second, superseded, answer(4, ["SM4", "SM5"])] });
    expect([...covers]).toEqual([
      [1, ["SM1", "SM2"]],
      [2, ["SM3"]],
      [4, ["SM4", "SM5"]],
    ]);
  });

  it("ADR-016.3 the messages still waiting are those no standing answer covers, oldest first, commands left out", () => {
    const inbound = [message("SM1", "hola"), message("SM2", "Reset"), message("SM3", "mis rizos"), message("SM4", undefined), message("SM5", "tengo frizz")];
    const answers = [answer(1, ["SM1"], sent(1, 1)), answer(2, ["SM5"], { v: 1, seq: 2, outcome: "superseded", decidedAt: AT, by: 3 })];
    expect(unansweredMessages({ inbound, answers }).map((m) => m.sid)).toEqual(["SM3", "SM4", "SM5"]);
  });

  it("ADR-016.2 an answer is composed from the messages up to its last, by arrival time then SID", () => {
    const inbound = [message("SM1", "a", "2026-12-01T10:00:00.000Z"), message("SM2", "b", "2026-12-01T10:00:01.000Z"), message("SM3", "c", "2026-12-01T10:00:01.000Z"), message("SM4", "d", "2026-12-01T10:00:02.000Z")];
    const state = { client: "whatsapp:+5215512345678", inbound };
    expect(stateUpTo(state, { sid: "SM2", receivedAt: "2026-12-01T10:00:01.000Z" })).toEqual({ client: "whatsapp:+5215512345678", inbound: inbound.slice(0, 2) });
    expect(stateUpTo(state, { sid: "SM0", receivedAt: "2026-12-01T10:00:00.000Z" }).inbound).toEqual([]);
  });

  it("ADR-016.2 the next number is one more than any number used, in any order", () => {
    expect(nextSeq({ answers: [] })).toBe(1);
    expect(nextSeq({ answers: [answer(3, null), answer(1, ["SM1"])] })).toBe(4);
  });
});

describe("how far a delivery got", () => {
  it("ADR-016.7 a part shows the furthest status its own receipts reached, whatever their order and repeats", () => {
    const receipts = [receipt("SMa", "sent"), receipt("SMa", "read"), receipt("SMa", "delivered"), receipt("SMa", "sent"), receipt("SMb", "failed", "30008")];
    expect(partDelivery("SMa", receipts)).toEqual({ state: "read" });
    const ladder = ["accepted", "queued", "sending", "sent", "delivered", "read"];
    ladder.forEach((status, i) => expect(partDelivery("SMc", ladder.slice(0, i + 1).reverse().map((s) => receipt("SMc", s)))).toEqual({ state: status }));
    expect(partDelivery("SMd", [receipt("SMd", "scheduled")])).toEqual({ state: "unknown" });
    expect(partDelivery("SMe", receipts)).toEqual({ state: "unknown" });
    expect(partDelivery(undefined, receipts)).toEqual({ state: "unknown" });
  });

  it("ADR-016.7 failed or undelivered always shows, with its error code when Twilio gave one", () => {
    expect(partDelivery("SMa", [receipt("SMa", "read"), receipt("SMa", "undelivered", "63016")])).toEqual({ state: "undelivered", errorCode: "63016" });
    expect(partDelivery("SMa", [receipt("SMa", "failed"), receipt("SMa", "delivered")])).toEqual({ state: "failed" });
  });

  it("ADR-016.7 an answer is as far as its least advanced sent part, unknown while one has no receipt, a failure first", () => {
    const parts = [part(1, 0, "sent", "SMa"), part(1, 1, "sent", "SMb"), part(1, 2, "sent", "SMc")];
    const read = ["SMa", "SMb", "SMc"].map((sid) => receipt(sid, "read"));
    const three = answer(1, ["SM1"], sent(1, 3), parts);
    expect(answerDelivery(three, read)).toEqual({ state: "read" });
    expect(answerDelivery(three, [receipt("SMa", "sent"), receipt("SMb", "read"), receipt("SMc", "delivered")])).toEqual({ state: "sent" });
    expect(answerDelivery(three, [receipt("SMa", "delivered"), receipt("SMb", "read"), receipt("SMc", "read")])).toEqual({ state: "delivered" });
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMb", "delivered"), receipt("SMc", "read")])).toEqual({ state: "delivered" });
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMb", "read")])).toEqual({ state: "unknown" });
    expect(answerDelivery(three, [...read, receipt("SMb", "undelivered", "63016")])).toEqual({ state: "undelivered", errorCode: "63016" });
    expect(answerDelivery(three, [...read, receipt("SMc", "failed", "30008")])).toEqual({ state: "failed", errorCode: "30008" });
    expect(answerDelivery(three, [...read, receipt("SMa", "failed", "30008")])).toEqual({ state: "failed", errorCode: "30008" });
    // A failure shows even beside a part that has no receipt yet, before it or after it.
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMc", "failed", "30008")])).toEqual({ state: "failed", errorCode: "30008" });
    expect(answerDelivery(three, [receipt("SMa", "failed", "30008"), receipt("SMb", "read")])).toEqual({ state: "failed", errorCode: "30008" });
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMc", "undelivered", "63016")])).toEqual({ state: "undelivered", errorCode: "63016" });
  });

  it("ADR-016.7 an answer one of whose parts has no receipt yet is not shown as further along, whichever part it is", () => {
    // Found by mutation testing (2026-12-07): with the middle part unconfirmed, the page showed the answer as read.
    const three = answer(1, ["SM1"], sent(1, 3), [part(1, 0, "sent", "SMa"), part(1, 1, "sent", "SMb"), part(1, 2, "sent", "SMc")]);
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMb", "read")])).toEqual({ state: "unknown" });
    expect(answerDelivery(three, [receipt("SMa", "read"), receipt("SMc", "read")])).toEqual({ state: "unknown" });
    expect(answerDelivery(three, [receipt("SMb", "read"), receipt("SMc", "read")])).toEqual({ state: "unknown" });
  });

  it("ADR-016.7 a part Twilio refused has no receipts and does not hold the answer's delivery back; no part sent is unknown", () => {
    const refused = answer(1, ["SM1"], sent(1, 2), [part(1, 0, "sent", "SMa"), part(1, 1, "failed", "SMb")]);
    expect(answerDelivery(refused, [receipt("SMa", "delivered"), receipt("SMb", "failed", "30008")])).toEqual({ state: "delivered" });
    expect(answerDelivery(answer(1, ["SM1"], sent(1, 1), [part(1, 0, "failed")]), [])).toEqual({ state: "unknown" });
    expect(answerDelivery(answer(1, ["SM1"]), [])).toEqual({ state: "unknown" });
  });
});
