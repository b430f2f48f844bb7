/**
 * ADR 020.2: an opt-out and a resume are events, each recorded once (create-only, keyed by the
 * message that asked for it) and never rewritten; the client's choice is the latest of them.
 * They live outside the client's prefix, so that neither a reset nor "delete my data" nor the
 * retention rule (which all work on that prefix) can undo an opt-out.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { storageOf } from "../src/storage/bucket";
import { deleteClient } from "../src/storage/conversation";
import type { ClientKey } from "../src/storage/keys";
import { readConsent, recordConsent } from "../src/storage/outside-client";

const store = storageOf(env);
const client: ClientKey = "whatsapp:+5215512345678";
/** Another client whose number starts with this client's digits. */
const neighbour: ClientKey = "whatsapp:+52155123456789";
const sid = (n: number) => `SM${String(n).padStart(32, "0")}`;

async function everyKey(): Promise<string[]> {
  const listed = await env.MEDIA_BUCKET.list();
  const kv = await env.CHAT_HISTORY.list();
  return [...listed.objects.map((o) => o.key), ...kv.keys.map((k) => k.name)].sort();
}

describe("consent events", () => {
  it("ADR-020.2 a client who never opted out is not opted out", async () => {
    expect(await readConsent(store, client)).toEqual({ optedOut: false, events: [] });
  });

  it("ADR-020.2 the latest event decides, by when the message that asked for it arrived", async () => {
    await recordConsent(store, client, { sid: sid(2), at: "2026-11-20T10:05:00.000Z", choice: "resumed" });
    await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" });
    expect((await readConsent(store, client)).optedOut).toBe(false);
    await recordConsent(store, client, { sid: sid(3), at: "2026-11-20T10:09:00.000Z", choice: "opted-out" });
    const consent = await readConsent(store, client);
    expect(consent.optedOut).toBe(true);
    expect(consent.since).toBe("2026-11-20T10:09:00.000Z");
    expect(consent.events.map((e) => [e.sid, e.choice])).toEqual([
      [sid(1), "opted-out"],
      [sid(2), "resumed"],
      [sid(3), "opted-out"],
    ]);
  });

  it("ADR-020.2 an event is created once: the same message recorded again changes nothing", async () => {
    expect(await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" })).toBe("recorded");
    const before = await env.MEDIA_BUCKET.list({ prefix: "consent/" });
    expect(await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" })).toBe("duplicate");
    const after = await env.MEDIA_BUCKET.list({ prefix: "consent/" });
    expect(after.objects.map((o) => [o.key, o.etag])).toEqual(before.objects.map((o) => [o.key, o.etag]));
  });

  it("ADR-020.2 one client's choice is not another's, even when one number starts with the other", async () => {
    await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" });
    expect((await readConsent(store, neighbour)).optedOut).toBe(false);
    await recordConsent(store, neighbour, { sid: sid(2), at: "2026-11-20T10:01:00.000Z", choice: "opted-out" });
    await recordConsent(store, neighbour, { sid: sid(3), at: "2026-11-20T10:02:00.000Z", choice: "resumed" });
    expect((await readConsent(store, client)).optedOut).toBe(true);
    expect((await readConsent(store, neighbour)).optedOut).toBe(false);
  });

  it("ADR-020.2 deleting the client's data (a reset) leaves the events, and only them", async () => {
    await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" });
    await env.MEDIA_BUCKET.put(`${client}/messages/${sid(4)}.json`, "{}");
    await env.CHAT_HISTORY.put(`${client}/consultation`, "{}");
    await deleteClient(store, client);
    expect((await readConsent(store, client)).optedOut).toBe(true);
    expect(await everyKey()).toEqual([expect.stringMatching(/^consent\/whatsapp:\+5215512345678\//)]);
    expect((await everyKey())[0]).not.toContain("Body");
  });

  it("ADR-020.2 an event whose record was damaged still counts by its key; a key the Worker never writes is ignored", async () => {
    await recordConsent(store, client, { sid: sid(1), at: "2026-11-20T10:00:00.000Z", choice: "opted-out" });
    const [written] = (await env.MEDIA_BUCKET.list({ prefix: "consent/" })).objects;
    await env.MEDIA_BUCKET.put(written!.key, "not json");
    await env.MEDIA_BUCKET.put(`consent/${client}/9999999999999-${sid(9)}.resumed-by-someone`, "{}");
    await env.MEDIA_BUCKET.put(`consent/${client}/junk`, "{}");
    const consent = await readConsent(store, client);
    expect(consent.optedOut).toBe(true);
    expect(consent.events).toHaveLength(1);
  });
});
