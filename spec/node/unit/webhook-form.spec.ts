/**
 * ADR 002 and ADR 017, the inbound webhook's form in node (src/twilio/webhook-form.ts): the
 * middleware's statuses in the order they are checked, the strict form parser, and what a signed
 * form must say to be a message. Signatures come from the twilio SDK.
 */
import { Hono } from "hono";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_MEDIA_PER_MESSAGE, mediaOf, misaddressed, paramsRecord, readInboundMessage, twilioWebhookForm, type TwilioFormVariables } from "../../../src/twilio/webhook-form";

const TOKEN = "spec-auth-token";
const PUBLIC = "https://wa.example.com";
const URL_SIGNED = `${PUBLIC}/in?x=1`;

function app(maxBodyBytes = 200, publicBaseUrl: string | null = PUBLIC) {
  const hono = new Hono<{ Variables: TwilioFormVariables }>();
  hono.post("/in", twilioWebhookForm({ maxBodyBytes, credentials: () => ({ authTokens: [TOKEN], publicBaseUrl: publicBaseUrl ?? undefined }) }), (c) => c.json(c.get("twilioForm")));
  return hono;
}

/** Posts raw bytes, signed by the twilio SDK over the given parameters unless a signature is given. */
function post(body: string | Uint8Array, options: { params?: Record<string, string>; signature?: string | null; contentType?: string; contentLength?: string; hono?: Hono<{ Variables: TwilioFormVariables }> } = {}) {
  const headers: Record<string, string> = { "content-type": options.contentType ?? "application/x-www-form-urlencoded" };
  const signature = options.signature === undefined ? getExpectedTwilioSignature(TOKEN, URL_SIGNED, options.params ?? Object.fromEntries(new URLSearchParams(typeof body === "string" ? body : ""))) : options.signature;
  if (signature !== null) headers["x-twilio-signature"] = signature;
  if (options.contentLength !== undefined) headers["content-length"] = options.contentLength;
  return (options.hono ?? app()).request("http://worker.internal/in?x=1", { method: "POST", headers, body: typeof body === "string" ? body : new Blob([body.slice()]) });
}

afterEach(() => vi.restoreAllMocks());

