/**
 * ADR 022.4-5: the summary page's paging (src/storage/conversation-page.ts), read from the real R2
 * and KV bindings: which messages, answers, receipts, records and loose entries each page holds,
 * and its cursor. The objects are dated in the order the spec writes them (R2's `uploaded`, as the
 * bucket's listings give it: spec/support/recording-env.ts withUploadTimes), and their keys sort in another
 * order than their times, so a page that followed the listing's key order would be told apart.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { putRecord, storageOf } from "../src/storage/bucket";
import { answersInFlight, pageCursorText, parsePageCursor, readConversationPage, readLatestMessages } from "../src/storage/conversation-page";
import { keys, type ClientKey } from "../src/storage/keys";
import { withUploadTimes } from "./support/recording-env";

const CLIENT = "whatsapp:+34600000001" as ClientKey;
const START = Date.parse("2026-12-01T10:00:00.000Z");
const store = () => storageOf(env);

/** An object to write: a record (body and inline copy, as the Worker writes it), or bytes of a content type. */
interface Item {
  key: string;
  record?: object;
  contentType?: string;
}

const BYTES = new TextEncoder().encode("not a real photo");

async function put(item: Item): Promise<R2Object> {
  const written = item.record ? await putRecord(store(), item.key, item.record) : await env.MEDIA_BUCKET.put(item.key, BYTES, item.contentType ? { httpMetadata: { contentType: item.contentType } } : {});
  return written!;
}

/**
 * Writes objects and dates them in the order written, as the bucket's listings show them
 * (withUploadTimes): each after everything before it, or several in one millisecond. `store` reads
 * through those listings.
 */
