/**
 * The bucket primitives under the schema (src/storage/bucket.ts) and what `npm run forget -- --dry-run`
 * counts (clientDataKeys), on the real KV and R2 bindings, each R2 delete call recorded on its way
 * to R2: a record's inline copy (ADR 003.6), the listings and batched deletions a reset and a
 * deletion rely on (ADR 003.4), and the dry run's count of a client's items (ADR 030.6).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deleteObjects, listClientKeys, listClientKvKeys, putRecord, storageOf } from "../src/storage/bucket";
import { clientDataKeys, deleteClient, deleteClientObjects } from "../src/storage/conversation";
import { keys, type ClientKey } from "../src/storage/keys";
import { deletingEnv, kvEnv } from "./support/recording-env";
import { copyKv, r2Contents, r2Keys } from "./support/storage";

const store = storageOf(env);
const A = "whatsapp:+34600000001" as ClientKey;
const B = "whatsapp:+34600000002" as ClientKey;

/** Runs `write` for 0 … count-1, `atOnce` at a time. */
async function each(count: number, write: (i: number) => Promise<unknown>, atOnce = 50) {
  for (let from = 0; from < count; from += atOnce) {
    await Promise.all(Array.from({ length: Math.min(atOnce, count - from) }, (_, i) => write(from + i)));
  }
}

describe("a record's put", () => {
  it("ADR-003.6 a record whose JSON fits in 2000 bytes (2000 exactly) is also written as its custom metadata, one of 2001 is not; both as JSON", async () => {
    const fits = { v: 1, text: "x".repeat(1983) };
    const over = { v: 1, text: "x".repeat(1984) };
    expect(new TextEncoder().encode(JSON.stringify(fits)).byteLength).toBe(2000);
    await putRecord(store, keys.inbound(A, "SM1"), fits);
    await putRecord(store, keys.inbound(A, "SM2"), over);
    expect(await r2Contents()).toEqual({
      [keys.inbound(A, "SM1")]: { body: JSON.stringify(fits), contentType: "application/json", customMetadata: { record: JSON.stringify(fits) } },
      [keys.inbound(A, "SM2")]: { body: JSON.stringify(over), contentType: "application/json" },
    });
  });
});

describe("the listings and deletions a reset relies on", () => {
  it("ADR-003.4 the client's R2 keys are every key under their prefix, and no other client's", async () => {
    for (const key of [keys.inbound(A, "SM1"), keys.inbound(A, "SM2"), keys.consultation(A), keys.inbound(B, "SM3"), "seen/SM1", `consent/${A}/x`]) {
      await putRecord(store, key, { v: 1 });
    }
    expect(await listClientKeys(store, A)).toEqual([keys.consultation(A), keys.inbound(A, "SM1"), keys.inbound(A, "SM2")]);
  });

  it("ADR-003.4 the client's KV keys are every key under their prefix, page after page, and no other client's", async () => {
    // KV lists 1000 names a page: 1001 of the client's take two.
    const names = Array.from({ length: 1001 }, (_, i) => `${A}/${String(i).padStart(4, "0")}`);
    await each(names.length, (i) => env.CHAT_HISTORY.put(names[i]!, "{}"));
    for (const name of [`${B}/a`, "other"]) await env.CHAT_HISTORY.put(name, "{}");
    expect(await listClientKvKeys(store, A)).toEqual(names);
  });

  it("ADR-003.4 objects are deleted 1000 a call: 2000 in two calls, none in none", async () => {
    const deletes: string[][] = [];
    const watched = storageOf(deletingEnv(deletes));
    const names = Array.from({ length: 2000 }, (_, i) => keys.inbound(A, `SM${String(i).padStart(4, "0")}`));
    await each(names.length, (i) => env.MEDIA_BUCKET.put(names[i]!, "{}"));
    await deleteObjects(watched, names);
    expect(deletes.map((batch) => batch.length)).toEqual([1000, 1000]);
    expect(await r2Keys()).toEqual([]);
    await deleteObjects(watched, []);
    expect(deletes.length).toBe(2);
  });

  it("ADR-003.4 a client's deletion of objects deletes only keys under that client's prefix, whatever keys it is given", async () => {
    const given = [keys.inbound(A, "SM1"), keys.inbound(B, "SM2"), `${A}-other/messages/SM3.json`, "seen/SM1"];
    for (const key of given) await putRecord(store, key, { v: 1 });
    await deleteClientObjects(store, A, given);
    expect(await r2Keys()).toEqual(given.slice(1).sort());
  });
});

