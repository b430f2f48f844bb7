/**
 * What the stylist's console stores outside every client's prefix (src/storage/console-records.ts),
 * written and read on the real R2 binding: the list's index entries (ADR 028.3), pauses (ADR
 * 028.4), idempotency keys (ADR 028.5), a row's answers and receipts (ADR 028.3), and their
 * deletion with the client's data (ADR 020.7), each R2 delete call recorded on its way to R2.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  deleteConsoleRecords,
  readActivities,
  readAnswersAndReceipts,
  readPause,
  readPausedClients,
  recordActivity,
  recordPause,
  takeSendKey,
} from "../src/storage/console-records";
import { claimAnswer, recordReceipt } from "../src/storage/conversation";
import { putRecord, storageOf } from "../src/storage/bucket";
import { keys, type ClientKey } from "../src/storage/keys";
import { emptyConversation } from "../src/storage/records";
import { deletingEnv } from "./support/recording-env";
import { r2Contents, r2Keys } from "./support/storage";

const store = storageOf(env);
const A = "whatsapp:+34600000001" as ClientKey;
const B = "whatsapp:+34600000002" as ClientKey;
const C = "whatsapp:+34600000003" as ClientKey;
const STYLIST = "tata@example.com";

/** The Storage on the real bindings, with the keys of each R2 delete call kept in `deletes`. */
function deletionsRecorded() {
  const deletes: string[][] = [];
  return { store: storageOf(deletingEnv(deletes)), deletes };
}

/** Runs `write` for 0 … count-1, `at once` at a time. */
async function each(count: number, write: (i: number) => Promise<unknown>, atOnce = 50) {
  for (let from = 0; from < count; from += atOnce) {
    await Promise.all(Array.from({ length: Math.min(atOnce, count - from) }, (_, i) => write(from + i)));
  }
}

describe("the list's index entry", () => {
  it("ADR-028.3 points at the client's latest message: an older message changes nothing, a newer one moves it", async () => {
    await recordActivity(store, { client: A, at: "2026-12-07T10:00:00.000Z", name: "Ana" });
    await recordActivity(store, { client: A, at: "2026-12-07T09:00:00.000Z", name: "Ana (old name)" });
    expect(await readActivities(store)).toEqual([{ client: A, at: "2026-12-07T10:00:00.000Z", name: "Ana" }]);
    await recordActivity(store, { client: A, at: "2026-12-07T11:00:00.000Z", name: "Ana María" });
    expect(await readActivities(store)).toEqual([{ client: A, at: "2026-12-07T11:00:00.000Z", name: "Ana María" }]);
  });

  it("ADR-028.3 a message of the same instant as the entry's rewrites it, its profile name cut at 200 characters", async () => {
    await recordActivity(store, { client: A, at: "2026-12-07T10:00:00.000Z", name: "Ana" });
    await recordActivity(store, { client: A, at: "2026-12-07T10:00:00.000Z", name: "x".repeat(300) });
    expect(await readActivities(store)).toEqual([{ client: A, at: "2026-12-07T10:00:00.000Z", name: "x".repeat(200) }]);
  });

  it("ADR-028.3 an entry without a profile name is listed with an empty name; one without a time is left out", async () => {
    await env.MEDIA_BUCKET.put(`console/clients/${A}`, "", { customMetadata: { at: "2026-12-07T10:00:00.000Z" } });
    await env.MEDIA_BUCKET.put(`console/clients/${B}`, "");
    expect(await readActivities(store)).toEqual([{ client: A, at: "2026-12-07T10:00:00.000Z", name: "" }]);
  });
});

