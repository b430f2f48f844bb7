/**
 * ADR 022.4-5: the summary page's paging (src/storage/conversation-page.ts), read in node from an
 * in-memory bucket whose upload times the spec sets: which messages, answers, receipts, records and
 * loose entries each page holds, and its cursor.
 */
import { describe, expect, it } from "vitest";
import { pageCursorText, parsePageCursor, readConversationPage, readLatestMessages } from "../../../src/storage/conversation-page";
import { keys } from "../../../src/storage/keys";
import { bucket, claim, CLIENT, message, receipt, reply, sent, sidOf, START, type Stored } from "./page-bucket";

const byKey = (a: Stored, b: Stored) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sidsOf = (state: { inbound: Array<{ sid: string }> }) => state.inbound.map((m) => m.sid);

describe("a page's cursor", () => {
  it("ADR-022.4 is 13 digits of milliseconds and the SID, zeros in front when the time is shorter, and reads back as itself", () => {
    const cursor = { ms: 999_999_999_999, sid: "SMa1" };
    expect([pageCursorText(cursor), parsePageCursor(pageCursorText(cursor))]).toEqual(["0999999999999-SMa1", cursor]);
  });
});

describe("which messages a page holds", () => {
  it("ADR-022.4 messages recorded in the same millisecond are paged by their SIDs, whatever order the listing gives", async () => {
    const sids = Array.from({ length: 26 }, (_, i) => sidOf(i + 1));
    // Listed in a shuffled order (the 7th, 14th, 21st, ... modulo 26): both ways round between neighbours.
    const store = bucket(sids.map((_, i) => message(sids[(i * 7) % 26]!, START)));
    const latest = await readConversationPage(store, CLIENT);
    expect([sidsOf(latest.state), latest.earlier]).toEqual([sids.slice(1), { ms: START, sid: sids[1] }]);
    const earlier = await readConversationPage(store, CLIENT, latest.earlier);
    expect([sidsOf(earlier.state), earlier.earlier]).toEqual([sids.slice(0, 1), undefined]);
  });
});

describe("what belongs to a page", () => {
  // 26 messages a second apart, their SIDs falling as time goes on (the listing's key order is not the page's):
  // message 0 alone on the earlier page, 1 to 25 on the latest.
  const ms = (i: number) => START + i * 1000;
  const sids = Array.from({ length: 26 }, (_, i) => sidOf(100 - i));
  const T1 = sidOf(1, "SM9");
  const transcript: Stored = { key: keys.transcript(CLIENT, sids[25]!, 0), ms: ms(25) + 300, record: { v: 1, text: "hola, tengo rizos" } };
  const photo: Stored = { key: keys.media(CLIENT, new Date(ms(25)).toISOString(), sids[25]!, 1, "jpg"), ms: ms(25) + 200, contentType: "image/jpeg" };
  const stored: Stored[] = [
    ...sids.map((sid, i) => message(sid, ms(i))),
    transcript,
    photo,
    // Answer 1: claimed during message 0, decided and sent after message 5 arrived; its part's receipt.
    claim(1, [sids[0]!], ms(0) + 500),
    reply(1, ms(5) + 100),
    sent(1, T1, ms(5) + 200),
    receipt(T1, "delivered", ms(5) + 300),
    // Answer 2: claimed in the very millisecond message 1 was recorded.
    claim(2, [sids[1]!], ms(1)),
    // Answer 3 has lost its claim: it is placed by its first object, its reply, written before message 1.
    reply(3, ms(0) + 700),
    sent(3, sidOf(3, "SM9"), ms(2) + 100),
    // Answer 4's claim was written during message 1, after its reply (a damaged folder): the claim places it.
    claim(4, [sids[1]!], ms(1) + 50),
    reply(4, ms(0) + 900),
  ].sort(byKey);

  it("ADR-022.4 an answer is on the page during whose messages it was claimed (by its first object when its claim is lost), and its receipts with it", async () => {
    const store = bucket(stored);
    const latest = await readConversationPage(store, CLIENT);
    const earlier = await readConversationPage(store, CLIENT, latest.earlier);
    expect({
      latest: [sidsOf(latest.state), latest.state.answers.map((a) => a.seq), latest.state.receipts, latest.earlier],
      earlier: [sidsOf(earlier.state), earlier.state.answers.map((a) => a.seq), earlier.state.receipts, earlier.earlier],
    }).toEqual({
      latest: [sids.slice(1), [2, 4], [], { ms: ms(1), sid: sids[1] }],
      earlier: [[sids[0]], [1, 3], [{ v: 1, twilioSid: T1, status: "delivered", at: new Date(ms(5) + 300).toISOString() }], undefined],
    });
  });

  it("ADR-022.5 an earlier page's header and a command read the latest messages' records too, not their media", async () => {
    const store = bucket(stored);
    const latest = await readConversationPage(store, CLIENT);
    const earlier = await readConversationPage(store, CLIENT, latest.earlier);
    const command = await readLatestMessages(store, CLIENT);
    const transcripts = [{ key: transcript.key, sid: sids[25], index: 0, text: "hola, tengo rizos" }];
    const media = [{ key: photo.key, size: 10, contentType: "image/jpeg", uploaded: new Date(photo.ms).toISOString() }];
    expect([earlier.recent, command.state, latest.state].map((state) => [state.transcripts, state.media])).toEqual([
      [transcripts, []],
      [transcripts, []],
      [transcripts, media],
    ]);
  });
});