describe("a client's deletion", () => {
  it("ADR-021.8 deletes every R2 object and KV entry of the client but the command's own message and answer, nothing of another client, and counts each deleted once", async () => {
    const kept = [keys.inbound(A, "SM2"), keys.answer(A, 3, "claim"), keys.answer(A, 3, "reply")];
    const deleted = [keys.inbound(A, "SM1"), keys.answer(A, 2, "claim"), keys.answer(A, 30, "claim"), keys.media(A, "2026-12-07T10:00:00.000Z", "SM1", 0, "jpg")];
    const other = [keys.inbound(B, "SM1"), `model-calls/${A}/0000000000001-000001`];
    for (const key of [...kept, ...deleted, ...other]) await putRecord(store, key, { v: 1 });
    for (const name of [keys.consultation(A), `${A}/other`, keys.consultation(B)]) await env.CHAT_HISTORY.put(name, "{}");
    expect(await deleteClient(store, A, { keepSid: "SM2", keepAnswer: 3 })).toBe(deleted.length + 2);
    expect(await r2Keys()).toEqual([...kept, ...other].sort());
    expect(Object.keys(await copyKv())).toEqual([keys.consultation(B)]);
  });

  it("ADR-021.8 counts the consultation record only when there was one: a client with messages and no consultation yet counts its messages alone", async () => {
    for (const sid of ["SM1", "SM2"]) await putRecord(store, keys.inbound(A, sid), { v: 1 });
    await env.CHAT_HISTORY.put(keys.consultation(B), "{}");
    expect(await deleteClient(store, A)).toBe(2);
    expect([await r2Keys(), Object.keys(await copyKv())]).toEqual([[], [keys.consultation(B)]]);
  });

  it("ADR-021.8 a consultation record that KV's listing does not show yet (it is eventually consistent) is deleted and counted all the same", async () => {
    await putRecord(store, keys.inbound(A, "SM1"), { v: 1 });
    await env.CHAT_HISTORY.put(keys.consultation(A), "{}");
    const hidden = (page: KVNamespaceListResult<unknown>) => ({ ...page, keys: page.keys.filter((k) => k.name !== keys.consultation(A)) });
    const notListedYet = storageOf(kvEnv({ list: (real) => async (options) => hidden(await real(options)) }));
    expect(await deleteClient(notListedYet, A)).toBe(2);
    expect([await r2Keys(), Object.keys(await copyKv())]).toEqual([[], []]);
  });
});

describe("what a dry run of `npm run forget` counts", () => {
  it("ADR-030.6 the client's R2 objects, KV entries and model-call records, and nothing of another client or of the deployment", async () => {
    await putRecord(store, keys.inbound(A, "SM1"), { v: 1 });
    await putRecord(store, keys.inbound(B, "SM2"), { v: 1 });
    const callOfA = keys.modelCall(A, 1, "2026-12-07T10:00:00.000Z");
    const callOfB = keys.modelCall(B, 1, "2026-12-07T10:00:00.000Z");
    const deploymentCall = keys.deploymentCall(Date.parse("2026-12-07T10:00:00.000Z"), "00000000-0000-4000-8000-000000000001");
    for (const key of [callOfA, callOfB, deploymentCall]) await putRecord(store, key, { v: 1 });
    await env.CHAT_HISTORY.put(keys.consultation(A), "{}");
    await env.CHAT_HISTORY.put(keys.consultation(B), "{}");
    expect(await clientDataKeys(store, A)).toEqual({ r2: [keys.inbound(A, "SM1")], kv: [keys.consultation(A)], modelCalls: [callOfA] });
  });
});
