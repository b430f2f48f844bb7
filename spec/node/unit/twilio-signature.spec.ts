/**
 * ADR 002: the signing the specs do themselves (spec/support/twilio-signature.ts, independent of
 * src/twilio/signature.ts) is held to the twilio SDK's own function, and the small parts of the
 * validator the oracle property does not single out are pinned with literals.
 */
import fc from "fast-check";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { describe, expect, it } from "vitest";
import { webhooks } from "../../../fixtures/twilio/webhooks";
import { isValidTwilioSignature, signedPayload, urlTwilioSigned } from "../../../src/twilio/signature";
import { twilioSignature } from "../../support/twilio-signature";

describe("the specs' own signer", () => {
  it("ADR-002.2 signs every fixture webhook and any parameters exactly as the twilio SDK does", async () => {
    for (const [name, params] of Object.entries(webhooks)) {
      const url = "https://wa.example.com/whatsapp/incoming";
      expect(await twilioSignature("spec-auth-token", url, params), name).toBe(getExpectedTwilioSignature("spec-auth-token", url, params));
    }
    const params = fc.dictionary(fc.string({ unit: "binary", minLength: 1, maxLength: 10 }), fc.string({ unit: "binary", maxLength: 30 }), { maxKeys: 8 });
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.webUrl({ withQueryParameters: true }), params, async (token, url, form) => {
        const plain = Object.assign(Object.create(null) as Record<string, string>, form);
        expect(await twilioSignature(token, url, plain)).toBe(getExpectedTwilioSignature(token, url, plain));
      }),
      { numRuns: 150 },
    );
  });
});

describe("src/twilio/signature.ts, piece by piece", () => {
  it("ADR-002.1 the signed string is the URL, then each name and value, names sorted, a repeated name's values sorted once each", () => {
    expect(signedPayload("https://a.example/x?y=1", [])).toBe("https://a.example/x?y=1");
    expect(
      signedPayload("u", [
        ["To", "b"],
        ["Body", "z"],
        ["Body", "a"],
        ["Body", "z"],
        ["A", ""],
      ]),
    ).toBe("uABodyaBodyzTob");
  });

  it("ADR-002.1 the URL Twilio signed is PUBLIC_BASE_URL with the request's path and query, or the request's URL", () => {
    expect(urlTwilioSigned("http://worker.internal/whatsapp/incoming?x=1&y=%20", "https://wa.example.com")).toBe("https://wa.example.com/whatsapp/incoming?x=1&y=%20");
    expect(urlTwilioSigned("https://wa.example.com/whatsapp/incoming", undefined)).toBe("https://wa.example.com/whatsapp/incoming");
    expect(urlTwilioSigned("https://wa.example.com/whatsapp/incoming", "")).toBe("https://wa.example.com/whatsapp/incoming");
  });

  it("ADR-002.1 accepts the SDK's signature over either port spelling, and nothing without a token or a signature", async () => {
    const params = [["Body", "hola"]] as const;
    const record = { Body: "hola" };
    const sdk = (url: string, token = "tok") => getExpectedTwilioSignature(token, url, record);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, sdk("https://wa.example.com/in"))).toBe(true);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, sdk("https://wa.example.com:443/in"))).toBe(true);
    expect(await isValidTwilioSignature("tok", "http://wa.example.com/in", params, sdk("http://wa.example.com:80/in"))).toBe(true);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com:443/in", params, sdk("https://wa.example.com/in"))).toBe(true);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com:8443/in", params, sdk("https://wa.example.com/in"))).toBe(true);
    // Whitespace after the host, as in a URL spelled raw (the oracle draws such URLs): its port spellings too.
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in?q=a b\n", params, sdk("https://wa.example.com:443/in?q=a b\n"))).toBe(true);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, sdk("https://wa.example.com:80/in"))).toBe(false);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, sdk("https://wa.example.com/in", "other"))).toBe(false);
    expect(await isValidTwilioSignature("", "https://wa.example.com/in", params, sdk("https://wa.example.com/in", ""))).toBe(false);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, undefined)).toBe(false);
    expect(await isValidTwilioSignature("tok", "https://wa.example.com/in", params, "")).toBe(false);
    expect(await isValidTwilioSignature("tok", "not a url", params, sdk("not a url"))).toBe(true);
  });

  it("ADR-002.1 a signature that differs in any one character, or is a prefix or an extension of the right one, is refused", async () => {
    const params = [["Body", "hola"]] as const;
    const right = getExpectedTwilioSignature("tok", "https://wa.example.com/in", { Body: "hola" });
    const check = (signature: string) => isValidTwilioSignature("tok", "https://wa.example.com/in", params, signature);
    for (let i = 0; i < right.length; i++) {
      const flipped = right.slice(0, i) + (right[i] === "A" ? "B" : "A") + right.slice(i + 1);
      expect(await check(flipped), `position ${i}`).toBe(false);
    }
    expect(await check(right.slice(0, -1))).toBe(false);
    expect(await check(`${right}A`)).toBe(false);
    expect(await check(`${right}${right}`)).toBe(false);
    expect(await check(right)).toBe(true);
  });
});