describe("pauses", () => {
  it("ADR-028.4 a pause is an object created once under console/pauses/, its JSON body naming who: a repeat of it changes nothing", async () => {
    const event = { at: "2026-12-07T10:00:00.000Z", id: "p1", choice: "paused" as const };
    await recordPause(store, A, { ...event, by: STYLIST });
    await recordPause(store, A, { ...event, by: "someone-else@example.com" });
    expect(await r2Contents()).toEqual({
      [`console/pauses/${A}/${Date.parse(event.at)}-p1.paused`]: { body: JSON.stringify({ v: 1, ...event, by: STYLIST }), contentType: "application/json" },
    });
  });

  it("ADR-028.4 the state is the latest event, read from the keys whatever order the listing gives", async () => {
    // R2 lists keys in byte order, and a key's time is 13 digits, so it lists each client's events in
    // time order. Events of the same millisecond are ordered by their ids, compared as text
    // (localeCompare): "aaaaaaaaaaaa" before "Baaaaaaaaaaa", though R2 lists the second first ("B" < "a").
    // Ids as the console makes them: 12 characters of base64url.
    await recordPause(store, A, { at: "2026-12-07T10:00:00.000Z", id: "p1aaaaaaaaaa", choice: "paused", by: STYLIST });
    await recordPause(store, A, { at: "2026-12-07T11:00:00.000Z", id: "r1aaaaaaaaaa", choice: "resumed", by: STYLIST });
    await recordPause(store, A, { at: "2026-12-07T12:00:00.000Z", id: "Baaaaaaaaaaa", choice: "paused", by: STYLIST });
    await recordPause(store, A, { at: "2026-12-07T12:00:00.000Z", id: "aaaaaaaaaaaa", choice: "resumed", by: STYLIST });
    await recordPause(store, B, { at: "2026-12-07T12:00:00.000Z", id: "p3aaaaaaaaaa", choice: "paused", by: STYLIST });
    await recordPause(store, B, { at: "2026-12-07T13:00:00.000Z", id: "r2aaaaaaaaaa", choice: "resumed", by: STYLIST });
    expect((await r2Keys(`console/pauses/${A}/`)).slice(2)).toEqual([
      `console/pauses/${A}/${Date.parse("2026-12-07T12:00:00.000Z")}-Baaaaaaaaaaa.paused`,
      `console/pauses/${A}/${Date.parse("2026-12-07T12:00:00.000Z")}-aaaaaaaaaaaa.resumed`,
    ]);
    expect(await readPause(store, A)).toEqual({ paused: true, since: "2026-12-07T12:00:00.000Z" });
    expect(await readPause(store, B)).toEqual({ paused: false });
    expect(await readPause(store, C)).toEqual({ paused: false });
    expect([...(await readPausedClients(store))]).toEqual([A]);
  });

  it("ADR-028.4 a pause's time is written in 13 digits, so that a pause of any instant is read back (one of 1970 too)", async () => {
    await recordPause(store, A, { at: "1970-01-01T00:00:01.000Z", id: "p1", choice: "paused", by: STYLIST });
    expect(await readPause(store, A)).toEqual({ paused: true, since: "1970-01-01T00:00:01.000Z" });
  });

  it("ADR-028.4 the paused clients are those whose latest event is a pause, not every client with an event", async () => {
    await recordPause(store, A, { at: "2026-12-07T10:00:00.000Z", id: "p1", choice: "paused", by: STYLIST });
    await recordPause(store, A, { at: "2026-12-07T11:00:00.000Z", id: "r1", choice: "resumed", by: STYLIST });
    await recordPause(store, B, { at: "2026-12-07T10:00:00.000Z", id: "p2", choice: "paused", by: STYLIST });
    await recordPause(store, C, { at: "2026-12-07T10:00:00.000Z", id: "r2", choice: "resumed", by: STYLIST });
    expect([...(await readPausedClients(store))]).toEqual([B]);
  });
});

describe("the stylist's idempotency keys", () => {
  it("ADR-028.5 a key is taken once, as an empty object created under console/keys/: a repeat of it is refused", async () => {
    expect(await takeSendKey(store, A, "key-0001_A")).toBe(true);
    expect(await takeSendKey(store, A, "key-0001_A")).toBe(false);
    expect(await r2Contents()).toEqual({ [`console/keys/${A}/key-0001_A`]: { body: "" } });
  });

  it("ADR-028.5 a key not of the accepted form (8 to 128 of A-Z a-z 0-9 _ -) is refused with an error, nothing stored", async () => {
    for (const key of ["short", "../../consent/x", "key with spaces", "k".repeat(129)]) {
      await expect(takeSendKey(store, A, key)).rejects.toThrow(new Error("not an idempotency key"));
    }
    expect(await r2Contents()).toEqual({});
  });
});