describe("the middleware", () => {
  it("ADR-002.3 a signed form-encoded body within the limit reaches the route, parsed in order", async () => {
    const response = await post("Body=hola+%C2%BFqu%C3%A9%3F&From=whatsapp%3A%2B1555&&Flag", { contentType: "Application/X-WWW-Form-Urlencoded; charset=UTF-8" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([["Body", "hola ¿qué?"], ["From", "whatsapp:+1555"], ["Flag", ""]]);
  });

  it("ADR-002.3 another content type is 415, before anything is read", async () => {
    for (const contentType of ["application/json", "text/plain", "multipart/form-data", ""]) {
      const response = await post("Body=x", { contentType });
      expect(response.status, contentType).toBe(415);
      expect(await response.json()).toEqual({ error: "expected application/x-www-form-urlencoded" });
    }
    expect((await post("Body=x", { contentType: "application/x-www-form-urlencoded ; charset=utf-8" })).status).toBe(200);
  });

  it("ADR-002.3 a body over the limit is 413, by its declared length or while it is read; at the limit it passes", async () => {
    expect((await post(`Body=${"a".repeat(195)}`)).status).toBe(200); // 200 bytes
    const streamed = await post(`Body=${"a".repeat(196)}`);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: "body larger than 200 bytes" });
    const declared = await post("Body=x", { contentLength: "201" });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: "body larger than 200 bytes" });
    expect((await post("Body=x", { contentLength: "200" })).status).toBe(200);
    expect(() => twilioWebhookForm({ maxBodyBytes: 0, credentials: () => ({ authTokens: [], publicBaseUrl: undefined }) })).toThrow("maxBodyBytes must be a positive integer");
    expect(() => twilioWebhookForm({ maxBodyBytes: 1.5, credentials: () => ({ authTokens: [], publicBaseUrl: undefined }) })).toThrow("maxBodyBytes");
    expect(() => twilioWebhookForm({ maxBodyBytes: 10, credentials: undefined as never })).toThrow("credentials must be a function");
  });

  it("ADR-002.3 bytes that are not UTF-8, raw or percent-encoded, are 400; a lone % is kept as it is", async () => {
    const raw = await post(Uint8Array.from([0x42, 0x3d, 0xff]), { params: {} });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: "body is not valid UTF-8" });
    expect((await post("Body=%FF", { params: {} })).status).toBe(400);
    expect((await post("Body=%C3", { params: {} })).status).toBe(400);
    const kept = await post("Body=100%25+%2x+%", { params: { Body: "100% %2x %" } });
    expect(await kept.json()).toEqual([["Body", "100% %2x %"]]);
    const hex = await post("A=%4a%4A%3d", { params: { A: "JJ=" } });
    expect(await hex.json()).toEqual([["A", "JJ="]]);
    // Every edge of the hex digits: 0 9 A F a f are read; / : @ G ` g (just outside them) do not.
    const edges = await post("A=%30%39%3A%4F%3a%6f&B=%/0%:0%@0%G0%`0%g0%0/%0:%0@%0G%0`%0g", { params: { A: "09:O:o", B: "%/0%:0%@0%G0%`0%g0%0/%0:%0@%0G%0`%0g" } });
    expect(await edges.json()).toEqual([["A", "09:O:o"], ["B", "%/0%:0%@0%G0%`0%g0%0/%0:%0@%0G%0`%0g"]]);
    const bom = await post("A=%EF%BB%BFx", { params: { A: "\uFEFFx" } });
    expect(await bom.json()).toEqual([["A", "\uFEFFx"]]); // a byte-order mark is the client's, kept
  });

  it("ADR-002.1 a missing, empty or wrong signature is 403 and logs the URL checked, never the signature", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const unsigned = await post("Body=x", { signature: null });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ error: "invalid or missing X-Twilio-Signature" });
    expect((await post("Body=x", { signature: "" })).status).toBe(403);
    expect((await post("Body=x", { signature: getExpectedTwilioSignature(TOKEN, URL_SIGNED, { Body: "y" }) })).status).toBe(403);
    expect(warn.mock.calls.map(([line]) => JSON.parse(line as string))).toEqual([
      { event: "signature_refused", url: URL_SIGNED, signature: "missing" },
      { event: "signature_refused", url: URL_SIGNED, signature: "missing" },
      { event: "signature_refused", url: URL_SIGNED, signature: "present" },
    ]);
    const own = app(200, null);
    const signedOwn = getExpectedTwilioSignature(TOKEN, "http://worker.internal/in?x=1", { Body: "x" });
    expect((await post("Body=x", { signature: signedOwn, hono: own })).status).toBe(200); // no PUBLIC_BASE_URL: the request's own URL
  });

  it("ADR-017.4 a signed form with an empty or repeated parameter name is 400", async () => {
    expect(await (await post("=x&Body=y", { params: { "": "x", Body: "y" } })).json()).toEqual({ error: "a parameter name is empty" });
    const repeated = await post("Body=a&Body=b", { signature: getExpectedTwilioSignature(TOKEN, URL_SIGNED, { Body: ["a", "b"] } as never) });
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toEqual({ error: 'parameter name "Body" is repeated' });
  });
});

