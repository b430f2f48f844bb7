/**
 * ADR 017.1: Twilio's identifiers, written once (src/utils/twilio-identifiers.ts). A message SID
 * is `SM` or `MM` and 32 hex digits as Twilio writes them, lower case; the deletion client and
 * the media URL parser accept either case, as they always did.
 */
import { describe, expect, it } from "vitest";
import { ACCOUNT_SID, MEDIA_SID_ANY_CASE, MESSAGE_SID, MESSAGE_SID_ANY_CASE, WHATSAPP_ADDRESS } from "../../../src/utils/twilio-identifiers";

const hex = "1b2c3d4e5f60718293a4b5c6d7e8f90a";

describe("Twilio's identifiers", () => {
  it("ADR-017.1 a message SID is SM or MM and 32 lower-case hex digits; nothing longer, shorter or of another kind", () => {
    expect([`SM${hex}`, `MM${hex}`].every((sid) => MESSAGE_SID.test(sid))).toBe(true);
    for (const sid of [`SM${hex.toUpperCase()}`, `MG${hex}`, `SM${hex}a`, `SM${hex.slice(1)}`, ` SM${hex}`, `sm${hex}`]) expect(MESSAGE_SID.test(sid)).toBe(false);
    expect(MESSAGE_SID_ANY_CASE.test(`SM${hex.toUpperCase()}`)).toBe(true);
    expect(MESSAGE_SID_ANY_CASE.test(`MG${hex}`)).toBe(false);
    expect(MEDIA_SID_ANY_CASE.test(`ME${hex.toUpperCase()}`)).toBe(true);
    expect(MEDIA_SID_ANY_CASE.test(`SM${hex}`)).toBe(false);
    expect(ACCOUNT_SID.test(`AC${hex}`)).toBe(true);
    expect(ACCOUNT_SID.test(`AC${hex.toUpperCase()}`)).toBe(false);
    expect(WHATSAPP_ADDRESS.test("whatsapp:+5215512345678")).toBe(true);
    for (const address of ["+5215512345678", "whatsapp:+0215512345678", "whatsapp:+12345", "whatsapp:+5215512345678 "]) expect(WHATSAPP_ADDRESS.test(address)).toBe(false);
  });
});
