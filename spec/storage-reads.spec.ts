/**
 * ADR 003.6: reading a conversation costs listings, not one R2 read per message, so long
 * consultations stay within the Worker's subrequest limit; the body stays the record of truth.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putRecord, storageOf } from "../src/storage/bucket";
import { readConversation, recordInbound } from "../src/storage/conversation";
import { keys, type ClientKey } from "../src/storage/keys";
import type { InboundRecord } from "../src/storage/records";
import { bucketEnv, readingEnv, type StorageRead } from "./support/recording-env";

const client: ClientKey = "whatsapp:+5215512345678";

/** The storage with every R2 read by key recorded and every R2 listing counted. */
function countingStorage() {
  const reads: StorageRead[] = [];
  let lists = 0;
  const counted = bucketEnv({ list: (real) => (options) => ((lists += 1), real(options)) }, readingEnv(reads));
  return { store: storageOf(counted), gets: () => reads.filter((r) => r.store === "r2" && r.op === "get").length, lists: () => lists };
}

const message = (n: number, body: string): InboundRecord => ({
  v: 1,
  sid: `SM${String(n).padStart(32, "0")}`,
  receivedAt: new Date(Date.UTC(2026, 10, 27, 12, 0, n)).toISOString(),
  params: { MessageSid: `SM${String(n).padStart(32, "0")}`, From: client, Body: body, NumMedia: "0" },
});

describe("reading a conversation", () => {
  it("ADR-003.6 reads 120 short messages from the listing alone, with no read per message", async () => {
    const store = storageOf(env);
    for (let n = 0; n < 120; n++) await recordInbound(store, client, message(n, `mensaje ${n}: tengo rizos 3A`));
    const counting = countingStorage();
    const state = await readConversation(counting.store, client);
    expect(state.inbound.map((m) => m.params.Body)).toEqual(Array.from({ length: 120 }, (_, n) => `mensaje ${n}: tengo rizos 3A`));
    expect(counting.gets()).toBe(0);
    expect(counting.lists()).toBeGreaterThanOrEqual(1);
  });

  it("ADR-003.6 reads a record too long to inline from its body, exactly", async () => {
    const store = storageOf(env);
    const long = "Mi rutina: ".concat("lavo con champú sin sulfatos y acondiciono. ".repeat(60));
    await recordInbound(store, client, message(1, long));
    const counting = countingStorage();
    const state = await readConversation(counting.store, client);
    expect(state.inbound[0]!.params.Body).toBe(long);
    expect(counting.gets()).toBe(1);
  });

  it("ADR-003.6 a record too long to inline that a reset deletes between the listing and its read is left out, neither a message nor a problem", async () => {
    const store = storageOf(env);
    const gone = message(2, "x".repeat(3000));
    await recordInbound(store, client, message(1, "hola"));
    await recordInbound(store, client, gone);
    // The reset's deletion lands right after the listing was made.
    const resetting = bucketEnv({
      list: (real) => async (options) => {
        const page = await real(options);
        await env.MEDIA_BUCKET.delete(`${client}/messages/${gone.sid}.json`);
        return page;
      },
    });
    const state = await readConversation(storageOf(resetting), client);
    expect([state.inbound.map((m) => m.params.Body), state.problems]).toEqual([["hola"], []]);
  });

  it("ADR-003.6 trusts the body when the metadata copy does not parse", async () => {
    const record = message(7, "hola");
    await env.MEDIA_BUCKET.put(`${client}/messages/${record.sid}.json`, JSON.stringify(record), { customMetadata: { record: "{not json" } });
    const state = await readConversation(storageOf(env), client);
    expect(state.inbound.map((m) => m.params.Body)).toEqual(["hola"]);
    expect(state.problems).toEqual([]);
  });

  it("ADR-016.2 the client's messages are read in the order they arrived, then by SID, not in their keys' order", async () => {
    const store = storageOf(env);
    // SIDs falling as time goes on (R2 lists by key: the listing's order is the reverse), and the last two in one millisecond.
    const arrivals = [0, 1, 2, 2].map((second, i) => ({ ...message(90 - i, `mensaje ${i}`), receivedAt: new Date(Date.UTC(2026, 10, 27, 12, 0, second)).toISOString() }));
    for (const record of arrivals) await putRecord(store, keys.inbound(client, record.sid), record);
    const expected = [...arrivals.slice(0, 2), arrivals[3]!, arrivals[2]!].map((m) => m.params.Body);
    expect((await readConversation(store, client)).inbound.map((m) => m.params.Body)).toEqual(expected);
  });

  it("ADR-003.6 a message's transcripts, photo observations and ingestion records read from their bodies take their place by key, as those read from the listing", async () => {
    const store = storageOf(env);
    const [first, second] = [message(1, "audio").sid, message(2, "foto").sid];
    // The first message's records are too long to inline: read from their bodies, they come back after the second's.
    const long = "rizos ".repeat(400);
    for (const [sid, words] of [[first, long], [second, "rizos"]] as const) {
      await putRecord(store, keys.transcript(client, sid, 0), { v: 1, text: words });
      await putRecord(store, keys.observation(client, sid, 0), { v: 1, sid, index: 0, model: "gpt-x", observedAt: "2026-11-27T12:00:00.000Z", observation: { notes: words } });
      await putRecord(store, keys.ingested(client, sid), { v: 1, sid, attachments: [{ index: 0, result: "failed", contentType: "audio/ogg", error: words }] });
    }
    const state = await readConversation(store, client);
    expect([state.transcripts.map((t) => t.sid), state.observations.map((o) => o.sid), state.ingested.map((i) => i.sid), state.problems]).toEqual([
      [first, second],
      [first, second],
      [first, second],
      [],
    ]);
  });

  it("ADR-016.2 an answer's parts, about to be sent and sent, are read in their order, part 10 after part 2, whatever order their keys list in", async () => {
    const store = storageOf(env);
    const at = "2026-11-27T12:00:00.000Z";
    const sidOfPart = (i: number) => `SM${String(100 + i).padStart(32, "0")}`;
    for (let i = 0; i < 12; i++) {
      await putRecord(store, keys.answer(client, 1, `sending-${i}`), { v: 1, seq: 1, index: i, at });
      await putRecord(store, keys.answer(client, 1, `sent-${i}`), { v: 1, seq: 1, index: i, status: "sent", twilioSid: sidOfPart(i), at });
    }
    const state = await readConversation(store, client);
    expect(state.answers.map((a) => [a.sending, a.parts.map((p) => p.twilioSid)])).toEqual([[Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 12 }, (_, i) => sidOfPart(i))]]);
  });

  it("ADR-016.7 the delivery receipts are read by when they came, then by the part's SID, not by their keys", async () => {
    const store = storageOf(env);
    const receipt = (letter: string, status: string, at: string) => ({ v: 1, twilioSid: `SM${letter.repeat(32)}`, status, at });
    const receipts = [
      receipt("b", "delivered", "2026-11-27T12:00:00.000Z"),
      receipt("d", "failed", "2026-11-27T12:00:00.000Z"),
      receipt("a", "delivered", "2026-11-27T12:00:01.000Z"),
      receipt("a", "read", "2026-11-27T12:00:05.000Z"),
    ];
    // The first has no inline copy, as a record written before ADR 003.6: read from its body, it comes back last.
    const [first, ...rest] = receipts;
    await env.MEDIA_BUCKET.put(keys.receipt(client, first!.twilioSid, first!.status), JSON.stringify(first));
    for (const r of rest) await putRecord(store, keys.receipt(client, r.twilioSid, r.status), r);
    expect((await readConversation(store, client)).receipts).toEqual(receipts);
  });
});