describe("what a page reads beyond its messages", () => {
  it("ADR-022.5 the latest page names an unreadable consultation record among its problems", async () => {
    const page = await readConversationPage(bucket([message(sidOf(1), START)], "{"), CLIENT);
    expect(page.state.problems).toEqual([{ key: keys.consultation(CLIENT), reason: "not valid JSON" }]);
  });

  it("ADR-022.5 the latest page shows the newest 50 entries this Worker never wrote, by when they were written, and counts the rest", async () => {
    // stray-00 is the newest, stray-50 the oldest: their keys run the other way.
    const strays = Array.from({ length: 51 }, (_, i) => ({ key: `${CLIENT}/stray-${String(i).padStart(2, "0")}`, ms: START - i * 1000 }));
    const page = await readConversationPage(bucket([message(sidOf(1), START), ...strays]), CLIENT);
    expect([page.state.problems, page.notShown]).toEqual([strays.slice(0, 50).map((s) => ({ key: s.key, reason: "not written by this Worker" })), 1]);
  });

  it("ADR-022.5 a media object under a name this Worker does not write is shown on the latest page", async () => {
    const foreign: Stored = { key: `${CLIENT}/media/photo.jpg`, ms: START + 1000, contentType: "image/jpeg" };
    const page = await readConversationPage(bucket([message(sidOf(1), START), foreign]), CLIENT);
    expect(page.state.media).toEqual([{ key: foreign.key, size: 10, contentType: "image/jpeg", uploaded: new Date(START + 1000).toISOString() }]);
  });

  it("ADR-022.5 a page links the newest 100 of its messages' photos by when they were stored, whichever message they belong to", async () => {
    const [a, b] = [sidOf(1), sidOf(2)];
    const photo = (sid: string, index: number, stored: number): Stored => ({ key: keys.media(CLIENT, new Date(START).toISOString(), sid, index, "jpg"), ms: stored, contentType: "image/jpeg" });
    // Message a's one photo was stored last (a late fetch); message b's 100 before it, the first of them oldest.
    const photos = [photo(a, 0, START + 200_000), ...Array.from({ length: 100 }, (_, i) => photo(b, i, START + 1000 + i))];
    const page = await readConversationPage(bucket([message(a, START), message(b, START + 1), ...photos].sort(byKey)), CLIENT);
    expect([page.state.media.map((m) => m.key), page.notShown]).toEqual([[photos[0]!, ...photos.slice(2)].map((p) => p.key).sort(), 1]);
  });
});