describe("reading a signed form", () => {
  const sid = `SM${"0123456789abcdef".repeat(2)}`;
  const valid = { MessageSid: sid, SmsMessageSid: sid, SmsSid: sid, From: " whatsapp:+5215512345678 ", To: "whatsapp:+14155238886", Body: "hola", ProfileName: "Mariana", NumMedia: "0" };

  it("ADR-017.1 a message has a Twilio message SID (SM or MM and 32 hex digits) and a WhatsApp From", () => {
    expect(readInboundMessage(valid)).toEqual({ message: { sid, from: "whatsapp:+5215512345678", to: "whatsapp:+14155238886", body: "hola", profileName: "Mariana", media: [] } });
    expect(readInboundMessage({ SmsMessageSid: sid, From: "whatsapp:+5215512345678" })).toEqual({ message: { sid, from: "whatsapp:+5215512345678", to: "", body: "", profileName: "", media: [] } });
    expect(readInboundMessage({ ...valid, MessageSid: `MM${sid.slice(2)}`, SmsMessageSid: `MM${sid.slice(2)}`, SmsSid: `MM${sid.slice(2)}` })).toHaveProperty("message");
    const errorOf = (params: Record<string, string>) => ("error" in readInboundMessage(params) ? (readInboundMessage(params) as { error: string }).error : null);
    expect(errorOf({ From: valid.From })).toBe("MessageSid is missing");
    for (const bad of [`SM${"0".repeat(31)}`, `SM${"0".repeat(33)}`, `SM${"G".repeat(32)}`, `XM${"0".repeat(32)}`, ` ${sid}`, `${sid}x`]) {
      expect(errorOf({ ...valid, MessageSid: bad, SmsMessageSid: bad, SmsSid: bad }), bad).toBe("MessageSid is not a Twilio message SID (SM or MM and 32 hex digits)");
    }
    expect(errorOf({ ...valid, From: "" })).toBe("From is missing");
    const { From: _from, ...noFrom } = valid;
    expect(errorOf(noFrom)).toBe("From is missing");
    for (const bad of ["+5215512345678", "whatsapp:5215512345678", "whatsapp:+0215512345678", "whatsapp:+123456", "whatsapp:+1234567890123456", "whatsapp:+52155123x5678", "xwhatsapp:+5215512345678"]) {
      expect(errorOf({ ...valid, From: bad }), bad).toBe("From is not a WhatsApp address (whatsapp:+E164)");
    }
    expect(errorOf({ ...valid, From: "whatsapp:+1234567" })).toBeNull();
    expect(errorOf({ ...valid, From: "whatsapp:+123456789012345" })).toBeNull();
  });

  it("ADR-017.2 each SID alias present must equal MessageSid", () => {
    const other = `SM${"f".repeat(32)}`;
    expect(readInboundMessage({ ...valid, SmsMessageSid: other })).toEqual({ error: "SmsMessageSid differs from MessageSid" });
    expect(readInboundMessage({ ...valid, SmsSid: other })).toEqual({ error: "SmsSid differs from MessageSid" });
    const { SmsSid: _a, SmsMessageSid: _b, ...noAliases } = valid;
    expect(readInboundMessage(noAliases)).toHaveProperty("message");
  });

  it("ADR-017.3 a signed webhook for another account or number is misaddressed", () => {
    const expected = { accountSid: "AC1", whatsappNumber: "whatsapp:+14155238886" };
    expect(misaddressed({ AccountSid: "AC1", To: "whatsapp:+14155238886" }, expected)).toBeNull();
    expect(misaddressed({ AccountSid: "AC2", To: "whatsapp:+14155238886" }, expected)).toBe("AccountSid is not this Worker's Twilio account (TWILIO_ACCOUNT_SID)");
    expect(misaddressed({ To: "whatsapp:+14155238886" }, expected)).toMatch(/^AccountSid/);
    expect(misaddressed({ AccountSid: "AC1", To: "whatsapp:+10000000000" }, expected)).toBe("To is not this Worker's WhatsApp number (TWILIO_WHATSAPP_NUMBER)");
  });

  it("ADR-006.1 media are the complete MediaUrl{N} pairs below NumMedia, at most 10", () => {
    const urls = Object.fromEntries(Array.from({ length: 12 }, (_, n) => [`MediaUrl${n}`, `https://api.twilio.com/m/${n}`]));
    expect(MAX_MEDIA_PER_MESSAGE).toBe(10);
    expect(mediaOf({ ...urls, NumMedia: "12" }).map((m) => m.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mediaOf({ ...urls, NumMedia: "2", MediaContentType0: "image/jpeg" })).toEqual([
      { index: 0, url: "https://api.twilio.com/m/0", contentType: "image/jpeg" },
      { index: 1, url: "https://api.twilio.com/m/1", contentType: "" },
    ]);
    expect(mediaOf({ MediaUrl1: "https://api.twilio.com/m/1", NumMedia: "2" }).map((m) => m.index)).toEqual([1]);
    for (const count of [undefined, "", "abc", "-1", "0"]) expect(mediaOf({ ...urls, ...(count === undefined ? {} : { NumMedia: count }) }), String(count)).toEqual([]);
    expect(mediaOf({ ...urls, NumMedia: "3abc" })).toHaveLength(3);
  });

  it("ADR-017.4 a repeated name is refused before the form is read; were one to reach it, only its first value would count", () => {
    expect(paramsRecord([["A", "1"], ["B", "2"], ["A", "3"]])).toEqual({ A: "1", B: "2" });
  });
});