describe("a row's answers and receipts", () => {
  it("ADR-028.3 are the client's answers and receipts alone: its messages and other objects are not read", async () => {
    const claim = { v: 1 as const, seq: 1, covers: [`SM${"1".repeat(32)}`], claimedAt: "2026-12-07T10:00:01.000Z" };
    const receipt = { v: 1 as const, twilioSid: `SM${"2".repeat(32)}`, status: "delivered", at: "2026-12-07T10:00:05.000Z" };
    await putRecord(store, keys.inbound(A, `SM${"1".repeat(32)}`), { v: 1, sid: `SM${"1".repeat(32)}`, receivedAt: "2026-12-07T10:00:00.000Z", params: { Body: "hola" } });
    await putRecord(store, `${A}/stray.json`, { v: 1 });
    await claimAnswer(store, A, claim);
    await recordReceipt(store, A, receipt);
    await claimAnswer(store, B, { ...claim, covers: [`SM${"3".repeat(32)}`] });
    expect(await readAnswersAndReceipts(store, A)).toEqual({
      ...emptyConversation(A, null),
      answers: [{ seq: 1, claim, reply: null, sending: [], parts: [] }],
      receipts: [receipt],
    });
  });
});

describe("the console's records when the client's data is deleted", () => {
  it("ADR-020.7 the index entry, pauses and keys of the client go, 1000 a call, and nothing of another client", async () => {
    const { store, deletes } = deletionsRecorded();
    await recordActivity(store, { client: A, at: "2026-12-07T10:00:00.000Z", name: "Ana" });
    await each(1000, (i) =>
      recordPause(store, A, { at: new Date(Date.parse("2026-12-07T10:00:00.000Z") + i).toISOString(), id: `p${i}`, choice: i % 2 ? "resumed" : "paused", by: STYLIST }),
    );
    await each(999, (i) => takeSendKey(store, A, `key-${String(i).padStart(6, "0")}`));
    await recordActivity(store, { client: B, at: "2026-12-07T10:00:00.000Z", name: "Berta" });
    await recordPause(store, B, { at: "2026-12-07T10:00:00.000Z", id: "p1", choice: "paused", by: STYLIST });
    await takeSendKey(store, B, "key-000001");
    expect((await r2Keys()).length).toBe(2003);
    expect(await deleteConsoleRecords(store, A)).toBe(2000);
    expect(deletes.map((batch) => batch.length)).toEqual([1000, 1000]);
    expect(await r2Keys()).toEqual([
      `console/clients/${B}`,
      `console/keys/${B}/key-000001`,
      `console/pauses/${B}/${Date.parse("2026-12-07T10:00:00.000Z")}-p1.paused`,
    ]);
  });

  it("ADR-020.7 a client with pauses but no index entry: just those go", async () => {
    const { store, deletes } = deletionsRecorded();
    await recordPause(store, A, { at: "2026-12-07T10:00:00.000Z", id: "p1", choice: "paused", by: STYLIST });
    await recordPause(store, A, { at: "2026-12-07T11:00:00.000Z", id: "r1", choice: "resumed", by: STYLIST });
    expect(await deleteConsoleRecords(store, A)).toBe(2);
    expect(deletes).toEqual([
      [`console/pauses/${A}/${Date.parse("2026-12-07T10:00:00.000Z")}-p1.paused`, `console/pauses/${A}/${Date.parse("2026-12-07T11:00:00.000Z")}-r1.resumed`],
    ]);
    expect(await r2Contents()).toEqual({});
  });

  it("ADR-020.7 a client the console never saw: nothing to delete, no call made", async () => {
    const { store, deletes } = deletionsRecorded();
    expect(await deleteConsoleRecords(store, A)).toBe(0);
    expect(deletes).toEqual([]);
  });
});
