/**
 * ADR 007.1 and ADR 006.5, what the links carry: a conversation id seals `client|consultation id`,
 * a media link seals the client, consultation, object key and expiry. Checked in node against
 * the independent sealer (spec/support/sealed-token.ts), so the workers specs that make links with
 * src/ to test the routes rest on tokens shown to be right here.
 */
import { describe, expect, it } from "vitest";
import { conversationIdFor } from "../../../src/summary/conversation-id";
import { linkExpiry, mediaLink } from "../../../src/media/signed-links";
import type { ClientKey, Consultation } from "../../../src/storage/store";
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
