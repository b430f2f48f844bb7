/**
 * ADR 007.1 and ADR 006.5, what the links carry: a conversation id seals `client|consultation id`,
 * a media link seals the client, consultation, object key and expiry. Checked in node against
 * the independent sealer (spec/support/sealed-token.ts), so the workers specs that make links with
 * src/ to test the routes rest on tokens shown to be right here; and what opens a link, with
 * tokens sealed independently, over in-memory KV and R2.
 */
import { describe, expect, it } from "vitest";
import { memoryKV, memoryR2 } from "../../../bench/memory-storage";
import { conversationIdFor, resolveConversationId } from "../../../src/summary/conversation-id";
import { linkExpiry, mediaLink, openMediaLink } from "../../../src/media/signed-links";
import { storageOf, type Storage } from "../../../src/storage/bucket";
import { ensureConsultation } from "../../../src/storage/consultation";
import type { ClientKey } from "../../../src/storage/keys";
import type { Consultation } from "../../../src/storage/records";
import { sealIndependently, unsealIndependently } from "../../support/sealed-token";

const SECRET = "spec-link-signing-secret-0123456789";
const CLIENT: ClientKey = "whatsapp:+5215512345678";
const consultation: Consultation = { v: 1, id: "Zk3pQ8wXyR2mN5bV7cD1eA", startedAt: "2026-11-20T10:00:00.000Z" };

describe("conversation ids", () => {
  it("ADR-007.1 an id is the sealed `client|consultation id|` padded with dots to 64 bytes, and carries no readable number", async () => {
    const payload = "whatsapp:+5215512345678|Zk3pQ8wXyR2mN5bV7cD1eA|" + ".".repeat(64 - 47);
    const id = await conversationIdFor(SECRET, CLIENT, consultation);
    expect(id).toBe(sealIndependently(SECRET, "conversation-id", payload));
    expect(unsealIndependently(SECRET, "conversation-id", id)).toBe(payload);
    expect(id).not.toContain("5215512345678");
    expect(id).toMatch(/^[A-Za-z0-9_-]{80,128}$/);
  });
});

describe("media links", () => {
  it("ADR-006.5 a link is the public origin's /media/ and the sealed client, consultation, key and expiry", async () => {
    const key = `${CLIENT}/media/2026-11-20T10:00:00.000Z-MM00000000000000000000000000000001-0.jpg`;
    const link = await mediaLink(SECRET, "https://wa.example.com", CLIENT, consultation, key, 1_764_000_000);
    const token = link.slice("https://wa.example.com/media/".length);
    expect(link.startsWith("https://wa.example.com/media/")).toBe(true);
    expect(JSON.parse(unsealIndependently(SECRET, "media-link", token))).toEqual({ c: CLIENT, n: consultation.id, k: key, e: 1_764_000_000 });
    expect(token).toBe(sealIndependently(SECRET, "media-link", JSON.stringify({ c: CLIENT, n: consultation.id, k: key, e: 1_764_000_000 })));
  });

  it("ADR-006.5 an expiry is at least the lifetime away and at most twice it, the same within one window", () => {
    const hour = 3600;
    const at = (iso: string) => new Date(iso);
    expect(linkExpiry(at("2026-11-20T10:00:00.000Z"), hour)).toBe(Date.parse("2026-11-20T12:00:00.000Z") / 1000);
    expect(linkExpiry(at("2026-11-20T10:59:59.999Z"), hour)).toBe(Date.parse("2026-11-20T12:00:00.000Z") / 1000);
    expect(linkExpiry(at("2026-11-20T11:00:00.000Z"), hour)).toBe(Date.parse("2026-11-20T13:00:00.000Z") / 1000);
    expect(linkExpiry(at("2026-11-20T10:00:00.000Z"), 600)).toBe(Date.parse("2026-11-20T10:20:00.000Z") / 1000);
  });
});

/** Storage with the client's consultation on record. */
async function storedConsultation(): Promise<{ store: Storage; current: Consultation }> {
  const store = storageOf({ CHAT_HISTORY: memoryKV(), MEDIA_BUCKET: memoryR2() });
  return { store, current: await ensureConsultation(store, CLIENT, "2026-11-20T10:00:00.000Z") };
}