function writer() {
  let last = START;
  const uploaded = new Map<string, number>();
  const dated = storageOf(withUploadTimes((key) => uploaded.get(key)));
  return {
    /** Writes each item after everything before it; returns the last one's upload time. */
    async next(...items: Item[]): Promise<number> {
      for (const item of items) {
        await put(item);
        uploaded.set(item.key, ++last);
      }
      return last;
    },
    /** Writes the items side by side, all in one millisecond after everything before them; returns it. */
    async together(...items: Item[]): Promise<number> {
      last += 1;
      await Promise.all(items.map(put));
      for (const item of items) uploaded.set(item.key, last);
      return last;
    },
    /** When the listings say the object under `key` was uploaded. */
    at: (key: string) => uploaded.get(key)!,
    store: () => dated,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The 34-character SID `prefix` + digits of n. */
const sidOf = (n: number, prefix = "SM") => `${prefix}${String(n).padStart(32, "0")}`;

/** A client message received `seconds` after START (what the page shows it by); its place in the paging is its upload's. */
const message = (sid: string, seconds = 0): Item => ({
  key: keys.inbound(CLIENT, sid),
  record: { v: 1, sid, receivedAt: iso(START + seconds * 1000), params: { MessageSid: sid, Body: `message ${sid.slice(-4)}` } },
});

/** Answer `seq`'s claim, covering `covers`. */
const claim = (seq: number, covers: string[]): Item => ({ key: keys.answer(CLIENT, seq, "claim"), record: { v: 1, seq, covers, claimedAt: iso(START) } });

/** Answer `seq`'s reply, sent as one part. */
const reply = (seq: number, text = `answer ${seq}`): Item => ({
  key: keys.answer(CLIENT, seq, "reply"),
  record: { v: 1, seq, outcome: "send", decidedAt: iso(START), source: "model", text, parts: 1 },
});

/** Part `index` of answer `seq`, taken by Twilio as `twilioSid`. */
const sent = (seq: number, twilioSid: string, index = 0): Item => ({
  key: keys.answer(CLIENT, seq, `sent-${index}`),
  record: { v: 1, seq, index, status: "sent", twilioSid, at: iso(START) },
});

/** A delivery receipt of `twilioSid`. */
const receiptOf = (twilioSid: string, status: string) => ({ v: 1, twilioSid, status, at: iso(START + 5_300) });
const receipt = (twilioSid: string, status: string): Item => ({ key: keys.receipt(CLIENT, twilioSid, status), record: receiptOf(twilioSid, status) });

const sidsOf = (state: { inbound: Array<{ sid: string }> }) => state.inbound.map((m) => m.sid);

describe("a page's cursor", () => {
  it("ADR-022.4 is 13 digits of milliseconds and the SID, zeros in front when the time is shorter, and reads back as itself", () => {
    const cursor = { ms: 999_999_999_999, sid: "SMa1" };
    expect([pageCursorText(cursor), parsePageCursor(pageCursorText(cursor))]).toEqual(["0999999999999-SMa1", cursor]);
  });
});

describe("which messages a page holds", () => {
  it("ADR-022.4 messages recorded in the same millisecond are paged by their SIDs, and the later messages with lower SIDs after them", async () => {
    // The oldest two messages share one millisecond; the later ones have lower SIDs, falling as time goes on
    // (R2 lists by key, so the listing's order is not the page's): the latest page begins with the pair's higher SID.
    const sids = Array.from({ length: 26 }, (_, i) => sidOf(i < 2 ? 98 + i : 60 - i));
    const write = writer();
    const first = await write.together(message(sids[0]!), message(sids[1]!));
    await write.next(...sids.slice(2).map((sid, i) => message(sid, i + 2)));
    const latest = await readConversationPage(write.store(), CLIENT);
    expect([sidsOf(latest.state), latest.earlier]).toEqual([sids.slice(1), { ms: first, sid: sids[1] }]);
    const earlier = await readConversationPage(write.store(), CLIENT, latest.earlier);
    expect([sidsOf(earlier.state), earlier.earlier]).toEqual([sids.slice(0, 1), undefined]);
  });
});

describe("what belongs to a page", () => {
  // 26 messages written one after another, their SIDs falling as time goes on (the listing's key order is not the page's):
  // message 0 alone on the earlier page, 1 to 25 on the latest.
  const sids = Array.from({ length: 26 }, (_, i) => sidOf(100 - i));
  const T1 = sidOf(1, "SM9");
  const transcript: Item = { key: keys.transcript(CLIENT, sids[25]!, 0), record: { v: 1, text: "hola, tengo rizos" } };
  const photo: Item = { key: keys.media(CLIENT, iso(START + 25_000), sids[25]!, 1, "jpg"), contentType: "image/jpeg" };

  async function writeConversation() {
    const write = writer();
    await write.next(
      message(sids[0]!),
      // Answer 1: claimed during message 0, decided and sent after message 5 arrived (below); its part's receipt.
      claim(1, [sids[0]!]),
      // Answer 3 has lost its claim: it is placed by its first object, its reply, written before message 1.
      reply(3),
      // Answer 4's reply is written before message 1, its claim after it (a damaged folder): the claim places it.
      reply(4),
    );
    // Answer 2: claimed in the very millisecond message 1 was recorded.
    const messageOne = await write.together(message(sids[1]!, 1), claim(2, [sids[1]!]));
    await write.next(claim(4, [sids[1]!]), message(sids[2]!, 2), sent(3, sidOf(3, "SM9")), ...sids.slice(3, 6).map((sid, i) => message(sid, i + 3)));
    await write.next(reply(1), sent(1, T1), receipt(T1, "delivered"), ...sids.slice(6).map((sid, i) => message(sid, i + 6)), photo, transcript);
    return { messageOne, photoAt: write.at(photo.key), dated: write.store };
  }

  it("ADR-022.4 an answer is on the page during whose messages it was claimed (by its first object when its claim is lost), and its receipts with it", async () => {
    const { messageOne, dated } = await writeConversation();
    const latest = await readConversationPage(dated(), CLIENT);
    const earlier = await readConversationPage(dated(), CLIENT, latest.earlier);
    expect({
      latest: [sidsOf(latest.state), latest.state.answers.map((a) => a.seq), latest.state.receipts, latest.earlier],
      earlier: [sidsOf(earlier.state), earlier.state.answers.map((a) => a.seq), earlier.state.receipts, earlier.earlier],
    }).toEqual({
      latest: [sids.slice(1), [2, 4], [], { ms: messageOne, sid: sids[1] }],
      earlier: [[sids[0]], [1, 3], [receiptOf(T1, "delivered")], undefined],
    });
  });

  it("ADR-022.5 an earlier page's header and a command read the latest messages' records too, not their media", async () => {
    const { photoAt, dated } = await writeConversation();
    const latest = await readConversationPage(dated(), CLIENT);
    const earlier = await readConversationPage(dated(), CLIENT, latest.earlier);
    const command = await readLatestMessages(dated(), CLIENT);
    const transcripts = [{ key: transcript.key, sid: sids[25], index: 0, text: "hola, tengo rizos" }];
    const media = [{ key: photo.key, size: BYTES.byteLength, contentType: "image/jpeg", uploaded: iso(photoAt) }];
    expect([earlier.recent, command.state, latest.state].map((state) => [state.transcripts, state.media])).toEqual([
      [transcripts, []],
      [transcripts, []],
      [transcripts, media],
    ]);
  });
});

describe("what a page reads beyond its messages", () => {
  it("ADR-022.5 the latest page names an unreadable consultation record among its problems", async () => {
    await put(message(sidOf(1)));
    await env.CHAT_HISTORY.put(keys.consultation(CLIENT), "{");
    const page = await readConversationPage(store(), CLIENT);
    expect(page.state.problems).toEqual([{ key: keys.consultation(CLIENT), reason: "not valid JSON" }]);
  });

  it("ADR-022.5 the latest page shows the newest 50 entries this Worker never wrote, by when they were written, and counts the rest", async () => {
    // stray-00 is the newest, stray-50 the oldest (written first): their keys run the other way.
    const strays = Array.from({ length: 51 }, (_, i) => ({ key: `${CLIENT}/stray-${String(i).padStart(2, "0")}` }));
    const write = writer();
    await write.next(message(sidOf(1)), ...[...strays].reverse());
    const page = await readConversationPage(write.store(), CLIENT);
    expect([page.state.problems, page.notShown]).toEqual([strays.slice(0, 50).map((s) => ({ key: s.key, reason: "not written by this Worker" })), 1]);
  });

  it("ADR-022.5 a media object under a name this Worker does not write is shown on the latest page", async () => {
    const foreign: Item = { key: `${CLIENT}/media/photo.jpg`, contentType: "image/jpeg" };
    const write = writer();
    await write.next(message(sidOf(1)), foreign);
    const page = await readConversationPage(write.store(), CLIENT);
    expect(page.state.media).toEqual([{ key: foreign.key, size: BYTES.byteLength, contentType: "image/jpeg", uploaded: iso(write.at(foreign.key)) }]);
  });

  it("ADR-022.5 a page links the newest 100 of its messages' photos by when they were stored, whichever message they belong to", async () => {
    const [a, b] = [sidOf(1), sidOf(2)];
    const photo = (sid: string, index: number): Item => ({ key: keys.media(CLIENT, iso(START), sid, index, "jpg"), contentType: "image/jpeg" });
    // Message a's one photo was stored last (a late fetch), after message b's 100, the first of them oldest;
    // by key, a's photo comes first.
    const photos = [photo(a, 0), ...Array.from({ length: 100 }, (_, i) => photo(b, i))];
    const write = writer();
    await write.next(message(a), message(b), ...photos.slice(1), photos[0]!);
    const page = await readConversationPage(write.store(), CLIENT);
    expect([page.state.media.map((m) => m.key), page.notShown]).toEqual([[photos[0]!, ...photos.slice(2)].map((p) => p.key).sort(), 1]);
  });

  it("ADR-022.5 what belongs to no message is on the latest page only, not on an earlier one", async () => {
    const sids = Array.from({ length: 26 }, (_, i) => sidOf(100 - i));
    const stray: Item = { key: `${CLIENT}/stray-1` };
    const write = writer();
    await write.next(...sids.map((sid, i) => message(sid, i)), stray);
    const latest = await readConversationPage(write.store(), CLIENT);
    const earlier = await readConversationPage(write.store(), CLIENT, latest.earlier);
    expect([sidsOf(earlier.state), latest.state.problems, earlier.state.problems]).toEqual([sids.slice(0, 1), [{ key: stray.key, reason: "not written by this Worker" }], []]);
  });
});

describe("the hand-off a page shows", () => {
  const summaryOf = (seq: number) => `Rizos 3A, resecos en las puntas (answer ${seq}).`;
  const handoff = (seq: number, source: string, text = `answer ${seq}`): Item => ({ key: keys.answer(CLIENT, seq, "reply"), record: { ...reply(seq, text).record, source, handoffSummary: summaryOf(seq) } });

  it("ADR-022.5 is found in a reply too long to be inlined in the listing, read from its body", async () => {
    // Over the 2,000 bytes a record may take inline: the listing then holds no copy that could mention the summary.
    const long = "Gracias por contarme todo. ".repeat(90);
    expect(new TextEncoder().encode(JSON.stringify(handoff(1, "model", long).record)).byteLength).toBeGreaterThan(2000);
    const write = writer();
    await write.next(message(sidOf(1)), claim(1, [sidOf(1)]), handoff(1, "model", long));
    const page = await readConversationPage(write.store(), CLIENT);
    expect(page.handoff && [page.handoff.handoffSummary, page.handoff.text]).toEqual([summaryOf(1), long]);
  });

  it("ADR-022.5 is never a command's answer, whatever its record holds: the newest answer the consultation concluded with", async () => {
    const write = writer();
    await write.next(message(sidOf(1)), claim(1, [sidOf(1)]), handoff(1, "model"), message(sidOf(2)), claim(2, [sidOf(2)]), handoff(2, "command"));
    const page = await readConversationPage(write.store(), CLIENT);
    expect(page.handoff?.handoffSummary).toBe(summaryOf(1));
  });
});

describe("what is on its way to Twilio", () => {
  /** Part `index` of answer `seq`, marked as about to be sent. */
  const sending = (seq: number, index: number): Item => ({ key: keys.answer(CLIENT, seq, `sending-${index}`), record: { v: 1, seq, index, at: iso(START) } });

  it("ADR-016.8 is every answer with a part about to be sent and no outcome for it yet, by its number, from the keys of one listing", async () => {
    const write = writer();
    await write.next(
      message(sidOf(1)),
      // Answer 3 is sent; answer 7's one part and answer 12's second part are on their way; answer 9 was never sent.
      ...[claim(3, [sidOf(1)]), sending(3, 0), sent(3, sidOf(30, "SM9"))],
      ...[claim(7, [sidOf(1)]), sending(7, 0)],
      ...[claim(9, [sidOf(1)]), reply(9)],
      ...[claim(12, [sidOf(1)]), sending(12, 0), sent(12, sidOf(120, "SM9")), sending(12, 1)],
    );
    const [listed, command] = await Promise.all([answersInFlight(write.store(), CLIENT), readLatestMessages(write.store(), CLIENT)]);
    expect([[...listed].sort((a, b) => a - b), [...command.inFlight].sort((a, b) => a - b)]).toEqual([
      [7, 12],
      [7, 12],
    ]);
  });
});
