/**
 * ADR 007.1 and ADR 006.5, the sealed tokens behind conversation ids and media links
 * (src/utils/sealed-token.ts), checked in node against a second implementation written with
 * node:crypto (spec/support/sealed-token.ts): the same payload seals to the same token in both,
 * each opens the other's tokens, and nothing else opens.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64url } from "../../../src/utils/encoding";
import { seal, unseal } from "../../../src/utils/sealed-token";
import { sealIndependently, unsealIndependently } from "../../support/sealed-token";

const SECRET = "spec-link-signing-secret-0123456789";

describe("seal and unseal", () => {
  it("ADR-007.1 a token is exactly what the independent implementation makes, and each opens the other's", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 16, maxLength: 40 }), fc.constantFrom("media-link", "conversation-id", "x"), fc.string({ unit: "grapheme", maxLength: 200 }), async (secret, purpose, payload) => {
        const token = await seal(secret, purpose, payload);
        expect(token).toBe(sealIndependently(secret, purpose, payload));
        expect(unsealIndependently(secret, purpose, token)).toBe(payload);
        expect(await unseal(secret, purpose, sealIndependently(secret, purpose, payload))).toBe(payload);
      }),
      { numRuns: 100 },
    );
  });

  it("ADR-007.1 the same payload always seals to the same token; another payload, purpose or secret to another", async () => {
    const token = await seal(SECRET, "media-link", '{"k":"a"}');
    expect(await seal(SECRET, "media-link", '{"k":"a"}')).toBe(token);
    expect(await seal(SECRET, "media-link", '{"k":"b"}')).not.toBe(token);
    expect(await seal(SECRET, "conversation-id", '{"k":"a"}')).not.toBe(token);
    expect(await seal(`${SECRET}!`, "media-link", '{"k":"a"}')).not.toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).toHaveLength(Math.ceil(((12 + 9 + 16) * 4) / 3));
  });

  it("ADR-007.1 opens only with the secret and purpose it was sealed with", async () => {
    const token = sealIndependently(SECRET, "media-link", "payload");
    expect(await unseal(SECRET, "media-link", token)).toBe("payload");
    expect(await unseal(`${SECRET}!`, "media-link", token)).toBeNull();
    expect(await unseal(SECRET, "conversation-id", token)).toBeNull();
  });

  it("ADR-006.5 every single-character change, truncation, extension or non-canonical spelling is refused", async () => {
    const token = await seal(SECRET, "media-link", "a payload of some length");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      const other = alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!;
      expect(await unseal(SECRET, "media-link", token.slice(0, i) + other + token.slice(i + 1)), `position ${i}`).toBeNull();
    }
    for (const variant of [token.slice(1), token.slice(0, -1), `${token}A`, `${token}=`, token.replace(/-/g, "+").replace(/_/g, "/"), ` ${token}`, "", "A", "!!!!"]) {
      expect(await unseal(SECRET, "media-link", variant), variant).toBeNull();
    }
  });

  it("ADR-006.5 refuses tokens too short to hold a nonce and a tag, and tokens over 4096 characters without opening them", async () => {
    const bytes = (n: number) => Buffer.alloc(n, 7).toString("base64url");
    expect(await unseal(SECRET, "media-link", bytes(27))).toBeNull();
    expect(await unseal(SECRET, "media-link", bytes(28))).toBeNull(); // long enough, but not sealed
    const long = "x".repeat(3000);
    const longToken = sealIndependently(SECRET, "media-link", long);
    expect(longToken.length).toBeGreaterThan(4000);
    expect(longToken.length).toBeLessThanOrEqual(4096);
    expect(await unseal(SECRET, "media-link", longToken)).toBe(long);
    const longest = sealIndependently(SECRET, "media-link", "x".repeat(3044)); // 12 + 3044 + 16 bytes: exactly 4096 characters
    expect(longest).toHaveLength(4096);
    expect(await unseal(SECRET, "media-link", longest)).toBe("x".repeat(3044));
    const tooLong = sealIndependently(SECRET, "media-link", "x".repeat(3100));
    expect(tooLong.length).toBeGreaterThan(4096);
    expect(await unseal(SECRET, "media-link", tooLong)).toBeNull();
  });

});

describe("base64url", () => {
  it("ADR-007.1 base64url is RFC 4648 §5 without padding", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 251) % 256);
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    }
    expect(base64url(Uint8Array.from([0xfb, 0xff, 0xfe]))).toBe("-__-");
  });

});