describe("what opens a conversation id", () => {
  it("ADR-007.2 an id of the current consultation opens, padded or not; anything else sealed with the secret does not", async () => {
    const { store, current } = await storedConsultation();
    const sealId = (payload: string) => sealIndependently(SECRET, "conversation-id", payload);
    expect(await resolveConversationId(SECRET, store, sealId(`${CLIENT}|${current.id}|`.padEnd(64, ".")))).toEqual({ client: CLIENT, consultation: current });
    expect(await resolveConversationId(SECRET, store, sealId(`${CLIENT}|${current.id}`))).toEqual({ client: CLIENT, consultation: current });
    for (const payload of [`${CLIENT}|other-consultation-id-00|`.padEnd(64, "."), `+5215512345678|${current.id}|`.padEnd(64, "."), `${CLIENT}||`.padEnd(64, "."), `${CLIENT}`.padEnd(64, "."), `whatsapp:+1555000|${current.id}`.padEnd(64, ".")]) {
      expect(await resolveConversationId(SECRET, store, sealId(payload)), payload).toBeNull();
    }
    expect(await resolveConversationId(SECRET, store, sealIndependently(SECRET, "media-link", `${CLIENT}|${current.id}|`.padEnd(64, ".")))).toBeNull();
  });

  it("ADR-007.2 an id of the wrong shape is turned away before any crypto: under 80 or over 128 characters, or not base64url", async () => {
    const { store, current } = await storedConsultation();
    const short = sealIndependently(SECRET, "conversation-id", `${CLIENT}|${current.id}`.slice(0, 20));
    expect(short.length).toBeLessThan(80);
    expect(await resolveConversationId(SECRET, store, short)).toBeNull();
    const long = sealIndependently(SECRET, "conversation-id", `${CLIENT}|${current.id}|`.padEnd(84, "."));
    expect(long.length).toBe(150);
    expect(await resolveConversationId(SECRET, store, long)).toBeNull();
    const at128 = sealIndependently(SECRET, "conversation-id", `${CLIENT}|${current.id}|`.padEnd(68, "."));
    expect(at128.length).toBe(128);
    expect(await resolveConversationId(SECRET, store, at128)).toEqual({ client: CLIENT, consultation: current });
    expect(await resolveConversationId(SECRET, store, `${at128.slice(0, -1)}=`)).toBeNull();
  });
});

describe("what opens a media link", () => {
  const key = `${CLIENT}/media/2026-11-20T10:00:00.000Z-MM00000000000000000000000000000001-0.jpg`;
  const NOW = 1_764_000_000;
  const grant = (fields: Record<string, unknown>) => sealIndependently(SECRET, "media-link", JSON.stringify(fields));

  it("ADR-006.5 a grant of the client's own media, not expired, for the current consultation opens to its key", async () => {
    const { store, current } = await storedConsultation();
    expect(await openMediaLink(SECRET, store, grant({ c: CLIENT, n: current.id, k: key, e: NOW }), NOW)).toEqual({ client: CLIENT, key });
    expect(await openMediaLink(SECRET, store, grant({ c: CLIENT, n: current.id, k: key, e: NOW }), NOW + 1)).toBeNull(); // a second late
  });

  it("ADR-006.5 a well-sealed grant that is not JSON, names no client, another client's object, or lacks a numeric expiry is refused", async () => {
    const { store, current } = await storedConsultation();
    const refused = [
      sealIndependently(SECRET, "media-link", "not json"),
      grant({ n: current.id, k: key, e: NOW }),
      grant({ c: "+5215512345678", n: current.id, k: key, e: NOW }),
      grant({ c: CLIENT, n: current.id, k: "whatsapp:+5215599999999/media/x.jpg", e: NOW }),
      grant({ c: CLIENT, n: current.id, k: `${CLIENT}/messages/MM1.json`, e: NOW }),
      grant({ c: CLIENT, n: current.id, k: 7, e: NOW }),
      grant({ c: CLIENT, n: current.id, k: key, e: String(NOW) }),
      grant({ c: CLIENT, n: current.id, k: key }),
      grant({ c: CLIENT, k: key, e: NOW }),
      sealIndependently(SECRET, "conversation-id", JSON.stringify({ c: CLIENT, n: current.id, k: key, e: NOW })),
    ];
    for (const token of refused) expect(await openMediaLink(SECRET, store, token, NOW), token).toBeNull();
    expect(await openMediaLink(SECRET, storageOf({ CHAT_HISTORY: memoryKV(), MEDIA_BUCKET: memoryR2() }), grant({ c: CLIENT, n: current.id, k: key, e: NOW }), NOW)).toBeNull();
  });
});
